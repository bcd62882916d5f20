"""`translate eval` and `translate compare`: sacrebleu parity, alignment checks, the gate."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from typer.testing import CliRunner

from tests.conftest import GLOSSARY, ROOT
from translate.cli import app

RUNNER = CliRunner()
EVAL = ROOT / "eval"

# (id, hypotheses, reference streams)
PARITY = [
    ("simple", ["The cat sat on the mat.", "NATO met in Kyiv."],
     [["The cat sat on the mat.", "NATO met in Kyiv on Tuesday."]]),
    ("multi-reference", ["The cat sat on a mat.", "Allies sent heavy weapons."],
     [["The cat sat on the mat.", "The allies sent heavy weapons."],
      ["A cat was sitting on the mat.", "Allies delivered heavy arms."]]),
    ("empty hypothesis line", ["", "The Baltic states asked for help.", ""],
     [["Nothing here.", "The Baltic states asked for help.", "Something."]]),
    ("unicode", ["Zelenskiy addressed « Parliament » — in Kyiv…", "Ceci n'est pas ✓ 😀"],
     [["Zelenskiy addressed “Parliament” – in Kyiv...", "This is not ✓ 😀"]]),
    ("one segment", ["exactly the same"], [["exactly the same"]]),
]


def _write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "hyps", "refs"), PARITY, ids=[p[0] for p in PARITY])
def test_scores_equal_sacrebleu_api(tmp_path: Path, name: str, hyps: list[str],
                                    refs: list[list[str]]) -> None:
    hyp = _write(tmp_path, "hyp.txt", hyps)
    ref_paths = [str(_write(tmp_path, f"ref{i}.txt", r)) for i, r in enumerate(refs)]
    result = RUNNER.invoke(app, ["eval", str(hyp), *ref_paths, "-m", "bleu,chrf,chrf++,ter",
                                 "--mode", "lines", "-f", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)["scores"]
    assert scores["bleu"] == BLEU().corpus_score(hyps, refs).score
    assert scores["chrf"] == CHRF().corpus_score(hyps, refs).score
    assert scores["chrf++"] == CHRF(word_order=2).corpus_score(hyps, refs).score
    assert scores["ter"] == TER().corpus_score(hyps, refs).score
    signatures = json.loads(result.stdout)["signatures"]
    bleu = BLEU()
    bleu.corpus_score(hyps, refs)
    assert signatures["bleu"] == str(bleu.get_signature())


@pytest.mark.parametrize(("name", "hyps", "refs"), PARITY[:3], ids=[p[0] for p in PARITY[:3]])
def test_scores_equal_sacrebleu_cli(tmp_path: Path, name: str, hyps: list[str],
                                    refs: list[list[str]]) -> None:
    hyp = _write(tmp_path, "hyp.txt", hyps)
    ref_paths = [str(_write(tmp_path, f"ref{i}.txt", r)) for i, r in enumerate(refs)]
    cli = subprocess.run([sys.executable, "-m", "sacrebleu", *ref_paths, "-i", str(hyp), "-m",
                          "bleu", "chrf", "-w", "4"], capture_output=True, text=True, check=True)
    theirs = {entry["name"]: entry["score"] for entry in json.loads(cli.stdout)}
    result = RUNNER.invoke(app, ["eval", str(hyp), *ref_paths, "--mode", "lines", "-f", "json"])
    ours = json.loads(result.stdout)["scores"]
    assert round(ours["bleu"], 4) == theirs["BLEU"]
    assert round(ours["chrf"], 4) == theirs["chrF2"]


@pytest.mark.parametrize(
    ("hyp_lines", "ref_lines", "message"),
    [
        (["a", "b"], ["a", "b", "c"], "has 3 lines but"),
        (["a", "b", "c"], ["a", "b"], "has 2 lines but"),
        ([], ["a"], "empty file"),
        (["a"], [], "empty file"),
    ],
)
def test_alignment_errors_exit_2(tmp_path: Path, hyp_lines: list[str], ref_lines: list[str],
                                 message: str) -> None:
    hyp = tmp_path / "hyp.txt"
    ref = tmp_path / "ref.txt"
    hyp.write_text("\n".join(hyp_lines) + ("\n" if hyp_lines else ""))
    ref.write_text("\n".join(ref_lines) + ("\n" if ref_lines else ""))
    result = RUNNER.invoke(app, ["eval", str(hyp), str(ref), "--mode", "lines"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_non_utf8_reference_exits_2(tmp_path: Path) -> None:
    hyp = _write(tmp_path, "hyp.txt", ["café"])
    ref = tmp_path / "ref.txt"
    ref.write_bytes("café\n".encode("latin-1"))
    result = RUNNER.invoke(app, ["eval", str(hyp), str(ref)])
    assert result.exit_code == 2
    assert "--encoding" in result.stderr


def test_article_mode_when_asked_is_aligned() -> None:
    result = RUNNER.invoke(app, ["eval", str(EVAL / "article.en.txt"), str(EVAL / "article.en.txt"),
                                 "--source", str(EVAL / "article.fr.txt"), "-g", str(GLOSSARY),
                                 "-f", "json", "--mode", "article"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["mode"] == "article"
    assert data["mode_automatic"] is False
    assert data["pairing"] == "paragraphs"
    assert data["sentences"] == 10
    assert data["scores"]["bleu"] == pytest.approx(100.0)
    assert data["scores"]["term_accuracy"] == 1.0
    assert data["details"]["term_accuracy"] == "23/23"


@pytest.mark.parametrize("name", ["article", "sentences"])
def test_shipped_references_follow_the_glossary(name: str) -> None:
    result = RUNNER.invoke(app, ["check", str(EVAL / f"{name}.fr.txt"), str(EVAL / f"{name}.en.txt"),
                                 "-g", str(GLOSSARY), "-f", "json"])
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["alignment"] == "sentence"


def test_evaluation_set_size() -> None:
    lines = (EVAL / "sentences.fr.txt").read_text().splitlines()
    assert len(lines) >= 30
    assert len(lines) == len((EVAL / "sentences.en.txt").read_text().splitlines())


def test_term_metrics_and_per_sentence_worst_first(tmp_path: Path) -> None:
    src = _write(tmp_path, "src.txt", ["L'OTAN et l'OTAN.", "À Kiev.", "Il pleut."])
    hyp = _write(tmp_path, "hyp.txt", ["NATO and NATOs.", "In Kiev.", "It rains."])
    ref = _write(tmp_path, "ref.txt", ["NATO and NATO.", "In Kyiv.", "It is raining."])
    result = RUNNER.invoke(app, ["eval", str(hyp), str(ref), "--source", str(src), "-g",
                                 str(GLOSSARY), "--per-sentence", "-f", "json", "--mode", "lines"])
    data = json.loads(result.stdout)
    assert data["scores"]["term_accuracy"] == pytest.approx(2 / 3)
    assert data["scores"]["term_success_rate"] == pytest.approx(1 / 2)
    assert data["scores"]["term_consistency"] == 1.0
    assert data["scores"]["forbidden_terms"] == 1.0
    rows = data["per_sentence"]
    assert rows[0]["index"] == 2 and rows[0]["term_misses"] == 1 and rows[0]["forbidden"] == 1


def test_inconsistent_renderings_lower_consistency(tmp_path: Path) -> None:
    glossary = tmp_path / "g.yaml"
    glossary.write_text("version: 1\nterms:\n  - source: ONU\n    target: UN\n"
                        "    target_variants: [United Nations]\n")
    src = _write(tmp_path, "src.txt", ["L'ONU parle.", "L'ONU agit."])
    hyp = _write(tmp_path, "hyp.txt", ["The UN speaks.", "The United Nations acts."])
    result = RUNNER.invoke(app, ["eval", str(hyp), str(hyp), "--source", str(src), "-g",
                                 str(glossary), "-f", "json", "--mode", "lines"])
    scores = json.loads(result.stdout)["scores"]
    assert scores["term_accuracy"] == 1.0
    assert scores["term_consistency"] == 0.0


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("thresholds:\n  - blue >= 3\n", ":2: unknown metric 'blue'"),
        ("thresholds:\n  - bleu => 3\n", ":2: cannot read threshold"),
        ("thresholds:\n  - bleu >= 3\n  - 42\n", ":3: threshold must be a string"),
        ("thresholds: 5\n", ":1: thresholds must be a list"),
        ("threshold:\n  - bleu >= 3\n", ":1: unknown key 'threshold'"),
        ("max_regression: {bleu: 1}\n", "needs a baseline"),
        ("baseline: missing.json\n", ":1: baseline"),
        ("thresholds:\n  - bleu >= 1\n  - bleu >= 1\nthresholds: []\n", "duplicate key"),
    ],
)
def test_gate_config_errors_exit_2_with_line(tmp_path: Path, config: str, message: str) -> None:
    path = tmp_path / "quality.yaml"
    path.write_text(config)
    hyp = _write(tmp_path, "hyp.txt", ["a"])
    result = RUNNER.invoke(app, ["eval", str(hyp), str(hyp), "--gate", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert str(path) in result.stderr


def test_gate_baseline_regression(tmp_path: Path) -> None:
    ref = _write(tmp_path, "ref.txt", ["The cat sat on the mat.", "NATO met in Kyiv."])
    good = _write(tmp_path, "good.txt", ["The cat sat on the mat.", "NATO met in Kyiv."])
    worse = _write(tmp_path, "worse.txt", ["A cat sat on a mat.", "NATO met Kyiv."])
    baseline = tmp_path / "baseline.json"
    baseline.write_text(RUNNER.invoke(app, ["eval", str(good), str(ref), "-f", "json"]).stdout)
    config = tmp_path / "q.yaml"
    config.write_text("baseline: baseline.json\nmax_regression:\n  bleu: 5\n  chrf: 5\n")
    assert RUNNER.invoke(app, ["eval", str(good), str(ref), "--gate", str(config)]).exit_code == 0
    failed = RUNNER.invoke(app, ["eval", str(worse), str(ref), "--gate", str(config)])
    assert failed.exit_code == 1
    assert "bleu >= baseline 100.00 - 5.0" in failed.stderr


def test_compare_is_deterministic_and_reports_delta(tmp_path: Path) -> None:
    src = _write(tmp_path, "src.txt", ["L'OTAN parle.", "À Kiev.", "Il pleut.", "L'OTAN agit."])
    ref = _write(tmp_path, "ref.txt", ["NATO speaks.", "In Kyiv.", "It rains.", "NATO acts."])
    base = _write(tmp_path, "base.txt", ["The alliance speaks.", "In Kiev.", "It rains.", "It acts."])
    cand = _write(tmp_path, "cand.txt", ["NATO speaks.", "In Kyiv.", "It rains.", "NATO acts."])
    args = ["compare", str(base), str(cand), str(ref), "--source", str(src), "-g", str(GLOSSARY),
            "--samples", "200", "-f", "json", "--mode", "lines"]
    first = RUNNER.invoke(app, args)
    second = RUNNER.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    rows = {r["metric"]: r for r in json.loads(first.stdout)["rows"]}
    assert rows["term_accuracy"]["baseline"] == 0.0
    assert rows["term_accuracy"]["candidate"] == 100.0
    assert rows["term_accuracy"]["delta"] == 100.0
    assert rows["chrf"]["delta"] > 0
    assert rows["bleu"]["p_value"] is not None
    other_seed = RUNNER.invoke(app, [*args, "--seed", "7"])
    assert other_seed.exit_code == 0


def test_report_md_is_written(tmp_path: Path) -> None:
    hyp = _write(tmp_path, "hyp.txt", ["NATO met."])
    md = tmp_path / "summary.md"
    config = ROOT / "configs" / "quality.yaml"
    result = RUNNER.invoke(app, ["eval", str(hyp), str(hyp), "--report-md", str(md), "--gate",
                                 str(config)])
    assert result.exit_code == 1  # term metrics need --source: the gate names what is missing
    assert "metric not computed" in result.stdout
    text = md.read_text()
    assert text.startswith("## Translation quality")
    assert "| chrf | 100 |" in text
