"""Finding renderings and forbidden renderings in English translations.

Every function takes the translation as written and returns spans of it: matching happens on
a folded view (NFC; soft hyphen, zero-width characters and BOM removed; NBSP, narrow NBSP and
other spaces equal to a space; curly apostrophes and quotes straightened; dash variants equal
to a hyphen) whose offsets map back, so an edit at a span never touches the model's
typography elsewhere.

* A required rendering matches as written, except a capitalised first letter; its English
  plural (:mod:`.english`, or the term's ``target_plural``) and its ``target_variants`` count.
  In a segment written in all caps, the rendering in capitals counts; in a title-case
  headline, the rendering with its words capitalised counts.
* A forbidden rendering matches as written but for case (and its regular plural): a hyphen is
  not a space on the English side, so forbidding ``cease-fire`` leaves ``cease fire`` alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from translate.glossary.english import PLAIN, TITLE, UPPER, casing, in_casing, plural
from translate.glossary.schema import Glossary, Term
from translate.glossary.spans import Match
from translate.text.normalize import Normalized, normalize


def target_view(text: str) -> Normalized:
    """The folded view of a translation; ``.cased`` is matched, ``.span`` maps back."""
    return normalize(text)


def prepare_target(text: str) -> str:
    """The folded text a translation is matched on (kept for callers of the old API)."""
    return normalize(text).cased


def plural_target(term: Term, rendering: str | None = None) -> str:
    """The English plural of a term's rendering: ``target_plural`` for the target when set."""
    rendering = term.target if rendering is None else rendering
    if rendering == term.target and term.target_plural:
        return term.target_plural
    return plural(rendering)


def rendering_for(term: Term, is_plural: bool, style: str = PLAIN) -> str:
    """The rendering enforcement places: in the source's number and the segment's casing."""
    text = plural_target(term) if is_plural else term.target
    return in_casing(text, style)


def accepted_forms(term: Term) -> tuple[str, ...]:
    """Every accepted rendering of a term, singular and plural, longest first."""
    forms: dict[str, None] = {}
    for rendering in term.target_forms:
        forms[rendering] = None
        forms[plural_target(term, rendering)] = None
    return tuple(sorted(forms, key=len, reverse=True))


def _word_pattern(word: str, flexible_first: bool) -> str:
    if flexible_first and word[:1].islower():
        first = word[0]
        return f"[{re.escape(first.lower())}{re.escape(first.upper())}]" + re.escape(word[1:])
    return re.escape(word)


@functools.lru_cache(maxsize=65536)
def _form_pattern(form: str, style: str) -> str:
    words = normalize(form).cased.split()
    if style == UPPER:
        return r"\s+".join(re.escape(w.upper()) for w in words)
    return r"\s+".join(_word_pattern(w, index == 0 or style == TITLE)
                       for index, w in enumerate(words))


@functools.lru_cache(maxsize=65536)
def term_pattern(term: Term, style: str = PLAIN) -> re.Pattern[str]:
    """Regex for every accepted rendering of ``term`` in a segment cased ``style``."""
    alternatives = "|".join(_form_pattern(f, style) for f in accepted_forms(term))
    return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)")


def rendering_pattern(rendering: str) -> re.Pattern[str]:
    """Regex for one English rendering and its plural (sentence case)."""
    return term_pattern(Term(rendering, rendering))


def find_renderings(text: str, terms: Iterable[Term], style: str | None = None) -> list[Match]:
    """Occurrences of the accepted renderings of ``terms`` in a translation.

    Overlaps resolve longest first, so « NATO Secretary General » is not also counted as
    « NATO ». ``style`` is the segment's casing (worked out from ``text`` when not given).
    """
    view = normalize(text)
    folded = view.cased
    style = casing(folded) if style is None else style
    found = []
    for term in set(terms):
        for hit in term_pattern(term, style).finditer(folded):
            found.append((hit.start(), hit.end(), term))
    found.sort(key=lambda c: (c[0] - c[1], c[0]))
    taken = bytearray(len(folded))
    chosen = []
    for start, end, term in found:
        if taken.find(1, start, end) == -1:
            taken[start:end] = b"\x01" * (end - start)
            original_start, original_end = view.span(start, end)
            chosen.append(Match(term, original_start, original_end,
                                text[original_start:original_end]))
    chosen.sort(key=lambda m: m.start)
    return chosen


def _spaced(text: str) -> str:
    return " ".join(normalize(text).cased.split())


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


class ForbiddenMatcher:
    """Finds forbidden renderings in English text: as written but for case, whole words."""

    def __init__(self, glossary: Glossary) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        forbidden: dict[str, set[str]] = {}
        for term in glossary.terms:
            for rendering in term.forbidden:
                for form in dict.fromkeys((rendering, plural(rendering))):
                    written = _spaced(form)
                    forbidden.setdefault(written.lower(), set()).add(written)
                    if written and written.lower() not in self._automaton:
                        self._automaton.add_word(written.lower(),
                                                 (len(written.lower()), term, rendering))
        # Forbidding « NATO » where a term requires « Nato » forbids that spelling only: a
        # required rendering that differs from a forbidden one by case alone is exempt.
        self._exempt: set[str] = set()
        if forbidden:
            for term in glossary.terms:
                for form in accepted_forms(term):
                    written = _spaced(form)
                    if written not in forbidden.get(written.lower(), {written}):
                        self._exempt.add(written)
        self.empty = len(self._automaton) == 0
        if not self.empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[tuple[Match, str]]:
        """``(match, forbidden rendering)`` pairs in a translation, longest first."""
        if self.empty or not text:
            return []
        view = normalize(text)
        folded, lowered = view.cased, view.lower
        hits = []
        for end, (length, term, rendering) in self._automaton.iter(lowered):
            start = end + 1 - length
            if (start > 0 and _is_word(folded[start - 1])) or (
                    end + 1 < len(folded) and _is_word(folded[end + 1])):
                continue
            if self._exempt and _spaced(folded[start:end + 1]) in self._exempt:
                continue
            hits.append((start, end + 1, term, rendering))
        hits.sort(key=lambda h: (h[0] - h[1], h[0]))
        taken = bytearray(len(folded))
        chosen = []
        for start, end, term, rendering in hits:
            if taken.find(1, start, end) == -1:
                taken[start:end] = b"\x01" * (end - start)
                original_start, original_end = view.span(start, end)
                chosen.append((Match(term, original_start, original_end,
                                     text[original_start:original_end]), rendering))
        chosen.sort(key=lambda pair: pair[0].start)
        return chosen


__all__ = ["PLAIN", "TITLE", "UPPER", "ForbiddenMatcher", "accepted_forms", "casing",
           "find_renderings", "plural_target", "prepare_target", "rendering_for",
           "rendering_pattern", "target_view", "term_pattern"]
