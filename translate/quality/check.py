"""Terminology QA of a source/translation pair: reports and document alignment, built on the
term checker of :mod:`translate.glossary.verify` (the one enforcement uses)."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Set
from dataclasses import dataclass, field

from translate.glossary.schema import Glossary, Term
from translate.glossary.spans import Match
from translate.glossary.verify import SegmentCheck, TermChecker, expected_rendering, shortfall
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
    source_text: str | None = None


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
    files: tuple[tuple[str, str], ...] = ()

    @staticmethod
    def of(glossary: Glossary | None) -> GlossarySignature:
        """Signature of a glossary, or of none; ``files`` names every file merged into it,
        in precedence order (the last wins), with its own content hash."""
        if glossary is None:
            return GlossarySignature("none", "", 0)
        files = glossary.files or ((str(glossary.path or "<memory>"), glossary.sha256),)
        return GlossarySignature(" + ".join(path for path, _ in files), glossary.sha256,
                                 len(glossary.terms), files)


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


class Checker(TermChecker):
    """The term checker plus document alignment and per-term reports."""

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
                violations.extend(unrendered(result.source_matches, term, count, paragraph,
                                             sentence))
            for match, _rendering in result.forbidden:
                forbidden_counts[match.term] += 1
                violations.append(Violation("forbidden", match.term.source, match.term.target,
                                            match.text, paragraph, sentence))
        terms = tuple(
            TermCount(t.source, t.target, source_counts[t], target_counts[t], missing_counts[t],
                      forbidden_counts[t], tuple(sorted(seen_renderings.get(t, ()))))
            for t in in_glossary_order(self.glossary.terms, source_counts.keys() | forbidden_counts.keys())
        )
        return CheckReport(tuple(violations), terms, alignment,
                           GlossarySignature.of(self.glossary),
                           sum(source_counts.values()), tuple(segments))


def in_glossary_order(terms: tuple[Term, ...], chosen: Set[Term]) -> list[Term]:
    """The ``chosen`` terms in the order of ``terms``, without hashing every term (a term
    hashes all its fields: 100,000 of them cost a tenth of a second a document)."""
    if not chosen:
        return []
    position = {id(term): number for number, term in enumerate(terms)}
    if all(id(term) in position for term in chosen):
        return sorted(chosen, key=lambda term: position[id(term)])
    return [term for term in terms if term in chosen]  # equal terms that are other objects


def unrendered(matches: tuple[Match, ...] | list[Match], term: Term, count: int,
               paragraph: int | None, sentence: int | None) -> list[Violation]:
    """Violations for ``count`` unrendered occurrences of ``term``: the last ones in the
    source (each keeps the source span treated as the term, and the rendering it calls for)."""
    found = [m for m in matches if m.term == term]
    spans: list[Match | None] = [None] * max(0, count - len(found))
    spans += found[len(found) - min(count, len(found)):] if count else []
    return [Violation("missing", term.source,
                      expected_rendering(m) if m is not None else term.target, None,
                      paragraph, sentence, m.text if m is not None else None)
            for m in spans]


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


__all__ = ["CheckReport", "Checker", "GlossarySignature", "SegmentCheck", "TermCount",
           "Violation", "align", "check_translation", "checker_for", "shortfall", "unrendered"]
