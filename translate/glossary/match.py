"""Finding glossary terms in French sources and their renderings in English translations.

Source side: case- and normalisation-insensitive, elision- and quote-aware, regular French
plurals of every word of a multi-word term, whole words only (a hyphen is a boundary, so
``anti-OTAN`` contains OTAN), longest match wins. One Aho-Corasick pass finds every
candidate in the text, whatever the glossary's size.

Target side: exact casing except a capitalised first letter, regular English plurals,
``target_variants`` accepted, word boundaries; overlapping renderings resolve longest first.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from translate.glossary.schema import Glossary, Term
from translate.text.normalize import fold_char_table, normalize

# Words after which a French noun phrase's complement starts: they and what follows them
# stay singular when the head is pluralised (« secrétaires généraux de l'OTAN »).
FRENCH_FUNCTION_WORDS = frozenset(
    "de du des d' à au aux en pour sur sous avec contre entre par chez l' la le les et ou".split()
)
_WORD_SPLIT = re.compile(r"(\s+|-)")


def french_plural(word: str) -> str:
    """Regular French plural of one word (acronyms and words in -s/-x/-z unchanged)."""
    if len(word) <= 1 or word.isupper() or not word[-1].isalpha():
        return word
    lower = word.lower()
    if lower.endswith(("s", "x", "z")):
        return word
    if lower.endswith(("au", "eu")):
        return word + "x"
    if lower.endswith("al") and lower not in ("bal", "carnaval", "festival", "naval", "final"):
        return word[:-1] + "ux"
    return word + "s"


def french_forms(form: str) -> tuple[str, ...]:
    """The form and its regular plural (head words up to the first function word)."""
    parts = _WORD_SPLIT.split(form)
    plural = []
    pluralising = True
    for part in parts:
        if not part or _WORD_SPLIT.fullmatch(part):
            plural.append(part)
            continue
        if part.lower() in FRENCH_FUNCTION_WORDS or "'" in part or "\u2019" in part:
            pluralising = False
        plural.append(french_plural(part) if pluralising else part)
    plural_form = "".join(plural)
    return (form,) if plural_form == form else (form, plural_form)


@dataclass(frozen=True)
class Match:
    """A term found in a text: ``[start, end)`` of the original text."""

    term: Term
    start: int
    end: int
    text: str


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

    def __init__(self, entries: Iterable[tuple[str, Any]]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        count = 0
        for key, value in entries:
            words = word_view(key).strip()
            if words and f" {words} " not in self._automaton:
                self._automaton.add_word(f" {words} ", (len(words), value))
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
        # Hits come ordered by end, so a hit overlaps the current chain iff it starts before
        # the chain's last end; only such chains need the longest-first resolution.
        chosen: list[tuple[int, int, Any]] = []
        chain: list[tuple[int, int, Any]] = []
        last_end = -1
        for end, (length, value) in hits:
            start = end - length - 1
            if start < last_end:
                chain.append((start, end - 1, value))
            else:
                if len(chain) == 1:
                    chosen.append(chain[0])
                elif chain:
                    chosen.extend(_longest_first(chain))
                chain = [(start, end - 1, value)]
            last_end = end - 1
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


class SourceMatcher:
    """Finds a glossary's source terms in French text (built once per glossary)."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        entries = []
        for term in glossary.terms:
            for variant in term.source_forms:
                for form in french_forms(variant):
                    folded = normalize(form)
                    entries.append((folded.lower, (term, word_view(folded.cased).strip())))
        self._automaton = _Automaton(entries)

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
        cased_view: str | None = None
        matches = []
        for start, end, (term, cased) in self._automaton.candidates(view, overlapping):
            if term.case_sensitive:
                cased_view = cased_view if cased_view is not None else word_view(folded.cased)
                if cased_view[start:end] != cased:
                    continue
            original_start, original_end = folded.span(start, end)
            matches.append(Match(term, original_start, original_end,
                                 text[original_start:original_end]))
        return matches


def prepare_target(text: str) -> str:
    """NFC and single-character folds; offsets stay those of ``NFC(text)``."""
    return fold_char_table(unicodedata.normalize("NFC", text))


@functools.lru_cache(maxsize=65536)
def rendering_pattern(rendering: str) -> re.Pattern[str]:
    """Regex for one English rendering: exact case but the first letter, plural accepted."""
    words = prepare_target(rendering).split()
    pieces = []
    for position, word in enumerate(words):
        escaped = re.escape(word)
        if position == 0 and word[:1].islower():
            escaped = f"[{re.escape(word[0])}{re.escape(word[0].upper())}]" + re.escape(word[1:])
        if position == len(words) - 1 and word[-1:].isalpha():
            if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
                escaped = escaped[:-1] + "(?:y|ies)"
            else:
                escaped += "(?:s|es)?"
        pieces.append(escaped)
    return re.compile(r"(?<![\w])" + r"\s+".join(pieces) + r"(?![\w])")


def find_renderings(text: str, terms: Iterable[Term]) -> list[Match]:
    """Occurrences of the accepted renderings of ``terms`` in a prepared target text.

    Overlaps resolve longest first, so « NATO Secretary General » is not also counted as
    « NATO ».
    """
    found = []
    for term in set(terms):
        for rendering in term.target_forms:
            for hit in rendering_pattern(rendering).finditer(text):
                found.append((hit.start(), hit.end(), term))
    found.sort(key=lambda c: (c[0] - c[1], c[0]))
    taken = bytearray(len(text))
    chosen = []
    for start, end, term in found:
        if taken.find(1, start, end) == -1:
            taken[start:end] = b"\x01" * (end - start)
            chosen.append(Match(term, start, end, text[start:end]))
    chosen.sort(key=lambda m: m.start)
    return chosen


class ForbiddenMatcher:
    """Finds forbidden renderings (case-insensitive, whole words) in English text."""

    def __init__(self, glossary: Glossary) -> None:
        entries = []
        for term in glossary.terms:
            for rendering in term.forbidden:
                entries.append((prepare_target(rendering).lower(), (term, rendering)))
        self._automaton = _Automaton(entries)

    def find(self, text: str) -> list[tuple[Match, str]]:
        """``(match, forbidden rendering)`` pairs in a prepared target text."""
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        return [
            (Match(term, start, end, text[start:end]), rendering)
            for start, end, (term, rendering) in self._automaton.candidates(word_view(lowered))
        ]
