"""`translate check` through typer's CliRunner: exit codes and output formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import GLOSSARY
from translate.cli import app

RUNNER = CliRunner()


def _files(tmp_path: Path, source: str, translation: str) -> tuple[str, str]:
    src = tmp_path / "src.txt"
    tgt = tmp_path / "tgt.txt"
    src.write_text(source, encoding="utf-8")
    tgt.write_text(translation, encoding="utf-8")
    return str(src), str(tgt)


@pytest.mark.parametrize(
    ("source", "translation", "code", "kinds"),
    [
        ("L'OTAN parle.\n\nÀ Kiev.", "NATO speaks.\n\nIn Kyiv.", 0, []),
        ("L'OTAN parle.\n\nÀ Kiev.", "The alliance speaks.\n\nIn Kyiv.", 1, ["missing"]),
        ("L'OTAN parle.\n\nÀ Kiev.", "NATO speaks.\n\nIn Kiev.", 1, ["forbidden", "missing"]),
        ("L'OTAN et l'OTAN.", "NATO and NATO.", 0, []),
    ],
)
def test_check_exit_codes_and_json(tmp_path: Path, source: str, translation: str, code: int,
                                   kinds: list[str]) -> None:
    src, tgt = _files(tmp_path, source, translation)
    result = RUNNER.invoke(app, ["check", src, tgt, "--glossary", str(GLOSSARY), "--format", "json"])
    assert result.exit_code == code, result.output
    data = json.loads(result.stdout)
    assert sorted(v["kind"] for v in data["violations"]) == kinds
    assert data["signature"]["sha256"]
    assert data["alignment"] == "sentence"
    for violation in data["violations"]:
        assert set(violation) == {"kind", "source_term", "expected", "found", "paragraph", "sentence",
                                  "source_text"}


def test_counts_per_term_in_json(tmp_path: Path) -> None:
    src, tgt = _files(tmp_path, "L'OTAN et l'OTAN.", "NATO and the alliance.")
    result = RUNNER.invoke(app, ["check", src, tgt, "-g", str(GLOSSARY), "-f", "json"])
    assert result.exit_code == 1
    terms = {t["source"]: t for t in json.loads(result.stdout)["terms"]}
    assert terms["OTAN"]["source_count"] == 2
    assert terms["OTAN"]["target_count"] == 1
    assert terms["OTAN"]["missing"] == 1


def test_document_level_when_structure_differs(tmp_path: Path) -> None:
    src, tgt = _files(tmp_path, "L'OTAN parle.\n\nÀ Kiev.", "NATO speaks in Kyiv.")
    result = RUNNER.invoke(app, ["check", src, tgt, "-g", str(GLOSSARY), "-f", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["alignment"] == "document"


def test_text_output_names_violations(tmp_path: Path) -> None:
    src, tgt = _files(tmp_path, "À Kiev.", "In Kiev.")
    result = RUNNER.invoke(app, ["check", src, tgt, "-g", str(GLOSSARY)])
    assert result.exit_code == 1
    assert "FORBIDDEN source term 'Kiev' rendered as 'Kiev'; use 'Kyiv'" in result.stdout
    assert "MISSING" in result.stdout
    # The count is said once (the report's last line), not again on stderr.
    count_lines = [line for line in (result.stdout + result.stderr).splitlines()
                   if "violation" in line]
    assert count_lines == ["2 violation(s)"], count_lines


@pytest.mark.parametrize(
    "problem",
    ["missing-file", "binary", "latin1", "bad-glossary"],
)
def test_bad_input_exits_2(tmp_path: Path, problem: str) -> None:
    src, tgt = _files(tmp_path, "L'OTAN.", "NATO.")
    glossary = str(GLOSSARY)
    if problem == "missing-file":
        tgt = str(tmp_path / "nope.txt")
    elif problem == "binary":
        Path(tgt).write_bytes(b"NATO\x00\x01")
    elif problem == "latin1":
        Path(src).write_bytes("L'OTAN à Kiev.".encode("latin-1"))
    else:
        bad = tmp_path / "bad.yaml"
        bad.write_text("terms:\n  - source: on\n    target: x\n")
        glossary = str(bad)
    result = RUNNER.invoke(app, ["check", src, tgt, "-g", glossary])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "error:" in result.stderr
