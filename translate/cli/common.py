"""Helpers shared by the command modules: settings, glossary options, output."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer

from translate.config import Settings, load_settings
from translate.errors import InputError
from translate.glossary.schema import Glossary
from translate.jsonable import dumps_pretty
from translate.text.printable import printable

GLOSSARY_OPTION = typer.Option(
    None, "--glossary", "-g", help="Glossary YAML (repeatable; default from configs/)."
)
FORMAT_OPTION = typer.Option("text", "--format", "-f", metavar="[text|json]",
                             help="Output format: text or json.")


def settings_from(ctx: typer.Context, **overrides: Any) -> Settings:
    """Settings from the global --config, the environment and command options."""
    state = ctx.find_root().obj
    return load_settings(config_file=getattr(state, "config", None), **overrides)


def translation_settings(ctx: typer.Context, glossary_mode: str | None, no_cache: bool,
                         model: Path | None, **overrides: Any) -> Settings:
    """Settings of a command that translates (``run``, ``batch``): flags checked, the memory
    off with ``--no-cache``, and the language pair one an installed package can serve."""
    from translate.api import check_pair
    from translate.config import GLOSSARY_MODES

    if glossary_mode is not None and glossary_mode not in GLOSSARY_MODES:
        raise InputError(f"unknown --glossary-mode {glossary_mode!r}; use one of: "
                         f"{', '.join(GLOSSARY_MODES)}")
    settings = settings_from(ctx, glossary_mode=glossary_mode, **overrides)
    if no_cache:
        settings = settings.replace(cache_path=None)
    if model is not None and not model.is_dir():
        raise InputError(f"{model}: --model must be an installed package folder")
    check_pair(settings)
    return settings


def resolve_glossary(settings: Settings, paths: list[Path] | None, disabled: bool = False,
                     required: bool = False) -> Glossary | None:
    """The glossary a command uses: ``--glossary`` paths, else the configured default."""
    if disabled:
        return None
    chosen = tuple(paths) if paths else settings.glossaries
    if not chosen and required:
        raise InputError("no glossary given and none configured; pass --glossary PATH")
    from translate.glossary.prepared import load_glossaries, prepared_dir

    glossary = load_glossaries(chosen, (settings.source_lang, settings.target_lang),
                               settings.max_glossary_bytes, settings.max_glossary_terms,
                               prepared_dir(settings.cache_path))
    for conflict in glossary.conflicts if glossary is not None else ():
        typer.echo(printable(f"warning: glossary conflict: {conflict}"), err=True)
    return glossary


def check_format(value: str, allowed: tuple[str, ...] = ("text", "json")) -> str:
    """Refuse an unknown --format value."""
    if value not in allowed:
        raise InputError(f"unknown format {value!r}; use one of: {', '.join(allowed)}")
    return value


def dump_json(data: Any) -> str:
    """Pretty JSON text with a trailing newline."""
    return dumps_pretty(data) + "\n"


def emit(text: str, output: Path | None = None) -> None:
    """Write to ``output`` atomically, or to stdout (verdict lines coloured on a terminal)."""
    if output is None:
        from translate.cli.style import write

        try:
            write(text, sys.stdout)
        except OSError as exc:
            from translate.io import silence_stdout, write_failure

            silence_stdout()
            raise write_failure("standard output", exc) from None
    else:
        from translate.io import write_text_atomic

        write_text_atomic(output, text)


def echo_summary(line: str, ok: bool) -> None:
    """A run's one-line summary on stderr, coloured on a terminal."""
    from translate.cli.style import summary_style, write

    write(line + "\n", sys.stderr, summary_style(ok))


def table(rows: list[list[str]], headers: list[str]) -> str:
    """A plain aligned text table; cells are escaped for the terminal."""
    rows = [[printable(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"


QUIET_OPTION = typer.Option(False, "--quiet", "-q", help="No progress display on stderr.")


def stderr_is_terminal() -> bool:
    """Whether live displays (progress, spinners) may be drawn on stderr."""
    return sys.stderr.isatty()


class TtyProgress:
    """A rich progress display on stderr (done/total, rate, time left), drawn only when stderr
    is a terminal, the work is at least ``minimum`` units and ``enabled``; silent (and rich
    never imported) otherwise. Every update redraws, so each decoded batch shows."""

    def __init__(self, label: str, minimum: int = 0, transfer: bool = False,
                 enabled: bool = True, unit: str = "sentences") -> None:
        self.label = label
        self.minimum = minimum
        self.transfer = transfer
        self.enabled = enabled
        self.unit = unit
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> TtyProgress:
        return self

    def __call__(self, done: int, total: int | None) -> None:
        if not self.enabled or (total is not None and total < self.minimum) \
                or not stderr_is_terminal():
            return
        if self._bar is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )

            if self.transfer:
                columns: tuple[Any, ...] = (*Progress.get_default_columns(), DownloadColumn(),
                                            TransferSpeedColumn())
            else:
                columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                           TextColumn(self.unit),
                           TextColumn("{task.fields[rate]}"), TextColumn("ETA"),
                           TimeRemainingColumn())
            self._bar = Progress(*columns, transient=True, console=Console(stderr=True))
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=total, rate="")
        speed = self._bar.tasks[0].speed if self._bar.tasks else None
        rate = f"{speed:.1f}/s" if speed else ""
        self._bar.update(self._task, completed=done, rate=rate, refresh=True)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


@contextlib.contextmanager
def load_spinner(label: str, enabled: bool = True, delay: float = 0.5) -> Iterator[None]:
    """A spinner on stderr for a step that may be slow (model loading), shown only on a
    terminal and only if the step takes longer than ``delay`` seconds."""
    if not enabled or not stderr_is_terminal():
        yield
        return
    import threading

    from rich.console import Console

    status = Console(stderr=True).status(label)
    lock = threading.Lock()
    state = {"finished": False, "shown": False}

    def show() -> None:
        with lock:
            if not state["finished"]:
                status.start()
                state["shown"] = True

    timer = threading.Timer(delay, show)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["finished"] = True
            timer.cancel()
            if state["shown"]:
                status.stop()
