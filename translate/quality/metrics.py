"""Scores: sacrebleu metrics (never re-implemented) and terminology metrics.

Each sacrebleu metric sits behind a small :class:`Metric` interface in a name→class registry,
like sacrebleu's own. Terminology metrics come from the same checker as ``translate check``:

* ``term_accuracy`` — exact-match term accuracy (WMT21 terminology task): the share of source
  term occurrences whose required rendering appears in the hypothesis sentence (counts matter);
* ``term_success_rate`` — (WMT23 terminology task) the share of sentences with glossary terms
  in which every required rendering is present;
* ``term_consistency`` — the share of terms seen at least twice whose renderings are all the
  same (case and regular plural folded);
* ``forbidden_terms`` — forbidden renderings found anywhere.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from translate.errors import EvaluationError
from translate.glossary.schema import Glossary
from translate.quality.check import Checker, GlossarySignature, checker_for

DEFAULT_METRICS = ("bleu", "chrf")
TERM_METRICS = ("term_accuracy", "term_success_rate", "term_consistency", "forbidden_terms")


@dataclass(frozen=True)
class Score:
    """One corpus-level score with its sacrebleu signature (or ours, for term metrics)."""

    name: str
    score: float
    signature: str
    detail: str = ""
    higher_is_better: bool = True

    def formatted(self) -> str:
        """The score as sacrebleu prints it (two decimals)."""
        return f"{self.score:.2f}"


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
    """Everything ``translate eval`` computes, with reproducibility signatures."""

    scores: tuple[Score, ...]
    sentences: int
    references: int
    mode: str
    glossary: GlossarySignature | None = None
    rows: tuple[SentenceRow, ...] = field(default=())

    def value(self, name: str) -> float:
        """A score by metric name."""
        for score in self.scores:
            if score.name == name:
                return score.score
        raise KeyError(name)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "mode": self.mode, "sentences": self.sentences, "references": self.references,
            "scores": {s.name: s.score for s in self.scores},
            "signatures": {s.name: s.signature for s in self.scores},
            "details": {s.name: s.detail for s in self.scores if s.detail},
            "glossary": self.glossary.__dict__ if self.glossary else None,
            "per_sentence": [r.__dict__ | {"references": list(r.references)} for r in self.rows],
        }


class Metric(ABC):
    """A corpus metric computed by sacrebleu."""

    name: ClassVar[str]
    higher_is_better: ClassVar[bool] = True

    @abstractmethod
    def sacrebleu_metric(self) -> Any:
        """A fresh sacrebleu metric object."""

    def corpus(self, hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> Score:
        """Corpus score; ``references`` is a list of reference streams."""
        metric = self.sacrebleu_metric()
        result = metric.corpus_score(list(hypotheses), [list(r) for r in references])
        return Score(self.name, float(result.score), str(metric.get_signature()),
                     str(result), self.higher_is_better)


METRICS: dict[str, type[Metric]] = {}


def register_metric(cls: type[Metric]) -> type[Metric]:
    """Class decorator adding a metric to the registry."""
    METRICS[cls.name] = cls
    return cls


@register_metric
class Bleu(Metric):
    """sacrebleu BLEU with its defaults (13a tokenisation, exp smoothing)."""

    name = "bleu"

    def sacrebleu_metric(self) -> Any:
        from sacrebleu.metrics.bleu import BLEU

        return BLEU()


@register_metric
class Chrf(Metric):
    """sacrebleu chrF (character n-grams, β=2)."""

    name = "chrf"

    def sacrebleu_metric(self) -> Any:
        from sacrebleu.metrics.chrf import CHRF

        return CHRF()


@register_metric
class ChrfPlusPlus(Metric):
    """sacrebleu chrF++ (chrF plus word bigrams)."""

    name = "chrf++"

    def sacrebleu_metric(self) -> Any:
        from sacrebleu.metrics.chrf import CHRF

        return CHRF(word_order=2)


@register_metric
class Ter(Metric):
    """sacrebleu TER (lower is better)."""

    name = "ter"
    higher_is_better = False

    def sacrebleu_metric(self) -> Any:
        from sacrebleu.metrics.ter import TER

        return TER()


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


def term_scores(checker: Checker, sources: Sequence[str], hypotheses: Sequence[str]
                ) -> tuple[list[Score], list[tuple[int, int]]]:
    """Terminology metrics over aligned segments, plus per-segment (misses, forbidden)."""
    total = found = sentences_with_terms = sentences_ok = forbidden = 0
    renderings: dict[str, set[str]] = {}
    seen: dict[str, int] = {}
    per_segment = []
    for source, hypothesis in zip(sources, hypotheses):
        result = checker.check_segment(source, hypothesis)
        occurrences = len(result.source_matches)
        misses = sum(n for _, n in result.missing)
        total += occurrences
        found += occurrences - misses
        if occurrences:
            sentences_with_terms += 1
            sentences_ok += not result.missing
        forbidden += len(result.forbidden)
        for match in result.source_matches:
            seen[match.term.source] = seen.get(match.term.source, 0) + 1
        for rendering in result.renderings:
            folded = rendering.text.lower().removesuffix("s")
            renderings.setdefault(rendering.term.source, set()).add(folded)
        per_segment.append((misses, len(result.forbidden)))
    repeated = [t for t, n in seen.items() if n >= 2]
    consistent = sum(1 for t in repeated if len(renderings.get(t, set())) <= 1)
    signature = f"glossary:{checker.glossary.sha256[:12]}|terms:{len(checker.glossary.terms)}"
    scores = [
        Score("term_accuracy", found / total if total else 1.0, signature, f"{found}/{total}"),
        Score("term_success_rate", sentences_ok / sentences_with_terms if sentences_with_terms
              else 1.0, signature, f"{sentences_ok}/{sentences_with_terms}"),
        Score("term_consistency", consistent / len(repeated) if repeated else 1.0, signature,
              f"{consistent}/{len(repeated)}"),
        Score("forbidden_terms", float(forbidden), signature, str(forbidden), False),
    ]
    return scores, per_segment


def evaluate(
    hypotheses: Sequence[str],
    references: Sequence[Sequence[str]],
    metrics: Sequence[str] = DEFAULT_METRICS,
    sources: Sequence[str] | None = None,
    glossary: Glossary | None = None,
    per_sentence: bool = False,
    mode: str = "lines",
    labels: Sequence[str] | None = None,
) -> EvalReport:
    """Score aligned segments with sacrebleu and, given sources and a glossary, terminology."""
    labels = labels or ["hypothesis", *[f"reference {i + 1}" for i in range(len(references))]]
    check_alignment(hypotheses, references, labels)
    if sources is not None and len(sources) != len(hypotheses):
        raise EvaluationError(
            f"source has {len(sources)} segments but {labels[0]} has {len(hypotheses)}; "
            f"give the source the hypothesis was translated from"
        )
    scores = [METRICS[name]().corpus(hypotheses, references) for name in metrics]
    per_segment: list[tuple[int, int]] = [(0, 0)] * len(hypotheses)
    if sources is not None and glossary is not None:
        term, per_segment = term_scores(checker_for(glossary), sources, hypotheses)
        scores += term
    rows: tuple[SentenceRow, ...] = ()
    if per_sentence:
        rows = _rows(hypotheses, references, per_segment)
    return EvalReport(tuple(scores), len(hypotheses), len(references), mode,
                      GlossarySignature.of(glossary) if glossary and sources is not None else None,
                      rows)


def _rows(hypotheses: Sequence[str], references: Sequence[Sequence[str]],
          per_segment: Sequence[tuple[int, int]]) -> tuple[SentenceRow, ...]:
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF

    bleu = BLEU(effective_order=True)
    chrf = CHRF()
    rows = []
    for index, hypothesis in enumerate(hypotheses):
        refs = [r[index] for r in references]
        misses, forbidden = per_segment[index]
        rows.append(SentenceRow(
            index + 1, hypothesis, tuple(refs), bleu.sentence_score(hypothesis, refs).score,
            chrf.sentence_score(hypothesis, refs).score, misses, forbidden))
    rows.sort(key=lambda r: (-(r.term_misses + r.forbidden), r.chrf, r.bleu, r.index))
    return tuple(rows)
