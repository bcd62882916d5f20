"""Reading evaluation files as aligned segments: one sentence per line, or articles.

``lines`` mode reads lines exactly as sacrebleu's command line does: split on ``\\n`` only
(a lone ``\\r`` stays inside its line), trailing whitespace stripped, a byte-order mark kept,
blank lines are segments too. ``article`` mode segments paragraphs with the same segmenter as
``translate run`` and pairs them paragraph by paragraph (sentence by sentence where the files
agree on the count, else the whole paragraph as one segment); when paragraph counts differ
(an article against a sentence-per-line reference) it pairs sentences one to one.

``auto`` scores line by line whenever every file has the same number of lines, like
sacrebleu; only files of different line counts are read as articles, and the choice is
reported (:attr:`AlignedFiles.notes`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from translate.errors import EvaluationError
from translate.io import read_text

MODES = ("auto", "lines", "article")


@dataclass(frozen=True)
class AlignedFiles:
    """Segments of every file, aligned: ``segments[f][i]`` is segment *i* of file *f*.

    ``pairing`` says how article segments were paired (``lines`` in lines mode,
    ``paragraphs`` or ``sentences`` in article mode); ``fallbacks`` counts paragraphs scored
    as one segment because the files disagree on their sentences.
    """

    mode: str
    labels: tuple[str, ...]
    segments: tuple[tuple[str, ...], ...]
    pairing: str = "lines"
    fallbacks: int = 0
    automatic: bool = False
    notes: tuple[str, ...] = field(default=())


def sacrebleu_lines(text: str) -> list[str]:
    """Lines as ``sacrebleu`` reads them: ``open(newline="\\n")`` then ``line.rstrip()``."""
    parts = text.split("\n")
    if parts[-1] == "":
        parts.pop()
    return [p.rstrip() for p in parts]


def _normalised(text: str) -> str:
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_aligned(paths: Sequence[Path | str],
                 languages: Sequence[str] | Callable[[], Sequence[str]], mode: str = "auto",
                 encoding: str = "utf-8") -> AlignedFiles:
    """Read files and align their segments; raise on empty files or mismatched structure.

    ``languages`` (one per file, for the sentence segmenter) may be a function: it is called
    only when article mode needs it.
    """
    if mode not in MODES:
        raise EvaluationError(f"unknown mode {mode!r}; use one of: {', '.join(MODES)}")
    labels = tuple(str(p) for p in paths)
    texts = [read_text(p, encoding, raw=True) for p in paths]
    for label, text in zip(labels, texts):
        if not text.strip("\ufeff \t\r\n"):
            raise EvaluationError(f"{label}: empty file; nothing to evaluate")
    lines = [sacrebleu_lines(t) for t in texts]
    counts = [len(x) for x in lines]
    if mode == "lines" or (mode == "auto" and len(set(counts)) == 1):
        for label, count in zip(labels[1:], counts[1:]):
            if count != counts[0]:
                raise EvaluationError(
                    f"{label} has {count} lines but {labels[0]} has {counts[0]}; files must "
                    f"have one segment per line, in the same order (or use --mode article)"
                )
        notes = [f"{label} starts with a byte-order mark; it stays part of the first segment, "
                 f"as in sacrebleu" for label, t in zip(labels, texts) if t.startswith("\ufeff")]
        if mode == "auto":
            notes.insert(0, f"mode: lines (auto: every file has {counts[0]} lines; scored line "
                            f"by line as sacrebleu does)")
        return AlignedFiles("lines", labels, tuple(tuple(x) for x in lines), "lines", 0,
                            mode == "auto", tuple(notes))
    aligned = _articles(labels, [_normalised(t) for t in texts],
                        languages() if callable(languages) else languages)
    if mode == "auto":
        detail = ", ".join(f"{label}: {n}" for label, n in zip(labels, counts))
        note = (f"mode: article (auto: line counts differ ({detail}); paired by "
                f"{aligned.pairing}, {len(aligned.segments[0])} segments, {aligned.fallbacks} "
                f"paragraph(s) scored whole; give --mode lines to refuse instead)")
        return AlignedFiles("article", labels, aligned.segments, aligned.pairing,
                            aligned.fallbacks, True, (note,))
    note = (f"mode: article (paired by {aligned.pairing}, {len(aligned.segments[0])} segments, "
            f"{aligned.fallbacks} paragraph(s) scored whole)")
    return AlignedFiles("article", labels, aligned.segments, aligned.pairing, aligned.fallbacks,
                        False, (note,))


def _sentence_list(text: str, language: str) -> list[str]:
    from translate.text.segment import segment

    body = text.strip("\n")
    if "\n" in body and not any(not line.strip() for line in body.split("\n")):
        # One sentence per line already (no blank line anywhere): keep the author's lines.
        return [" ".join(line.split()) for line in body.split("\n")]
    return [s.text for s in segment(text, language).sentences]


def _articles(labels: tuple[str, ...], texts: Sequence[str],
              languages: Sequence[str]) -> AlignedFiles:
    from translate.text.segment import segment

    documents = [segment(t, lang) for t, lang in zip(texts, languages)]
    counts = [len(d.paragraphs) for d in documents]
    if len(set(counts)) == 1:
        aligned: list[list[str]] = [[] for _ in documents]
        fallbacks = 0
        for position in range(counts[0]):
            paragraphs = [d.paragraphs[position] for d in documents]
            if len({len(p.sentences) for p in paragraphs}) == 1:
                for store, paragraph in zip(aligned, paragraphs):
                    store.extend(s.text for s in paragraph.sentences)
            else:
                fallbacks += 1
                for store, paragraph in zip(aligned, paragraphs):
                    store.append(" ".join(s.text for s in paragraph.sentences))
        return AlignedFiles("article", labels, tuple(tuple(s) for s in aligned), "paragraphs",
                            fallbacks)
    sentences = [_sentence_list(t, lang) for t, lang in zip(texts, languages)]
    if len({len(s) for s in sentences}) == 1:
        return AlignedFiles("article", labels, tuple(tuple(s) for s in sentences), "sentences")
    paragraph_counts = ", ".join(f"{label}: {n}" for label, n in zip(labels, counts))
    sentence_counts = ", ".join(f"{label}: {len(s)}" for label, s in zip(labels, sentences))
    raise EvaluationError(
        f"cannot pair the files: paragraph counts differ ({paragraph_counts}) and so do sentence "
        f"counts ({sentence_counts}); align the articles or give one sentence per line"
    )
