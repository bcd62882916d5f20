"""A/B comparison of two systems with paired significance tests.

sacrebleu's paired bootstrap (``bs``) or approximate randomisation (``ar``) for its metrics;
for term accuracy a paired bootstrap over sentences with the same seed. Deterministic for a
fixed seed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from translate.glossary.schema import Glossary
from translate.quality.check import checker_for
from translate.quality.metrics import METRICS


@dataclass(frozen=True)
class MetricDelta:
    """Baseline vs candidate for one metric."""

    metric: str
    baseline: float
    candidate: float
    delta: float
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    signature: str

    @property
    def significant(self) -> bool:
        """p < 0.05."""
        return self.p_value is not None and self.p_value < 0.05


@dataclass(frozen=True)
class CompareReport:
    """Every metric's delta, with the test used."""

    method: str
    samples: int
    seed: int
    rows: tuple[MetricDelta, ...]


@contextlib.contextmanager
def _sacrebleu_seed(seed: int) -> Iterator[None]:
    # sacrebleu reads its seed from the environment when the test is built.
    previous = os.environ.get("SACREBLEU_SEED")
    os.environ["SACREBLEU_SEED"] = str(seed)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SACREBLEU_SEED", None)
        else:
            os.environ["SACREBLEU_SEED"] = previous


def compare(baseline: Sequence[str], candidate: Sequence[str], references: Sequence[Sequence[str]],
            metrics: Sequence[str], sources: Sequence[str] | None = None,
            glossary: Glossary | None = None, method: str = "bs", samples: int = 1000,
            seed: int = 12345) -> CompareReport:
    """Paired significance test of ``candidate`` against ``baseline``."""
    from sacrebleu.significance import PairedTest

    rows = []
    objects = {}
    for name in metrics:
        metric = METRICS[name]().sacrebleu_metric()
        objects[name] = metric
    with _sacrebleu_seed(seed):
        test = PairedTest([("baseline", list(baseline)), ("candidate", list(candidate))],
                          objects, [list(r) for r in references], test_type=method,
                          n_samples=samples)
        signatures, scores = test()
    # sacrebleu keys its results by display name (BLEU, chrF2…), in the order given.
    for name, key in zip(metrics, signatures):
        base_result, cand_result = scores[key][0], scores[key][1]
        base = float(base_result.score)  # type: ignore[union-attr]
        cand = float(cand_result.score)  # type: ignore[union-attr]
        half = getattr(cand_result, "ci", None)
        mean = getattr(cand_result, "mean", None)
        low = high = None
        if half is not None and mean is not None:
            low, high = float(mean) - float(half) - base, float(mean) + float(half) - base
        rows.append(MetricDelta(name, base, cand, cand - base, low, high,
                                getattr(cand_result, "p_value", None), str(signatures[key])))
    if sources is not None and glossary is not None:
        rows.append(_term_accuracy_delta(baseline, candidate, sources, glossary, samples, seed))
    return CompareReport(method, samples, seed, tuple(rows))


def _term_accuracy_delta(baseline: Sequence[str], candidate: Sequence[str], sources: Sequence[str],
                         glossary: Glossary, samples: int, seed: int) -> MetricDelta:
    import numpy as np

    checker = checker_for(glossary)
    found = np.zeros((2, len(sources)))
    total = np.zeros(len(sources))
    for i, source in enumerate(sources):
        for system, hypotheses in enumerate((baseline, candidate)):
            result = checker.check_segment(source, hypotheses[i])
            occurrences = len(result.source_matches)
            total[i] = occurrences
            found[system, i] = occurrences - sum(n for _, n in result.missing)

    def accuracy(index: np.ndarray) -> tuple[float, float]:
        denominator = total[index].sum()
        if denominator == 0:
            return 100.0, 100.0
        return (100.0 * found[0, index].sum() / denominator,
                100.0 * found[1, index].sum() / denominator)

    everything = np.arange(len(sources))
    base, cand = accuracy(everything)
    rng = np.random.default_rng(seed)
    deltas = []
    for _ in range(samples):
        pick = rng.integers(0, len(sources), len(sources))
        b, c = accuracy(pick)
        deltas.append(c - b)
    spread = np.array(deltas)
    observed = cand - base
    if observed == 0:
        p_value = 1.0
    else:
        # Two-sided: how often the resampled delta falls on the other side of zero.
        opposite = np.mean(spread <= 0) if observed > 0 else np.mean(spread >= 0)
        p_value = float(min(1.0, 2 * opposite))
    signature = f"glossary:{glossary.sha256[:12]}|paired-bootstrap|n:{samples}|seed:{seed}"
    return MetricDelta("term_accuracy", base, cand, observed, float(np.percentile(spread, 2.5)),
                       float(np.percentile(spread, 97.5)), p_value, signature)
