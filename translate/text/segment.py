"""Paragraphs and French sentences, with offsets, and their exact reassembly.

Paragraphs are blocks separated by blank lines; the exact separators are kept so the output
has the input's blank-line structure. Sentences come from pysbd's French rules (abbreviations
such as « M. », ellipses, quotes). By construction every non-space character of a paragraph
belongs to exactly one sentence, in order, so joining the sentences reproduces the paragraph
modulo whitespace.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

_BLANK_LINES = re.compile(r"\n[ \t\u00a0\u202f]*\n\s*")


@dataclass(frozen=True)
class Sentence:
    """One sentence: 1-based paragraph and global index, text, offsets in the document."""

    paragraph: int
    index: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: 1-based index, its sentences, offsets in the document."""

    index: int
    start: int
    end: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Document:
    """A segmented text: paragraphs plus the exact whitespace around and between them."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    separators: tuple[str, ...]
    leading: str
    trailing: str
    kind: str = "paragraphs"

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """All sentences in document order."""
        return tuple(s for p in self.paragraphs for s in p.sentences)


# Titles and abbreviations of French news copy that pysbd's French list lacks.
FRENCH_EXTRA_ABBREVIATIONS = (
    "dr", "mgr", "pr", "mme", "mmes", "mlle", "mlles", "me", "st", "ste", "gén", "col", "cdt",
    "lt", "sgt", "prof", "jr", "sr", "no", "bd", "min", "max", "approx", "janv", "févr",
    "avr", "juil", "sept", "oct", "nov", "déc", "dép", "gouv", "cie", "éts",
)
# Titles written before a name: a capitalised word after them does not start a sentence.
FRENCH_TITLES = ("dr", "mgr", "pr", "mme", "mmes", "mlle", "mlles", "me", "st", "ste", "gén",
                 "col", "cdt", "lt", "sgt", "prof")


@functools.lru_cache(maxsize=4)
def _segmenter(language: str) -> Any:
    import pysbd

    segmenter = pysbd.Segmenter(language=language, clean=False)
    if language == "fr":
        base = segmenter.language_module

        class Abbreviation(base.Abbreviation):  # type: ignore[name-defined, misc]
            ABBREVIATIONS = sorted(set(base.Abbreviation.ABBREVIATIONS)
                                   | set(FRENCH_EXTRA_ABBREVIATIONS))
            PREPOSITIVE_ABBREVIATIONS = sorted(
                set(base.Abbreviation.PREPOSITIVE_ABBREVIATIONS) | set(FRENCH_TITLES))

        segmenter.language_module = type("NewsFrench", (base,), {"Abbreviation": Abbreviation})
    return segmenter


def _squeeze(paragraph: str) -> tuple[str, list[int]]:
    """Collapse whitespace runs to one space; return the text and each char's origin."""
    chars: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(paragraph):
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            char = " "
        chars.append(char)
        origin.append(i)
    origin.append(len(paragraph))
    return "".join(chars), origin


def split_sentences(paragraph: str, language: str = "fr") -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences of one paragraph.

    Spans cover every non-space character, in order, and never overlap or come out empty.
    pysbd sees the paragraph with whitespace runs collapsed, so its decisions do not depend
    on how many spaces (or which kind) separate words.
    """
    flat, origin = _squeeze(paragraph)
    pieces = _segmenter(language).segment(flat)
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        stripped = piece.strip()
        if not stripped:
            continue
        found = flat.find(stripped, cursor)
        if found < 0:
            # pysbd changed the text; let the unmatched rest join the previous sentence.
            break
        if spans and flat[cursor:found].strip():
            spans[-1] = (spans[-1][0], found)
        spans.append((found, found + len(stripped)))
        cursor = found + len(stripped)
    rest = flat[cursor:]
    if rest.strip():
        tail_start = cursor + (len(rest) - len(rest.lstrip()))
        tail_end = cursor + len(rest.rstrip())
        if spans:
            spans[-1] = (spans[-1][0], tail_end)
        else:
            spans.append((tail_start, tail_end))
    return [(origin[start], origin[end - 1] + 1) for start, end in spans]


def segment(text: str, language: str = "fr") -> Document:
    """Split ``text`` into paragraphs and sentences."""
    stripped = text.strip()
    if not stripped:
        return Document(text, (), (), text, "")
    leading = text[: len(text) - len(text.lstrip())]
    trailing = text[len(text.rstrip()):]
    body_start = len(leading)
    body = text[body_start: len(text) - len(trailing)]
    paragraphs: list[Paragraph] = []
    separators: list[str] = []
    cursor = 0
    number = 0
    for match in [*_BLANK_LINES.finditer(body), None]:
        end = match.start() if match else len(body)
        block = body[cursor:end]
        if block.strip():
            number += 1
            sentences = []
            for start, stop in split_sentences(block, language):
                sentences.append(
                    Sentence(
                        paragraph=number,
                        index=0,
                        text=" ".join(block[start:stop].split()),
                        start=body_start + cursor + start,
                        end=body_start + cursor + stop,
                    )
                )
            paragraphs.append(
                Paragraph(number, body_start + cursor, body_start + end, tuple(sentences))
            )
        if match:
            separators.append(match.group())
            cursor = match.end()
    return _numbered(Document(text, tuple(paragraphs), tuple(separators[: len(paragraphs) - 1]),
                              leading, trailing))


def segment_lines(text: str) -> Document:
    """One segment per non-empty line, no sentence splitting (for sentence-per-line files).

    Empty lines are kept by the separators, so line *i* of the output translates line *i*.
    """
    paragraphs: list[Paragraph] = []
    separators: list[str] = []
    position = 0
    pending = ""
    for line in text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        if line.strip():
            if paragraphs:
                separators.append(pending + "\n")
            pending = ""
            number = len(paragraphs) + 1
            sentence = Sentence(number, 0, " ".join(line.split()), start, end)
            paragraphs.append(Paragraph(number, start, end, (sentence,)))
        elif paragraphs:
            pending += "\n"
    leading = "\n" * (len(text) - len(text.lstrip("\n")))
    return _numbered(Document(text, tuple(paragraphs), tuple(separators), leading, "", "lines"))


def _numbered(document: Document) -> Document:
    counter = 0
    paragraphs = []
    for paragraph in document.paragraphs:
        sentences = []
        for sentence in paragraph.sentences:
            counter += 1
            sentences.append(Sentence(sentence.paragraph, counter, sentence.text,
                                      sentence.start, sentence.end))
        paragraphs.append(Paragraph(paragraph.index, paragraph.start, paragraph.end,
                                    tuple(sentences)))
    return Document(document.text, tuple(paragraphs), document.separators,
                    document.leading, document.trailing, document.kind)


def reassemble(document: Document, translations: list[str]) -> str:
    """Rebuild a text from one translation per sentence, keeping paragraph layout.

    Sentences of a paragraph are joined with single spaces; paragraphs keep the input's
    separators; leading and trailing whitespace are kept.
    """
    sentences = document.sentences
    if len(translations) != len(sentences):
        raise ValueError(
            f"{len(translations)} translations for {len(sentences)} sentences"
        )
    if not sentences:
        return ""
    # Line mode keeps leading empty lines so that output line i still translates input line i.
    parts: list[str] = [document.leading] if document.kind == "lines" else []
    position = 0
    for number, paragraph in enumerate(document.paragraphs):
        count = len(paragraph.sentences)
        parts.append(" ".join(t.strip() for t in translations[position: position + count]))
        position += count
        if number < len(document.separators):
            parts.append(document.separators[number])
    return "".join(parts) + ("\n" if document.text.endswith("\n") else "")
