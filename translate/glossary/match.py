"""Finding glossary terms in French sources and their renderings in English translations.

Source side: case- and normalisation-insensitive, elision- and quote-aware, regular French
plurals of every word of a multi-word term, whole words only (a hyphen is a boundary, so
``anti-OTAN`` contains OTAN), longest match wins. One Aho-Corasick pass finds every
candidate in the text, whatever the glossary's size.

Target side: exact casing except a capitalised first letter, regular English plurals,
``target_variants`` accepted, word boundaries; overlapping renderings resolve longest first.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from translate.glossary.schema import Glossary, Term
from translate.text.normalize import fold_char_table, is_word_char, normalize

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


class _Automaton:
    """Aho-Corasick over folded keys with word-boundary checks and longest-match resolution."""

    def __init__(self, entries: Iterable[tuple[str, Any]]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        count = 0
        for key, value in entries:
            if key and key not in self._automaton:
                self._automaton.add_word(key, (len(key), value))
                count += 1
        self.empty = count == 0
        if not self.empty:
            self._automaton.make_automaton()

    def candidates(self, folded: str, overlapping: bool = False) -> list[tuple[int, int, Any]]:
        """Non-overlapping ``(start, end, value)`` whole-word matches, longest first wins
        (every whole-word match with ``overlapping``)."""
        if self.empty or not folded:
            return []
        found = []
        limit = len(folded)
        for end_index, (length, value) in self._automaton.iter(folded):
            start = end_index - length + 1
            end = end_index + 1
            if start > 0 and is_word_char(folded[start - 1]):
                continue
            if end < limit and is_word_char(folded[end]):
                continue
            found.append((start, end, value))
        if len(found) <= 1 or overlapping:
            return found
        found.sort(key=lambda c: (c[0] - c[1], c[0]))
        taken = bytearray(limit)
        chosen = []
        for start, end, value in found:
            if taken.find(1, start, end) == -1:
                taken[start:end] = b"\x01" * (end - start)
                chosen.append((start, end, value))
        chosen.sort(key=lambda c: c[0])
        return chosen


class SourceMatcher:
    """Finds a glossary's source terms in French text (built once per glossary)."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        entries = []
        for term in glossary.terms:
            for variant in term.source_forms:
                for form in french_forms(variant):
                    folded = normalize(form)
                    entries.append((folded.lower, (term, folded.cased)))
        self._automaton = _Automaton(entries)

    def find(self, text: str, overlapping: bool = False) -> list[Match]:
        """Every term occurrence in ``text``, in order, non-overlapping (unless
        ``overlapping``, which also returns terms nested in longer ones)."""
        if self._automaton.empty:
            return []
        folded = normalize(text)
        matches = []
        for start, end, (term, cased) in self._automaton.candidates(folded.lower, overlapping):
            if term.case_sensitive and folded.cased[start:end] != cased:
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
            for start, end, (term, rendering) in self._automaton.candidates(lowered)
        ]
