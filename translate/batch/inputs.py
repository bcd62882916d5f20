"""Corpus inputs: files, directory trees and JSONL, and the document formats that read them.

A document format turns a file's bytes into text blocks to translate and the translated blocks
back into bytes; the driver parses and renders, workers only translate blocks. Plain text is
built in; another format plugs in with one ``register_format(...)`` line.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from translate.errors import InputError
from translate.io import decode_text

JSONL_SUFFIXES = (".jsonl",)


@dataclass(frozen=True)
class Parsed:
    """Text blocks to translate, and whatever the format needs to render them back."""

    blocks: tuple[str, ...]
    state: Any = None


class DocumentFormat(ABC):
    """Reads and writes one kind of document."""

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]
    # Whether rendering needs each sentence's source→target alignment (inline markup).
    align: ClassVar[bool] = False

    @abstractmethod
    def parse(self, data: bytes, label: str) -> Parsed:
        """Blocks of ``data``; raise :class:`InputError` for an unreadable document."""

    @abstractmethod
    def render(self, parsed: Parsed, translations: Sequence[str],
               aligned: Sequence[AlignedRecord] = ()) -> bytes:
        """The output document for the translated blocks (one per parsed block); ``aligned``
        holds the sentences with their alignment when the format asked for it."""


FORMATS: dict[str, DocumentFormat] = {}


def register_format(fmt: DocumentFormat) -> DocumentFormat:
    """Add a format to the suffix→format registry (the hook for translate.documents)."""
    for suffix in fmt.suffixes:
        FORMATS[suffix.lower()] = fmt
    return fmt


class TextFormat(DocumentFormat):
    """UTF-8 plain text: one block, paragraphs kept by the pipeline."""

    name = "text"
    suffixes = (".txt",)

    def parse(self, data: bytes, label: str) -> Parsed:
        return Parsed((decode_text(data, label),))

    def render(self, parsed: Parsed, translations: Sequence[str],
               aligned: Sequence[AlignedRecord] = ()) -> bytes:
        text = translations[0]
        # A text file ends with a newline, whatever the input did (as `translate run` writes).
        return (text if not text or text.endswith("\n") else text + "\n").encode("utf-8")


register_format(TextFormat())


@dataclass(frozen=True)
class AlignedRecord:
    """One translated sentence with its alignment, as a worker sends it back (plain values)."""

    paragraph: int
    source: str
    translation: str
    alignment: tuple[tuple[int, int, int, int], ...]


class MarkupFormat(DocumentFormat):
    """A format of :mod:`translate.documents` (HTML, Markdown, DOCX, SRT): the driver parses
    and renders, workers translate the text content; spans are re-projected through the
    sentences' alignment exactly as ``translate run`` does."""

    align = True

    def parse(self, data: bytes, label: str) -> Parsed:
        from translate.documents import DocumentError, get_format
        from translate.documents.translate import document_text

        try:
            document = get_format(self.name).parse(data)
        except DocumentError as exc:
            raise InputError(f"{label}: {exc}") from None
        return Parsed((document_text(document),), (document, data))

    def render(self, parsed: Parsed, translations: Sequence[str],
               aligned: Sequence[AlignedRecord] = ()) -> bytes:
        from translate.documents import get_format
        from translate.documents.translate import project_blocks

        document, data = parsed.state
        if not aligned:
            return bytes(data)  # nothing translatable: the document as it came, as `run` does
        project_blocks(document, aligned)
        return get_format(self.name).render(document)


def _register_markup_formats() -> None:
    from translate.documents import EXTENSIONS

    by_name: dict[str, list[str]] = {}
    for suffix, name in EXTENSIONS.items():
        by_name.setdefault(name, []).append(suffix)
    for name, suffixes in by_name.items():
        kind = type(f"{name.title()}Format", (MarkupFormat,), {"name": name, "suffixes": tuple(suffixes)})
        register_format(kind())


_register_markup_formats()


@dataclass(frozen=True)
class Source:
    """One document of the corpus, not yet read.

    ``id`` is the output path relative to the output directory (files) or
    ``<jsonl output>#<record id>`` (JSONL records, whose text is already in ``text``).
    """

    id: str
    path: Path
    output: str
    fmt: str
    text: str | None = None
    key: str | int | None = None


@dataclass(frozen=True)
class JsonlFields:
    """Field names of JSONL records."""

    id: str = "id"
    text: str = "text"


def content_hash(data: bytes) -> str:
    """Hash of a document's input, as the manifest records it."""
    return hashlib.sha256(data).hexdigest()


def discover(inputs: Sequence[Path], out_dir: Path, fields: JsonlFields,
             errors: list[tuple[str, str]]) -> list[Source]:
    """Every document of ``inputs``, in a stable order, with output paths that never collide.

    One directory maps onto ``out_dir`` itself; with several inputs each directory keeps its
    name. Symlinks, FIFOs and devices inside directories are skipped, and so is ``out_dir``.
    Unreadable JSONL records are appended to ``errors`` as (id, reason) and the rest go on.
    """
    if not inputs:
        raise InputError("no input given; pass files, directories or JSONL files")
    single_dir = len(inputs) == 1 and inputs[0].is_dir()
    sources: list[Source] = []
    for root in inputs:
        mode = _mode(root)
        if stat.S_ISDIR(mode):
            prefix = "" if single_dir else root.name + "/"
            for path in _walk(root, out_dir):
                rel = prefix + path.relative_to(root).as_posix()
                sources.extend(_sources_of(path, rel, fields, errors))
        elif stat.S_ISREG(mode):
            if _format_of(root) is None and root.suffix.lower() not in JSONL_SUFFIXES:
                known = ", ".join(sorted({*FORMATS, *JSONL_SUFFIXES}))
                raise InputError(f"{root}: unknown document type {root.suffix or '(none)'!r}; "
                                 f"give one of {known}")
            sources.extend(_sources_of(root, root.name, fields, errors))
        else:
            raise InputError(f"{root}: not a regular file or directory; give files or folders")
    seen: dict[str, Source] = {}
    for source in sources:
        if source.id in seen:
            raise InputError(f"{source.path} and {seen[source.id].path} both map to {source.id}; "
                             f"pass their folders instead, or rename one")
        seen[source.id] = source
    return sources


def _mode(path: Path) -> int:
    try:
        return path.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory; check the path") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}); check the path") from None


def _walk(root: Path, out_dir: Path) -> Iterator[Path]:
    skip = out_dir.resolve()
    for directory, dirs, files in os.walk(root, followlinks=False):
        here = Path(directory)
        dirs[:] = sorted(d for d in dirs if (here / d).resolve() != skip and not d.startswith("."))
        for name in sorted(files):
            path = here / name
            if name.startswith(".") or path.is_symlink() or not path.is_file():
                continue
            if _format_of(path) is not None or path.suffix.lower() in JSONL_SUFFIXES:
                yield path


def _format_of(path: Path) -> DocumentFormat | None:
    return FORMATS.get(path.suffix.lower())


def _sources_of(path: Path, rel: str, fields: JsonlFields,
                errors: list[tuple[str, str]]) -> list[Source]:
    if path.suffix.lower() not in JSONL_SUFFIXES:
        fmt = _format_of(path)
        assert fmt is not None
        return [Source(rel, path, rel, fmt.name)]
    return list(read_jsonl(path, rel, fields, errors))


def read_jsonl(path: Path, rel: str, fields: JsonlFields,
               errors: list[tuple[str, str]]) -> Iterator[Source]:
    """Records of a JSONL file; a bad line is an error of its own, not of the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}); check the path") from None
    text = decode_text(data, str(path))
    ids: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{rel}#line-{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append((where, f"line {number}: not JSON ({exc.msg})"))
            continue
        if not isinstance(record, dict):
            errors.append((where, f"line {number}: not a JSON object"))
            continue
        key, body = record.get(fields.id), record.get(fields.text)
        if not isinstance(key, (str, int)) or isinstance(key, bool):
            errors.append((where, f"line {number}: no string or integer {fields.id!r} field; "
                                  f"set --id-field"))
            continue
        if not isinstance(body, str):
            errors.append((f"{rel}#{key}", f"line {number}: no string {fields.text!r} field; "
                                           f"set --text-field"))
            continue
        if str(key) in ids:
            errors.append((f"{rel}#{key}#line-{number}", f"line {number}: duplicate id {key!r}"))
            continue
        ids.add(str(key))
        yield Source(f"{rel}#{key}", path, rel, "jsonl", body, key)


def read_source(source: Source) -> tuple[bytes, Parsed]:
    """Raw bytes (for the input hash) and parsed blocks of one document."""
    if source.text is not None:
        return source.text.encode("utf-8"), Parsed((source.text,))
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        raise InputError(f"{source.path}: cannot read ({exc.strerror})") from None
    return data, format_named(source.fmt).parse(data, str(source.path))


def format_named(name: str) -> DocumentFormat:
    """The registered format called ``name``."""
    return next(fmt for fmt in FORMATS.values() if fmt.name == name)
