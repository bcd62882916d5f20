"""`translate check` verdicts a newsroom terminologist expects, one sentence per case.

The glossary (tests/data/glossary/newsroom.yaml) and every verdict were written from the
desk's house style, not from the code: each case names the rule it exercises. ``desk`` cases
use newsroom.yaml followed by newsroom-desk.yaml (the later file wins).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.glossary.schema import load_glossaries
from translate.quality.check import Checker

DATA = Path(__file__).resolve().parent.parent / "data" / "glossary"
NEWS = DATA / "newsroom.yaml"
DESK = DATA / "newsroom-desk.yaml"
CHECKERS = {
    "news": Checker(load_glossaries([NEWS])),  # type: ignore[arg-type]
    "desk": Checker(load_glossaries([NEWS, DESK])),  # type: ignore[arg-type]
}
OK: list[str] = []

# (glossary, source, translation, expected violations "kind:source term", reason)
CASES: list[tuple[str, str, str, list[str], str]] = [
    # --- French side: accents dropped on capitals (AFP / Le Monde house style) ---------------
    ("news", "LES ETATS-UNIS MENACENT", "THE UNITED STATES THREATENS", OK,
     "unaccented capital E stands for É in an all-caps headline"),
    ("news", "Les Etats-Unis ont voté.", "The United States voted.", OK,
     "Etats-Unis in running text is États-Unis"),
    ("news", "Les Etats-Unis ont voté.", "America voted.", ["missing:États-Unis"],
     "the unaccented form is matched, so a missing rendering is reported"),
    ("news", "LE CONSEIL DE SECURITE SE REUNIT", "SECURITY COUNCIL MEETS", OK,
     "every accent dropped on capitals, rendering in capitals"),
    ("news", "LE CONSEIL DE SECURITE SE REUNIT", "THE COUNCIL MEETS",
     ["missing:Conseil de sécurité"], "headline without the term's rendering"),
    ("news", "L'ETAT ISLAMIQUE REVENDIQUE L'ATTAQUE", "ISLAMIC STATE CLAIMS THE ATTACK", OK,
     "L'ETAT: elision and an unaccented capital"),
    ("news", "L'ETAT ISLAMIQUE REVENDIQUE L'ATTAQUE", "ISIS CLAIMS THE ATTACK",
     ["forbidden:État islamique", "missing:État islamique"],
     "forbidden acronym in a headline, and the term not rendered"),
    ("news", "l’ETAT ISLAMIQUE", "ISLAMIC STATE", OK, "curly apostrophe before capitals"),
    ("news", "A Bruxelles, les Vingt-Sept discutent.", "In Brussels, the 27 are talking.", OK,
     "A for À at the start of a sentence does not hide the next term"),
    ("news", "A Bruxelles, les Vingt-Sept discutent.", "In Bruxelles, the 27 are talking.",
     ["missing:Bruxelles"], "French spelling of the city left in English"),
    ("news", "ARMES A FEU SAISIES A BRUXELLES", "FIREARMS SEIZED IN BRUSSELS", OK,
     "A for à inside a term (armes à feu), plural, all caps"),
    ("news", "ARMES A FEU SAISIES", "WEAPONS SEIZED", ["missing:arme à feu"],
     "the unaccented term is matched and its rendering is missing"),
    ("news", "À Bruxelles, rien de neuf.", "In Brussels, nothing new.", OK,
     "accented capital À"),
    ("news", "Un pêcheur a disparu.", "A fisherman went missing.", OK, "pêcheur as written"),
    ("news", "Un pécheur repenti.", "A repentant sinner.", OK,
     "pécheur (sinner) is another word: accents on lower-case letters count"),
    ("news", "UN PECHEUR DISPARU AU LARGE DE BREST", "FISHERMAN MISSING OFF BREST", OK,
     "PECHEUR in capitals stands for pêcheur"),
    ("news", "UN PECHEUR DISPARU", "SINNER MISSING", ["missing:pêcheur"],
     "in capitals PECHEUR is read as the glossary's pêcheur"),
    ("news", "Un pecheur a disparu.", "A sinner went missing.", OK,
     "a lower-case unaccented e is not ê: no glossary term"),
    ("news", "La zone de pêche est fermée.", "The fishing zone is closed.", OK,
     "pêche as written"),
    ("news", "La zone de péché.", "The zone of sin.", OK, "péché is not pêche"),
    ("news", "LA ZONE DE PECHE EST FERMEE", "FISHING ZONE CLOSED", OK,
     "PECHE in capitals stands for pêche"),
    ("news", "LA ZONE DE PECHE EST FERMEE", "ZONE CLOSED", ["missing:zone de pêche"],
     "matched in capitals, rendering missing"),
    ("news", "La zone de peche est fermée.", "The zone is closed.", OK,
     "lower-case peche is neither pêche nor péché"),
    ("news", "Le Conseil de Securite s'est réuni.", "The council met.", OK,
     "Securite: only the capital may drop its accent, so this is not the term"),
    ("news", "ÉTATS-UNIS : LA FED RELÈVE SES TAUX", "UNITED STATES: FED RAISES RATES", OK,
     "accented capitals still match"),
    ("news", "L'État islamique a revendiqué l'attentat.",
     "Islamic State claimed the attack.", OK, "the term as written"),
    # --- French side: feminine and plural agreement -------------------------------------------
    ("news", "L'envoyé spécial est arrivé.", "The special envoy arrived.", OK, "as written"),
    ("news", "L'envoyée spéciale est arrivée.", "The special envoy arrived.", OK,
     "feminine -é/-ée and -al/-ale"),
    ("news", "L'envoyée spéciale est arrivée.", "The envoy arrived.", ["missing:envoyé spécial"],
     "the feminine is matched, so its missing rendering is reported"),
    ("news", "Les envoyés spéciaux sont arrivés.", "The special envoys arrived.", OK,
     "masculine plural -aux"),
    ("news", "Les envoyées spéciales sont arrivées.", "The special envoys arrived.", OK,
     "feminine plural -ées/-ales"),
    ("news", "Les envoyées spéciales sont arrivées.", "The envoys arrived.",
     ["missing:envoyé spécial"], "feminine plural matched, rendering missing"),
    ("news", "La directrice générale a démissionné.", "The director general resigned.", OK,
     "-teur/-trice"),
    ("news", "Les directrices générales ont démissionné.", "The directors general resigned.",
     OK, "feminine plural, target_plural"),
    ("news", "Les directeurs généraux ont démissionné.", "The directors general resigned.", OK,
     "-al/-aux, irregular English plural from target_plural"),
    ("news", "Le directeur général a parlé.", "The director-general spoke.",
     ["missing:directeur général"], "English rendering matches as written: hyphen is not space"),
    ("news", "La procureure générale a requis.", "The attorney general asked.", OK,
     "irregular feminine given as a variant"),
    ("news", "Les procureures générales ont requis.", "The attorneys general asked.", OK,
     "plural of a variant"),
    ("news", "Les procureurs généraux ont requis.", "The attorneys general asked.", OK,
     "target_plural"),
    ("news", "Les procureurs généraux ont requis.", "The attorney generals asked.",
     ["missing:procureur général"], "a plural the house does not accept"),
    ("news", "Deux pêcheurs ont disparu.", "Two fishermen went missing.", OK,
     "target_plural fishermen"),
    ("news", "Deux pêcheuses ont disparu.", "Two fishermen went missing.", OK,
     "-eur/-euse"),
    ("news", "Deux pêcheurs ont disparu.", "Two fishermans went missing.", ["missing:pêcheur"],
     "a regular -s on an irregular plural is not the rendering"),
    ("news", "La ministre des Affaires étrangères a parlé.", "The foreign minister spoke.", OK,
     "epicene ministre; the complement does not agree"),
    ("news", "Les ministres des Affaires étrangères se réunissent.",
     "The foreign ministers meet.", OK, "plural head, complement unchanged"),
    ("news", "Quatre envoyés spéciaux et une envoyée spéciale.",
     "Four special envoys and a special envoy.", OK, "two occurrences, two renderings"),
    ("news", "Quatre envoyés spéciaux et une envoyée spéciale.", "Four special envoys and another.",
     ["missing:envoyé spécial"], "each occurrence needs its own rendering"),
    # --- number reaches the target -------------------------------------------------------------
    ("news", "Douze chars d'assaut ont franchi la frontière.", "Twelve tanks crossed the border.",
     OK, "plural source, plural rendering"),
    ("news", "Douze chars d'assaut ont franchi la frontière.", "Twelve tank crossed the border.",
     OK, "check accepts a singular rendering for a plural source (enforcement places plural)"),
    ("news", "Un char d'assaut a été détruit.", "A tank was destroyed.", OK, "singular"),
    ("news", "Un char d'assaut a été détruit.", "A vehicle was destroyed.",
     ["missing:char d'assaut"], "rendering missing"),
    ("news", "Quatre missiles de croisière ont été tirés.", "Four cruise missiles were fired.",
     OK, "head plural, complement de croisière unchanged"),
    ("news", "Quatre missiles de croisière ont été tirés.", "Four missiles were fired.",
     ["missing:missile de croisière"], "partial rendering is not the rendering"),
    ("news", "Des missiles de croisière et des chars d'assaut.", "Cruise missiles and tanks.", OK,
     "two plural terms"),
    ("news", "Deux chars d'assaut, puis un char d'assaut.", "Two tanks, then one tank.", OK,
     "plural and singular occurrences of one term"),
    ("news", "Deux chars d'assaut, puis un char d'assaut.", "Two tanks, then another.",
     ["missing:char d'assaut"], "two occurrences need two renderings"),
    ("news", "Des armes à feu ont été saisies.", "Firearms were seized.", OK, "plural"),
    ("news", "Une arme à feu a été saisie.", "A gun was seized.", ["missing:arme à feu"],
     "a synonym is not the house rendering"),
    ("news", "Les zones de pêche sont fermées.", "The fishing zones are closed.", OK, "plural"),
    ("news", "Les cessez-le-feu successifs ont échoué.", "Successive ceasefires failed.", OK,
     "invariable French noun, plural English accepted"),
    ("news", "Trois directeurs généraux.", "Three directors general.", OK, "target_plural"),
    ("news", "Trois directeurs généraux.", "Three director generals.",
     ["missing:directeur général"], "regular plural of the last word is not the house plural"),
    # --- French side: case-sensitive entries, elision, typography -------------------------------
    ("news", "La Maison-Blanche a réagi.", "The White House reacted.", OK, "case-sensitive name"),
    ("news", "Une maison blanche au bord de l'eau.", "A white house by the water.", OK,
     "lower-case common phrase is not the case-sensitive term"),
    ("news", "LA MAISON-BLANCHE REAGIT", "WHITE HOUSE REACTS", OK,
     "all-caps headline: case carries no information, the case-sensitive term matches"),
    ("news", "LA MAISON-BLANCHE REAGIT", "HOUSE REACTS", ["missing:Maison-Blanche"],
     "and its rendering is required there"),
    ("news", "La Maison Blanche a réagi.", "The White House reacted.", OK,
     "French side: hyphen and space are the same"),
    ("news", "Le prix d'envoyés spéciaux.", "The price of special envoys.", OK,
     "elision d' before a plural term"),
    ("news", "L'OTAN et les Etats-Unis.", "NATO and the United States.", OK, "two terms"),
    ("news", "Le Conseil de sécu\u00adrité.", "The Security Council.", OK,
     "soft hyphen inside a source term"),
    ("news", "Les Etats-\u200bUnis.", "The United States.", OK, "zero-width space in the source"),
    ("news", "Des missiles\u00a0de croisière.", "Cruise missiles.", OK, "NBSP in the source"),
    ("news", "BRUXELLES\u202f: RÉUNION", "BRUSSELS: MEETING", OK,
     "narrow NBSP before a colon"),
    ("news", "\ufeffL'OTAN se réunit.", "NATO meets.", OK, "BOM before the source"),
    # --- English side: headline casing ---------------------------------------------------------
    ("news", "Le Conseil de sécurité se réunit.", "SECURITY COUNCIL MEETS", OK,
     "all-caps headline holds the rendering in capitals"),
    ("news", "BRUXELLES : L'UE SANCTIONNE MOSCOU", "BRUSSELS: EU SANCTIONS MOSCOW", OK,
     "all caps, two terms, target variant EU"),
    ("news", "Bruxelles : l'UE sanctionne Moscou", "Brussels: EU Sanctions Moscow", OK,
     "title-case headline"),
    ("news", "Le prix du gaz naturel liquéfié s'envole", "Liquefied Natural Gas Price Soars", OK,
     "title case: every word of the rendering capitalised"),
    ("news", "Le prix du gaz naturel liquéfié s'envole", "Liquefied Natural Price Soars",
     ["missing:gaz naturel liquéfié"], "title case does not excuse a missing word"),
    ("news", "Le prix du GNL s'envole", "LNG PRICE SOARS", OK, "variant and target variant"),
    ("news", "L'envoyé spécial arrive à Kiev", "Special Envoy Arrives In Kyiv", OK,
     "title case with the rendering mid-headline"),
    ("news", "L'envoyé spécial arrive", "THE SPECIAL ENVOY ARRIVES", OK, "all caps"),
    ("news", "Le prix du gaz naturel liquéfié a augmenté.",
     "The price of Liquefied Natural Gas rose.", ["missing:gaz naturel liquéfié"],
     "running text: house style writes the rendering in lower case"),
    ("news", "L'OTAN se réunit.", "Nato meets.", ["missing:OTAN"],
     "the acronym's case is part of the rendering"),
    ("news", "L'OTAN SE REUNIT", "NATO MEETS", OK, "all caps"),
    ("news", "Douze chars d'assaut arrivent", "TWELVE TANKS ARRIVE", OK,
     "lower-case rendering in an all-caps headline"),
    ("news", "Douze chars d'assaut arrivent", "Twelve Tanks Arrive At The Border", OK,
     "title case, plural"),
    ("news", "Le Conseil de sécurité se réunit.", "The SECURITY COUNCIL meets.",
     ["missing:Conseil de sécurité"], "capitals in running text are not the rendering"),
    ("news", "Un missile de croisière frappe Kiev", "Cruise Missile Hits Kyiv Suburb", OK,
     "title case"),
    ("news", "Un missile de croisière frappe Kiev", "CRUISE MISSILE HITS KYIV", OK, "all caps"),
    ("news", "Le cessez-le-feu tient", "CEASE-FIRE HOLDS",
     ["forbidden:cessez-le-feu", "missing:cessez-le-feu"],
     "a forbidden rendering is forbidden in capitals too"),
    # --- English side: invisible characters and spaces -----------------------------------------
    ("news", "L'OTAN se réunit.", "NA\u00adTO meets.", OK, "soft hyphen inside the rendering"),
    ("news", "Le Conseil de sécurité.", "The Security\u00a0Council.", OK, "NBSP is a space"),
    ("news", "Le Conseil de sécurité.", "The Security\u202fCouncil.", OK,
     "narrow NBSP is a space"),
    ("news", "L'OTAN se réunit.", "\ufeffNATO meets.", OK, "BOM"),
    ("news", "Les États-Unis.", "The Uni\u200bted States.", OK, "zero-width space in a word"),
    ("news", "L'envoyé spécial.", "The special\u2060 envoy.", OK, "word joiner"),
    ("news", "Le cessez-le-feu.", "The cease\u00adfire.", OK,
     "soft hyphen is invisible, not a hyphen"),
    ("news", "Le cessez-le-feu.", "The cease\u2011fire.",
     ["forbidden:cessez-le-feu", "missing:cessez-le-feu"],
     "a non-breaking hyphen is a hyphen"),
    ("news", "Le Conseil de sécurité.", "The Security\u200d Council.", OK,
     "zero-width joiner"),
    # --- English side: forbidden renderings match as written ------------------------------------
    ("news", "Il a ordonné le cessez-le-feu.", "He ordered a ceasefire.", OK, "house rendering"),
    ("news", "Il leur a ordonné de cesser le feu.", "He ordered them to cease fire.", OK,
     "cease fire (a verb phrase) is not the forbidden cease-fire"),
    ("news", "Le cessez-le-feu tient.", "The cease-fire holds.",
     ["forbidden:cessez-le-feu", "missing:cessez-le-feu"], "forbidden spelling"),
    ("news", "Le cessez-le-feu tient.", "The ceasefire holds, unlike earlier cease-fires.",
     ["forbidden:cessez-le-feu"], "the plural of a forbidden spelling is that spelling"),
    ("news", "L'attaque de l'État islamique.", "The Islamic State (ISIS) attack.",
     ["forbidden:État islamique"], "forbidden acronym next to the right rendering"),
    ("news", "L'attaque a fait dix morts.", "The ISIS attack killed ten.",
     ["forbidden:État islamique"], "forbidden even without the source term"),
    ("news", "L'OTAN se réunit.", "NATO (OTAN in French) meets.", ["forbidden:OTAN"],
     "the French acronym left in the English"),
    ("news", "Les ministres des Affaires étrangères.", "The Foreign Affairs Ministers.",
     ["forbidden:ministre des Affaires étrangères", "missing:ministre des Affaires étrangères"],
     "plural of a forbidden rendering"),
    ("news", "Le ministre des Affaires étrangères.", "The foreign affairs minister.",
     ["forbidden:ministre des Affaires étrangères", "missing:ministre des Affaires étrangères"],
     "forbidden renderings ignore case"),
    ("news", "La crise s'aggrave.", "The crisis deepens.", OK,
     "ISIS inside crisis is not the word"),
    ("news", "Une attaque.", "An ISIS-linked attack.", ["forbidden:État islamique"],
     "a hyphen compound holds the forbidden word"),
    # --- several glossaries: the later file wins ------------------------------------------------
    ("desk", "L'OTAN se réunit.", "Nato meets.", OK, "the desk's rendering wins"),
    ("desk", "L'OTAN se réunit.", "NATO meets.", ["forbidden:OTAN", "missing:OTAN"],
     "the desk forbids the newsroom's rendering"),
    ("desk", "Le prix du GNL s'envole.", "The LNG price soars.", OK,
     "GNL is the desk's own entry now"),
    ("desk", "Le prix du GNL s'envole.", "The liquefied natural gas price soars.",
     ["missing:GNL"], "the later file took the variant GNL from the earlier entry"),
    ("desk", "Le prix du gaz naturel liquéfié.", "The price of liquefied natural gas.", OK,
     "the earlier entry keeps its other forms"),
    ("desk", "La trêve tient.", "The truce holds.", OK, "the desk's entry"),
    ("desk", "Le cessez-le-feu tient.", "The ceasefire holds.", ["forbidden:trêve"],
     "the desk forbids ceasefire, so the newsroom entry that requires it is dropped"),
    ("desk", "L'OTAN et les États-Unis.", "Nato and the United States.", OK,
     "entries of the earlier file the desk does not touch still apply"),
]


@pytest.mark.parametrize(("glossary", "source", "translation", "expected", "reason"), CASES,
                         ids=[f"{n:03d}-{c[4][:40]}" for n, c in enumerate(CASES)])
def test_newsroom_verdict(glossary: str, source: str, translation: str, expected: list[str],
                          reason: str) -> None:
    report = CHECKERS[glossary].report([(1, 1, source, translation)], "sentence")
    found = sorted(f"{v.kind}:{v.source_term}" for v in report.violations)
    assert found == sorted(expected), reason


def test_table_covers_enough_cases_with_reasons() -> None:
    assert len(CASES) >= 100
    assert all(reason.strip() for *_, reason in CASES)
    assert len({(c[0], c[1], c[2]) for c in CASES}) == len(CASES)


def test_glossary_has_the_terminologists_entries() -> None:
    glossary = CHECKERS["news"].glossary
    assert 18 <= len(glossary.terms) <= 20
    assert any(t.target_plural for t in glossary.terms)
    assert any(t.case_sensitive for t in glossary.terms)
