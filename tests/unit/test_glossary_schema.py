"""Glossary loading: every malformed file is refused with file, line and a fix."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import GLOSSARY
from translate.errors import ExitCode, GlossaryError
from translate.glossary.schema import Glossary, Term, content_json, load_glossaries, load_glossary

HEADER = "version: 1\nsource_lang: fr\ntarget_lang: en\nterms:\n"

# (id, file body after the header, expected message fragment, expected line)
BAD: list[tuple[str, str, str, int | None]] = [
    ("duplicate key", "  - source: OTAN\n    target: NATO\n    target: UN\n", "duplicate key", 7),
    ("duplicate term", "  - source: OTAN\n    target: NATO\n  - source: otan\n    target: UN\n",
     "duplicate term", 7),
    ("duplicate via variant", "  - source: OTAN\n    target: NATO\n  - source: Alliance\n"
     "    target: Alliance\n    variants: [OTAN]\n", "duplicate term", 7),
    ("variant repeats its source", "  - source: OTAN\n    target: NATO\n    variants: [otan]\n",
     "duplicate term 'otan' (already on line 5 as 'OTAN')", 5),
    ("duplicate before a bad entry", "  - source: OTAN\n    target: NATO\n  - source: Otan\n"
     "    target: x\n  - source: ONU\n", "duplicate term", 7),
    ("bad entry before a duplicate", "  - source: OTAN\n    target: NATO\n  - source: ONU\n"
     "  - source: Otan\n    target: x\n", "missing target", 7),
    ("duplicate with curly quotes", "  - source: \"l'OTAN\"\n    target: NATO\n"
     "  - source: \"l’otan\"\n    target: x\n", "duplicate term", 7),
    ("python tag", "  - source: !!python/object/apply:os.system ['true']\n    target: x\n",
     "not allowed", 5),
    ("custom tag", "  - source: !foo OTAN\n    target: NATO\n", "not allowed", 5),
    ("unknown field", "  - source: OTAN\n    target: NATO\n    colour: blue\n", "unknown field", 5),
    ("missing target", "  - source: OTAN\n", "missing target", 5),
    ("target not string", "  - source: OTAN\n    target: 12\n", "must be a string", 5),
    ("empty source", "  - source: ''\n    target: NATO\n", "empty", 5),
    ("blank target", "  - source: OTAN\n    target: '   '\n", "empty", 5),
    ("variants not list", "  - source: OTAN\n    target: NATO\n    variants: {a: 1}\n",
     "list of strings", 5),
    ("empty variant", "  - source: OTAN\n    target: NATO\n    forbidden: ['']\n", "empty string", 5),
    ("case_sensitive not bool", "  - source: OTAN\n    target: NATO\n    case_sensitive: 'yes'\n",
     "true or false", 5),
    ("yaml 1.1 on", "  - source: on\n    target: we\n", "YAML 1.1 boolean", 5),
    ("yaml 1.1 no key", "  - source: non\n    target: no\n", "YAML 1.1 boolean", 6),
    ("term not mapping", "  - OTAN\n", "must be a mapping", None),
    ("bad yaml", "  - source: [OTAN\n    target: NATO\n", "", None),
]


@pytest.mark.parametrize(("name", "body", "message", "line"), BAD, ids=[b[0] for b in BAD])
def test_bad_glossaries_are_refused_with_location(tmp_path: Path, name: str, body: str,
                                                  message: str, line: int | None) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    text = str(caught.value)
    assert text.startswith(str(path))
    assert message in text
    if line is not None:
        assert f"{path}:{line}:" in text
    assert "\n" not in text
    assert caught.value.exit_code == ExitCode.BAD_INPUT


@pytest.mark.parametrize(
    ("top", "message"),
    [
        ("version: 2\nterms: []\n", "version must be 1"),
        ("version: 1\nsource_lang: fr\ntarget_lang: en\ncolour: red\nterms: []\n", "unknown field"),
        ("- a\n- b\n", "top level must be a mapping"),
        ("version: 1\nterms: {a: b}\n", "terms must be a list"),
    ],
)
def test_bad_top_level(tmp_path: Path, top: str, message: str) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(top)
    with pytest.raises(GlossaryError, match=message):
        load_glossary(path)


def test_wrong_language_pair(tmp_path: Path) -> None:
    path = tmp_path / "de.yaml"
    path.write_text("version: 1\nsource_lang: de\ntarget_lang: en\nterms: []\n")
    with pytest.raises(GlossaryError, match="de→en"):
        load_glossary(path, expect_pair=("fr", "en"))


def test_shipped_glossary_is_valid_and_large() -> None:
    glossary = load_glossary(GLOSSARY, expect_pair=("fr", "en"))
    assert len(glossary.terms) >= 40
    sources = {t.source for t in glossary.terms}
    for needed in ("OTAN", "opération militaire spéciale", "Kiev", "La Haye", "Pays-Bas",
                   "secrétaire général", "premier ministre", "présence avancée", "armes lourdes",
                   "armes à longue portée", "pays baltes", "militants kurdes", "ONU", "UE"):
        assert needed in sources


def test_hash_changes_with_content_and_merge_later_wins(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text(HEADER + "  - source: OTAN\n    target: NATO\n")
    b.write_text(HEADER + "  - source: OTAN\n    target: N.A.T.O.\n")
    ga, gb = load_glossary(a), load_glossary(b)
    assert ga.sha256 != gb.sha256
    merged = load_glossaries([a, b])
    assert merged is not None
    assert [t.target for t in merged.terms] == ["N.A.T.O."]


_yamlish = st.lists(st.sampled_from([
    "version: 1\n", "terms:\n", "  - source: OTAN\n", "    target: NATO\n", "    forbidden: [x]\n",
    "  - source: on\n", "    variants:\n", "      - a\n", "  - !!python/name:os.system\n", "&a x\n",
    "*a\n", "? complex\n", ": value\n", "    note: 'é'\n", "source_lang: fr\n", "- 1\n", "{a: [b}\n",
    "    case_sensitive: true\n", "<<: *a\n", "terms: []\n", "\t\n", "---\n", "...\n",
]), max_size=12).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=300), _yamlish))
def test_any_text_loads_or_raises_glossary_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_glossary(path)
    except GlossaryError:
        pass


# Where a YAML 1.1 tool reads a boolean: plain scalars only, in keys, values, block and flow
# sequences and flow mappings; quoted ones and longer words are text.
TRAP_CASES = [
    ("block value", "terms:\n  - source: oui\n    target: yes\n", [(3, "yes")]),
    ("flow mapping", "terms:\n  - {source: non, target: No}\n", [(2, "No")]),
    ("flow sequence", "terms:\n  - source: a\n    target: b\n    variants: [y, n]\n",
     [(4, "y"), (4, "n")]),
    ("block sequence", "terms:\n  - source: a\n    target: b\n    forbidden:\n      - OFF\n",
     [(5, "OFF")]),
    ("key", "terms:\n  - source: a\n    target: b\n    on: 1\n", [(4, "on")]),
    ("quoted", "terms:\n  - source: \"on\"\n    target: 'yes'\n", []),
    ("longer words", "terms:\n  - source: yesterday\n    target: nothing\n", []),
    ("block scalar", "terms:\n  - source: a\n    target: |\n      yes\n", []),
]


@pytest.mark.parametrize(("name", "text", "expected"), TRAP_CASES, ids=[c[0] for c in TRAP_CASES])
def test_lenient_loading_finds_the_same_boolean_traps_as_a_token_scan(
        name: str, text: str, expected: list[tuple[int, str]]) -> None:
    import yaml

    from translate.yamlsafe import YAML11_BOOLEANS, load_lenient

    scanned = [(token.start_mark.line + 1, token.value) for token in yaml.scan(text)
               if isinstance(token, yaml.ScalarToken) and token.plain
               and token.value.lower() in YAML11_BOOLEANS]
    _, traps = load_lenient(text, "g.yaml")
    assert sorted(traps) == sorted(scanned) == sorted(expected)


@given(st.text(), st.text(), st.integers(0, 10**6))
def test_a_plain_term_is_the_term_the_constructor_makes(source: str, target: str, line: int) -> None:
    from translate.glossary.schema import Term, plain_term

    made, quick = Term(source, target, line=line), plain_term(source, target, line)
    assert quick == made and hash(quick) == hash(made) and repr(quick) == repr(made)
    assert quick.to_dict() == made.to_dict() and quick.source_forms == (source,)



_texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)
_terms = st.builds(
    lambda source, target, variants, forbidden, case_sensitive, note, plural: Term(
        source, target, variants=tuple(variants), forbidden=tuple(forbidden),
        case_sensitive=case_sensitive, note=note, target_plural=plural),
    _texts, _texts, st.lists(_texts, max_size=2), st.lists(_texts, max_size=2), st.booleans(),
    st.one_of(st.just(""), _texts), st.one_of(st.just(""), _texts))


@settings(max_examples=200, deadline=None)
@given(st.lists(_terms, max_size=6), st.sampled_from(["fr", "de", "é\"\\"]))
def test_the_content_hash_covers_what_json_dumps_writes(terms: list[Term], source_lang: str) -> None:
    """The content hash (in every signature and cache key) is that of ``json.dumps`` of the
    languages and entries: writing most entries directly must give the same text."""
    expected = json.dumps({"source_lang": source_lang, "target_lang": "en",
                           "terms": [t.to_dict() for t in terms]},
                          ensure_ascii=False, sort_keys=True)
    assert content_json(terms, source_lang, "en") == expected
    assert Glossary.build(terms, source_lang).sha256 == \
        hashlib.sha256(expected.encode("utf-8")).hexdigest()
