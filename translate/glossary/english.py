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


# Irregular plurals a newsroom meets; anything rarer is a term's ``target_plural``.
_IRREGULAR = {
    "man": "men", "woman": "women", "child": "children", "person": "people",
    "foot": "feet", "tooth": "teeth", "mouse": "mice", "goose": "geese",
    "crisis": "crises", "analysis": "analyses", "basis": "bases", "thesis": "theses",
    "hypothesis": "hypotheses", "diagnosis": "diagnoses", "axis": "axes",
    "criterion": "criteria", "phenomenon": "phenomena", "leaf": "leaves", "life": "lives",
    "wife": "wives", "knife": "knives", "half": "halves", "thief": "thieves",
    "shelf": "shelves", "wolf": "wolves", "calf": "calves", "self": "selves",
    "hero": "heroes", "veto": "vetoes", "embargo": "embargoes", "torpedo": "torpedoes",
    "potato": "potatoes", "tomato": "tomatoes", "echo": "echoes",
}
_SINGULAR = {plural: singular for singular, plural in _IRREGULAR.items()}
# Compounds in -man (« spokesman », « chairman ») follow « man »; « human », « German » do not.
_NOT_MAN = frozenset({"human", "german", "roman", "shaman", "talisman", "caiman", "ottoman",
                      "oman", "cayman"})
_NOT_MEN = frozenset({"specimen", "regimen", "abdomen", "omen", "acumen", "hymen", "stamen",
                      "amen", "yemen"})


def _head_index(words: list[str]) -> int:
    for index, word in enumerate(words):
        if index > 0 and word.lower() in _POSTMODIFIERS:
            return index - 1
    return len(words) - 1


def _match_case(word: str, suffix: str) -> str:
    return word + (suffix.upper() if word.isupper() and len(word) > 1 else suffix)


def _same_case(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def plural_word(word: str) -> str:
    """The regular English plural of one word (acronyms take a plain ``s``: « NGOs »)."""
    lower = word.lower()
    if not word or not word[-1].isalpha() or lower in _INVARIABLE:
        return word
    if word.isupper() and len(word) > 1 and lower not in _IRREGULAR:
        return word + "s"
    irregular = _IRREGULAR.get(lower)
    if irregular is None and lower.endswith("man") and lower not in _NOT_MAN:
        irregular = lower[:-3] + "men"
    if irregular is not None:
        return _same_case(word, irregular)
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
    irregular = _SINGULAR.get(lower)
    if irregular is None and lower.endswith("men") and lower not in _NOT_MEN:
        irregular = lower[:-3] + "man"
    if irregular is not None:
        return _same_case(word, irregular)
    if lower.endswith("ies"):
        return word[:-3] + ("Y" if word.isupper() else "y")
    if _SIBILANT.search(lower[:-2]) and lower.endswith("es"):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "is", "us")):
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


# Words a title-case headline may leave in lower case.
_MINOR = frozenset(
    "a an the and or but nor of in on at to for from by with as vs via per into over".split())
PLAIN, UPPER, TITLE = "plain", "upper", "title"


def casing(segment: str) -> str:
    """How a segment is cased: ``upper`` (all caps), ``title`` (headline title case) or
    ``plain`` (sentence case, or too little text to tell)."""
    # str.isupper: every cased character upper-case, at least one (checked at C speed).
    if segment.isupper() and sum(1 for c in segment if c.isupper()) >= 4:
        return UPPER
    words = [w.strip("\"'“”‘’«»()[]:;,.!?") for w in segment.split()]
    words = [w for w in words if w[:1].isalpha()]
    major = [w for w in words[1:] if w.lower() not in _MINOR] + words[:1]
    if len(words) >= 3 and len(major) >= 3 and all(w[:1].isupper() for w in major):
        return TITLE
    return PLAIN


def in_casing(phrase: str, style: str) -> str:
    """``phrase`` written in a segment's casing: all caps, or every major word capitalised."""
    if style == UPPER:
        return phrase.upper()
    if style == TITLE:
        words = phrase.split(" ")
        return " ".join(
            w if (index and w.lower() in _MINOR) or not w else w[:1].upper() + w[1:]
            for index, w in enumerate(words))
    return phrase
