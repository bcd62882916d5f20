"""English number rules for glossary renderings: one implementation for enforcement, the
checker and the evaluator's term consistency.

A rendering's number lives on its head noun: the last word, or the word before a
post-modifying preposition (« chief of staff » → « chiefs of staff »). Only regular rules are
applied here; irregular plurals come from a term's own data.
"""

from __future__ import annotations

import re

_POSTMODIFIERS = frozenset({"of", "for", "in", "on", "at", "to", "from", "with"})
_SIBILANT = re.compile(r"(?:s|x|z|ch|sh)$", re.IGNORECASE)
_CONSONANT_Y = re.compile(r"[^aeiouAEIOU]y$")
# Words whose plural is the same word: a regular rule would make them wrong.
_INVARIABLE = frozenset({
    "aircraft", "spacecraft", "hovercraft", "sheep", "deer", "fish", "series", "species",
    "personnel", "police", "news", "headquarters", "means", "equipment", "information",
    "ammunition", "artillery", "infantry", "weaponry", "livestock", "offspring",
})


def _head_index(words: list[str]) -> int:
    for index, word in enumerate(words):
        if index > 0 and word.lower() in _POSTMODIFIERS:
            return index - 1
    return len(words) - 1


def _match_case(word: str, suffix: str) -> str:
    return word + (suffix.upper() if word.isupper() and len(word) > 1 else suffix)


def plural_word(word: str) -> str:
    """The regular English plural of one word (acronyms take a plain ``s``: « NGOs »)."""
    if not word or not word[-1].isalpha() or word.lower() in _INVARIABLE:
        return word
    if word.isupper() and len(word) > 1:
        return word + "s"
    if _CONSONANT_Y.search(word):
        return _match_case(word[:-1], "ies")
    if _SIBILANT.search(word):
        return _match_case(word, "es")
    return _match_case(word, "s")


def plural(phrase: str) -> str:
    """The regular English plural of a rendering: its head noun made plural."""
    words = phrase.split(" ")
    if not words:
        return phrase
    head = _head_index(words)
    words[head] = plural_word(words[head])
    return " ".join(words)


def singular_word(word: str) -> str:
    """Undo :func:`plural_word` (best effort, for comparing renderings)."""
    lower = word.lower()
    if lower in _INVARIABLE or len(word) <= 3:
        return word
    if lower.endswith("ies"):
        return word[:-3] + ("Y" if word.isupper() else "y")
    if _SIBILANT.search(lower[:-2]) and lower.endswith("es"):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith("ss"):
        return word[:-1]
    return word


def number_key(phrase: str) -> str:
    """A key equal for the singular and plural of a rendering, case folded."""
    words = phrase.split()
    if not words:
        return ""
    head = _head_index(words)
    words[head] = singular_word(words[head])
    return " ".join(words).casefold()
