"""Several glossaries from the CLI: warnings, lint across files, signatures, report spans."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from translate.cli import app

RUNNER = CliRunner()
DATA = Path(__file__).resolve().parent.parent / "data" / "glossary"
NEWS, DESK = DATA / "newsroom.yaml", DATA / "newsroom-desk.yaml"


def _pair(tmp_path: Path, source: str, translation: str) -> tuple[str, str]:
    (tmp_path / "fr.txt").write_text(source, encoding="utf-8")
    (tmp_path / "en.txt").write_text(translation, encoding="utf-8")
    return str(tmp_path / "fr.txt"), str(tmp_path / "en.txt")


def test_one_warning_line_per_conflicting_entry(tmp_path: Path) -> None:
    src, tgt = _pair(tmp_path, "L'OTAN se réunit.", "Nato meets.")
    result = RUNNER.invoke(app, ["check", src, tgt, "-g", str(NEWS), "-g", str(DESK)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 3
    assert any("'OTAN' → 'Nato' overrides" in w and "'NATO'" in w for w in warnings)
    assert any("forbids 'ceasefire'" in w for w in warnings)
    assert any("takes the variant 'GNL'" in w for w in warnings)
    alone = RUNNER.invoke(app, ["check", src, tgt, "-g", str(DESK)])
    assert not [line for line in alone.stderr.splitlines() if line.startswith("warning:")]


def test_order_decides_which_file_wins(tmp_path: Path) -> None:
    src, tgt = _pair(tmp_path, "L'OTAN se réunit.", "NATO meets.")
    desk_last = RUNNER.invoke(app, ["check", src, tgt, "-g", str(NEWS), "-g", str(DESK)])
    news_last = RUNNER.invoke(app, ["check", src, tgt, "-g", str(DESK), "-g", str(NEWS)])
    assert desk_last.exit_code == 1 and news_last.exit_code == 0


def test_signature_names_every_file_with_its_hash(tmp_path: Path) -> None:
    src, tgt = _pair(tmp_path, "L'OTAN se réunit.", "Nato meets.")
    result = RUNNER.invoke(app, ["check", src, tgt, "-g", str(NEWS), "-g", str(DESK), "-f", "json"])
    signature = json.loads(result.stdout)["signature"]
    files = [(Path(path).name, digest) for path, digest in signature["files"]]
    assert [name for name, _ in files] == ["newsroom.yaml", "newsroom-desk.yaml"]
    assert "newsroom.yaml" in signature["glossary"] and "newsroom-desk.yaml" in signature["glossary"]
    assert len({digest for _, digest in files}) == 2 and signature["sha256"] not in dict(files).values()
    assert all(len(digest) == 64 for _, digest in files)


def test_violation_keeps_the_source_span_treated_as_the_term(tmp_path: Path) -> None:
    src, tgt = _pair(tmp_path, "Douze chars d'assaut.", "Twelve vehicles.")
    result = RUNNER.invoke(app, ["check", src, tgt, "-g", str(NEWS), "-f", "json"])
    assert result.exit_code == 1
    violation = json.loads(result.stdout)["violations"][0]
    assert violation["source_text"] == "chars d'assaut"
    assert violation["expected"] == "tanks"


def test_lint_reports_cross_file_conflicts() -> None:
    result = RUNNER.invoke(app, ["glossary", "lint", str(NEWS), str(DESK)])
    assert result.exit_code == 0, result.output
    cross = [line for line in result.stdout.splitlines() if "[cross-file]" in line]
    assert len(cross) == 3
    assert "2 files: 3 cross-file conflict(s)" in result.stdout
    as_json = json.loads(RUNNER.invoke(app, ["glossary", "lint", str(NEWS), str(DESK), "-f",
                                             "json"]).stdout)
    assert len(as_json["files"]) == 2 and len(as_json["cross_file"]) == 3


def test_lint_suggests_case_sensitive_or_a_note_for_common_phrases(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("version: 1\nterms:\n  - source: maison blanche\n    target: White House\n"
                    "  - source: premier ministre\n    target: Prime Minister\n"
                    "    note: check the span\n  - source: char d'assaut\n    target: tank\n",
                    encoding="utf-8")
    result = RUNNER.invoke(app, ["glossary", "lint", str(path), "-f", "json"])
    assert result.exit_code == 0
    ambiguous = [i for i in json.loads(result.stdout)["issues"] if i["code"] == "ambiguous"]
    assert [i["line"] for i in ambiguous] == [3]
    assert "case_sensitive" in ambiguous[0]["message"] and "note" in ambiguous[0]["message"]


def test_target_plural_travels_through_csv(tmp_path: Path) -> None:
    out = tmp_path / "g.csv"
    result = RUNNER.invoke(app, ["glossary", "export", str(out), "--to", "csv", "-g", str(NEWS)])
    assert result.exit_code == 0, result.output
    assert "attorneys general" in out.read_text(encoding="utf-8")
    back = tmp_path / "back.yaml"
    assert RUNNER.invoke(app, ["glossary", "import", str(out), "--from", "csv", "-g",
                               str(back)]).exit_code == 0
    assert "target_plural: attorneys general" in back.read_text(encoding="utf-8")
    tbx = RUNNER.invoke(app, ["glossary", "export", str(tmp_path / "g.tbx"), "--to", "tbx",
                              "-g", str(NEWS)])
    assert "cannot carry target_plural" in tbx.stderr


def test_add_takes_a_target_plural(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("version: 1\nterms: []\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["glossary", "add", "porte-parole", "spokesperson",
                                 "--target-plural", "spokespeople", "-g", str(path)])
    assert result.exit_code == 0, result.output
    assert "target_plural: spokespeople" in path.read_text(encoding="utf-8")
    assert RUNNER.invoke(app, ["glossary", "lint", str(path)]).exit_code == 0
