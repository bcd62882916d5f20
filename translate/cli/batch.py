"""``translate batch``: translate a corpus (files, folders, JSONL), resumably, here or on Ray."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import IO, Any

import typer

from translate.cli.common import GLOSSARY_OPTION, resolve_glossary, translation_settings
from translate.config import MAX_THREADS
from translate.errors import InputError, SomeFailed


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command("batch")(batch)


def batch(
    ctx: typer.Context,
    inputs: list[Path] = typer.Argument(..., help="Files, folders (searched recursively) or JSONL files."),
    out: Path = typer.Option(..., "--out", "-o",
                             help="Output folder (mirrors the inputs; holds the manifest)."),
    to: str = typer.Option("en", "--to", help="Target language (en)."),
    from_: str = typer.Option("fr", "--from", help="Source language (fr)."),
    executor: str = typer.Option("local", "--executor", help="local (default) or ray."),
    workers: int = typer.Option(1, "--workers", min=1, max=256,
                                help="Worker processes (local) or actors (ray); each loads the model once."),
    ray_address: str | None = typer.Option(None, "--ray-address",
                                           help="Ray cluster to join (default: start a local Ray)."),
    force: bool = typer.Option(False, "--force", help="Translate every document again, done or not."),
    id_field: str = typer.Option("id", "--id-field", help="JSONL field holding the record id."),
    text_field: str = typer.Option("text", "--text-field", help="JSONL field holding the text."),
    glossary: list[Path] | None = GLOSSARY_OPTION,
    no_glossary: bool = typer.Option(False, "--no-glossary", help="Translate without a glossary."),
    glossary_mode: str | None = typer.Option(None, "--glossary-mode", help="enforce (default) or report."),
    beam: int | None = typer.Option(None, "--beam", min=1, max=16, help="Beam size (default 4)."),
    threads: int | None = typer.Option(None, "--threads", min=0, max=MAX_THREADS,
                                       help="CPU threads per worker (0 = all cores)."),
    model: Path | None = typer.Option(None, "--model", help="Use this installed package folder."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the translation memory."),
    lines: bool = typer.Option(False, "--lines", help="One segment per line in every document."),
    max_document_mb: float = typer.Option(10.0, "--max-document-mb", min=0.001,
                                          help="Larger documents are recorded as failed."),
    max_batch_memory_mb: int | None = typer.Option(
        None, "--max-batch-memory-mb", min=1, help="Decoder memory budget per batch (default from config)."),
    group_chars: int = typer.Option(
        20_000, "--group-chars", min=1,
        help="Documents are decoded together until a group holds this many characters."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary line."),
    progress_json: str | None = typer.Option(
        None, "--progress-json", help="Write progress events as JSON lines to this file (- = stdout)."),
) -> None:
    """Translate a corpus: resumable (a manifest skips what is done), one output per document."""
    from translate.api import open_engine
    from translate.batch.executors import executor_class
    from translate.batch.inputs import JsonlFields
    from translate.batch.job import BatchJob, BatchOptions
    from translate.batch.work import WorkerSpec
    cls = executor_class(executor)
    if ray_address is not None and executor != "ray":
        raise InputError("--ray-address needs --executor ray")
    settings = translation_settings(ctx, glossary_mode, no_cache, model, source_lang=from_,
                                    target_lang=to, beam_size=beam, threads=threads,
                                    max_batch_memory_mb=max_batch_memory_mb)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: --out must be a folder")
    terms = resolve_glossary(settings, glossary, no_glossary)
    # Finds the package now (exit 3 before any work if missing); the model loads in workers.
    engine_key = open_engine(settings, model).info.key()
    spec = WorkerSpec(settings, model.resolve() if model else None, terms, lines)
    options = BatchOptions(tuple(inputs), out, JsonlFields(id_field, text_field), force,
                           int(max_document_mb * 1024 * 1024), group_chars)
    with Reporter(quiet, progress_json) as reporter:
        summary = BatchJob(options, spec, cls(spec, workers, ray_address), engine_key,
                           reporter).run()
    if not quiet:
        typer.echo(summary.line(), err=True)
    if summary.failed:
        raise SomeFailed(f"{summary.failed} of {summary.documents['total']} documents failed; "
                         f"reasons in {out / 'summary.json'}; run again to retry them")


class Reporter:
    """Progress: a rich bar over documents and sentences on a terminal, JSON lines for machines."""

    def __init__(self, quiet: bool, stream: str | None) -> None:
        self.quiet = quiet
        self.stream_name = stream
        self._stream: IO[str] | None = None
        self._bar: Any = None
        self._tasks: dict[str, Any] = {}
        self._done = 0
        self._sentences = 0

    def __enter__(self) -> Reporter:
        if self.stream_name == "-":
            self._stream = sys.stdout
        elif self.stream_name:
            try:
                self._stream = open(self.stream_name, "a", encoding="utf-8")
            except OSError as exc:
                raise InputError(f"{self.stream_name}: cannot write progress ({exc.strerror})") from None
        if not self.quiet and sys.stderr.isatty():
            from rich.progress import MofNCompleteColumn, Progress, TimeElapsedColumn

            self._bar = Progress(*Progress.get_default_columns(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), transient=True)
            self._bar.start()
        return self

    def __call__(self, event: dict[str, object]) -> None:
        kind = event.get("event")
        if kind == "document":
            self._done += 1
            self._sentences += int(event.get("sentences", 0))  # type: ignore[call-overload]
        if self._stream is not None:
            line = {"time": round(time.time(), 3), **event}
            if kind == "document":
                line.update(documents_done=self._done, sentences_done=self._sentences)
            self._stream.write(json.dumps(line, ensure_ascii=False) + "\n")
            self._stream.flush()
        if self._bar is not None:
            if kind == "start":
                self._tasks["docs"] = self._bar.add_task("documents", total=event.get("documents"))
                self._tasks["sentences"] = self._bar.add_task("sentences", total=None)
            elif kind == "document" and self._tasks:
                self._bar.update(self._tasks["docs"], completed=self._done)
                self._bar.update(self._tasks["sentences"], completed=self._sentences)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
        if self._stream is not None and self._stream is not sys.stdout:
            self._stream.close()
