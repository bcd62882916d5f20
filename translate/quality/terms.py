"""Terminology metrics over aligned segments, from the same checker as ``translate check``.

* ``term_accuracy`` — exact-match term accuracy in the spirit of the WMT21 terminology task:
  the share of source term occurrences whose required rendering appears in the hypothesis
  segment (counts matter). Two definitions (``--term-metric``):

  - ``glossary`` (default): denominator = glossary terms found in the *source*; a rendering
    matches with the glossary checker's rules (case exact but the first letter, regular
    English plural accepted, quotes/dashes folded, punctuation is a word boundary);
  - ``wmt21-strict``: follows the WMT21 reference evaluator where it can without Stanza —
    denominator = term occurrences whose rendering the (first) *reference* actually contains
    (its annotations), hypothesis split on whitespace and padded with spaces, renderings
    matched case-sensitively as whole space-delimited strings, each hypothesis position
    counted once; there is no lemma fallback.
* ``term_success_rate`` — (WMT23 terminology task) the share of segments with glossary terms
  in which every required rendering is present;
* ``term_consistency`` — the share of terms seen at least twice whose renderings are all the
  same, case and English number folded (:func:`translate.glossary.english.number_key`);
* ``forbidden_terms`` — forbidden renderings found anywhere.

A ratio with a zero denominator is *not applicable* (None), never 100%.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from translate.glossary.english import number_key
from translate.glossary.schema import Term
from translate.quality.check import Checker
from translate.quality.metrics import TERM_METRIC_CHOICES, Score

__all__ = ["TERM_METRIC_CHOICES", "term_scores", "wmt21_strict"]
NO_TERMS = "no glossary term occurs in the source"


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def wmt21_strict(terms: Sequence[Term], hypothesis: str, reference: str) -> tuple[int, int]:
    """(correct, annotated) for one segment, as the WMT21 reference evaluator counts them."""
    padded_ref = " " + " ".join(reference.split()) + " "
    padded_hyp = " " + " ".join(hypothesis.split()) + " "
    ref_taken: set[int] = set()
    hyp_taken: set[int] = set()
    correct = annotated = 0
    for term in terms:
        if not _claim(term.target_forms, padded_ref, ref_taken):
            continue  # the reference does not annotate this occurrence
        annotated += 1
        correct += _claim(term.target_forms, padded_hyp, hyp_taken)
    return correct, annotated


def _claim(forms: Sequence[str], padded: str, taken: set[int]) -> bool:
    for form in forms:
        needle = " " + " ".join(form.split()) + " "
        for hit in re.finditer(f"(?={re.escape(needle)})", padded):
            if hit.start() not in taken:
                taken.add(hit.start())
                return True
    return False


def term_scores(checker: Checker, sources: Sequence[str], hypotheses: Sequence[str],
                references: Sequence[Sequence[str]] = (), term_metric: str = "glossary",
                ) -> tuple[list[Score], list[tuple[int, int]]]:
    """Terminology metrics over aligned segments, plus per-segment (misses, forbidden)."""
    total = found = sentences_with_terms = sentences_ok = forbidden = 0
    strict_correct = strict_annotated = 0
    renderings: dict[str, set[str]] = {}
    seen: dict[str, int] = {}
    per_segment = []
    for index, (source, hypothesis) in enumerate(zip(sources, hypotheses)):
        result = checker.check_segment(source, hypothesis)
        occurrences = len(result.source_matches)
        misses = sum(n for _, n in result.missing)
        total += occurrences
        found += occurrences - misses
        if occurrences:
            sentences_with_terms += 1
            sentences_ok += not result.missing
        if term_metric == "wmt21-strict" and occurrences and references:
            correct, annotated = wmt21_strict([m.term for m in result.source_matches],
                                              hypothesis, references[0][index])
            strict_correct += correct
            strict_annotated += annotated
        forbidden += len(result.forbidden)
        for match in result.source_matches:
            seen[match.term.source] = seen.get(match.term.source, 0) + 1
        for rendering in result.renderings:
            renderings.setdefault(rendering.term.source, set()).add(number_key(rendering.text))
        per_segment.append((misses, len(result.forbidden)))
    repeated = [t for t, n in seen.items() if n >= 2]
    consistent = sum(1 for t in repeated if len(renderings.get(t, set())) <= 1)
    signature = f"glossary:{checker.glossary.sha256[:12]}|terms:{len(checker.glossary.terms)}"
    if term_metric == "wmt21-strict":
        accuracy = Score("term_accuracy", _ratio(strict_correct, strict_annotated),
                         signature + "|term-metric:wmt21-strict",
                         f"{strict_correct}/{strict_annotated}",
                         note="" if strict_annotated else
                         "no source term has its rendering in the reference (no annotation)")
    else:
        accuracy = Score("term_accuracy", _ratio(found, total), signature, f"{found}/{total}",
                         note="" if total else NO_TERMS)
    scores = [
        accuracy,
        Score("term_success_rate", _ratio(sentences_ok, sentences_with_terms), signature,
              f"{sentences_ok}/{sentences_with_terms}", note="" if sentences_with_terms
              else NO_TERMS),
        Score("term_consistency", _ratio(consistent, len(repeated)), signature,
              f"{consistent}/{len(repeated)}", note="" if repeated else
              "no glossary term occurs twice in the source"),
        Score("forbidden_terms", float(forbidden), signature, str(forbidden), False),
    ]
    return scores, per_segment
