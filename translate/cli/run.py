"""``translate run``: translate a French article."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from translate.cli.common import (
    FORMAT_OPTION,
    GLOSSARY_OPTION,
    QUIET_OPTION,
    TtyProgress,
    check_format,
    dump_json,
    echo_summary,
    emit,
    load_spinner,
    resolve_glossary,
    translation_settings,
)
from translate.cli.document_io import INPUT_FORMAT_OPTION, input_format
from translate.config import MAX_THREADS
from translate.errors import CheckFailed, InputError

if TYPE_CHECKING:
    from translate.cache import TranslationMemory
    from translate.config import Settings
    from translate.engine.base import Engine
    from translate.pipeline import DocumentResult, Progress

PROGRESS_MIN_SENTENCES = 1


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command("run")(run)


def run(
    ctx: typer.Context,
    input: str = typer.Argument(
        ..., help="French text, HTML, Markdown, DOCX or SRT file, or - for standard input."),
    to: str = typer.Option("en", "--to", help="Target language (en)."),
    from_: str = typer.Option("fr", "--from", help="Source language (fr)."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write here (atomically) instead of stdout."
    ),
    fmt: str = FORMAT_OPTION,
    beam: int | None = typer.Option(None, "--beam", min=1, max=16, help="Beam size (default 4)."),
    model: Path | None = typer.Option(None, "--model", help="Use this installed package folder."),
    glossary: list[Path] | None = GLOSSARY_OPTION,
    no_glossary: bool = typer.Option(False, "--no-glossary", help="Translate without a glossary."),
    report: Path | None = typer.Option(None, "--report", help="Write the per-term JSON report here."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 if any terminology violation remains."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the translation memory."),
    threads: int | None = typer.Option(None, "--threads", min=0, max=MAX_THREADS,
                                       help="CPU threads (0 = all cores)."),
    encoding: str = typer.Option("utf-8", "--encoding", help="Input encoding, e.g. latin-1."),
    lines: bool = typer.Option(False, "--lines", help="One segment per line (sentence-per-line files)."),
    in_place: bool = typer.Option(False, "--in-place",
                                  help="Allow -o to name the input file and replace it."),
    glossary_mode: str | None = typer.Option(
        None, "--glossary-mode", metavar="[enforce|report]",
        help="enforce (default): place terms; report: translate freely, only verify."
    ),
    input_fmt: str | None = INPUT_FORMAT_OPTION,
    quiet: bool = QUIET_OPTION,
) -> None:
    """Translate a French article to English, keeping paragraphs and enforcing the glossary."""
    from translate.api import open_engine
    from translate.io import read_text
    from translate.pipeline import empty_result, translate_document
    from translate.text.normalize import has_translatable_text

    check_format(fmt)
    settings = translation_settings(ctx, glossary_mode, no_cache, model, source_lang=from_,
                                    target_lang=to, beam_size=beam, threads=threads)
    from translate.io import check_writable

    refuse_overwriting_input(input, output, report, in_place)
    for target in (output, report):
        if target is not None:
            check_writable(target)
    kind = input_format(input, input_fmt)
    if kind != "text":
        from translate.cli.document_io import run_document

        run_document(input, kind, output, report, fmt, strict, settings, model,
                     resolve_glossary(settings, glossary, no_glossary), quiet)
        return
    text = read_text(input, encoding)
    terms = resolve_glossary(settings, glossary, no_glossary)
    if not has_translatable_text(text):
        # Empty, blank or symbols only: nothing for a model to do, so none is looked for.
        emit("" if fmt == "text" else render(empty_result(terms), fmt), output)
        return
    engine = open_engine(settings, model)
    with open_memory(settings) as memory, translation_progress(engine, quiet) as progress:
        result = translate_document(text, engine, settings, terms, memory, progress, lines)
    if report is not None:
        emit(dump_json(report_data(result)), report)
    emit(render(result, fmt), output)
    if terms is not None:
        echo_run_summary(result)
    if strict and result.violations:
        raise CheckFailed(f"{len(result.violations)} terminology violation(s) remain (--strict)")


@contextlib.contextmanager
def open_memory(settings: Settings) -> Iterator[TranslationMemory | None]:
    """The translation memory of a run (``None`` when it is off), closed afterwards."""
    if settings.cache_path is None:
        yield None
        return
    from translate.cache import TranslationMemory

    memory = TranslationMemory.open(settings.cache_path, settings.cache_timeout)
    try:
        yield memory
    finally:
        memory.close()


@contextlib.contextmanager
def translation_progress(engine: Engine, quiet: bool) -> Iterator[Progress]:
    """A progress callback: a bar per decoded batch and a model-load spinner, on a terminal."""
    with TtyProgress("translating", PROGRESS_MIN_SENTENCES, enabled=not quiet) as bar:
        loaded = False

        def progress(done: int, total: int) -> None:
            # The first report comes just before decoding starts, and only then is the model
            # needed (a run served from the memory never loads it): load it under a spinner.
            nonlocal loaded
            load = getattr(engine, "load", None)
            if not loaded and done < total and load is not None:
                with load_spinner("loading the translation model", enabled=not quiet):
                    load()
            loaded = True
            bar(done, total)

        yield progress


def echo_run_summary(result: DocumentResult) -> None:
    """The summary line on stderr, then one line per term enforcement could not place."""
    from translate.text.printable import printable

    echo_summary(printable(result.summary), not result.violations)
    for o in result.occurrences:
        if o.reason:
            typer.echo(printable(f"{o.source_term!r} ({o.source_text!r}, paragraph {o.paragraph}, "
                                 f"sentence {o.sentence}) not placed: {o.reason}"), err=True)


def refuse_overwriting_input(input: str, output: Path | None, report: Path | None,
                             in_place: bool) -> None:
    """Writing the translation over its French source loses the source: only on request."""
    from translate.io import same_file

    if output is not None and same_file(input, output) and not in_place:
        raise InputError(f"{output}: is the input file; choose another -o, or pass --in-place "
                         f"to replace the French source with its translation")
    if report is not None and same_file(input, report):
        raise InputError(f"{report}: --report names the input file; choose another path")
    if report is not None and output is not None and same_file(output, report):
        raise InputError(f"{report}: --report and -o name the same file; choose another path")


def render(result: DocumentResult, fmt: str) -> str:
    """The translated text, or the JSON document."""
    if fmt == "text":
        # A text file ends with a newline, whatever the input did.
        return result.text if not result.text or result.text.endswith("\n") else result.text + "\n"
    return dump_json({
        "signature": result.signature.as_dict(),
        "paragraphs": result.paragraphs,
        "sentences": [
            {"paragraph": s.paragraph, "index": s.index, "source": s.source,
             "translation": s.translation, "score": s.score, "flags": list(s.flags),
             "cached": s.cached, "chunks": s.chunks}
            for s in result.sentences
        ],
        "terms": list(result.occurrences),
        "violations": list(result.violations),
        "summary": result.summary,
    })


def report_data(result: DocumentResult) -> dict[str, object]:
    """The ``--report`` JSON: every occurrence, every violation, the signature."""
    return {
        "summary": result.summary,
        "occurrences": [
            {"paragraph": o.paragraph, "sentence": o.sentence, "source_term": o.source_term,
             "source_span": [o.start, o.end], "source_text": o.source_text,
             "expected": o.expected, "method": o.method, "status": o.status,
             **({"reason": o.reason} if o.reason else {})}
            for o in result.occurrences
        ],
        "violations": list(result.violations),
        "flags": {str(s.index): list(s.flags) for s in result.sentences if s.flags},
        "signature": result.signature.as_dict(),
    }
