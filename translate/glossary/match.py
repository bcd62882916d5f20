"""Finding glossary terms in French sources (and, re-exported from :mod:`.target`, their
renderings in English translations).

Source side: case- and normalisation-insensitive, elision- and quote-aware; regular French
plurals and feminines of the head words of a term (:mod:`.french`); an unaccented capital
stands for its accented letter (« ETATS-UNIS », « L'ETAT »); whole words only (a hyphen is a
boundary, so ``anti-OTAN`` contains OTAN), longest match wins. An index of accent-free keys
(:mod:`.keyindex`) finds every candidate, whatever the glossary's size; each candidate is then
checked letter by letter against the forms it stands for. The index is built from the first
words of the terms' forms only (cheap to derive for a whole glossary); the full keys behind a
first word are derived the first time a text contains that word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from operator import itemgetter
from typing import NamedTuple

from translate.gcpause import gc_paused
from translate.glossary.baseindex import BaseIndex
from translate.glossary.french import (
    FRENCH_FUNCTION_WORDS,
    french_forms,
    french_plural,
    inflections,
    possible_bases,
    same_letters,
    same_letters_cased,
    strip_accents,
)
from translate.glossary.keyindex import KeyIndex, first_word, non_overlapping
from translate.glossary.schema import Glossary, Term
from translate.glossary.spans import Match
from translate.glossary.target import (  # re-exported: the target side's old home
    ForbiddenMatcher,
    find_renderings,
    prepare_target,
    rendering_pattern,
)
from translate.text.normalize import folded, folds_nothing, normalize

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


LARGE_TEXT = 50_000


class _Form(NamedTuple):
    """One written form of a term, as the index's candidates are checked against it."""

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


def _lower_view(text: str) -> str:
    """The lower-case word view of a normalised form."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer
        lowered = normalize(text).lower
    return word_view(lowered).strip()


def _key(lower: str) -> str:
    """The index key of a lower-case word view: accent-free."""
    return lower if lower.isascii() else strip_accents(lower)


def _folded(term: Term, text: str, plural: bool) -> tuple[str, _Form]:
    """The index key of one form of ``term`` (``text``, normalised), and the form."""
    lowered = text.lower()
    if len(lowered) == len(text) and _SEPARATORS.search(text) is None \
            and _SEPARATORS.search(lowered) is None:
        # Words and spaces only (most forms): the word views are the texts themselves.
        lower = lowered.strip()
        return _key(lower), _Form(term, lower, text.strip(), plural)
    lower = _lower_view(text)
    return _key(lower), _Form(term, lower, word_view(text).strip(), plural)


def _inflected(term: Term) -> Iterator[tuple[str, bool, bool]]:
    """``(text, plural, derived)`` for every written and agreement form of ``term``."""
    for variant in term.source_forms:
        yield from inflections(folded(variant)[0])


def _term_forms(term: Term) -> list[tuple[str, bool, _Form]]:
    """``(key, derived, form)`` for every written and agreement form of ``term``."""
    found = []
    for text, plural, derived in _inflected(term):
        key, form = _folded(term, text, plural)
        if key:
            found.append((key, derived, form))
    return found


def _add(index: dict[str, int | list[int]], key: str, number: int) -> None:
    """Record that term ``number`` has ``key`` (numbers arrive in glossary order)."""
    found = index.get(key)
    if found is None:
        index[key] = number
    elif isinstance(found, int):
        if found != number:
            index[key] = [found, number]
    elif found[-1] != number:
        found.append(number)


# A form of plain words, each followed by one space or hyphen.
_PLAIN_FORM = re.compile(r"[^\W\d_]+(?:[ -][^\W\d_]+)*")
# The start of a form up to its first space or hyphen, when that is a plain word.
_FIRST_PIECE = re.compile(r"[^\W\d_]+(?=[ -]|\Z)")


def _plain_lowers(texts: list[str]) -> list[str | None]:
    """For each text, its lower case when folding leaves it as it is, it has no « Σ » (whose
    lower case depends on the next letter) and lower-casing keeps its length; ``None`` for
    the others and for empty texts. The callers pass plain words (letters, spaces, hyphens)."""
    # One check and one lower-casing for all of them: a slash is in no plain text, folding
    # leaves it alone, and lower-casing is then letter by letter.
    joined = "/".join([text for text in texts if text])
    lowered = joined.lower()
    if "\u03a3" not in joined and len(lowered) == len(joined) and folds_nothing(joined):
        pieces = iter(lowered.split("/"))
        return [next(pieces) if text else None for text in texts]
    return [text.lower() if text and "\u03a3" not in text and folds_nothing(text)
            and len(text.lower()) == len(text) else None for text in texts]


def _plain_first_words(variants: list[str]) -> list[str | None]:
    """For each written form, the key of its first word when that word is plain, else
    ``None``."""
    pieces = [_FIRST_PIECE.match(variant) for variant in variants]
    lowers = _plain_lowers([piece.group() if piece is not None else "" for piece in pieces])
    return [None if lower is None else _key(lower) for lower in lowers]


def _plain_forms(variants: list[str]) -> list[str | None]:
    """For each written form, its lower case when it is plain words (see ``_PLAIN_FORM``),
    else ``None``."""
    return _plain_lowers([variant if _PLAIN_FORM.fullmatch(variant) is not None else ""
                          for variant in variants])


def _unusual_first_words(variant: str) -> Iterator[str]:
    """The first word of the key of every form of ``variant``."""
    for text, _, _ in inflections(normalize(variant).cased):
        key = _key(_lower_view(text))
        if key:
            yield first_word(key)


def first_word_index(terms: tuple[Term, ...]) -> dict[str, int | list[int]]:
    """The number(s) of the terms (in glossary order) under the first word of each of their
    forms' keys, or under a word that first word is an inflection of: what
    :class:`SourceMatcher` looks up before it derives any term's forms."""
    variants = [(number, variant) for number, term in enumerate(terms)
                for variant in term.source_forms]
    plain = _plain_first_words([variant for _, variant in variants])
    index: dict[str, int | list[int]] = {}
    for (number, variant), word in zip(variants, plain, strict=True):
        if word is not None:
            # Agreement changes only the ending of a head word, and the key of a plain first
            # word is that word in lower case without accents: every form's first word leads
            # back to it.
            _add(index, word, number)
        else:
            # Anything unusual (a digit, an apostrophe, a letter whose lower case depends on
            # the next letter like « Σ », one that normalising replaces or folds like « ʼ »
            # into an apostrophe): the first word of every form's key.
            for first in _unusual_first_words(variant):
                _add(index, first, number)
    return index


class _Entries:
    """The forms of one key, in :meth:`SourceMatcher._forms_of`'s order, with what orders them."""

    __slots__ = ("entries", "forms")

    def __init__(self, entries: list[tuple[bool, int, int, _Form]]) -> None:
        self.entries = sorted(entries, key=itemgetter(0, 1, 2))
        self.forms = tuple(entry[3] for entry in self.entries)


class SourceMatcher:
    """Finds a glossary's source terms in French text (built once per glossary).

    The index holds only first words and term numbers (it can come ready-made with the
    glossary, see :mod:`translate.glossary.prepared`); the forms of a term are derived the
    first time a text contains the first word of one of them.
    """

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._first = glossary.first_words  # built at the first lookup if not ready-made
        self._derived: dict[int, list[tuple[str, bool, _Form]]] = {}
        # About three keys a term: when the automaton pays for itself.
        self._index: KeyIndex[int | list[int]] = KeyIndex(
            self._keys_of, self._every_key, 3 * len(glossary.terms))
        self._forms: dict[str, tuple[_Form, ...]] = {}

    def _term_forms(self, number: int) -> list[tuple[str, bool, _Form]]:
        found = self._derived.get(number)
        if found is None:
            found = self._derived[number] = _term_forms(self.glossary.terms[number])
        return found

    def _keys_of(self, word: str) -> dict[str, int | list[int]] | None:
        """Every key starting with ``word``, with the number(s) of the terms that have it."""
        if self._first is None:
            self._first = first_word_index(self.glossary.terms)
        candidates: set[int] = set()
        for base in possible_bases(word):
            numbers = self._first.get(base)
            if numbers is not None:
                candidates.update((numbers,) if isinstance(numbers, int) else numbers)
        if not candidates:
            return None
        keys: dict[str, int | list[int]] = {}
        for number in sorted(candidates):
            for key, _, _ in self._term_forms(number):
                if first_word(key) == word:
                    _add(keys, key, number)
        return keys

    def _every_key(self) -> dict[str, int | list[int]]:
        """Every key of every term's forms, with the number(s) of the terms that have it."""
        keys: dict[str, int | list[int]] = {}
        for number in range(len(self.glossary.terms)):
            for key, _, _ in self._term_forms(number):
                _add(keys, key, number)
        return keys

    def _forms_of(self, key: str, numbers: int | list[int]) -> tuple[_Form, ...]:
        """The forms behind ``key``: forms written in the glossary before derived ones, then in
        glossary order."""
        forms = self._forms.get(key)
        if forms is None:
            found = [(derived, form)
                     for number in ((numbers,) if isinstance(numbers, int) else numbers)
                     for other, derived, form in self._term_forms(number)
                     if other == key]
            forms = self._forms[key] = tuple(form for _, form in sorted(found, key=itemgetter(0)))
        return forms

    def nested(self) -> Iterator[tuple[Term, str, Term]]:
        """``(outer, written form, inner)`` for every occurrence of a term inside the written form (of
        several words) of another, as :meth:`find` on that form would report it."""
        bases, outers = self._nesting_index()
        # The walk may build keys of about 64 characters per character of the forms it
        # searches, plus some slack; past that, every remaining form is searched with an
        # automaton over every form (what indexing all forms up front costs).
        bases.budget = 64 * sum(len(key) for _, _, key, _ in outers) + (1 << 22)
        every: KeyIndex[int | list[int]] | None = None
        tables: dict[str, dict[str, _Entries]] = {}
        for term, variant, key, outer in outers:
            all_caps = functools.partial(_all_caps, outer.cased)
            walked = bases.candidates(key, whole=False) if every is None else None
            if walked is None:  # too much to walk word by word: the automaton from now on
                if every is None:
                    every = KeyIndex.of(self._every_key(), automaton=True)
                hits = [(start, end, self._forms_of(key[start:end], numbers))
                        for start, end, numbers in every.candidates(key, overlapping=True)
                        if end - start != len(key)]
            else:
                hits = [(start, end, self._forms_under(key[start:end], keys, bases, tables))
                        for start, end, keys in walked]
            for start, end, forms in hits:
                if not forms:
                    continue  # a candidate none of whose forms is this span
                found = outer.lower[start:end]
                first = forms[0]
                if found == first.lower and not first.term.case_sensitive:  # the common case
                    inner: _Form | None = first
                else:
                    inner = _verified(found, outer.cased[start:end], forms, all_caps)
                if inner is not None and inner.term is not term \
                        and inner.term.source != term.source:
                    yield term, variant, inner.term

    def _forms_under(self, span: str, keys: list[str], bases: BaseIndex,
                     tables: dict[str, dict[str, _Entries]]) -> tuple[_Form, ...]:
        """The forms whose key is ``span``, of the terms under ``keys`` in ``bases``, in
        :meth:`_forms_of`'s order (written before derived, then glossary order). Each key's
        forms are grouped once: thousands of terms may share one accent-free key, and many
        spans of other forms may fall under it."""
        found = []
        for key in keys:
            table = tables.get(key)
            if table is None:
                grouped: dict[str, list[tuple[bool, int, int, _Form]]] = {}
                for number in bases.numbers(key):
                    for position, (other, derived, form) in enumerate(self._term_forms(number)):
                        grouped.setdefault(other, []).append((derived, number, position, form))
                table = tables[key] = {other: _Entries(entries) for other, entries in grouped.items()}
            entries = table.get(span)
            if entries is not None:
                found.append(entries)
        if not found:
            return ()
        if len(found) == 1:
            return found[0].forms
        # Several keys (a term may be under more than one): each term's forms once.
        merged = sorted({entry[1:3]: entry for group in found for entry in group.entries}.values(),
                        key=itemgetter(0, 1, 2))
        return tuple(entry[3] for entry in merged)

    def _nesting_index(self) -> tuple[BaseIndex, list[tuple[Term, str, str, _Form]]]:
        """Every term under the words of its written forms' keys (see
        :mod:`~translate.glossary.baseindex`), or under the words of every one of its forms
        when a written form's words are not all plain; and ``(term, written form, key, form)``
        for every written form of several words."""
        index = BaseIndex()
        outers = []
        variants = [(number, term, variant) for number, term in enumerate(self.glossary.terms)
                    for variant in term.source_forms]
        lowers = _plain_forms([variant for _, _, variant in variants])
        for (number, term, variant), lower in zip(variants, lowers, strict=True):
            if lower is not None:
                # Its own word view (what normalising and `_folded` give): the words of every
                # agreement form lead back to these, word by word (as for `first_word_index`).
                lower = lower.replace("-", " ")
                key = _key(lower)
                index.add(key.split(" "), number)
                if " " in variant:  # several words, as `split()` counts them
                    outers.append((term, variant, key,
                                   _Form(term, lower, variant.replace("-", " "), False)))
                continue
            for form_key, _, _ in self._term_forms(number):
                # Words as the walk splits views: at spaces only (a key may hold other
                # whitespace that normalising keeps, such as U+2028).
                index.add([word for word in form_key.split(" ") if word], number)
            if len(variant.split()) > 1:
                key, outer = _folded(term, normalize(variant).cased, False)
                if key:
                    outers.append((term, variant, key, outer))
        return index, outers

    def find(self, text: str, overlapping: bool = False) -> list[Match]:
        """Every term occurrence in ``text``, in order, non-overlapping (unless
        ``overlapping``, which also returns terms nested in longer ones)."""
        if self._index.empty:
            return []
        if len(text) < LARGE_TEXT:
            return self._find(text, overlapping)
        with gc_paused():
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
        for start, end, numbers in self._index.candidates(base, overlapping=True):
            found = view[start:end]
            forms = self._forms_of(base[start:end], numbers)
            if not forms:
                continue  # an index that does not fit these terms: find nothing rather than fail
            first = forms[0]
            if found == first.lower and not first.term.case_sensitive:  # the common case
                verified.append((start, end, first))
                continue
            cased_view = cased_view if cased_view is not None else word_view(folded.cased)
            form = _verified(found, cased_view[start:end], forms, all_caps)
            if form is not None:
                verified.append((start, end, form))
        chosen = verified if overlapping else non_overlapping(verified)
        matches = []
        for start, end, form in chosen:
            original_start, original_end = folded.span(start, end)
            matches.append(Match(form.term, original_start, original_end,
                                 text[original_start:original_end], form.plural))
        return matches

