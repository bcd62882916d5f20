"""Translating a parsed document: its blocks through ``translate_document``, spans carried across.

The blocks' text goes through the one data path (segment, match, memory, decode, enforce,
verify) as one text, one paragraph per block, with the sentence alignment requested; each
block's spans are then re-projected onto its translation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from translate.cache import TranslationMemory
from translate.config import Settings
from translate.documents.model import Document
from translate.documents.project import project
from translate.engine.base import Engine
from translate.glossary.schema import Glossary
from translate.pipeline import DocumentResult, Progress, RunSignature, translate_document

# Characters no markup format can hold (XML refuses them); a model may still emit them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class DocumentTranslation:
    """A translated document: its bytes, its format and the pipeline's per-sentence record."""

    data: bytes
    format: str
    result: DocumentResult
    blocks: int
    spans: int

    @property
    def signature(self) -> RunSignature:
        """How the text was translated (engine, package, options, glossary, version)."""
        return self.result.signature


def document_text(document: Document) -> str:
    """The text content: one paragraph per non-empty block (what ``translate check`` compares)."""
    return "\n\n".join(b.text for b in document.blocks if b.text.strip())


class AlignedSentence(Protocol):
    """What span projection needs of a translated sentence (a pipeline ``SentenceResult``, or
    the plain record a corpus worker sends back)."""

    @property
    def paragraph(self) -> int: ...
    @property
    def source(self) -> str: ...
    @property
    def translation(self) -> str: ...
    @property
    def alignment(self) -> tuple[tuple[int, int, int, int], ...]: ...


def translate_parsed(document: Document, engine: Engine, settings: Settings,
                     glossary: Glossary | None = None, memory: TranslationMemory | None = None,
                     progress: Progress | None = None) -> DocumentResult:
    """Translate every block of ``document`` in place (``translation`` and ``targets``)."""
    result = translate_document(document_text(document), engine, settings, glossary, memory,
                                progress, align=True)
    if result.sentences:
        project_blocks(document, result.sentences)
    return result


def project_blocks(document: Document, sentences: Sequence[AlignedSentence]) -> None:
    """Set each non-empty block's translation and re-project its spans, from the sentences of
    :func:`document_text` translated with alignment (paragraph *n* is the *n*-th such block)."""
    blocks = [b for b in document.blocks if b.text.strip()]
    by_paragraph: dict[int, list[int]] = {}
    for index, sentence in enumerate(sentences):
        by_paragraph.setdefault(sentence.paragraph, []).append(index)
    for number, block in enumerate(blocks, start=1):
        parts: list[str] = []
        links: list[tuple[int, int, int, int]] = []
        cursor = 0
        target_length = 0
        for index in by_paragraph.get(number, []):
            sentence = sentences[index]
            found = block.text.find(sentence.source, cursor)
            offset = found if found >= 0 else cursor
            cursor = offset + len(sentence.source)
            translation = sentence.translation.strip()
            if not translation:
                continue
            if parts:
                target_length += 1
            links.extend((ts + target_length, te + target_length, ss + offset, se + offset)
                         for ts, te, ss, se in sentence.alignment)
            parts.append(translation)
            target_length += len(translation)
        block.translation = _CONTROL.sub("", " ".join(parts))
        block.targets = project(block, block.translation, links)


def translate_bytes(data: bytes, fmt: str, engine: Engine, settings: Settings,
                    glossary: Glossary | None = None, memory: TranslationMemory | None = None,
                    progress: Progress | None = None) -> DocumentTranslation:
    """Translate a document given as bytes in format ``fmt`` (``html``, ``markdown``, …)."""
    from translate.documents import get_format

    handler = get_format(fmt)
    document = handler.parse(data)
    result = translate_parsed(document, engine, settings, glossary, memory, progress)
    output = handler.render(document) if result.sentences else data
    return DocumentTranslation(output, handler.name, result, len(document.blocks),
                               sum(len(b.spans) for b in document.blocks))
