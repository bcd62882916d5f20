"""Properties of the source matcher: normalisation invariance, no overlaps, longest match."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from translate.glossary.match import SourceMatcher, french_forms
from translate.glossary.schema import Glossary, Term

TERMS = [
    Term("OTAN", "NATO"), Term("secrétaire général", "Secretary General"),
    Term("secrétaire général de l'OTAN", "NATO Secretary General"),
    Term("opération militaire spéciale", "special military operation"),
    Term("Pays-Bas", "Netherlands"), Term("Kiev", "Kyiv"), Term("général", "general"),
]
MATCHER = SourceMatcher(Glossary.build(TERMS))
_pieces = st.sampled_from([
    "OTAN", "l'OTAN", "l’OTAN", "otan", "secrétaire", "général", "de", "opération", "militaire",
    "spéciale", "opérations militaires spéciales", "Pays-Bas", "Kiev", "anti-OTAN", "cotangente",
    "«", "»", ",", ".", "le", "\u00a0", "  ", "é", "Secrétaire Général", "d'",
])
texts = st.lists(_pieces, max_size=25).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_matches_do_not_overlap_and_point_at_text(text: str) -> None:
    matches = MATCHER.find(text)
    for a, b in itertools.pairwise(matches):
        assert a.end <= b.start
    for match in matches:
        assert text[match.start: match.end] == match.text
        assert match.text.strip()


@settings(max_examples=300, deadline=None)
@given(texts)
def test_unicode_form_does_not_change_what_matches(text: str) -> None:
    expected = [m.term.source for m in MATCHER.find(text)]
    for form in ("NFD", "NFKC"):
        variant = unicodedata.normalize(form, text)
        assert [m.term.source for m in MATCHER.find(variant)] == expected
    assert [m.term.source for m in MATCHER.find(text.upper())] == expected


@settings(max_examples=200, deadline=None)
@given(texts, texts)
def test_longest_term_wins(before: str, after: str) -> None:
    text = f"{before} le secrétaire général de l'OTAN {after}"
    names = [m.term.source for m in MATCHER.find(text)]
    assert "secrétaire général de l'OTAN" in names


@given(st.sampled_from(["arme lourde", "opération militaire spéciale", "journal", "bureau",
                        "ministre de la Défense", "OTAN", "pays balte"]))
def test_plural_forms_round_trip(term: str) -> None:
    forms = french_forms(term)
    assert forms[0] == term
    assert len(forms) <= 2
    if len(forms) == 2:
        assert forms[1] != term
        assert french_forms(forms[1])[0] == forms[1]


_words = st.sampled_from(["OTAN", "otan", "Etat", "état", "général", "générale", "de", "l'", "Kiev",
                          "secrétaire", "ETAT", "chef", "chefs", "major"])
_entries = st.lists(
    st.tuples(st.lists(_words, min_size=1, max_size=4).map(" ".join), st.booleans()),
    min_size=1, max_size=8, unique_by=lambda e: e[0].lower())


@settings(max_examples=200, deadline=None)
@given(_entries)
def test_nested_terms_are_what_find_reports_inside_each_form(entries: list[tuple[str, bool]]) -> None:
    terms = [Term(source, f"t{n}", case_sensitive=cs) for n, (source, cs) in enumerate(entries)]
    matcher = SourceMatcher(Glossary(tuple(terms)))
    # The definition, by the public matcher: every other term `find` sees inside a written
    # form of several words, short of all its words (« état l' » in « Etat l' » is the same
    # words, not a nested term: only the apostrophe is outside the match).
    def whole(source: str, start: int, end: int) -> bool:
        return not any(c.isalnum() for c in source[:start] + source[end:])

    expected = sorted(
        (id(term), id(m.term)) for term in terms if len(term.source.split()) > 1
        for m in matcher.find(term.source, overlapping=True)
        if m.term is not term and m.term.source != term.source
        and not whole(term.source, m.start, m.end))
    assert sorted((id(outer), id(inner)) for outer, _, inner in matcher.nested()) == expected


# Keys as the source matcher stores them (accent-free word views, one or several words, some
# with a repeated separator as « M. Macron » leaves), and texts made of the same words.
_key_words = st.sampled_from(["otan", "l", "m", "macron", "de", "etat", "etats", "unis", "pays",
                              "bas", "a", "aa", "x"])
_keys = st.lists(st.lists(_key_words, min_size=1, max_size=4).map(
    lambda words: " ".join(words)).flatmap(
    lambda key: st.sampled_from([key, key.replace(" ", "  ", 1)])), min_size=1, max_size=12)
_views = st.lists(st.one_of(_key_words, st.sampled_from(["", " ", "  ", "otanx", "xotan"])),
                  max_size=30).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_keys, _views)
def test_dictionary_lookup_and_automaton_find_the_same_keys(keys: list[str], view: str) -> None:
    from translate.glossary.keyindex import KeyIndex, non_overlapping

    index = KeyIndex.of({key: number for number, key in enumerate(dict.fromkeys(keys))})
    looked_up = index._lookup(view)
    index._automaton = index._build_automaton()
    scanned = index._scan(view)
    assert looked_up == scanned
    assert non_overlapping(looked_up) == non_overlapping(scanned)
    # Every hit is a whole key between separators, and every such key is found.
    padded = f" {view} "
    expected = {(start, start + len(key), number) for number, key in enumerate(dict.fromkeys(keys))
                for start in range(len(view)) if padded.startswith(f" {key} ", start)}
    assert set(scanned) == expected


def test_a_large_text_is_searched_with_the_automaton_and_finds_the_same() -> None:
    from translate.glossary import keyindex

    small = SourceMatcher(Glossary.build(TERMS))
    text = "Le secrétaire général de l'OTAN a parlé des opérations militaires spéciales à Kiev. "
    by_lookup = small.find(text)
    assert small._index._automaton is None  # an article needs no automaton
    large = text * (keyindex.AUTOMATON_TEXT // len(text) + 1)
    found = small.find(large)
    assert small._index._automaton is not None
    assert [(m.term.source, m.text) for m in found] == \
        [(m.term.source, m.text) for m in by_lookup] * (len(large) // len(text))
    assert small.find(text) == by_lookup


def test_terms_without_a_word_find_nothing_in_any_text() -> None:
    from translate.glossary import keyindex

    matcher = SourceMatcher(Glossary((Term("«", "x"), Term("!!", "y"))))
    text = "a « b !! c. "
    assert matcher.find(text) == []
    assert matcher.find(text * (keyindex.AUTOMATON_TEXT // len(text) + 1)) == []


@settings(max_examples=200, deadline=None)
@given(_entries)
def test_the_index_holds_the_key_of_every_form_and_only_those(entries: list[tuple[str, bool]]) -> None:
    terms = tuple(Term(source, f"t{n}", variants=(source.upper(),) if n % 2 else (),
                       case_sensitive=cs) for n, (source, cs) in enumerate(entries))
    index = SourceMatcher(Glossary(terms))._every_key()
    assert {key: [n] if isinstance(n, int) else n for key, n in index.items()} == \
        _keys_of_every_form(terms)


def _keys_of_every_form(terms: tuple[Term, ...]) -> dict[str, list[int]]:
    from translate.glossary.match import _term_forms

    expected: dict[str, list[int]] = {}
    for number, term in enumerate(terms):
        for key, _, _ in _term_forms(term):
            numbers = expected.setdefault(key, [])
            if number not in numbers:
                numbers.append(number)
    return expected


# Words a French glossary starts its entries with, chosen for what agreement does to their
# endings (« acteur » → « actrices », « cheval » → « chevaux », « envoyé » → « envoyées »,
# « festival » → « festivals »), with capitals, accents dropped on capitals, elisions, digits,
# hyphens, letters whose lower case is longer (« İ ») or depends on the next letter (« Σ »),
# one that Unicode normalisation replaces (a CJK compatibility ideograph), and the
# modifier-letter apostrophe, a letter that matching folds into an apostrophe.
_first = st.sampled_from([
    "acteur", "Acteur", "ACTEUR", "cheval", "envoyé", "ENVOYE", "général", "Etat", "état",
    "festival", "chef", "ministre", "pays", "nouveau", "neveu", "aérien", "heureux", "premier",
    "cruel", "ancien", "breton", "actif", "élu", "français", "président", "l'OTAN", "d'Ivoire",
    "OTAN", "porte-avions", "G7", "x.y", "«Kiev»", "İstanbul", "ΣΑΣ", "ΑβΣ", "Σ", "\uf900x", "de", "la",
    "e", "s", "aujourdʼhui", "lʼUnion",
])
_rest = st.lists(st.sampled_from(["militaire", "spécial", "de", "l'OTAN", "général", "chef",
                                  "x", "Unis", "-", "  "]), max_size=3).map(" ".join)
_glossaries = st.lists(st.tuples(_first, _rest).map(lambda p: f"{p[0]} {p[1]}".strip()),
                       min_size=1, max_size=10, unique_by=str.lower)


@settings(max_examples=300, deadline=None)
@given(_glossaries, st.lists(st.tuples(st.integers(0, 30), st.booleans()), max_size=12),
       st.sampled_from([" ", ", ", " de ", "-", "'"]))
def test_the_first_word_index_finds_what_the_index_of_every_form_finds(
        sources: list[str], picks: list[tuple[int, bool]], separator: str) -> None:
    """The matcher derives a term's forms only when a text contains the first word of one of
    them: it must find every key the index of all forms finds, in every text."""
    from translate.glossary.french import inflections, strip_accents
    from translate.glossary.keyindex import KeyIndex
    from translate.glossary.match import word_view
    from translate.text.normalize import normalize

    terms = tuple(Term(source, f"t{n}") for n, source in enumerate(sources))
    matcher = SourceMatcher(Glossary(terms))
    every_form = KeyIndex.of({key: numbers[0] if len(numbers) == 1 else numbers
                              for key, numbers in _keys_of_every_form(terms).items()})
    forms = [form.text for term in terms for form in inflections(normalize(term.source).cased)]
    # A text of the terms' written and agreement forms, some in capitals.
    text = separator.join(forms[i % len(forms)].upper() if upper else forms[i % len(forms)]
                          for i, upper in picks) or forms[0]
    view = strip_accents(word_view(normalize(text).lower))
    assert matcher._index.candidates(view, overlapping=True) == \
        every_form.candidates(view, overlapping=True)


@settings(max_examples=500, deadline=None)
@given(st.one_of(texts, st.text(), st.text(alphabet="aÉé\u0301\u00a0 \u200b\u2019'İΣ-\t.")))
@example("ΑΣ İ")  # a final sigma, and a letter whose lower case is longer
def test_the_shortcuts_agree_with_normalize_and_word_view(text: str) -> None:
    from translate.glossary.match import _folded, _key, _lower_view, word_view
    from translate.text.normalize import folded, folded_lower, normalize

    full = normalize(text)
    assert folded(text) == (full.cased, full.lower)
    assert folded_lower(text) == full.lower
    term = Term("x", "y")
    lower = _lower_view(full.cased)
    assert _folded(term, full.cased, True) == \
        (_key(lower), (term, lower, word_view(full.cased).strip(), True))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(texts, st.text(min_size=1),
                          st.text(alphabet="aÉé\u0301\u00a0 \u200b\u2019'İΣ-\t.\0", min_size=1)),
                min_size=1, max_size=6))
@example(["aΣ", "Σa", "\u0301x", "İ"])
def test_folding_many_texts_at_once_folds_each_as_alone(many: list[str]) -> None:
    from translate.text.normalize import folded_lower, folded_lowers

    assert folded_lowers(many) == [folded_lower(text) for text in many]


def _nested_by_every_form(terms: tuple[Term, ...]) -> list[tuple[str, str, str]]:
    """What the nesting check reports, with every form of every term indexed up front."""
    from translate.glossary.keyindex import KeyIndex
    from translate.glossary.match import _all_caps, _folded, _verified
    from translate.text.normalize import normalize

    matcher = SourceMatcher(Glossary(terms))
    index = KeyIndex.of({key: numbers[0] if len(numbers) == 1 else numbers
                         for key, numbers in _keys_of_every_form(terms).items()})
    found = []
    for term in terms:
        for variant in term.source_forms:
            if len(variant.split()) < 2:
                continue
            key, outer = _folded(term, normalize(variant).cased, False)
            for start, end, numbers in index.candidates(key, overlapping=True):
                if end - start == len(key):
                    continue
                inner = _verified(outer.lower[start:end], outer.cased[start:end],
                                  matcher._forms_of(key[start:end], numbers),
                                  lambda cased=outer.cased: _all_caps(cased))
                if inner is not None and inner.term is not term \
                        and inner.term.source != term.source:
                    found.append((term.source, variant, inner.term.source))
    return found


@settings(max_examples=300, deadline=None)
@given(_glossaries, st.lists(st.lists(st.tuples(st.integers(0, 30), st.booleans()),
                                      min_size=2, max_size=4), max_size=5),
       st.sampled_from([" ", " de ", "-", " l'"]), st.booleans())
def test_nesting_finds_what_the_index_of_every_form_finds(
        sources: list[str], outers: list[list[tuple[int, bool]]], separator: str,
        case_sensitive: bool) -> None:
    """The nesting check derives a term's forms only when the words of a written form may be
    agreement forms of its words: it must report what indexing every form reports, in the same
    order, for glossaries whose longer entries are made of the plural, feminine and
    capitalised forms of shorter ones."""
    from translate.glossary.french import inflections
    from translate.text.normalize import normalize

    forms = [form.text for source in sources for form in inflections(normalize(source).cased)]
    longer = [separator.join(forms[i % len(forms)].upper() if upper else forms[i % len(forms)]
                             for i, upper in picks) for picks in outers]
    written = list(dict.fromkeys(s for s in sources + longer if s.strip()))
    terms = tuple(Term(source, f"t{n}", case_sensitive=case_sensitive and n % 3 == 0,
                       variants=(written[n - 1],) if n % 4 == 3 else ())
                  for n, source in enumerate(written))
    reported = [(outer.source, form, inner.source)
                for outer, form, inner in SourceMatcher(Glossary(terms)).nested()]
    assert reported == _nested_by_every_form(terms)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=st.characters(max_codepoint=0x24F)),
                 st.text(alphabet="aéÉèçÇœŒÿŸ ĀāİıΣ\u0301")))
def test_accents_are_stripped_letter_by_letter_whatever_the_text(text: str) -> None:
    import unicodedata

    from translate.glossary.french import strip_accents

    stripped = strip_accents(text)
    assert len(stripped) == len(text)
    for before, after in zip(text, stripped, strict=True):
        decomposed = unicodedata.normalize("NFD", before)
        if 0xC0 <= ord(before) < 0x250 and len(decomposed) > 1 \
                and all(unicodedata.combining(c) for c in decomposed[1:]):
            assert after == decomposed[0]
        else:
            assert after == before


def test_a_form_repeating_one_word_is_searched_for_nested_terms_in_one_pass() -> None:
    """A form of 3,000 times the same word has 4.5 million spans that may be terms: the
    nesting check gives up walking them word by word and reports what the index of every
    form reports."""

    long = " ".join(["a"] * 3000)
    terms = (Term("a", "x"), Term(long, "y"), Term("b c", "z"))
    index, _ = SourceMatcher(Glossary(terms))._nesting_index()
    assert isinstance(index.candidates("b c"), list)
    assert index.candidates(long, whole=False) is None  # the walk's budget is spent
    reported = [(outer.source, form, inner.source)
                for outer, form, inner in SourceMatcher(Glossary(terms)).nested()]
    assert reported == _nested_by_every_form(terms)
    assert len(reported) == 3000


@pytest.mark.parametrize("space", ["\u2028", "\u205f", "\u1680", "\x1f", "\u0085"])
def test_terms_with_whitespace_that_normalising_keeps_are_found_nested(space: str) -> None:
    terms = (Term(f"Nations{space}unies", "United Nations"),
             Term(f"Conseil de sécurité des Nations{space}unies", "UN Security Council"))
    reported = [(outer.source, inner.source)
                for outer, _, inner in SourceMatcher(Glossary(terms)).nested()]
    assert reported == [(terms[1].source, terms[0].source)]
    assert [(o, f, i) for o, f, i in SourceMatcher(Glossary(terms)).nested()] == \
        [(terms[1], terms[1].source, terms[0])]


def test_a_text_repeating_a_term_of_one_repeated_word_is_searched_in_one_pass() -> None:
    """3,000 times « a » against a term of 3,000 times « a »: the dictionary lookups would walk
    4.5 million spans; the matcher switches to the automaton and finds the same."""
    long = " ".join(["a"] * 3000)
    terms = (*(Term(f"mot{n} x", f"w{n}") for n in range(500)), Term(long, "y"), Term("a b", "z"))
    matcher = SourceMatcher(Glossary(terms))
    assert matcher._index._automaton is None  # 500 terms: dictionary lookups at first
    found = matcher.find(long + " b")
    assert matcher._index._automaton is not None
    assert [(m.term.target, m.start, m.end) for m in found] == [("y", 0, len(long))]
    assert [m.term.target for m in matcher.find("le a b")] == ["z"]
