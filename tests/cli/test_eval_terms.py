"""Terminology metrics of `translate eval`: plural rules, not-applicable, WMT21-strict, glossary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import GLOSSARY
from translate.cli import app

RUNNER = CliRunner()


def _write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _glossary(tmp_path: Path, entries: str) -> Path:
    path = tmp_path / "g.yaml"
    path.write_text("version: 1\nterms:\n" + entries, encoding="utf-8")
    return path


def _eval(tmp_path: Path, glossary: Path, src: list[str], hyp: list[str],
          ref: list[str] | None = None, *args: str) -> dict[str, object]:
    paths = [_write(tmp_path, "hyp.txt", hyp), _write(tmp_path, "ref.txt", ref or hyp)]
    result = RUNNER.invoke(app, ["eval", *map(str, paths), "--source",
                                 str(_write(tmp_path, "src.txt", src)), "-g", str(glossary),
                                 "-f", "json", "--mode", "lines", *args])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize(
    ("target", "singular_hyp", "plural_hyp"),
    [("space agency", "The space agency spoke.", "Both space agencies spoke."),
     ("tax", "The tax rose.", "The taxes rose."),
     ("coalition", "The coalition spoke.", "Both coalitions spoke."),
     ("ceasefire", "The ceasefire held.", "The ceasefires held.")],
)
def test_singular_and_plural_renderings_are_consistent(
        tmp_path: Path, target: str, singular_hyp: str, plural_hyp: str) -> None:
    glossary = _glossary(tmp_path, f"  - source: terme\n    target: {target}\n")
    data = _eval(tmp_path, glossary, ["Le terme parle.", "Les termes parlent."],
                 [singular_hyp, plural_hyp])
    scores = data["scores"]
    assert isinstance(scores, dict)
    assert scores["term_accuracy"] == 1.0
    assert scores["term_consistency"] == 1.0


def test_different_renderings_are_still_inconsistent(tmp_path: Path) -> None:
    glossary = _glossary(tmp_path, "  - source: ONU\n    target: UN\n"
                                   "    target_variants: [United Nations]\n")
    data = _eval(tmp_path, glossary, ["L'ONU parle.", "L'ONU agit."],
                 ["The UN speaks.", "The United Nations acts."])
    assert data["scores"]["term_consistency"] == 0.0  # type: ignore[index]


def test_no_terms_is_not_applicable_not_perfect(tmp_path: Path) -> None:
    data = _eval(tmp_path, GLOSSARY, ["Il pleut.", "Il fait beau."], ["It rains.", "It is sunny."])
    scores = data["scores"]
    assert isinstance(scores, dict)
    for metric in ("term_accuracy", "term_success_rate", "term_consistency"):
        assert scores[metric] is None
        assert "no glossary term" in data["not_applicable"][metric]  # type: ignore[index]
    assert scores["forbidden_terms"] == 0.0


def test_no_terms_passes_the_gate_as_not_applicable(tmp_path: Path) -> None:
    config = tmp_path / "q.yaml"
    config.write_text("thresholds:\n  - term_accuracy >= 1.0\n", encoding="utf-8")
    paths = [_write(tmp_path, "h.txt", ["It rains."]), _write(tmp_path, "s.txt", ["Il pleut."])]
    result = RUNNER.invoke(app, ["eval", str(paths[0]), str(paths[0]), "--source", str(paths[1]),
                                 "-g", str(GLOSSARY), "--gate", str(config)])
    assert result.exit_code == 0, result.output
    assert "not applicable" in result.stdout


# (id, source, hypothesis, reference, expected glossary accuracy, expected strict accuracy)
STRICT = [
    ("both agree", "L'OTAN parle.", "NATO speaks .", "NATO speaks .", 1.0, 1.0),
    ("punctuation glued", "L'OTAN parle.", "It was NATO.", "It was NATO .", 1.0, 0.0),
    ("case differs", "L'OTAN parle.", "nato speaks .", "NATO speaks .", 0.0, 0.0),
    ("plural not lemmatised", "Le cessez-le-feu tient.", "The ceasefires hold .",
     "The ceasefire holds .", 1.0, 0.0),
]


@pytest.mark.parametrize(("name", "src", "hyp", "ref", "ours", "strict"), STRICT,
                         ids=[s[0] for s in STRICT])
def test_wmt21_strict_follows_the_reference_evaluator(tmp_path: Path, name: str, src: str,
                                                      hyp: str, ref: str, ours: float,
                                                      strict: float) -> None:
    glossary = _glossary(tmp_path, "  - source: OTAN\n    target: NATO\n"
                                   "  - source: cessez-le-feu\n    target: ceasefire\n")
    default = _eval(tmp_path, glossary, [src], [hyp], [ref])
    wmt = _eval(tmp_path, glossary, [src], [hyp], [ref], "--term-metric", "wmt21-strict")
    assert default["scores"]["term_accuracy"] == ours  # type: ignore[index]
    assert wmt["scores"]["term_accuracy"] == strict  # type: ignore[index]
    assert "term-metric:wmt21-strict" in wmt["signatures"]["term_accuracy"]  # type: ignore[index]


def test_wmt21_strict_denominator_is_the_references_annotations(tmp_path: Path) -> None:
    glossary = _glossary(tmp_path, "  - source: OTAN\n    target: NATO\n")
    # Two source occurrences; the reference renders only one as the glossary says.
    data = _eval(tmp_path, glossary, ["L'OTAN et l'OTAN."], ["NATO and the alliance ."],
                 ["NATO and the alliance ."], "--term-metric", "wmt21-strict")
    assert data["details"]["term_accuracy"] == "1/1"  # type: ignore[index]
    ours = _eval(tmp_path, glossary, ["L'OTAN et l'OTAN."], ["NATO and the alliance ."],
                 ["NATO and the alliance ."])
    assert ours["details"]["term_accuracy"] == "1/2"  # type: ignore[index]


def test_unknown_term_metric_is_a_usage_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "h.txt", ["x"])
    result = RUNNER.invoke(app, ["eval", str(path), str(path), "--term-metric", "wmt23"])
    assert result.exit_code == 2
    assert "wmt21-strict" in result.stderr


def test_source_without_any_glossary_is_a_usage_error(tmp_path: Path) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("glossaries: []\n", encoding="utf-8")
    path = _write(tmp_path, "h.txt", ["NATO met."])
    src = _write(tmp_path, "s.txt", ["L'OTAN s'est réunie."])
    result = RUNNER.invoke(app, ["--config", str(settings), "eval", str(path), str(path),
                                 "--source", str(src)])
    assert result.exit_code == 2
    assert "--glossary" in result.stderr


def test_source_with_the_configured_glossary_says_which(tmp_path: Path) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text(f"glossaries:\n  - {GLOSSARY}\n", encoding="utf-8")
    path = _write(tmp_path, "h.txt", ["NATO met."])
    src = _write(tmp_path, "s.txt", ["L'OTAN s'est réunie."])
    result = RUNNER.invoke(app, ["--config", str(settings), "eval", str(path), str(path),
                                 "--source", str(src), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert f"configured glossary {GLOSSARY}" in result.stderr
    assert json.loads(result.stdout)["scores"]["term_accuracy"] == 1.0


def test_report_md_keeps_sacrebleus_signature(tmp_path: Path) -> None:
    from sacrebleu.metrics import BLEU

    path = _write(tmp_path, "h.txt", ["NATO met."])
    md = tmp_path / "summary.md"
    result = RUNNER.invoke(app, ["eval", str(path), str(path), "--report-md", str(md)])
    assert result.exit_code == 0, result.output
    bleu = BLEU()
    bleu.corpus_score(["NATO met."], [["NATO met."]])
    signature = str(bleu.get_signature())
    text = md.read_text(encoding="utf-8")
    assert "¦" not in text
    assert f"`{signature.replace('|', chr(92) + '|')}`" in text
    # Rendered (GFM unescapes \| inside the cell), the signature is sacrebleu's exactly.
    row = next(line for line in text.splitlines() if line.startswith("| bleu |"))
    cell = row.split(" | ")[2].removesuffix(" |").strip("`")
    assert cell.replace("\\|", "|") == signature


def test_baseline_with_not_applicable_scores_still_gates(tmp_path: Path) -> None:
    hyp = _write(tmp_path, "h.txt", ["It rains."])
    src = _write(tmp_path, "s.txt", ["Il pleut."])
    args = ["eval", str(hyp), str(hyp), "--source", str(src), "-g", str(GLOSSARY)]
    baseline = tmp_path / "baseline.json"
    baseline.write_text(RUNNER.invoke(app, [*args, "-f", "json"]).stdout, encoding="utf-8")
    assert json.loads(baseline.read_text())["scores"]["term_accuracy"] is None
    config = tmp_path / "q.yaml"
    config.write_text("baseline: baseline.json\nmax_regression:\n  chrf: 1\n  term_accuracy: 0\n",
                      encoding="utf-8")
    result = RUNNER.invoke(app, [*args, "--gate", str(config)])
    assert result.exit_code == 0, result.output
    assert "term_accuracy regression (not applicable" in result.stdout
