"""Scores: sacrebleu metrics (never re-implemented) and terminology metrics.

Each sacrebleu metric sits behind a small :class:`Metric` interface in a name→class registry,
like sacrebleu's own, built from :class:`~translate.quality.options.SacrebleuOptions` so every
sacrebleu option gives sacrebleu's number and signature. Terminology metrics come from the
same checker as ``translate check`` (see :mod:`translate.quality.terms`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from translate.errors import EvaluationError
from translate.quality.options import SacrebleuOptions

if TYPE_CHECKING:
    from translate.glossary.schema import Glossary
    from translate.quality.check import GlossarySignature

DEFAULT_METRICS = ("bleu", "chrf")
TERM_METRICS = ("term_accuracy", "term_success_rate", "term_consistency", "forbidden_terms")
# Definitions of term_accuracy (see translate.quality.terms).
TERM_METRIC_CHOICES = ("glossary", "wmt21-strict")


@dataclass(frozen=True)
class Score:
    """One corpus-level score with its sacrebleu signature (or ours, for term metrics).

    ``score`` is None when the metric does not apply (``note`` says why): a term accuracy
    over zero terms is not 100%. ``mean`` and ``ci`` are sacrebleu's bootstrap estimate
    (``--confidence``): the mean of the resampled scores and the half-width of their 95% range.
    """

    name: str
    score: float | None
    signature: str
    detail: str = ""
    higher_is_better: bool = True
    mean: float | None = None
    ci: float | None = None
    note: str = ""

    def formatted(self, width: int = 2) -> str:
        """The score as sacrebleu prints it (``width`` decimals), or ``n/a``."""
        return "n/a" if self.score is None else f"{self.score:.{width}f}"


@dataclass(frozen=True)
class SentenceRow:
    """Per-sentence scores and terminology misses."""

    index: int
    hypothesis: str
    references: tuple[str, ...]
    bleu: float
    chrf: float
    term_misses: int = 0
    forbidden: int = 0


@dataclass(frozen=True)
class EvalReport:
    """Everything ``translate eval`` computes, with reproducibility signatures.

    ``mode`` is how files were read (``lines`` or ``article``), ``automatic`` whether that was
    chosen by ``--mode auto``; ``pairing`` and ``fallbacks`` say how article segments were
    paired and how many paragraphs were scored whole.
    """

    scores: tuple[Score, ...]
    sentences: int
    references: int
    mode: str
    glossary: GlossarySignature | None = None
    rows: tuple[SentenceRow, ...] = field(default=())
    pairing: str = "lines"
    fallbacks: int = 0
    automatic: bool = False
    notes: tuple[str, ...] = field(default=())

    def value(self, name: str) -> float | None:
        """A score by metric name (None when not applicable)."""
        for score in self.scores:
            if score.name == name:
                return score.score
        raise KeyError(name)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data: dict[str, Any] = {
            "mode": self.mode, "mode_automatic": self.automatic, "pairing": self.pairing,
            "fallback_paragraphs": self.fallbacks, "notes": list(self.notes),
            "sentences": self.sentences, "references": self.references,
            "scores": {s.name: s.score for s in self.scores},
            "signatures": {s.name: s.signature for s in self.scores},
            "details": {s.name: s.detail for s in self.scores if s.detail},
            "not_applicable": {s.name: s.note for s in self.scores if s.score is None},
        }
        confidence = {s.name: {"mean": s.mean, "ci": s.ci} for s in self.scores
                      if s.mean is not None}
        if confidence:
            data["confidence"] = confidence
        data["glossary"] = self.glossary.__dict__ if self.glossary else None
        data["per_sentence"] = [r.__dict__ | {"references": list(r.references)}
                                for r in self.rows]
        return data


class Metric(ABC):
    """A corpus metric computed by sacrebleu."""

    name: ClassVar[str]
    higher_is_better: ClassVar[bool] = True

    def __init__(self, options: SacrebleuOptions | None = None) -> None:
        self.options = options or SacrebleuOptions()

    @abstractmethod
    def sacrebleu_metric(self) -> Any:
        """A fresh sacrebleu metric object."""

    def corpus(self, hypotheses: Sequence[str], references: Sequence[Sequence[str]],
               n_bootstrap: int = 1) -> Score:
        """Corpus score; ``references`` is a list of reference streams.

        ``n_bootstrap`` > 1 adds sacrebleu's bootstrap mean and 95% CI (``--confidence``).
        """
        metric = self.sacrebleu_metric()
        result = metric.corpus_score(list(hypotheses), [list(r) for r in references],
                                     n_bootstrap=n_bootstrap)
        mean = ci = None
        if n_bootstrap > 1:
            mean, ci = float(result._mean), float(result._ci)
        return Score(self.name, float(result.score), str(metric.get_signature()),
                     str(result), self.higher_is_better, mean, ci)


METRICS: dict[str, type[Metric]] = {}


def register_metric(cls: type[Metric]) -> type[Metric]:
    """Class decorator adding a metric to the registry."""
    METRICS[cls.name] = cls
    return cls


@register_metric
class Bleu(Metric):
    """sacrebleu BLEU (defaults: 13a tokenisation, exp smoothing)."""

    name = "bleu"

    def sacrebleu_metric(self) -> Any:
        return self.options.bleu()


@register_metric
class Chrf(Metric):
    """sacrebleu chrF (character n-grams, β=2 unless told otherwise)."""

    name = "chrf"

    def sacrebleu_metric(self) -> Any:
        return self.options.chrf()


@register_metric
class ChrfPlusPlus(Metric):
    """sacrebleu chrF++ (chrF plus word bigrams)."""

    name = "chrf++"

    def sacrebleu_metric(self) -> Any:
        return self.options.chrf(word_order=2)


@register_metric
class Ter(Metric):
    """sacrebleu TER (lower is better)."""

    name = "ter"
    higher_is_better = False

    def sacrebleu_metric(self) -> Any:
        return self.options.ter()


def parse_metrics(text: str) -> tuple[str, ...]:
    """``bleu,chrf`` → validated metric names."""
    names = tuple(n.strip().lower() for n in text.split(",") if n.strip())
    unknown = [n for n in names if n not in METRICS]
    if unknown or not names:
        raise EvaluationError(
            f"unknown metric {unknown[0] if unknown else text!r}; use some of: {', '.join(METRICS)}"
        )
    return names


def check_alignment(hypotheses: Sequence[str], references: Sequence[Sequence[str]],
                    labels: Sequence[str]) -> None:
    """Refuse empty inputs and count mismatches (sacrebleu's ``zip`` would hide them)."""
    if not hypotheses:
        raise EvaluationError(f"{labels[0]}: no sentences to score; check the file")
    for reference, label in zip(references, labels[1:]):
        if len(reference) != len(hypotheses):
            raise EvaluationError(
                f"{label} has {len(reference)} segments but {labels[0]} has {len(hypotheses)}; "
                f"every file must have one segment per source segment"
            )


def evaluate(
    hypotheses: Sequence[str],
    references: Sequence[Sequence[str]],
    metrics: Sequence[str] = DEFAULT_METRICS,
    sources: Sequence[str] | None = None,
    glossary: Glossary | None = None,
    per_sentence: bool = False,
    mode: str = "lines",
    labels: Sequence[str] | None = None,
    options: SacrebleuOptions | None = None,
    confidence_n: int = 1,
    term_metric: str = "glossary",
) -> EvalReport:
    """Score aligned segments with sacrebleu and, given sources and a glossary, terminology."""
    labels = labels or ["hypothesis", *[f"reference {i + 1}" for i in range(len(references))]]
    check_alignment(hypotheses, references, labels)
    if sources is not None and len(sources) != len(hypotheses):
        raise EvaluationError(
            f"source has {len(sources)} segments but {labels[0]} has {len(hypotheses)}; "
            f"give the source the hypothesis was translated from"
        )
    if term_metric not in TERM_METRIC_CHOICES:
        raise EvaluationError(f"unknown --term-metric {term_metric!r}; use one of: "
                              f"{', '.join(TERM_METRIC_CHOICES)}")
    options = options or SacrebleuOptions()
    scores = [METRICS[name](options).corpus(hypotheses, references, confidence_n)
              for name in metrics]
    per_segment: list[tuple[int, int]] = [(0, 0)] * len(hypotheses)
    signature = None
    if sources is not None and glossary is not None:
        from translate.quality.check import GlossarySignature, checker_for
        from translate.quality.terms import term_scores

        term, per_segment = term_scores(checker_for(glossary), sources, hypotheses, references,
                                        term_metric)
        scores += term
        signature = GlossarySignature.of(glossary)
    rows: tuple[SentenceRow, ...] = ()
    if per_sentence:
        rows = _rows(hypotheses, references, per_segment, options)
    return EvalReport(tuple(scores), len(hypotheses), len(references), mode, signature, rows)


def _rows(hypotheses: Sequence[str], references: Sequence[Sequence[str]],
          per_segment: Sequence[tuple[int, int]], options: SacrebleuOptions,
          ) -> tuple[SentenceRow, ...]:
    # sacrebleu's sentence-level BLEU turns effective order on, as its --sentence-level does.
    bleu = options.bleu(effective_order=True)
    chrf = options.chrf()
    rows = []
    for index, hypothesis in enumerate(hypotheses):
        refs = [r[index] for r in references]
        misses, forbidden = per_segment[index]
        rows.append(SentenceRow(
            index + 1, hypothesis, tuple(refs), bleu.sentence_score(hypothesis, refs).score,
            chrf.sentence_score(hypothesis, refs).score, misses, forbidden))
    rows.sort(key=lambda r: (-(r.term_misses + r.forbidden), r.chrf, r.bleu, r.index))
    return tuple(rows)
