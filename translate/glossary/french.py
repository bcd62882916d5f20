"""French rules for source terms: regular plural and feminine agreement, unaccented capitals.

A glossary entry is written once, in the masculine singular (« envoyé spécial »); the forms a
news text uses are derived here: the plural (« envoyés spéciaux »), the feminine
(« envoyée spéciale ») and both (« envoyées spéciales »). Agreement applies to the head words,
up to the first function word (« secrétaires générales de l'OTAN »). Only regular endings are
derived; irregular forms (« ambassadrice ») are the entry's ``variants``.

French house styles (AFP, Le Monde) drop accents on capitals: « ETATS-UNIS », « L'ETAT »,
« A Bruxelles ». :func:`same_letters` lets an unaccented capital stand for its accented
letter; a lower-case letter keeps its accent (« peche » is not « pêche », which is not
« péché »).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Words after which a French noun phrase's complement starts: they and what follows them
# keep their number and gender when the head agrees (« secrétaires généraux de l'OTAN »).
FRENCH_FUNCTION_WORDS = frozenset(
    "de du des d' à au aux en pour sur sous avec contre entre par chez l' la le les et ou".split()
)
WORD_SPLIT = re.compile(r"(\s+|-)")
_ONE_WORD = re.compile(r"[^\s-]+")
MAX_FORMS = 16

# Regular feminine endings, longest first: (masculine ending, feminine endings).
_FEMININE_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("teur", ("trice", "teuse")),
    ("ien", ("ienne",)),
    ("eur", ("euse",)),
    ("eux", ("euse",)),
    ("ier", ("ière",)),
    ("er", ("ère",)),
    ("el", ("elle",)),
    ("en", ("enne",)),
    ("on", ("onne",)),
    ("al", ("ale",)),
    ("if", ("ive",)),
    ("é", ("ée",)),
)
# Endings whose feminine adds an « e » (« président(e) », « élu(e) », « français(e) »).
# Not « -i » (« parti » → « partie » is another word) nor a bare « -t ».
_FEMININE_PLUS_E = ("ant", "ent", "ain", "in", "and", "ard", "at", "ais", "ois", "u")


def _plain(ending: str) -> str:
    return unicodedata.normalize("NFD", ending).encode("ascii", "ignore").decode()


# The endings above read backwards, accent-free: (feminine ending, masculine ending).
_MASCULINE_OF = tuple(dict.fromkeys(
    [(_plain(feminine), _plain(masculine))
     for masculine, feminines in _FEMININE_ENDINGS for feminine in feminines]
    + [("e", "")]))  # the feminine that adds an « e »


def possible_bases(key: str) -> set[str]:
    """Every accent-free lower-case word of which ``key`` (one word, accent-free, lower case)
    may be a regular plural, feminine or feminine plural — and ``key`` itself. A superset:
    « etats » gives « etat » and « etats », « actrices » gives « acteur », « actrice »…"""
    singulars = {key}
    if key.endswith(("s", "x")):
        singulars.add(key[:-1])
        if key.endswith("aux"):
            singulars.add(key[:-3] + "al")
    bases = set(singulars)
    for word in singulars:
        if word.endswith("e"):  # every feminine ending does
            for feminine, masculine in _MASCULINE_OF:
                if word.endswith(feminine):
                    bases.add(word[:len(word) - len(feminine)] + masculine)
    bases.discard("")
    return bases


@lru_cache(maxsize=1 << 17)
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


@lru_cache(maxsize=1 << 17)
def french_feminines(word: str) -> tuple[str, ...]:
    """Regular feminine forms of one word; ``()`` when it has none (« ministre », « OTAN »)."""
    if len(word) <= 1 or word.isupper() or not word[-1].isalpha():
        return ()
    lower = word.lower()
    if lower.endswith("e"):
        return ()
    for ending, feminines in _FEMININE_ENDINGS:
        if lower.endswith(ending):
            stem = word[: len(word) - len(ending)]
            return tuple(stem + feminine for feminine in feminines)
    if lower.endswith(_FEMININE_PLUS_E):
        return (word + "e",)
    return ()


class Inflection(NamedTuple):
    """One written form of a source term and what it says about number."""

    text: str
    plural: bool
    derived: bool


def _agrees(word: str) -> bool:
    return word.lower() not in FRENCH_FUNCTION_WORDS and "'" not in word and "\u2019" not in word


def _head_words(form: str) -> list[tuple[str, bool]]:
    """The pieces of ``form`` (words and separators), each with whether it agrees."""
    if _ONE_WORD.fullmatch(form):  # most entries: no regex split, one piece
        return [(form, _agrees(form))]
    pieces = []
    agreeing = True
    # split() with a group alternates words (maybe empty) and the separators between them.
    for number, part in enumerate(WORD_SPLIT.split(form)):
        if number % 2 or not part:
            pieces.append((part, False))
            continue
        if part.lower() in FRENCH_FUNCTION_WORDS or "'" in part or "\u2019" in part:
            agreeing = False
        pieces.append((part, agreeing))
    return pieces


def french_forms(form: str) -> tuple[str, ...]:
    """The form and its regular plural (head words up to the first function word)."""
    plural = "".join(french_plural(p) if agrees else p for p, agrees in _head_words(form))
    return (form,) if plural == form else (form, plural)


def inflections(form: str) -> tuple[Inflection, ...]:
    """Every regular form of a source term: as written, plural, feminine, feminine plural.

    The form as written comes first; a derived form equal to an earlier one is not repeated.
    A form is plural when pluralising changed it (« opérations »); an invariable form
    (« prix », « cessez-le-feu ») reads as singular: a string matcher cannot tell its number.
    """
    pieces = _head_words(form)
    found: dict[str, Inflection] = {form: Inflection(form, False, False)}
    if len(pieces) == 1:  # one word, the commonest entry: no product of options
        if pieces[0][1]:
            for number, word in enumerate((form, *(french_feminines(form) or (form,)))):
                if word not in found:
                    found[word] = Inflection(word, False, number > 0)
                plural = french_plural(word)
                if plural not in found:
                    found[plural] = Inflection(plural, True, True)
        return tuple(found.values())
    # The feminine changes every head word that has a regular feminine, never some only.
    options = [(french_feminines(piece) or (piece,)) if agrees else (piece,)
               for piece, agrees in pieces]
    agreeing = [agrees for _, agrees in pieces]
    genders = [tuple(piece for piece, _ in pieces),
               *itertools.islice(itertools.product(*options), MAX_FORMS)]
    for number, choice in enumerate(genders):
        gendered = "".join(choice)
        if gendered not in found:
            found[gendered] = Inflection(gendered, False, number > 0)
        plural = "".join([french_plural(piece) if agrees else piece
                          for piece, agrees in zip(choice, agreeing)])
        if plural not in found:
            found[plural] = Inflection(plural, True, True)
    return tuple(found.values())


_BASE: dict[int, str] = {}
for _code in range(0xC0, 0x250):
    _decomposed = unicodedata.normalize("NFD", chr(_code))
    if len(_decomposed) > 1 and all(unicodedata.combining(c) for c in _decomposed[1:]):
        _BASE[_code] = _decomposed[0]


# The same for Latin-1 text as a byte table (every base letter there is ASCII): bytes.translate
# is a C loop, where str.translate looks every character up in a dict.
_LATIN1 = bytes(ord(_BASE.get(code, chr(code))) for code in range(256))


def strip_accents(text: str) -> str:
    """``text`` with accented Latin letters replaced by their base letter (same length)."""
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        return text.translate(_BASE)
    return raw.translate(_LATIN1).decode("latin-1")


def _letter_ok(text_char: str, key_char: str) -> bool:
    if text_char.lower() == key_char.lower():
        return True
    # An unaccented capital stands for the accented letter (« ETAT » for « État »), on either
    # side: a glossary may be typed in the house style too.
    for plain, accented in ((text_char, key_char), (key_char, text_char)):
        if plain.isupper() and plain.lower() == strip_accents(accented.lower()) \
                and strip_accents(plain) == plain:
            return True
    return False


def same_letters(text: str, key: str) -> bool:
    """True when ``text`` is ``key`` up to case and accents dropped on capitals (same length)."""
    return len(text) == len(key) and all(_letter_ok(t, k) for t, k in zip(text, key))


def _capital_ok(text_char: str, key_char: str) -> bool:
    if text_char == key_char:
        return True
    for plain, accented in ((text_char, key_char), (key_char, text_char)):
        if plain.isupper() and accented.isupper() and strip_accents(accented) == plain \
                and strip_accents(plain) == plain:
            return True
    return False


def same_letters_cased(text: str, key: str) -> bool:
    """Like :func:`same_letters` but case counts (for ``case_sensitive`` terms)."""
    return len(text) == len(key) and all(_capital_ok(t, k) for t, k in zip(text, key))
