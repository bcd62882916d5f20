"""Reading evaluation files as aligned segments: one sentence per line, or articles.

``lines`` mode pairs line *i* of every file (empty lines are segments too, as in sacrebleu).
``article`` mode segments paragraphs with the same segmenter as ``translate run`` and pairs
sentences paragraph by paragraph; a paragraph whose files disagree on the sentence count is
scored as one segment, so segmentation differences never shift the alignment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.errors import EvaluationError
from translate.io import read_text
from translate.text.segment import segment

MODES = ("auto", "lines", "article")


@dataclass(frozen=True)
class AlignedFiles:
    """Segments of every file, aligned: ``segments[f][i]`` is segment *i* of file *f*."""

    mode: str
    labels: tuple[str, ...]
    segments: tuple[tuple[str, ...], ...]
    # Article mode: paragraphs scored as one segment because their sentence counts differ.
    merged: int = 0
    paragraphs: int = 0


def _lines(text: str) -> list[str]:
    if not text:
        return []
    body = text[:-1] if text.endswith("\n") else text
    return body.split("\n")


def detect_mode(texts: Sequence[str]) -> str:
    """``article`` when a reference (the second text) has blank-line paragraphs, else ``lines``."""
    probe = texts[1] if len(texts) > 1 else texts[0]
    return "article" if "\n\n" in probe.strip() else "lines"


def load_aligned(paths: Sequence[Path | str], languages: Sequence[str], mode: str = "auto",
                 encoding: str = "utf-8") -> AlignedFiles:
    """Read files and align their segments; raise on empty files or mismatched structure."""
    if mode not in MODES:
        raise EvaluationError(f"unknown mode {mode!r}; use one of: {', '.join(MODES)}")
    labels = tuple(str(p) for p in paths)
    texts = [read_text(p, encoding) for p in paths]
    for label, text in zip(labels, texts):
        if not text.strip():
            raise EvaluationError(f"{label}: empty file; nothing to evaluate")
    chosen = detect_mode(texts) if mode == "auto" else mode
    if chosen == "lines":
        segments = [_lines(t) for t in texts]
        for label, lines in zip(labels[1:], segments[1:]):
            if len(lines) != len(segments[0]):
                raise EvaluationError(
                    f"{label} has {len(lines)} lines but {labels[0]} has {len(segments[0])}; "
                    f"files must have one segment per line, in the same order"
                )
        return AlignedFiles("lines", labels, tuple(tuple(s) for s in segments))
    documents = [segment(t, lang) for t, lang in zip(texts, languages)]
    counts = [len(d.paragraphs) for d in documents]
    if len(set(counts)) != 1:
        detail = ", ".join(f"{label}: {n}" for label, n in zip(labels, counts))
        raise EvaluationError(
            f"paragraph counts differ ({detail}); align the articles or use one sentence per "
            f"line with --mode lines"
        )
    aligned: list[list[str]] = [[] for _ in documents]
    merged = 0
    for position in range(counts[0]):
        paragraphs = [d.paragraphs[position] for d in documents]
        if len({len(p.sentences) for p in paragraphs}) == 1:
            for store, paragraph in zip(aligned, paragraphs):
                store.extend(s.text for s in paragraph.sentences)
        else:
            merged += 1
            for store, paragraph in zip(aligned, paragraphs):
                store.append(" ".join(s.text for s in paragraph.sentences))
    return AlignedFiles("article", labels, tuple(tuple(s) for s in aligned), merged, counts[0])
