"""French-aware text normalisation for matching, with a map back to original offsets.

Matching must not care about Unicode normal form, apostrophe style, non-breaking spaces,
quote style, zero-width characters or case. :func:`normalize` folds all of these and returns
an offset map, so a match found in the folded text points at the exact span of the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

APOSTROPHES = "\u2019\u2018\u02bc\u0060\u00b4\u2032\u201b"
QUOTES = "\u00ab\u00bb\u201c\u201d\u201e\u201f\u2039\u203a"
DASHES = "\u2010\u2011\u2012\u2013\u2212"
SPACES = "\u00a0\u202f\u2009\u2007\u2002\u2003\u2004\u2005\u2006\u2008\u200a\u3000\t\n\r\x0b\x0c"
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")

_FOLDS = {**{c: "'" for c in APOSTROPHES}, **{c: '"' for c in QUOTES}, **{c: "-" for c in DASHES},
          **{c: " " for c in SPACES}}
# str.translate walks every character in Python-level table lookups; a regex finds the few
# characters to fold at C speed, so large texts without them cost almost nothing.
_FOLD_RE = re.compile("[" + re.escape("".join(_FOLDS)) + "]")
_INVISIBLE_RE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")


@dataclass(frozen=True)
class Normalized:
    """Folded text (``lower``), the same text with case kept (``cased``), and offsets.

    ``offsets[i]`` is the index in the original text of folded character ``i``;
    ``offsets[len(lower)]`` is the original length. ``offsets`` is ``None`` when folding kept
    every character in place (the common case), meaning the identity map.
    """

    original: str
    cased: str
    lower: str
    offsets: tuple[int, ...] | None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of the folded text back to the original text."""
        if self.offsets is None:
            return start, end
        original_end = self.offsets[end - 1] + 1 if end > start else self.offsets[start]
        # A folded character may come from a cluster of several original ones (NFD accents).
        while original_end < len(self.original) and unicodedata.combining(
            self.original[original_end]
        ):
            original_end += 1
        return self.offsets[start], original_end


def fold_char_table(text: str) -> str:
    """Apply the single-character folds (apostrophes, quotes, dashes, spaces) only."""
    return _FOLD_RE.sub(lambda m: _FOLDS[m.group()], text) if _FOLD_RE.search(text) else text


def folds_nothing(text: str) -> bool:
    """True when folding changes no character of ``text`` other than its case."""
    return unicodedata.is_normalized("NFC", text) and not _INVISIBLE_RE.search(text) \
        and not _FOLD_RE.search(text)


def _in_place(text: str) -> tuple[str, str] | None:
    """``(cased, lower)`` when folding keeps every character in place (the common case)."""
    if unicodedata.is_normalized("NFC", text) and not _INVISIBLE_RE.search(text):
        cased = fold_char_table(text)
        if "  " not in cased:
            lower = cased.lower()
            if len(lower) == len(text):
                return cased, lower
    return None


def normalize(text: str) -> Normalized:
    """Fold ``text`` for matching; see :class:`Normalized`."""
    quick = _in_place(text)
    return _normalize_slow(text) if quick is None else Normalized(text, *quick, None)


def folded(text: str) -> tuple[str, str]:
    """``(normalize(text).cased, normalize(text).lower)``, without the offsets (what keys,
    forms and duplicate checks need)."""
    quick = _in_place(text)
    if quick is None:
        slow = _normalize_slow(text)
        return slow.cased, slow.lower
    return quick


def folded_lower(text: str) -> str:
    """``normalize(text).lower``."""
    return folded(text)[1]


def folded_lowers(texts: list[str]) -> list[str]:
    """``[folded_lower(text) for text in texts]``, in a few passes over all of them at once
    when that gives the same (a glossary's 100,000 sources: a fifth of a second less)."""
    joined = "\0".join(texts)
    # NUL is a starter that composes with nothing, is never folded and ends any casing
    # context: each text folds the same within the whole as alone.
    quick = _in_place(joined) if joined.count("\0") == len(texts) - 1 else None
    return [folded_lower(text) for text in texts] if quick is None else quick[1].split("\0")


def _normalize_slow(text: str) -> Normalized:
    cased_chars: list[str] = []
    lower_chars: list[str] = []
    offsets: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        start = i
        i += 1
        while i < n and unicodedata.combining(text[i]):
            i += 1
        cluster = text[start:i]
        if cluster in INVISIBLE:
            continue
        composed = fold_char_table(unicodedata.normalize("NFC", cluster))
        if composed == " " and cased_chars and cased_chars[-1] == " ":
            continue
        for char in composed:
            lowered = char.lower()
            for low in lowered:
                cased_chars.append(char if len(lowered) == 1 else low)
                lower_chars.append(low)
                offsets.append(start)
    offsets.append(n)
    return Normalized(text, "".join(cased_chars), "".join(lower_chars), tuple(offsets))


def is_word_char(char: str) -> bool:
    """True for characters that continue a word (letters, digits, combining marks)."""
    return char.isalnum() or unicodedata.combining(char) > 0 or char == "_"


def has_translatable_text(text: str) -> bool:
    """True when ``text`` contains at least one letter or digit."""
    return any(c.isalnum() for c in text)
