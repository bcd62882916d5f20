"""Source→target character alignment of translated sentences, from the decoder's attention.

Documents need to know which target words translate which source words, to carry inline
markup across (the same attention the glossary uses to place required renderings). The
pipeline asks for it with ``translate_document(..., align=True)``; each sentence then carries
``alignment``: ``(target_start, target_end, source_start, source_end)`` per target token, in
characters of the sentence's translation and source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from translate.engine.base import (
    DecodeOptions,
    DecodeRequest,
    Engine,
    EngineInfo,
    Hypothesis,
    token_spans,
)
from translate.glossary.enforce import POST_EDIT, Unit

Link = tuple[int, int, int, int]


class AttendingEngine(Engine):
    """An engine that always returns the decoder's attention (everything else delegated)."""

    name = "attending"

    def __init__(self, inner: Engine) -> None:
        self.inner = inner

    def tokenize(self, text: str, target: bool = False) -> list[str]:
        return self.inner.tokenize(text, target)

    def detokenize(self, tokens: Sequence[str]) -> str:
        return self.inner.detokenize(tokens)

    def translate_batch(self, requests: Sequence[DecodeRequest],
                        options: DecodeOptions) -> list[Hypothesis]:
        return self.inner.translate_batch(requests, replace(options, return_attention=True))

    @property
    def info(self) -> EngineInfo:
        return self.inner.info


def _unit_links(unit: Unit, engine: Engine) -> list[Link]:
    """Links of one unit, relative to its own source and text."""
    hypothesis = unit.hypothesis
    text = unit.text.strip()
    if hypothesis is None or not text:
        return []
    source = token_spans(unit.tokens)
    target_tokens = list(hypothesis.tokens)
    joined = "".join(target_tokens).replace("\u2581", " ").strip()
    edited = (joined != text or POST_EDIT in {m for used in unit.methods.values() for m in used}
              or unit.suppressed_hits)
    attention = hypothesis.attention
    if edited or not attention or len(attention) < len(target_tokens):
        # The text no longer matches the decoder's tokens: align words by relative position.
        target_tokens = engine.tokenize(text, target=True)
        attention = None
    target = token_spans(target_tokens)
    links: list[Link] = []
    length = max(1, len(text))
    for t, (t_start, t_end) in enumerate(target):
        t_start, t_end = min(t_start, len(text)), min(t_end, len(text))
        if t_end <= t_start or not source:
            continue
        if attention is not None:
            row = attention[t][: len(source)]
            s = row.index(max(row)) if row else 0
        else:
            middle = (t_start + t_end) / 2 / length
            s = min(len(source) - 1, int(middle * len(source)))
        links.append((t_start, t_end, *source[s]))
    return links


def sentence_alignment(sentence: str, translation: str, units: Sequence[Unit],
                       engine: Engine) -> tuple[Link, ...]:
    """Links of a sentence translated as ``units`` (one, or the chunks of a long sentence)."""
    links: list[Link] = []
    source_cursor = 0
    target_cursor = 0
    for unit in units:
        found = sentence.find(unit.source, source_cursor)
        s_offset = found if found >= 0 else source_cursor
        source_cursor = s_offset + len(unit.source)
        text = unit.text.strip()
        if not text:
            continue
        found = translation.find(text, target_cursor)
        t_offset = found if found >= 0 else target_cursor
        target_cursor = t_offset + len(text)
        links.extend((ts + t_offset, te + t_offset, ss + s_offset, se + s_offset)
                     for ts, te, ss, se in _unit_links(unit, engine))
    return tuple(links)
