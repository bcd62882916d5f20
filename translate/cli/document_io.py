"""Documents (HTML, Markdown, DOCX, SRT) in ``translate run`` and ``translate check``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from translate.cli.common import dump_json, emit
from translate.config import Settings
from translate.errors import CheckFailed, InputError
from translate.glossary.schema import Glossary

INPUT_FORMAT_OPTION = typer.Option(
    None, "--input-format",
    help="text, html, markdown, docx or srt (default: from the extension, else text).")
PROGRESS_MIN_SENTENCES = 20


def input_format(path: str, explicit: str | None) -> str:
    """The input's format: ``--input-format``, else its extension, else text."""
    from translate.documents import format_for_path

    return format_for_path(path, explicit)


def read_document(path: str | Path, fmt: str) -> bytes:
    """The bytes of a document; binary formats are refused on standard input from a terminal."""
    from translate.io import STDIN, read_bytes

    if str(path) == STDIN and fmt == "docx" and sys.stdin.isatty():
        raise InputError("DOCX is binary: give the file path instead of - on a terminal")
    return read_bytes(path)[0]


def run_document(path: str, fmt: str, output: Path | None, report: Path | None, out_format: str,
                 strict: bool, settings: Settings, model: Path | None, terms: Glossary | None,
                 quiet: bool = False) -> None:
    """``translate run`` for a document: translate, write the same format (or the JSON record)."""
    from translate.api import open_engine
    from translate.cli.run import (
        echo_run_summary,
        open_memory,
        render,
        report_data,
        translation_progress,
    )
    from translate.documents import translate_bytes

    binary = fmt == "docx" and out_format == "text"
    if binary and output is None and sys.stdout.isatty():
        raise InputError("DOCX output is binary: pass -o OUT.docx (or redirect stdout)")
    data = read_document(path, fmt)
    engine = open_engine(settings, model)
    with open_memory(settings) as memory, translation_progress(engine, quiet) as progress:
        done = translate_bytes(data, fmt, engine, settings, terms, memory, progress)
    if report is not None:
        emit(dump_json(report_data(done.result)), report)
    if out_format == "json":
        emit(render(done.result, "json"), output)
    elif output is not None:
        from translate.io import write_bytes_atomic

        write_bytes_atomic(output, done.data)
    else:
        try:
            sys.stdout.buffer.write(done.data)
            sys.stdout.flush()
        except OSError as exc:
            from translate.io import silence_stdout, write_failure

            silence_stdout()
            raise write_failure("standard output", exc) from None
    if terms is not None:
        echo_run_summary(done.result)
    if strict and done.result.violations:
        raise CheckFailed(f"{len(done.result.violations)} terminology violation(s) remain (--strict)")


def document_text(path: Path, fmt: str, encoding: str) -> str:
    """The text content ``translate check`` compares: plain text as read, else the blocks."""
    if fmt == "text":
        from translate.io import read_text

        return read_text(path, encoding)
    from translate.documents import parse_text

    return parse_text(read_document(path, fmt), fmt)
