"""`translate compare`: the delta's paired CI and p-value are sound and agree with each other.

The interval is checked against a paired bootstrap computed here with sacrebleu's public
``corpus_score`` on resampled sentence lists, and the per-system mean ± CI against
sacrebleu's own ``PairedTest``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from typer.testing import CliRunner

from tests.conftest import ROOT
from translate.cli import app
from translate.quality.compare import compare

RUNNER = CliRunner()
REFERENCE = (ROOT / "eval" / "sentences.en.txt").read_text(encoding="utf-8").splitlines()
FACTORIES = {"bleu": BLEU, "chrf": CHRF, "ter": TER}


def _degrade(lines: list[str], keep: float, seed: int) -> list[str]:
    """Each sentence with roughly ``1 - keep`` of its words dropped (deterministic)."""
    rng = random.Random(seed)
    out = []
    for line in lines:
        words = line.split()
        kept = [w for w in words if rng.random() < keep] or words[:1]
        out.append(" ".join(kept))
    return out


def _write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(tmp_path: Path, base: list[str], cand: list[str], *args: str) -> dict[str, dict[str, float]]:
    paths = [_write(tmp_path, "base.txt", base), _write(tmp_path, "cand.txt", cand),
             _write(tmp_path, "ref.txt", REFERENCE)]
    result = RUNNER.invoke(app, ["compare", *map(str, paths), "-f", "json", *args])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return {row["metric"]: row for row in data["rows"]} | {"_report": data}


@pytest.mark.parametrize("method", ["bs", "ar"])
def test_identical_systems_are_not_significant(tmp_path: Path, method: str) -> None:
    system = _degrade(REFERENCE, 0.7, 1)
    rows = _run(tmp_path, system, system, "-m", "bleu,chrf,ter", "--method", method,
                "--samples", "300")
    for metric in ("bleu", "chrf", "ter"):
        row = rows[metric]
        assert row["delta"] == 0.0
        assert row["p_value"] == 1.0
        assert (row["ci_low"], row["ci_high"]) == (0.0, 0.0)


def test_clearly_better_system_is_significant(tmp_path: Path) -> None:
    rows = _run(tmp_path, _degrade(REFERENCE, 0.4, 2), _degrade(REFERENCE, 0.95, 3),
                "-m", "bleu,chrf,ter")
    for metric in ("bleu", "chrf"):
        assert rows[metric]["ci_low"] > 0
        assert rows[metric]["p_value"] < 0.05
    assert rows["ter"]["ci_high"] < 0  # TER: lower is better
    assert rows["ter"]["p_value"] < 0.05


@pytest.mark.parametrize("metric", ["bleu", "chrf", "ter"])
def test_delta_ci_matches_an_independent_paired_bootstrap(metric: str) -> None:
    base, cand = _degrade(REFERENCE, 0.6, 4), _degrade(REFERENCE, 0.7, 5)
    samples, seed = 200, 7
    report = compare(base, cand, [REFERENCE], [metric], samples=samples, seed=seed)
    row = report.rows[0]
    rng = np.random.default_rng(seed)
    indices = rng.choice(len(REFERENCE), size=(samples, len(REFERENCE)), replace=True)
    deltas = []
    for pick in indices:
        refs = [[REFERENCE[i] for i in pick]]
        factory = FACTORIES[metric]
        deltas.append(factory().corpus_score([cand[i] for i in pick], refs).score
                      - factory().corpus_score([base[i] for i in pick], refs).score)
    ordered = sorted(deltas)
    # The 2.5% and 97.5% empirical quantiles: 5 of 200 resamples lie outside on each side.
    assert row.ci_low == pytest.approx(ordered[4], abs=1e-3)
    assert row.ci_high == pytest.approx(ordered[-5], abs=1e-3)
    crossing = min(sum(d <= 0 for d in deltas), sum(d >= 0 for d in deltas))
    assert row.p_value == pytest.approx(min(1.0, 2 * crossing / samples))
    assert row.delta == pytest.approx(FACTORIES[metric]().corpus_score(cand, [REFERENCE]).score
                                      - FACTORIES[metric]().corpus_score(base, [REFERENCE]).score)


def test_per_system_mean_and_ci_are_sacrebleus(monkeypatch: pytest.MonkeyPatch) -> None:
    from sacrebleu.significance import PairedTest

    monkeypatch.delenv("SACREBLEU_SEED", raising=False)
    base, cand = _degrade(REFERENCE, 0.6, 8), _degrade(REFERENCE, 0.8, 9)
    ours = compare(base, cand, [REFERENCE], ["bleu", "chrf"], samples=300, seed=12345)
    test = PairedTest([("b", base), ("c", cand)], {"BLEU": BLEU(), "chrF": CHRF()},
                      [REFERENCE], test_type="bs", n_samples=300)
    signatures, scores = test()
    for row, key in zip(ours.rows, ("BLEU", "chrF2")):
        baseline, candidate = scores[key]
        assert row.baseline_mean == pytest.approx(baseline.mean, abs=1e-4)
        assert row.baseline_ci == pytest.approx(baseline.ci, abs=1e-4)
        assert row.candidate_mean == pytest.approx(candidate.mean, abs=1e-4)
        assert row.candidate_ci == pytest.approx(candidate.ci, abs=1e-4)
        assert row.sacrebleu_p_value == pytest.approx(candidate.p_value)
        assert row.signature == str(signatures[key])


def test_p_value_and_ci_always_agree_on_significance() -> None:
    for trial in range(12):
        base = _degrade(REFERENCE, 0.6, 100 + trial)
        cand = _degrade(REFERENCE, 0.6 + 0.02 * trial, 200 + trial)
        for row in compare(base, cand, [REFERENCE], ["bleu", "chrf"], samples=200,
                           seed=trial).rows:
            assert row.ci_low is not None and row.ci_high is not None
            excludes_zero = row.ci_low > 0 or row.ci_high < 0
            assert row.significant == excludes_zero, row


@pytest.mark.parametrize("seed", ["0", "1", "4294967296"])
def test_every_seed_is_deterministic(tmp_path: Path, seed: str) -> None:
    base, cand = _degrade(REFERENCE, 0.6, 10), _degrade(REFERENCE, 0.7, 11)
    first = _run(tmp_path, base, cand, "--seed", seed, "--samples", "100")
    second = _run(tmp_path, base, cand, "--seed", seed, "--samples", "100")
    assert first == second
    assert first["_report"]["seed"] == int(seed)
    assert f"seed:{seed}" in first["bleu"]["signature"]


def test_seed_zero_differs_from_another_seed(tmp_path: Path) -> None:
    base, cand = _degrade(REFERENCE, 0.6, 12), _degrade(REFERENCE, 0.7, 13)
    zero = _run(tmp_path, base, cand, "--seed", "0", "--samples", "100")
    one = _run(tmp_path, base, cand, "--seed", "1", "--samples", "100")
    assert zero["bleu"]["ci_low"] != one["bleu"]["ci_low"]


@pytest.mark.parametrize("seed", ["-1", "abc", "1.5"])
def test_bad_seed_is_a_usage_error(tmp_path: Path, seed: str) -> None:
    path = _write(tmp_path, "x.txt", REFERENCE)
    result = RUNNER.invoke(app, ["compare", str(path), str(path), str(path), "--seed", seed])
    assert result.exit_code == 2
    assert "--seed" in result.output


@pytest.mark.parametrize(("method", "samples"), [("bs", 1000), ("ar", 10000)])
def test_default_resamples_are_sacrebleus(tmp_path: Path, method: str, samples: int) -> None:
    short = REFERENCE[:8]
    paths = [_write(tmp_path, "b.txt", _degrade(short, 0.5, 14)),
             _write(tmp_path, "c.txt", short), _write(tmp_path, "r.txt", short)]
    result = RUNNER.invoke(app, ["compare", *map(str, paths), "-m", "bleu", "--method", method,
                                 "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["samples"] == samples
    assert f"{method}:{samples}" in data["rows"][0]["signature"]
