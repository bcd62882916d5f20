"""Documents: HTML, Markdown, DOCX and SRT translated with their markup kept.

``translate_bytes(data, fmt, engine, settings, glossary)`` is the one call front-ends use
(the CLI, the HTTP server). Format modules (and their parsers: lxml, markdown-it-py, mdformat,
python-docx, srt) are imported only when a format is used.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translate.documents.model import FORMATS, Document, DocumentError, Format

if TYPE_CHECKING:
    from translate.documents.translate import DocumentTranslation

__all__ = ["FORMATS", "INPUT_FORMATS", "Document", "DocumentError", "DocumentTranslation", "Format",
           "document_text", "format_for_path", "get_format", "parse_text", "translate_bytes"]

# name → module holding the Format class; "text" is the plain-text path of translate run.
MODULES = {"html": "html", "markdown": "markdown", "docx": "docx", "srt": "srt"}
INPUT_FORMATS = ("text", *MODULES)
EXTENSIONS = {".html": "html", ".htm": "html", ".xhtml": "html", ".md": "markdown",
              ".markdown": "markdown", ".docx": "docx", ".srt": "srt"}


def get_format(name: str) -> Format:
    """The format called ``name``."""
    module = MODULES.get(name)
    if module is None:
        raise DocumentError(f"unknown document format {name!r}; use one of: {', '.join(INPUT_FORMATS)}")
    importlib.import_module(f"translate.documents.{module}")
    return FORMATS[name]()


def format_for_path(path: str, explicit: str | None = None) -> str:
    """The input format: ``explicit`` if given, else from the file extension, else text."""
    if explicit is not None:
        if explicit not in INPUT_FORMATS:
            raise DocumentError(f"unknown --input-format {explicit!r}; use one of: "
                                f"{', '.join(INPUT_FORMATS)}")
        return explicit
    return EXTENSIONS.get(Path(path).suffix.lower(), "text")


def parse_text(data: bytes, fmt: str) -> str:
    """The text content of a document (one paragraph per block), for ``translate check``."""
    from translate.documents.translate import document_text

    return document_text(get_format(fmt).parse(data))


def __getattr__(name: str) -> Any:
    if name in ("translate_bytes", "document_text", "DocumentTranslation", "translate_parsed"):
        return getattr(importlib.import_module("translate.documents.translate"), name)
    raise AttributeError(f"module 'translate.documents' has no attribute {name!r}")
