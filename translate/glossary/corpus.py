"""Glossary coverage of a corpus, and candidate terms the glossary lacks."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from translate.glossary.match import SourceMatcher
from translate.glossary.schema import Glossary

# Words that may join capitalised words inside a proper-noun phrase (« Cour de justice »).
_JOINERS = r"(?:de|du|des|de la|de l'|d'|et|la|le|les|l')"
_CAPITALISED = r"[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ][\w’'-]*"
_PHRASE = re.compile(
    rf"(?<![\w’'])({_CAPITALISED}(?:\s+(?:{_JOINERS}\s*)?{_CAPITALISED})+"
    rf"(?:\s+[a-zàâäçéèêëîïôöùûüÿ]+(?:ale|ales|aux|ique|iques|aise|aises|ienne|iennes|ien|iens|"
    rf"ais|unie|unies|uni|européenne|européen|internationale|international|nationale|national))?)"
)
_LOWER_NAMED = re.compile(
    rf"(?<![\w’'])({_CAPITALISED}\s+(?:{_JOINERS}\s*)?[a-zàâäçéèêëîïôöùûüÿ]+"
    rf"(?:\s+[a-zàâäçéèêëîïôöùûüÿ]+)?\s+(?:internationale|international|européenne|européen|"
    rf"mondiale|mondial|nationale|national|unies|atlantique))"
)
_ACRONYM = re.compile(r"(?<![\w’'])([A-ZÀ-Ý]{2,6})(?![\w’'])")
# Capitalised only because they start a sentence: never the first word of a candidate.
_SENTENCE_START_WORDS = frozenset(
    "Le La Les L' Un Une Des Ce Cette Ces Il Elle Ils Elles Nous Vous On Mais Et Ou En Au Aux Du "
    "De D' Pour Dans Après Avant Selon À Sur Sous Avec Contre Entre Par Depuis Pendant Chez Si "
    "Quand Comme Lors Puis Alors Ainsi".split())


@dataclass(frozen=True)
class TermCoverage:
    """How often one glossary term occurs in a corpus."""

    source: str
    target: str
    occurrences: int
    documents: int


@dataclass(frozen=True)
class Suggestion:
    """A candidate term not yet in the glossary."""

    phrase: str
    kind: str
    count: int
    example: str


def coverage(glossary: Glossary, texts: Sequence[str]) -> list[TermCoverage]:
    """Per-term occurrence and document counts, most frequent first."""
    matcher = SourceMatcher(glossary)
    occurrences: Counter[str] = Counter()
    documents: Counter[str] = Counter()
    for text in texts:
        found = Counter(m.term.source for m in matcher.find(text))
        occurrences.update(found)
        documents.update(found.keys())
    result = [TermCoverage(t.source, t.target, occurrences[t.source], documents[t.source])
              for t in glossary.terms]
    result.sort(key=lambda c: (-c.occurrences, c.source.lower()))
    return result


def suggest(glossary: Glossary | None, texts: Sequence[str], min_count: int = 2,
            limit: int = 50) -> list[Suggestion]:
    """Frequent capitalised multi-word phrases and acronyms the glossary does not cover.

    Candidates only: nothing is translated.
    """
    matcher = SourceMatcher(glossary) if glossary and glossary.terms else None
    counts: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], str] = {}
    for text in texts:
        covered = [(m.start, m.end) for m in matcher.find(text)] if matcher else []
        for kind, pattern in (("phrase", _PHRASE), ("phrase", _LOWER_NAMED), ("acronym", _ACRONYM)):
            for hit in pattern.finditer(text):
                phrase = hit.group(1).strip()
                words = phrase.split()
                if kind == "phrase" and words[0] in _SENTENCE_START_WORDS:
                    phrase = " ".join(words[1:])
                    if len(phrase.split()) < 2:
                        continue
                start = hit.start(1)
                if any(s <= start < e or s < hit.end(1) <= e for s, e in covered):
                    continue
                key = (phrase, kind)
                counts[key] += 1
                if key not in examples:
                    left = max(0, start - 40)
                    examples[key] = " ".join(text[left: hit.end(1) + 40].split())
    ranked = [Suggestion(p, k, n, examples[(p, k)]) for (p, k), n in counts.items() if n >= min_count]
    ranked.sort(key=lambda s: (-s.count, s.phrase))
    return ranked[:limit]
