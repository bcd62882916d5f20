"""Output that reads the same way everywhere: counts as counts, headers on every column,
messages that say what to do."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import GLOSSARY
from translate.cli import app

RUNNER = CliRunner()


def _write(tmp_path: Path, name: str, lines: list[str]) -> str:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_forbidden_terms_is_a_count(tmp_path: Path) -> None:
    src = _write(tmp_path, "src.txt", ["À Kiev.", "Il pleut."])
    hyp = _write(tmp_path, "hyp.txt", ["In Kiev.", "It rains."])
    ref = _write(tmp_path, "ref.txt", ["In Kyiv.", "It rains."])
    result = RUNNER.invoke(app, ["eval", hyp, ref, "--source", src, "-g", str(GLOSSARY),
                                 "--mode", "lines"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith("forbidden_terms"))
    assert row.split()[1] == "1", row


def test_every_compare_column_has_a_header(tmp_path: Path) -> None:
    ref = _write(tmp_path, "ref.txt", ["NATO speaks.", "In Kyiv.", "It rains."])
    base = _write(tmp_path, "base.txt", ["It speaks.", "In Kiev.", "It rains."])
    cand = _write(tmp_path, "cand.txt", ["NATO speaks.", "In Kyiv.", "It rains."])
    result = RUNNER.invoke(app, ["compare", base, cand, ref, "--samples", "50", "--mode", "lines"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("metric"))
    columns = lines[header].split()
    row = lines[header + 2]
    assert columns[-1] == "verdict"
    assert row.split()[-1] in {"significant", "n.s."}


def test_gate_hint_names_an_option_that_accepts_the_metric(tmp_path: Path) -> None:
    gate = tmp_path / "gate.yaml"
    gate.write_text("thresholds:\n  - term_accuracy >= 1.0\n  - ter <= 90\n")
    hyp = _write(tmp_path, "hyp.txt", ["It rains."])
    result = RUNNER.invoke(app, ["eval", hyp, hyp, "--gate", str(gate), "--mode", "lines"])
    assert result.exit_code == 1
    term_line = next(line for line in result.stdout.splitlines() if "term_accuracy" in line)
    assert "--source" in term_line and "--metrics" not in term_line
    ter_line = next(line for line in result.stdout.splitlines() if line.startswith("FAIL  ter "))
    assert "add it to --metrics" in ter_line
    assert RUNNER.invoke(app, ["eval", hyp, hyp, "--metrics", "bleu,ter", "--mode", "lines"]
                         ).exit_code == 0


def test_suggest_without_candidates_says_why(tmp_path: Path) -> None:
    corpus = _write(tmp_path, "corpus.txt", ["Il pleut sur la ville.", "Le Parlement siège."])
    result = RUNNER.invoke(app, ["glossary", "suggest", corpus, "-g", str(GLOSSARY)])
    assert result.exit_code == 0, result.output
    assert "no candidates" in result.stdout and "--min-count" in result.stdout


def test_article_mode_says_when_paragraphs_are_scored_whole(tmp_path: Path) -> None:
    hyp = tmp_path / "hyp.txt"
    hyp.write_text("NATO speaks today and acts.\n\nIt rains.\n", encoding="utf-8")
    ref = tmp_path / "ref.txt"
    ref.write_text("NATO speaks today. It acts.\n\nIt rains.\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["eval", str(hyp), str(ref), "--mode", "article"])
    assert result.exit_code == 0, result.output
    assert "1 paragraph(s) scored whole" in result.stderr
    same = RUNNER.invoke(app, ["eval", str(ref), str(ref), "--mode", "article"])
    assert "0 paragraph(s) scored whole" in same.stderr
