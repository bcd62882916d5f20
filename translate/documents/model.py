"""The document model shared by every format: blocks of text with inline spans kept aside.

A format parses bytes into a :class:`Document`: the blocks are the units of running text
(paragraphs, headings, table cells, subtitle sentences, translatable attributes), each a plain
string the pipeline translates and a list of :class:`Span`, the inline markup over character
ranges of that string (bold, links, Word runs, cues). Spans nest properly and are listed in
document order, parents first. The format renders the document back from the translated text of
each block and the spans re-projected onto it (translate.documents.project).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from translate.errors import InputError

# Inputs above this size are refused before parsing (a whole newspaper edition is ~5 MB).
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


class DocumentError(InputError):
    """A document cannot be parsed or is refused (too large, unsafe, wrong format)."""


@dataclass
class Span:
    """Inline markup over ``text[start:end]`` of its block.

    ``markup`` is the format's own handle (an element, a token, a run's properties).
    ``parent`` is the index of the enclosing span in the block's list (-1: none). A
    ``verbatim`` span's content is put back exactly as it was (code, ``translate="no"``,
    images, line breaks): the model may see its words for context, the output keeps the
    original. A span with ``start == end`` marks a point (an image, a comment).
    """

    start: int
    end: int
    markup: Any
    parent: int = -1
    verbatim: bool = False


@dataclass
class Block:
    """One unit of running text and its inline spans; ``ref`` locates it for the renderer."""

    text: str
    spans: list[Span] = field(default_factory=list)
    ref: Any = None
    # Filled by the translation: the target text and one (start, end) per span.
    translation: str | None = None
    targets: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Document:
    """A parsed document: its blocks in reading order and the format's own tree."""

    format: str
    blocks: list[Block]
    tree: Any = None
    meta: dict[str, Any] = field(default_factory=dict)


class Format(ABC):
    """One document format: parse bytes into blocks, render translated blocks back to bytes."""

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    binary: ClassVar[bool] = False

    @abstractmethod
    def parse(self, data: bytes) -> Document:
        """Blocks and spans of ``data``; raises :class:`DocumentError` on unusable input."""

    @abstractmethod
    def render(self, document: Document) -> bytes:
        """The document with every translated block put back, in the input's encoding."""


FORMATS: dict[str, type[Format]] = {}


def decode_utf8(data: bytes, kind: str) -> str:
    """The text of a UTF-8 document (a BOM dropped), refused past the size limit."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"{kind} file is {len(data)} bytes, over the {MAX_DOCUMENT_BYTES} "
                            f"limit; split it")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{kind} is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                            f"{exc.start}); convert it to UTF-8") from None


def register_format(cls: type[Format]) -> type[Format]:
    """Class decorator adding a format to the name→class registry."""
    FORMATS[cls.name] = cls
    return cls


_SPACE = re.compile(r"\s+")


def normalized(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """Collapse whitespace runs to one space and strip, moving span offsets along.

    Block text reaches the pipeline as one paragraph of single-spaced sentences, so that each
    sentence is an exact substring of its block.
    """
    out: list[str] = []
    position = [0] * (len(text) + 1)
    for index, char in enumerate(text):
        position[index] = len(out)
        if char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
        else:
            out.append(char)
    position[len(text)] = len(out)
    flat = "".join(out)
    stripped = flat.rstrip()
    lead = 0
    moved = []
    for span in spans:
        start = min(max(0, position[span.start] - lead), len(stripped))
        end = min(max(start, position[span.end] - lead), len(stripped))
        moved.append(Span(start, end, span.markup, span.parent, span.verbatim))
    return stripped, moved
