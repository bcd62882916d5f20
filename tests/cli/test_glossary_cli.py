"""`translate glossary`: editing, lint, interchange formats, coverage and suggestions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE, GLOSSARY, ROOT
from translate.cli import app
from translate.errors import GlossaryError
from translate.glossary.formats import FORMATS, get_format
from translate.glossary.schema import load_glossary

RUNNER = CliRunner()
DATA = ROOT / "tests" / "data" / "glossary"
HAND_WRITTEN = """\
# Newsroom glossary — hand-kept.
version: 1
source_lang: fr
target_lang: en

terms:
  # Organisations first.
  - source: OTAN          # the alliance
    target: NATO
    forbidden: [OTAN]

  - source: "La Haye"
    target: 'The Hague'
  # Places.
  - source: Kiev
    target: Kyiv
    forbidden:
      - Kiev
    note: >
      Ukrainian spelling.
# trailing comment
"""


@pytest.fixture
def hand_written(tmp_path: Path) -> Path:
    path = tmp_path / "hand.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    return path


def test_add_and_remove_keep_everything_else_byte_for_byte(hand_written: Path) -> None:
    result = RUNNER.invoke(app, ["glossary", "add", "Pays-Bas", "Netherlands", "--forbid", "Holland",
                                 "--note", "no article", "-g", str(hand_written)])
    assert result.exit_code == 0, result.output
    after_add = hand_written.read_text(encoding="utf-8")
    assert after_add.startswith(HAND_WRITTEN.rstrip("\n").rsplit("# trailing comment", 1)[0].rstrip())
    assert "  - source: Pays-Bas\n    target: Netherlands\n    forbidden: [Holland]\n" in after_add
    assert load_glossary(hand_written).terms[-1].note == "no article"

    result = RUNNER.invoke(app, ["glossary", "remove", "Pays-Bas", "-g", str(hand_written)])
    assert result.exit_code == 0, result.output
    assert hand_written.read_text(encoding="utf-8") == HAND_WRITTEN

    result = RUNNER.invoke(app, ["glossary", "remove", "la haye", "-g", str(hand_written)])
    assert result.exit_code == 0
    expected = HAND_WRITTEN.replace("""  - source: "La Haye"
    target: 'The Hague'
""", "")
    assert hand_written.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["otan", "N.A.T.O."], "'OTAN' → 'NATO'"),
        (["Kyiv", "Kiev"], "'Kiev' → 'Kyiv'"),
        (["Nouvelle", "NATO", "--forbid", "The Hague"], "'La Haye' → 'The Hague'"),
        (["Alliance", "Alliance", "--variant", "OTAN"], "'OTAN' → 'NATO'"),
    ],
    ids=["duplicate", "target-forbidden-elsewhere", "forbids-existing-target", "variant-duplicate"],
)
def test_duplicates_and_conflicts_are_refused_showing_the_entry(hand_written: Path, args: list[str],
                                                                shown: str) -> None:
    before = hand_written.read_text()
    result = RUNNER.invoke(app, ["glossary", "add", *args, "-g", str(hand_written)])
    assert result.exit_code == 2
    assert shown in result.stderr and "--force" in result.stderr
    assert hand_written.read_text() == before


def test_force_replaces_in_place(hand_written: Path) -> None:
    result = RUNNER.invoke(app, ["glossary", "add", "OTAN", "N.A.T.O.", "--force", "-g",
                                 str(hand_written)])
    assert result.exit_code == 0
    terms = load_glossary(hand_written).terms
    assert [t.source for t in terms] == ["OTAN", "La Haye", "Kiev"]
    assert terms[0].target == "N.A.T.O."
    text = hand_written.read_text()
    assert "# Organisations first." in text and "# Places." in text


def test_list_search_and_formats() -> None:
    result = RUNNER.invoke(app, ["glossary", "list", "-g", str(GLOSSARY), "--search", "kyiv",
                                 "-f", "json"])
    assert result.exit_code == 0
    assert [t["source"] for t in json.loads(result.stdout)] == ["Kiev"]
    as_csv = RUNNER.invoke(app, ["glossary", "list", "-g", str(GLOSSARY), "-f", "csv"])
    assert as_csv.stdout.splitlines()[0].startswith("source,target")
    text = RUNNER.invoke(app, ["glossary", "list", "-g", str(GLOSSARY)])
    assert "OTAN" in text.stdout and "entries" in text.stderr


LINT_FIXTURE = """\
version: 1
terms:
  - source: OTAN
    target: NATO
  - source: otan
    target: N.A.T.O.
  - source: OTAN
    target: NATO
  - source: Kiev
    target: Kyiv
    forbidden: [Kyiv]
  - source: Bruxelles
    target: Brussels
    forbidden: [NATO]
  - source: on
    target: we
  - source: Madrid
    target: Madrid
  - source: secrétaire général de l'OTAN
    target: NATO Secretary General
  - source: " Pays-Bas"
    target: Netherlands
  - source: "Ope\\u0301ration"
    target: Operation
  - source: La Haye
    target: The Hague
    colour: orange
"""


def test_lint_finds_every_problem_class(tmp_path: Path) -> None:
    path = tmp_path / "lint.yaml"
    path.write_text(LINT_FIXTURE, encoding="utf-8")
    result = RUNNER.invoke(app, ["glossary", "lint", "-g", str(path), "-f", "json"])
    assert result.exit_code == 1
    issues = json.loads(result.stdout)["issues"]
    found = {(i["code"], i["line"]) for i in issues}
    expected = {("conflict", 5), ("duplicate", 7), ("target-forbidden", 9),
                ("forbidden-is-target", 12), ("yaml11-boolean", 15), ("untranslated", 17),
                ("nested", 19), ("whitespace", 21), ("not-nfc", 23), ("schema", 25)}
    assert expected <= found
    severities = {i["code"]: i["severity"] for i in issues}
    assert severities["untranslated"] == "warning" and severities["duplicate"] == "error"


def test_lint_passes_the_shipped_glossary() -> None:
    result = RUNNER.invoke(app, ["glossary", "lint", "-g", str(GLOSSARY)])
    assert result.exit_code == 0
    assert "0 error(s), 0 warning(s)" in result.stdout


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("version: 1\nterms:\n  - source: Madrid\n    target: Madrid\n")
    result = RUNNER.invoke(app, ["glossary", "lint", "-g", str(path)])
    assert result.exit_code == 0
    assert "1 warning(s)" in result.stdout


def _carried(fmt: str, glossary_path: Path) -> list[tuple[object, ...]]:
    carries = sorted(get_format(fmt).carries)
    return [tuple(getattr(t, k) for k in carries) for t in load_glossary(glossary_path).terms]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_round_trip_of_the_shipped_glossary(tmp_path: Path, fmt: str) -> None:
    exported = tmp_path / f"out.{fmt}"
    result = RUNNER.invoke(app, ["glossary", "export", str(exported), "--to", fmt, "-g", str(GLOSSARY)])
    assert result.exit_code == 0, result.output
    carries = get_format(fmt).carries
    for field in ("variants", "target_variants", "forbidden", "note"):
        if field not in carries:
            assert f"cannot carry {field}" in result.stderr
    if "case_sensitive" not in carries:
        assert "case" in result.stderr
    imported = tmp_path / "back.yaml"
    result = RUNNER.invoke(app, ["glossary", "import", str(exported), "--from", fmt, "-g", str(imported)])
    assert result.exit_code == 0, result.output
    assert _carried(fmt, imported) == _carried(fmt, GLOSSARY)


HAND_FILES = {
    "csv": ("full.csv", [("OTAN, l'alliance", "NATO"), ("Pays-Bas", "Netherlands"), ("UE", "EU")]),
    "tsv": ("full.tsv", [("opération militaire spéciale", "special military operation"),
                         ("Kiev", "Kyiv")]),
    "deepl": ("deepl.csv", [("OTAN", "NATO"), ("Cour de justice, UE", "EU Court of Justice"),
                            ('le "sommet"', "the summit")]),
    "deepl-tsv": ("deepl.tsv", [("OTAN", "NATO"), ("La Haye", "The Hague"),
                                ("États-Unis", "United States")]),
    "google": ("google.csv", [("OTAN", "NATO"), ("Conseil de sécurité, ONU", "UN Security Council")]),
    "google-tsv": ("google.tsv", [("OTAN", "NATO"), ("Kiev", "Kyiv")]),
    "amazon": ("amazon.csv", [("OTAN", "NATO"), ("Crémiée, la", "Crimea")]),
    "amazon-tsv": ("amazon.tsv", [("OTAN", "NATO"), ("Biélorussie", "Belarus")]),
    "tbx": ("basic.tbx", [("Kiev", "Kyiv"), ("opération militaire spéciale", "special military operation")]),
}


@pytest.mark.parametrize("fmt", sorted(HAND_FILES))
def test_hand_written_files_import(tmp_path: Path, fmt: str) -> None:
    name, pairs = HAND_FILES[fmt]
    target = tmp_path / "g.yaml"
    result = RUNNER.invoke(app, ["glossary", "import", str(DATA / name), "--from", fmt, "-g", str(target)])
    assert result.exit_code == 0, result.output
    terms = load_glossary(target).terms
    assert [(t.source, t.target) for t in terms] == pairs


def test_full_fields_survive_hand_written_csv(tmp_path: Path) -> None:
    target = tmp_path / "g.yaml"
    RUNNER.invoke(app, ["glossary", "import", str(DATA / "full.csv"), "--from", "csv", "-g", str(target)])
    first, second, third = load_glossary(target).terms
    assert first.variants == ("Alliance atlantique", "OTAN") and first.forbidden == ("OTAN",)
    assert first.note == 'says "hello", twice'
    assert second.target_variants == ("the Netherlands",) and second.forbidden == ("Holland",)
    assert third.case_sensitive and third.note == "été"


def test_tbx_statuses_and_notes(tmp_path: Path) -> None:
    target = tmp_path / "g.yaml"
    RUNNER.invoke(app, ["glossary", "import", str(DATA / "basic.tbx"), "--from", "tbx", "-g", str(target)])
    kiev, smo = load_glossary(target).terms
    assert kiev.forbidden == ("Kiev",) and kiev.note == "Ukrainian spelling & house style"
    assert smo.variants == ("« opération spéciale »",)


@pytest.mark.parametrize(
    ("fmt", "content", "message"),
    [
        ("amazon", "OTAN,NATO\n", "header of language codes"),
        ("csv", "a,b\nOTAN,NATO\n", "header starting with source,target"),
        ("deepl", "OTAN,NATO,de,en\n", "expected fr→en"),
        ("google", "OTAN\n", "expected a source and a target"),
        ("tbx", "<tbx><text><body><conceptEntry>", "not valid XML"),
        ("tbx", '<!DOCTYPE x [<!ENTITY a "b">]><tbx/>', "entities"),
        ("yaml", "x", "unknown glossary format"),
    ],
)
def test_bad_interchange_files_exit_2(tmp_path: Path, fmt: str, content: str, message: str) -> None:
    source = tmp_path / "in.txt"
    source.write_text(content, encoding="utf-8")
    result = RUNNER.invoke(app, ["glossary", "import", str(source), "--from", fmt, "-g",
                                 str(tmp_path / "g.yaml")])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "g.yaml").exists()


def test_coverage_and_suggest(tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["glossary", "coverage", str(EXAMPLE), "-g", str(GLOSSARY), "-f", "json"])
    data = json.loads(result.stdout)
    counts = {c["source"]: c["occurrences"] for c in data["coverage"]}
    assert counts["OTAN"] == 5 and counts["armes lourdes"] == 3 and counts["Bruxelles"] == 0
    assert data["used"] == sum(1 for n in counts.values() if n)
    corpus = tmp_path / "c.txt"
    corpus.write_text("La Banque centrale européenne et la BCE. La Banque centrale européenne (BCE) agit. "
                      "L'OTAN et l'OTAN. Le CICR, le CICR.\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["glossary", "suggest", str(corpus), "-g", str(GLOSSARY), "-f", "json"])
    found = {s["phrase"]: s for s in json.loads(result.stdout)}
    assert found["Banque centrale européenne"]["count"] == 2
    assert found["BCE"]["kind"] == "acronym" and "CICR" in found
    assert "OTAN" not in found


def test_shipped_file_is_untouched_by_tests() -> None:
    assert shutil.which("git") is None or GLOSSARY.read_text().startswith("# Newsroom terminology")


# Files `check` and `run` refuse, and files they accept: lint must report an error exactly
# for the first ones (a glossary that lints clean must load).
AGREEMENT = [
    ("plain", "version: 1\nterms:\n  - source: OTAN\n    target: NATO\n", True),
    ("empty file", "", True),
    ("no terms", "version: 1\nterms:\n", True),
    ("version as text", 'version: "1"\nterms:\n  - source: OTAN\n    target: NATO\n', False),
    ("version 2", "version: 2\nterms:\n  - source: OTAN\n    target: NATO\n", False),
    ("language not text", "source_lang: 5\nterms:\n  - source: OTAN\n    target: NATO\n", False),
    ("empty language", "target_lang: ''\nterms:\n  - source: OTAN\n    target: NATO\n", False),
    ("unknown top field", "colour: red\nterms:\n  - source: OTAN\n    target: NATO\n", False),
    ("terms not a list", "terms: {OTAN: NATO}\n", False),
    ("variant repeats its source", "terms:\n  - source: OTAN\n    target: NATO\n"
     "    variants: [Otan]\n", False),
    ("variant repeats with another apostrophe", "terms:\n  - source: l'OTAN\n    target: NATO\n"
     "    variants: [\"l’OTAN\"]\n", False),
    ("same source twice", "terms:\n  - source: OTAN\n    target: NATO\n  - source: otan\n"
     "    target: NATO\n", False),
    ("a name and a word", "terms:\n  - source: Bush\n    target: Bush\n    case_sensitive: true\n"
     "  - source: bush\n    target: bush\n", True),
    ("two spellings of a name", "terms:\n  - source: Bush\n    target: Bush\n    case_sensitive: true\n"
     "  - source: BUSH\n    target: Bush\n    case_sensitive: true\n", True),
    ("missing target", "terms:\n  - source: OTAN\n", False),
    ("unknown entry field", "terms:\n  - source: OTAN\n    target: NATO\n    colour: red\n", False),
    ("YAML 1.1 boolean", "terms:\n  - source: on\n    target: we\n", False),
    ("top level a list", "- source: OTAN\n  target: NATO\n", False),
]


@pytest.mark.parametrize(("name", "text", "valid"), AGREEMENT, ids=[a[0] for a in AGREEMENT])
def test_lint_reports_an_error_exactly_where_check_refuses_the_file(
        tmp_path: Path, name: str, text: str, valid: bool) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_glossary(path)
        loads = True
    except GlossaryError:
        loads = False
    assert loads is valid
    result = RUNNER.invoke(app, ["glossary", "lint", "-g", str(path), "-f", "json"])
    errors = [i for i in json.loads(result.stdout)["issues"] if i["severity"] == "error"]
    assert (not errors) is valid, errors
    assert result.exit_code == (0 if valid else 1)
