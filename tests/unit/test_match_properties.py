"""Properties of the source matcher: normalisation invariance, no overlaps, longest match."""

from __future__ import annotations

import itertools
import unicodedata

from hypothesis import given, settings
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
    # form of several words.
    expected = sorted(
        (id(term), id(m.term)) for term in terms if len(term.source.split()) > 1
        for m in matcher.find(term.source, overlapping=True)
        if m.term is not term and m.term.source != term.source
        and (m.start, m.end) != (0, len(term.source)))
    assert sorted((id(outer), id(inner)) for outer, _, inner in matcher.nested()) == expected
