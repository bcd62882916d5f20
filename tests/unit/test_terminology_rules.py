"""The rules behind the checker and enforcement: French agreement and unaccented capitals,
English number and headline casing, post-edit on the model's text, glossary precedence."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from translate.glossary.english import TITLE, UPPER, casing, in_casing, number_key, plural
from translate.glossary.french import inflections, same_letters
from translate.glossary.match import SourceMatcher
from translate.glossary.postedit import Placement, leftovers, replace_forbidden
from translate.glossary.schema import Glossary, Term, load_glossaries, parse_term
from translate.glossary.target import ForbiddenMatcher, find_renderings, rendering_for
from translate.quality.check import GlossarySignature

DATA = Path(__file__).resolve().parent.parent / "data" / "glossary"


@pytest.mark.parametrize(("form", "expected"), [
    ("envoyé spécial", {"envoyés spéciaux", "envoyée spéciale", "envoyées spéciales"}),
    ("directeur général", {"directrice générale", "directrices générales", "directeurs généraux"}),
    ("premier ministre", {"première ministre", "premiers ministres", "premières ministres"}),
    ("militant kurde", {"militante kurde", "militants kurdes", "militantes kurdes"}),
    ("chef d'état-major", {"chefs d'état-major"}),
    ("observateur actif", {"observatrice active", "observateurs actifs"}),
])
def test_regular_feminine_and_plural_forms(form: str, expected: set[str]) -> None:
    forms = {i.text for i in inflections(form)}
    assert expected <= forms
    assert inflections(form)[0].text == form and not inflections(form)[0].plural


def test_plural_flag_follows_the_source_form() -> None:
    flags = {i.text: i.plural for i in inflections("char d'assaut")}
    assert flags == {"char d'assaut": False, "chars d'assaut": True}
    assert all(not i.plural for i in inflections("cessez-le-feu"))  # invariable: undecidable


@pytest.mark.parametrize(("text", "key", "same"), [
    ("ETAT", "état", True), ("Etat", "état", True), ("etat", "état", False),
    ("PECHE", "pêche", True), ("peche", "pêche", False), ("pêche", "péché", False),
    ("A", "à", True), ("a", "à", False), ("ÉTAT", "état", True), ("ÈTAT", "état", False),
])
def test_only_capitals_may_drop_accents(text: str, key: str, same: bool) -> None:
    assert same_letters(text, key) is same


def test_matcher_marks_plural_occurrences() -> None:
    matcher = SourceMatcher(Glossary.build([Term("missile de croisière", "cruise missile")]))
    found = matcher.find("Un missile de croisière, puis QUATRE MISSILES DE CROISIERE.")
    assert [(m.text, m.plural) for m in found] == [("missile de croisière", False),
                                                   ("MISSILES DE CROISIERE", True)]


# A glossary typed on another system may hold decomposed accents or typographic apostrophes
# and non-breaking hyphens; its agreement forms must match the usual text all the same.
@pytest.mark.parametrize(("entry", "text", "plural"), [
    ("envoye\u0301 spe\u0301cial", "deux envoyés spéciaux", True),
    ("envoye\u0301 spe\u0301cial", "l'envoyée spéciale", False),
    ("chef d\u2019état-major", "les chefs d'état-major", True),
    ("ex\u2011président", "les ex-présidents", True),
    ("l\u02bcUnion européenne", "le budget de l'Union européenne", False),
    ("aujourd\u02bchui", "Aujourd'hui, la paix.", False),
    ("aujourd\u02bchui", "AUJOURD\u02bcHUI", False),
])
def test_agreement_forms_of_unusually_typed_entries(entry: str, text: str, plural: bool) -> None:
    found = SourceMatcher(Glossary.build([Term(entry, "x")])).find(text)
    assert len(found) == 1 and found[0].plural is plural


@pytest.mark.parametrize(("singular", "expected"), [
    ("tank", "tanks"), ("cruise missile", "cruise missiles"), ("chief of staff", "chiefs of staff"),
    ("spokesman", "spokesmen"), ("crisis", "crises"), ("embargo", "embargoes"),
    ("ally", "allies"), ("NGO", "NGOs"), ("aircraft", "aircraft"), ("human", "humans"),
])
def test_english_plural(singular: str, expected: str) -> None:
    assert plural(singular) == expected
    assert number_key(expected) == number_key(singular)


@pytest.mark.parametrize(("segment", "style"), [
    ("SECURITY COUNCIL MEETS", UPPER), ("BRUSSELS: EU SANCTIONS MOSCOW", UPPER),
    ("Liquefied Natural Gas Price Soars", TITLE), ("Chief of Staff Resigns Over Leak", TITLE),
    ("The council met on Monday.", "plain"), ("NATO meets.", "plain"), ("OK", "plain"),
])
def test_segment_casing(segment: str, style: str) -> None:
    assert casing(segment) == style


def test_rendering_in_number_and_casing() -> None:
    term = Term("procureur général", "attorney general", target_plural="attorneys general")
    assert rendering_for(term, True) == "attorneys general"
    assert rendering_for(term, True, UPPER) == "ATTORNEYS GENERAL"
    assert rendering_for(Term("x", "chief of staff"), False, TITLE) == "Chief of Staff"
    assert in_casing("NATO summit", TITLE) == "NATO Summit"


def test_renderings_are_found_on_the_text_as_written() -> None:
    text = "Le « Security\u00a0Council » – NA\u00adTO’s"
    found = find_renderings(text, [Term("Conseil de sécurité", "Security Council"),
                                   Term("OTAN", "NATO")])
    assert [m.text for m in found] == ["Security\u00a0Council", "NA\u00adTO"]


def test_forbidden_rendering_is_replaced_without_touching_anything_else() -> None:
    glossary = Glossary.build([Term("cessez-le-feu", "ceasefire", forbidden=("cease-fire",))])
    text = "« Le Cease-fires » – d’accord… he ordered them to cease fire."
    edited, count = replace_forbidden(text, ForbiddenMatcher(glossary))
    assert count == 1
    assert edited == "« Le Ceasefires » – d’accord… he ordered them to cease fire."


def test_post_edit_inserts_at_a_word_boundary_and_keeps_typography() -> None:
    term = Term("missile de croisière", "cruise missile")
    match = SourceMatcher(Glossary.build([term])).find("deux missiles de croisière")[0]
    text = "« Deux cruise » ont été tirés – l’armée’s"
    placement = Placement(text, Counter({term: 1}), ForbiddenMatcher(Glossary.build([term])))
    assert placement.insert(match, "plain", 2)
    assert placement.text.count("cruise missiles") == 1
    assert leftovers(placement.text, [term]) == 0  # never « cruise cruise missiles »
    for mark in "«»–’":
        assert placement.text.count(mark) == text.count(mark)


def test_post_edit_recases_instead_of_adding_a_second_rendering() -> None:
    term = Term("Conseil de sécurité", "Security Council")
    placement = Placement("SECURITY COUNCIL Meets Today", Counter({term: 1}),
                          ForbiddenMatcher(Glossary.build([term])))
    assert placement.recase(term, TITLE)
    assert placement.text == "Security Council Meets Today"


def test_post_edit_says_why_it_cannot_place_a_contradictory_rendering() -> None:
    term = Term("Kiev", "Kiev", forbidden=("Kiev",))
    match = SourceMatcher(Glossary.build([term])).find("à Kiev")[0]
    placement = Placement("in the city", Counter({term: 1}), ForbiddenMatcher(Glossary.build([term])))
    assert not placement.insert(match, "plain", 3)
    assert "forbidden" in placement.reasons[term]
    assert placement.text == "in the city"


def test_leftovers_are_counted() -> None:
    term = Term("missile de croisière", "cruise missile")
    assert leftovers("the cruise cruise missile missile hit", [term]) == 2
    assert leftovers("NATO NATO", [Term("OTAN", "NATO")]) >= 1
    assert leftovers("a cruise missile hit", [term]) == 0


def test_later_glossary_wins_and_every_conflict_is_named() -> None:
    merged = load_glossaries([DATA / "newsroom.yaml", DATA / "newsroom-desk.yaml"])
    assert merged is not None
    by_source = {t.source: t for t in merged.terms}
    assert by_source["OTAN"].target == "Nato"
    assert "cessez-le-feu" not in by_source
    assert "GNL" not in by_source["gaz naturel liquéfié"].variants
    assert len(merged.conflicts) == 3
    assert all(c.count("newsroom") == 2 for c in merged.conflicts)
    signature = GlossarySignature.of(merged)
    assert [Path(p).name for p, _ in signature.files] == ["newsroom.yaml", "newsroom-desk.yaml"]
    assert all(len(h) == 64 for _, h in signature.files)


def test_a_later_rendering_is_no_longer_forbidden_by_an_earlier_file(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text("version: 1\nterms:\n  - source: Kiev\n    target: Kyiv\n"
                     "    forbidden: [Kiev, Kyiv City]\n", encoding="utf-8")
    second.write_text("version: 1\nterms:\n  - source: ville de Kiev\n    target: Kyiv City\n",
                      encoding="utf-8")
    merged = load_glossaries([first, second])
    assert merged is not None
    assert {t.source: t.forbidden for t in merged.terms}["Kiev"] == ("Kiev",)
    assert len(merged.conflicts) == 1 and "is allowed" in merged.conflicts[0]


def test_target_plural_is_validated() -> None:
    assert parse_term({"source": "a", "target": "b", "target_plural": "bs"}, "t").target_plural == "bs"
    from translate.errors import GlossaryError

    with pytest.raises(GlossaryError, match="target_plural"):
        parse_term({"source": "a", "target": "b", "target_plural": ""}, "t")
