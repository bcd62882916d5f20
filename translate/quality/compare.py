"""A/B comparison of two systems with paired significance tests.

The delta's 95% interval and its p-value come from the *same* paired resamples, so they agree
on significance: ``bs`` (paired bootstrap, default 1,000 resamples as in sacrebleu) draws
sentence indices once with sacrebleu's generator (``numpy.random.default_rng(seed).choice``)
and scores both systems on each resample from sacrebleu's sufficient statistics. Then

* the CI is the 2.5%/97.5% percentile range of the resampled deltas
  (indices ``k`` and ``n-1-k`` of the sorted deltas, ``k = ⌈n/40⌉ - 1``);
* the two-sided p-value is ``min(1, 2·min(#δ*≤0, #δ*≥0)/n)``, so that ``p < 0.05`` exactly
  when the CI excludes 0; identical systems give p = 1 and CI [0, 0].

Beside it sits sacrebleu's own per-system mean ± 95% CI (``estimate_ci`` on the same
resamples; equal to ``sacrebleu --paired-bs`` for the same seed) and sacrebleu's p-value, for
reference. ``ar`` (approximate randomisation, default 10,000 trials) gives the p-value with
ties counted as at least as extreme (so identical systems get 1.0, where sacrebleu's CLI says
0.0001); its CI comes from a paired bootstrap of 1,000 resamples. Term accuracy always uses
the paired bootstrap. Seeds are any integer ≥ 0, 0 included (sacrebleu reads 0 as "no seed").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from translate.errors import EvaluationError
from translate.quality.metrics import METRICS
from translate.quality.options import SacrebleuOptions

if TYPE_CHECKING:
    import numpy as np

    from translate.glossary.schema import Glossary

DEFAULT_SAMPLES = {"bs": 1000, "ar": 10000}
METHODS = tuple(DEFAULT_SAMPLES)
ALPHA = 0.05


@dataclass(frozen=True)
class MetricDelta:
    """Baseline vs candidate for one metric.

    ``ci_low``/``ci_high`` bound the candidate − baseline delta; ``*_mean`` ± ``*_ci`` are
    sacrebleu's per-system bootstrap estimates.
    """

    metric: str
    baseline: float | None
    candidate: float | None
    delta: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    signature: str
    baseline_mean: float | None = None
    baseline_ci: float | None = None
    candidate_mean: float | None = None
    candidate_ci: float | None = None
    sacrebleu_p_value: float | None = None
    note: str = ""

    @property
    def significant(self) -> bool:
        """p < 0.05."""
        return self.p_value is not None and self.p_value < ALPHA


@dataclass(frozen=True)
class CompareReport:
    """Every metric's delta, with the test used."""

    method: str
    samples: int
    seed: int
    rows: tuple[MetricDelta, ...]


def percentile_index(samples: int) -> int:
    """Index of the 2.5% bound in ``samples`` sorted resamples (dual to the p-value)."""
    return max(0, (samples + 39) // 40 - 1)


def delta_interval(deltas: np.ndarray) -> tuple[float, float, float]:
    """(CI low, CI high, two-sided p) of resampled deltas; p < 0.05 ⇔ 0 outside the CI."""
    import numpy as np

    ordered = np.sort(deltas)
    n = len(ordered)
    k = percentile_index(n)
    below = int(np.sum(ordered <= 0))
    above = int(np.sum(ordered >= 0))
    return float(ordered[k]), float(ordered[n - 1 - k]), min(1.0, 2 * min(below, above) / n)


def check_seed(seed: int) -> int:
    """Seeds are integers ≥ 0 (every one of them deterministic)."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise EvaluationError(f"invalid seed {seed!r}; give an integer ≥ 0")
    return seed


def compare(baseline: Sequence[str], candidate: Sequence[str], references: Sequence[Sequence[str]],
            metrics: Sequence[str], sources: Sequence[str] | None = None,
            glossary: Glossary | None = None, method: str = "bs", samples: int | None = None,
            seed: int = 12345, options: SacrebleuOptions | None = None) -> CompareReport:
    """Paired significance test of ``candidate`` against ``baseline``."""
    import numpy as np

    if method not in METHODS:
        raise EvaluationError(f"unknown method {method!r}; use bs or ar")
    check_seed(seed)
    n_samples = DEFAULT_SAMPLES[method] if samples is None else samples
    if n_samples < 10:
        raise EvaluationError(f"--samples must be at least 10, got {n_samples}")
    options = options or SacrebleuOptions()
    size = len(baseline)
    rng = np.random.default_rng(seed)
    flips = None
    if method == "ar":
        # Drawn before the bootstrap indices, in sacrebleu's order.
        flips = rng.integers(2, size=(n_samples, size), dtype=bool)
    n_boot = n_samples if method == "bs" else DEFAULT_SAMPLES["bs"]
    indices = rng.choice(size, size=(n_boot, size), replace=True)
    refs = [list(r) for r in references]
    rows = [_metric_delta(METRICS[name](options).sacrebleu_metric(), name, list(baseline),
                          list(candidate), refs, indices, flips, seed, n_samples)
            for name in metrics]
    if sources is not None and glossary is not None:
        rows.append(_term_accuracy_delta(baseline, candidate, sources, glossary, indices, seed))
    return CompareReport(method, n_samples, seed, tuple(rows))


def _metric_delta(metric: Any, name: str, baseline: list[str], candidate: list[str],
                  refs: list[list[str]], indices: np.ndarray, flips: np.ndarray | None,
                  seed: int, n_samples: int) -> MetricDelta:
    import numpy as np
    from sacrebleu.significance import estimate_ci

    base_stats = metric._extract_corpus_statistics(baseline, refs)
    cand_stats = metric._extract_corpus_statistics(candidate, refs)
    base = float(metric._aggregate_and_compute(base_stats).score)
    cand = float(metric._aggregate_and_compute(cand_stats).score)
    base_np = np.array(base_stats, dtype="float32")
    cand_np = np.array(cand_stats, dtype="float32")
    base_scores = np.array([metric._compute_score_from_stats(s.sum(0)).score
                            for s in base_np[indices]])
    cand_scores = np.array([metric._compute_score_from_stats(s.sum(0)).score
                            for s in cand_np[indices]])
    low, high, p_value = delta_interval(cand_scores - base_scores)
    observed = abs(cand - base)
    # sacrebleu's own p-value, for reference (its CLI's number for the same seed).
    spread = np.abs(cand_scores - base_scores)
    sacre_p = float((np.sum(spread - spread.mean() > observed) + 1) / (len(spread) + 1))
    signature = metric.get_signature()
    signature.update("seed", str(seed))
    if flips is not None:
        a = np.array([metric._aggregate_and_compute(x).score for x in
                      (flips @ np.array(base_stats) + ~flips @ np.array(cand_stats))[:, None]])
        b = np.array([metric._aggregate_and_compute(x).score for x in
                      (~flips @ np.array(base_stats) + flips @ np.array(cand_stats))[:, None]])
        trials = np.abs(a - b)
        p_value = float((np.sum(trials >= observed) + 1) / (len(trials) + 1))
        sacre_p = float((np.sum(trials > observed) + 1) / (len(trials) + 1))
        signature.update("ar", n_samples)
        signature.update("bs", len(indices))
    else:
        signature.update("bs", n_samples)
    base_mean, base_ci = estimate_ci(base_scores)
    cand_mean, cand_ci = estimate_ci(cand_scores)
    return MetricDelta(name, base, cand, cand - base, low, high, p_value, str(signature),
                       float(base_mean), float(base_ci), float(cand_mean), float(cand_ci), sacre_p)


def _term_accuracy_delta(baseline: Sequence[str], candidate: Sequence[str], sources: Sequence[str],
                         glossary: Glossary, indices: np.ndarray, seed: int) -> MetricDelta:
    import numpy as np

    from translate.quality.check import checker_for

    checker = checker_for(glossary)
    found = np.zeros((2, len(sources)))
    total = np.zeros(len(sources))
    for i, source in enumerate(sources):
        for system, hypotheses in enumerate((baseline, candidate)):
            result = checker.check_segment(source, hypotheses[i])
            occurrences = len(result.source_matches)
            total[i] = occurrences
            found[system, i] = occurrences - sum(n for _, n in result.missing)
    signature = (f"glossary:{glossary.sha256[:12]}|paired-bootstrap|n:{len(indices)}|"
                 f"seed:{seed}")
    if total.sum() == 0:
        return MetricDelta("term_accuracy", None, None, None, None, None, None, signature,
                           note="not applicable: no glossary term occurs in the source")
    denominators = total[indices].sum(axis=1)
    # A resample without any term says nothing about either system: no difference.
    safe = np.where(denominators == 0, 1.0, denominators)
    deltas = 100.0 * (found[1][indices].sum(axis=1) - found[0][indices].sum(axis=1)) / safe
    low, high, p_value = delta_interval(deltas)
    base = 100.0 * found[0].sum() / total.sum()
    cand = 100.0 * found[1].sum() / total.sum()
    return MetricDelta("term_accuracy", base, cand, cand - base, low, high, p_value, signature)
