"""The term checker: does a translation render every glossary occurrence of its source and
no forbidden rendering? Enforcement decides with it, ``translate check`` reports with it.

Counts matter: each source occurrence needs its own rendering. A singular rendering is
accepted for a plural source (enforcement places the plural itself, see
:func:`expected_rendering`).
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass

from translate.glossary.match import SourceMatcher
from translate.glossary.schema import Glossary, Term
from translate.glossary.spans import Match
from translate.glossary.target import ForbiddenMatcher, find_renderings, plural_target


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


def expected_rendering(match: Match) -> str:
    """The rendering a source occurrence calls for: the English plural for a plural source."""
    return plural_target(match.term) if match.plural else match.term.target


def shortfall(needed: Counter[Term], target: str) -> tuple[list[Match], Counter[Term]]:
    """Renderings of ``needed`` terms found in a translation, and how many of each are still
    missing (each source occurrence needs its own rendering)."""
    renderings = find_renderings(target, needed) if needed else []
    have = Counter(r.term for r in renderings)
    return renderings, Counter({t: n - have[t] for t, n in needed.items() if have[t] < n})


class TermChecker:
    """Checks segments against one glossary; matchers are built once."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.source = SourceMatcher(glossary)
        self.forbidden = ForbiddenMatcher(glossary)

    def check_segment(self, source: str, translation: str,
                      source_matches: list[Match] | None = None) -> SegmentCheck:
        """Check one source segment against its translation."""
        matches = self.source.find(source) if source_matches is None else source_matches
        renderings, missing = shortfall(Counter(m.term for m in matches), translation)
        forbidden = tuple(self.forbidden.find(translation))
        return SegmentCheck(tuple(matches), tuple(renderings), forbidden, tuple(missing.items()))


@functools.lru_cache(maxsize=8)
def term_checker(glossary: Glossary) -> TermChecker:
    """The term checker of a glossary, built once per process."""
    return TermChecker(glossary)
