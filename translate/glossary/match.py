"""Finding glossary terms in French sources (and, re-exported from :mod:`.target`, their
renderings in English translations).

Source side: case- and normalisation-insensitive, elision- and quote-aware; regular French
plurals and feminines of the head words of a term (:mod:`.french`); an unaccented capital
stands for its accented letter (« ETATS-UNIS », « L'ETAT »); whole words only (a hyphen is a
boundary, so ``anti-OTAN`` contains OTAN), longest match wins. One Aho-Corasick pass over an
accent-free view finds every candidate, whatever the glossary's size; each candidate is then
checked letter by letter against the forms it stands for.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import re
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from typing import Any, NamedTuple

from translate.glossary.french import (
    FRENCH_FUNCTION_WORDS,
    french_forms,
    french_plural,
    inflections,
    same_letters,
    same_letters_cased,
    strip_accents,
)
from translate.glossary.schema import Glossary, Term
from translate.glossary.spans import Match
from translate.glossary.target import (  # re-exported: the target side's old home
    ForbiddenMatcher,
    find_renderings,
    prepare_target,
    rendering_pattern,
)
from translate.text.normalize import normalize

__all__ = [
    "FRENCH_FUNCTION_WORDS", "ForbiddenMatcher", "Match", "SourceMatcher", "find_renderings",
    "french_forms", "french_plural", "prepare_target", "rendering_pattern", "word_view",
]


# Anything that is not a word character, whitespace or a combining accent separates words.
_SEPARATORS = re.compile(r"[^\w\s\u0300-\u036f]")


def word_view(folded: str) -> str:
    """``folded`` with every separator (punctuation, quotes, symbols, whitespace) as a space.

    Same length as its input, so offsets carry over; « l'OTAN » and « anti-OTAN » become
    « l otan » and « anti otan », where the word « otan » stands between two spaces.
    """
    view = _SEPARATORS.sub(" ", folded)
    return view.replace("\t", " ").replace("\n", " ") if "\t" in view or "\n" in view else view


class _Automaton:
    """Aho-Corasick over space-delimited word sequences; longest match wins on overlap.

    Keys are stored as `` words `` and searched in `` text `` (both in :func:`word_view`), so
    every hit the automaton reports starts and ends on a word boundary: no candidate needs
    checking in Python, which keeps matching fast whatever the glossary's size.
    """

    def __init__(self, entries: Iterable[tuple[str, Any]], prepared: bool = False) -> None:
        """``prepared``: the keys are distinct and already stripped word views."""
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        add = self._automaton.add_word
        count = 0
        for key, value in entries:
            words = key if prepared else word_view(key).strip()
            if words and (prepared or f" {words} " not in self._automaton):
                add(f" {words} ", (len(words), value))
                count += 1
        self.empty = count == 0
        if not self.empty:
            self._automaton.make_automaton()

    def candidates(self, view: str, overlapping: bool = False) -> list[tuple[int, int, Any]]:
        """``(start, end, value)`` spans of ``view`` (a :func:`word_view`); non-overlapping,
        longest first, unless ``overlapping``."""
        if self.empty or not view:
            return []
        # In the padded text, a key " w " ending at e covers text[e - len(w) - 1 : e - 1].
        hits = self._automaton.iter(f" {view} ")
        if overlapping:
            return [(end - length - 1, end - 1, value) for end, (length, value) in hits]
        return _non_overlapping([(end - length - 1, end - 1, value) for end, (length, value) in hits])


def _non_overlapping(hits: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Longest first among overlapping hits (ordered by end), then leftmost."""
    # A hit overlaps the current chain iff it starts before the chain's last end; only such
    # chains need the longest-first resolution.
    chosen: list[tuple[int, int, Any]] = []
    chain: list[tuple[int, int, Any]] = []
    last_end = -1
    for start, end, value in hits:
        if start < last_end:
            chain.append((start, end, value))
            last_end = max(last_end, end)
        else:
            if len(chain) == 1:
                chosen.append(chain[0])
            elif chain:
                chosen.extend(_longest_first(chain))
            chain = [(start, end, value)]
            last_end = end
    chosen.extend(_longest_first(chain))
    return chosen


def _longest_first(chain: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Non-overlapping subset of overlapping hits: longest first, then leftmost."""
    if len(chain) <= 1:
        return chain
    chosen: list[tuple[int, int, Any]] = []
    for hit in sorted(chain, key=lambda c: (c[0] - c[1], c[0])):
        if all(hit[1] <= c[0] or hit[0] >= c[1] for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda c: c[0])


LARGE_TEXT = 50_000


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (reference counting still frees memory).

    Matching a large text allocates one tuple per hit; with a large glossary on the heap, the
    collector's repeated full scans would cost about a fifth of the matching time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Form(NamedTuple):
    """One written form of a term, as the automaton's candidates are checked against it."""

    term: Term
    lower: str
    cased: str
    plural: bool


def _all_caps(text: str) -> bool:
    cased = [c for c in text if c.isupper() or c.islower()]
    return len(cased) >= 4 and all(c.isupper() for c in cased)


def _verified(found: str, written: str, forms: tuple[_Form, ...],
              all_caps: Callable[[], bool]) -> _Form | None:
    """The first of ``forms`` that the candidate (``found`` in the lower-case view,
    ``written`` as written) really is, or ``None``."""
    for form in forms:
        if not form.term.case_sensitive:
            if found == form.lower or same_letters(written, form.cased):
                return form
            continue
        # Case carries no information in an all-caps segment (a headline): there a
        # case-sensitive term matches as if it were not.
        if same_letters_cased(written, form.cased) or (
                all_caps() and same_letters(written, form.cased)):
            return form
    return None


class SourceMatcher:
    """Finds a glossary's source terms in French text (built once per glossary)."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        # Built once per run for glossaries of up to 200,000 entries, hence the plain loops:
        # one normalisation per written form, inflected as normalised text.
        entries: dict[str, list[tuple[bool, _Form]]] = {}
        # Written forms of several words, kept for :meth:`nested`.
        self._written: list[tuple[str, _Form, str]] = []
        for term in glossary.terms:
            for variant in term.source_forms:
                several_words = len(variant.split()) > 1
                for text, plural, derived in inflections(normalize(variant).cased):
                    lowered = text.lower()
                    if len(lowered) != len(text):  # a letter whose lower case is longer
                        lowered = normalize(text).lower
                    lower = word_view(lowered).strip()
                    form = _Form(term, lower, word_view(text).strip(), plural)
                    key = lower if lower.isascii() else strip_accents(lower)
                    if several_words and not derived:
                        self._written.append((key, form, variant))
                    found = entries.get(key)
                    if found is None:
                        entries[key] = [(derived, form)]
                    else:
                        found.append((derived, form))
        # Forms written in the glossary are tried before derived ones (a stable sort keeps
        # the glossary's order otherwise).
        self._automaton = _Automaton(
            ((key, (forms[0][1],) if len(forms) == 1
              else tuple(f for _, f in sorted(forms, key=itemgetter(0))))
             for key, forms in entries.items() if key),
            prepared=True)

    def nested(self) -> Iterator[tuple[Term, str, Term]]:
        """``(outer, written form, inner)`` for every occurrence of a term inside the written form (of
        several words) of another, as :meth:`find` on that form would report it; found
        from the forms already folded for the automaton."""
        for key, outer, written in self._written:
            all_caps = functools.partial(_all_caps, outer.cased)
            for start, end, forms in self._automaton.candidates(key, overlapping=True):
                if end - start == len(key):
                    continue  # the form itself
                inner = _verified(outer.lower[start:end], outer.cased[start:end], forms, all_caps)
                if inner is not None and inner.term is not outer.term \
                        and inner.term.source != outer.term.source:
                    yield outer.term, written, inner.term

    def find(self, text: str, overlapping: bool = False) -> list[Match]:
        """Every term occurrence in ``text``, in order, non-overlapping (unless
        ``overlapping``, which also returns terms nested in longer ones)."""
        if self._automaton.empty:
            return []
        if len(text) < LARGE_TEXT:
            return self._find(text, overlapping)
        with _gc_paused():
            return self._find(text, overlapping)

    def _find(self, text: str, overlapping: bool) -> list[Match]:
        folded = normalize(text)
        view = word_view(folded.lower)
        base = strip_accents(view)
        cased_view: str | None = None
        shouting: list[bool] = []

        def all_caps() -> bool:
            if not shouting:
                shouting.append(_all_caps(folded.cased))
            return shouting[0]

        verified: list[tuple[int, int, _Form]] = []
        for start, end, forms in self._automaton.candidates(base, overlapping=True):
            found = view[start:end]
            first = forms[0]
            if found == first.lower and not first.term.case_sensitive:  # the common case
                verified.append((start, end, first))
                continue
            cased_view = cased_view if cased_view is not None else word_view(folded.cased)
            form = _verified(found, cased_view[start:end], forms, all_caps)
            if form is not None:
                verified.append((start, end, form))
        chosen = verified if overlapping else _non_overlapping(verified)
        matches = []
        for start, end, form in chosen:
            original_start, original_end = folded.span(start, end)
            matches.append(Match(form.term, original_start, original_end,
                                 text[original_start:original_end], form.plural))
        return matches

