"""Terminology QA of a source/translation pair: the one checker every command uses."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field

from translate.glossary.match import (
    ForbiddenMatcher,
    Match,
    SourceMatcher,
    find_renderings,
    prepare_target,
)
from translate.glossary.schema import Glossary, Term
from translate.text.segment import Document, segment


@dataclass(frozen=True)
class Violation:
    """A missing required rendering or a forbidden rendering present."""

    kind: str
    source_term: str
    expected: str
    found: str | None
    paragraph: int | None
    sentence: int | None


@dataclass(frozen=True)
class SegmentCheck:
    """Result of checking one aligned segment."""

    source_matches: tuple[Match, ...]
    renderings: tuple[Match, ...]
    forbidden: tuple[tuple[Match, str], ...]
    missing: tuple[tuple[Term, int], ...]

    @property
    def ok(self) -> bool:
        """No missing rendering and no forbidden one."""
        return not self.missing and not self.forbidden


@dataclass(frozen=True)
class TermCount:
    """Per-term totals over a document."""

    source: str
    target: str
    source_count: int
    target_count: int
    missing: int
    forbidden: int
    renderings: tuple[str, ...]


@dataclass(frozen=True)
class GlossarySignature:
    """Identifies the glossary a result was computed with."""

    glossary: str
    sha256: str
    terms: int

    @staticmethod
    def of(glossary: Glossary | None) -> GlossarySignature:
        """Signature of a glossary, or of none."""
        if glossary is None:
            return GlossarySignature("none", "", 0)
        return GlossarySignature(str(glossary.path or "<memory>"), glossary.sha256,
                                 len(glossary.terms))


@dataclass(frozen=True)
class CheckReport:
    """Terminology verdict for a document pair."""

    violations: tuple[Violation, ...]
    terms: tuple[TermCount, ...]
    alignment: str
    signature: GlossarySignature
    occurrences: int = 0
    segments: tuple[SegmentCheck, ...] = field(default=(), repr=False)

    @property
    def ok(self) -> bool:
        """True when there is no violation."""
        return not self.violations


def shortfall(needed: Counter[Term], target: str) -> tuple[list[Match], Counter[Term]]:
    """Renderings of ``needed`` terms found in a prepared target text, and how many of each
    are still missing (each source occurrence needs its own rendering)."""
    renderings = find_renderings(target, needed) if needed else []
    have = Counter(r.term for r in renderings)
    return renderings, Counter({t: n - have[t] for t, n in needed.items() if have[t] < n})


class Checker:
    """Checks segments against one glossary; matchers are built once."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.source = SourceMatcher(glossary)
        self.forbidden = ForbiddenMatcher(glossary)

    def check_segment(self, source: str, translation: str,
                      source_matches: list[Match] | None = None) -> SegmentCheck:
        """Check one source segment against its translation (counts matter)."""
        matches = self.source.find(source) if source_matches is None else source_matches
        target = prepare_target(translation)
        renderings, missing = shortfall(Counter(m.term for m in matches), target)
        forbidden = tuple(self.forbidden.find(target))
        return SegmentCheck(tuple(matches), tuple(renderings), forbidden, tuple(missing.items()))

    def check_documents(self, source: str, translation: str) -> CheckReport:
        """Check a whole document pair, sentence-aligned when the structures agree."""
        src_doc = segment(source, self.glossary.source_lang)
        tgt_doc = segment(translation, self.glossary.target_lang)
        pairs, alignment = align(src_doc, tgt_doc)
        if not pairs and (source.strip() or translation.strip()):
            pairs, alignment = [(None, None, source, translation)], "document"
        return self.report(pairs, alignment)

    def report(self, pairs: list[tuple[int | None, int | None, str, str]],
               alignment: str) -> CheckReport:
        """Check aligned ``(paragraph, sentence, source, translation)`` pairs."""
        violations: list[Violation] = []
        segments = []
        source_counts: Counter[Term] = Counter()
        target_counts: Counter[Term] = Counter()
        missing_counts: Counter[Term] = Counter()
        forbidden_counts: Counter[Term] = Counter()
        seen_renderings: dict[Term, set[str]] = {}
        for paragraph, sentence, src, tgt in pairs:
            result = self.check_segment(src, tgt)
            segments.append(result)
            for match in result.source_matches:
                source_counts[match.term] += 1
            for rendering in result.renderings:
                target_counts[rendering.term] += 1
                seen_renderings.setdefault(rendering.term, set()).add(rendering.text)
            for term, count in result.missing:
                missing_counts[term] += count
                for _ in range(count):
                    violations.append(Violation("missing", term.source, term.target, None,
                                                paragraph, sentence))
            for match, _rendering in result.forbidden:
                forbidden_counts[match.term] += 1
                violations.append(Violation("forbidden", match.term.source, match.term.target,
                                            match.text, paragraph, sentence))
        terms = tuple(
            TermCount(t.source, t.target, source_counts[t], target_counts[t], missing_counts[t],
                      forbidden_counts[t], tuple(sorted(seen_renderings.get(t, ()))))
            for t in self.glossary.terms
            if source_counts[t] or forbidden_counts[t]
        )
        return CheckReport(tuple(violations), terms, alignment,
                           GlossarySignature.of(self.glossary),
                           sum(source_counts.values()), tuple(segments))


@functools.lru_cache(maxsize=8)
def checker_for(glossary: Glossary) -> Checker:
    """The checker of a glossary, built once per process (glossaries are immutable values)."""
    return Checker(glossary)


def align(source: Document, target: Document) -> tuple[list[tuple[int | None, int | None, str, str]], str]:
    """Pair segments of two documents: by sentence, else by paragraph, else whole."""
    if len(source.paragraphs) == len(target.paragraphs):
        if all(len(a.sentences) == len(b.sentences)
               for a, b in zip(source.paragraphs, target.paragraphs)):
            return [
                (s.paragraph, s.index, s.text, t.text)
                for s, t in zip(source.sentences, target.sentences)
            ], "sentence"
        return [
            (a.index, None, " ".join(s.text for s in a.sentences),
             " ".join(s.text for s in b.sentences))
            for a, b in zip(source.paragraphs, target.paragraphs)
        ], "paragraph"
    return [], "document"


def check_translation(source: str, translation: str, glossary: Glossary) -> CheckReport:
    """Terminology QA of ``translation`` against ``source`` with ``glossary``."""
    return checker_for(glossary).check_documents(source, translation)
