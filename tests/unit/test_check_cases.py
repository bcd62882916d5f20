"""The terminology checker's verdicts on a table of cases covering every matching rule."""

from __future__ import annotations

import pytest

from translate.glossary.schema import Glossary, Term
from translate.quality.check import Checker

GLOSSARY = Glossary.build([
    Term("OTAN", "NATO", forbidden=("OTAN",)),
    Term("opération militaire spéciale", "special military operation"),
    Term("Kiev", "Kyiv", forbidden=("Kiev",)),
    Term("secrétaire général de l'OTAN", "NATO Secretary General",
         variants=("secrétaire générale de l'OTAN",)),
    Term("secrétaire général", "Secretary General"),
    Term("Pays-Bas", "Netherlands"),
    Term("La Haye", "The Hague"),
    Term("pays baltes", "Baltic states"),
    Term("arme lourde", "heavy weapon"),
    Term("ONU", "UN", target_variants=("United Nations",), case_sensitive=True),
    Term("cessez-le-feu", "ceasefire", forbidden=("cease-fire",)),
    Term("ministre de la Défense", "Defence Minister", forbidden=("Defense Minister",)),
    Term("militant kurde", "Kurdish militant"),
    Term("allié", "ally"),
    Term("bureau", "office"),
    Term("journal", "newspaper"),
])
CHECKER = Checker(GLOSSARY)

# (id, source, translation, expected violations as sorted "kind:source_term" strings)
CASES: list[tuple[str, str, str, list[str]]] = [
    ("plain", "L'OTAN se réunit.", "NATO meets.", []),
    ("missing", "L'OTAN se réunit.", "The alliance meets.", ["missing:OTAN"]),
    ("elision l'", "l'OTAN", "NATO", []),
    ("elision curly", "l’OTAN", "NATO", []),
    ("elision d'", "d'OTAN", "of NATO", []),
    ("upper case source", "L'OTAN ET L'ONU", "NATO and UN", []),
    ("lower case source", "l'otan décide", "NATO decides", []),
    ("not inside a word", "la cotangente", "the cotangent", []),
    ("hyphen compound", "un discours anti-OTAN", "an anti-NATO speech", []),
    ("hyphen compound missing", "un discours anti-OTAN", "an anti-alliance speech", ["missing:OTAN"]),
    ("two need two", "L'OTAN et l'OTAN.", "NATO and the alliance.", ["missing:OTAN"]),
    ("two have two", "L'OTAN et l'OTAN.", "NATO and NATO.", []),
    ("multiword", "une opération militaire spéciale", "a special military operation", []),
    ("multiword plural", "des opérations militaires spéciales", "special military operations", []),
    ("multiword quoted elision", "d'« opération militaire spéciale »",
     'of "special military operation"', []),
    ("multiword straight quotes", "d'\"opération militaire spéciale\"",
     "a 'special military operation'", []),
    ("nbsp inside term", "l'opération\u00a0militaire spéciale", "the special military operation", []),
    ("narrow nbsp", "l'opération\u202fmilitaire\u202fspéciale", "the special military operation", []),
    ("NFD source", "l'ope\u0301ration militaire spe\u0301ciale", "the special military operation", []),
    ("NFD target", "Kiev", "Ky\u0301iv Kyiv", []),
    ("line break inside term", "l'opération\nmilitaire spéciale", "the special military operation", []),
    ("capitalised target first letter", "Opération militaire spéciale.", "Special military operation.", []),
    ("wrong target case", "L'OTAN.", "Nato.", ["missing:OTAN"]),
    ("target all lower wrong", "L'OTAN.", "nato.", ["missing:OTAN"]),
    ("target plural accepted", "les armes lourdes", "heavy weapons", []),
    ("target singular", "une arme lourde", "a heavy weapon", []),
    ("target not inside word", "une arme lourde", "a heavy weaponry", ["missing:arme lourde"]),
    ("target variant", "L'ONU", "the United Nations", []),
    ("case-sensitive source lower", "il a dit onu", "he said onu", []),
    ("case-sensitive source exact", "l'ONU agit", "the body acts", ["missing:ONU"]),
    ("forbidden present", "à Kiev", "in Kiev", ["forbidden:Kiev", "missing:Kiev"]),
    ("forbidden and correct", "à Kiev", "in Kyiv, not Kiev", ["forbidden:Kiev"]),
    ("forbidden case-insensitive", "à Kiev", "in Kyiv (KIEV)", ["forbidden:Kiev"]),
    ("forbidden without source term", "La ville.", "The city of Kiev.", ["forbidden:Kiev"]),
    ("forbidden untranslated acronym", "L'OTAN.", "NATO (OTAN).", ["forbidden:OTAN"]),
    ("forbidden hyphenated", "le cessez-le-feu", "the cease-fire", ["forbidden:cessez-le-feu",
                                                                  "missing:cessez-le-feu"]),
    ("hyphen term ok", "le cessez-le-feu", "the ceasefire", []),
    ("longest match wins", "le secrétaire général de l'OTAN", "the NATO Secretary General", []),
    ("longest match missing", "le secrétaire général de l'OTAN", "the Secretary General of NATO",
     ["missing:secrétaire général de l'OTAN"]),
    ("shorter term alone", "le secrétaire général", "the Secretary General", []),
    ("source variant", "la secrétaire générale de l'OTAN", "the NATO Secretary General", []),
    ("plural head only", "les ministres de la Défense", "the Defence Ministers", []),
    ("forbidden US spelling", "le ministre de la Défense", "the Defense Minister",
     ["forbidden:ministre de la Défense", "missing:ministre de la Défense"]),
    ("hyphenated place", "aux Pays-Bas", "in the Netherlands", []),
    ("place with article", "à La Haye", "in The Hague", []),
    ("place wrong", "à La Haye", "in the Hague", ["missing:La Haye"]),
    ("plural adjective", "les pays baltes", "the Baltic states", []),
    ("kurdish plural", "aux militants kurdes", "to Kurdish militants", []),
    ("plural of single word", "les alliés", "the allies", []),
    ("-eau plural", "les bureaux", "the offices", []),
    ("-al plural", "les journaux", "the newspapers", []),
    ("empty translation", "L'OTAN.", "", ["missing:OTAN"]),
    ("no terms", "Il pleut.", "It rains.", []),
    ("term at end with punctuation", "Il va à Kiev!", "He goes to Kyiv!", []),
    ("apostrophe s after target", "à Kiev", "Kyiv's mayor", []),
]


@pytest.mark.parametrize(("name", "source", "translation", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_check_verdict(name: str, source: str, translation: str, expected: list[str]) -> None:
    report = CHECKER.report([(1, 1, source, translation)], "sentence")
    found = sorted(f"{v.kind}:{v.source_term}" for v in report.violations)
    assert found == sorted(expected)
    assert report.ok is (not expected)


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 40


def test_the_report_lists_terms_in_glossary_order_whatever_the_text_order() -> None:
    report = CHECKER.check_documents("Bureau, Kiev, OTAN, allié et Kiev.", "Office, Kyiv, NATO.")
    assert [t.source for t in report.terms] == ["OTAN", "Kiev", "allié", "bureau"]
    assert [t.source_count for t in report.terms] == [1, 2, 1, 1]


def test_the_order_holds_for_equal_terms_that_are_other_objects() -> None:
    from translate.quality.check import in_glossary_order

    copies = {Term(t.source, t.target, t.variants, t.target_variants, t.forbidden,
                   t.case_sensitive, t.note, t.line, t.target_plural)
              for t in (GLOSSARY.terms[15], GLOSSARY.terms[2], GLOSSARY.terms[0])}
    assert [t.source for t in in_glossary_order(GLOSSARY.terms, copies)] == \
        ["OTAN", "Kiev", "journal"]
    assert in_glossary_order(GLOSSARY.terms, set()) == []
