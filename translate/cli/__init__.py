"""The ``translate`` command line: parse, call the library, render, map errors to exit codes.

Errors are mapped in exactly one place, :class:`ErrorMappingGroup`: every
:class:`~translate.errors.TranslateError` becomes its one-line message on stderr and its exit
code; interrupts become 130/143. ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import errno
import signal
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from translate.errors import ExitCode, TranslateError


class Terminated(BaseException):
    """Raised by the SIGTERM handler so clean-up code runs as for Ctrl-C."""


@dataclass
class State:
    """Global options."""

    debug: bool = False
    config: Path | None = None


class ErrorMappingGroup(TyperGroup):
    """Root group that turns library errors and interrupts into exit codes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from translate.cli.helpfmt import polish

        polish(self)

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        # Here, not in __init__: Typer adds its completion options after making the group.
        from translate.cli.params import lighten

        lighten(self)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except TranslateError as exc:
            _report(ctx, exc, f"error: {exc}")
            raise typer.Exit(int(exc.exit_code)) from None
        except KeyboardInterrupt:
            _report(ctx, None, "interrupted")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except Terminated:
            _report(ctx, None, "terminated")
            raise typer.Exit(int(ExitCode.TERMINATED)) from None
        except Exception as exc:
            if _is_cli_control(exc):
                raise
            if isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG:
                # A path the file system cannot hold, wherever a command meets it first.
                name = str(exc.filename or "")
                shown = name if len(name) <= 80 else name[:60] + "…" + name[-15:]
                _report(ctx, exc, f"error: {shown}: file name too long for this file system; "
                                  f"use a shorter path")
                raise typer.Exit(int(ExitCode.BAD_INPUT)) from None
            if isinstance(exc, OSError) and exc.errno in _OUTPUT_ERRNOS:
                # A full disk or a closed pipe on standard output (`> /dev/full`, `| head`).
                from translate.io import silence_stdout, write_failure

                silence_stdout()
                failure = write_failure("standard output", exc)
                _report(ctx, exc, f"error: {failure}")
                raise typer.Exit(int(failure.exit_code)) from None
            _report(ctx, exc, f"internal error: {type(exc).__name__}: {exc}; rerun with --debug "
                              f"and report it")
            raise typer.Exit(int(ExitCode.INTERNAL)) from None


_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EPIPE})


def _is_cli_control(exc: Exception) -> bool:
    """Exit, abort and usage exceptions of the CLI framework pass through untouched."""
    module = type(exc).__module__
    return isinstance(exc, (typer.Exit, typer.Abort)) or module.startswith(("typer", "click"))


def _report(ctx: typer.Context, exc: BaseException | None, message: str) -> None:
    state = ctx.find_object(State)
    if state is not None and state.debug:
        traceback.print_exc()
    from translate.text.printable import printable

    typer.echo(printable(message), err=True)


app = typer.Typer(
    name="translate",
    cls=ErrorMappingGroup,
    help="Offline French→English news translation with an enforced terminology glossary.",
    invoke_without_command=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


@app.callback()
def root(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors."),
    config: Path | None = typer.Option(
        None, "--config", metavar="PATH",
        help="Settings file (default: configs/translate.yaml found upward).",
    ),
    version: bool = typer.Option(
        False, "--version", is_eager=True,
        help="Show the versions of translate, CTranslate2, sacrebleu and argostranslate.",
    ),
) -> None:
    """Offline French→English news translation with an enforced terminology glossary."""
    if version:
        from translate.cli.about import version_text

        typer.echo(version_text(), nl=False)
        raise typer.Exit(0)
    ctx.obj = State(debug=debug, config=config)
    if ctx.invoked_subcommand is None:
        # A bare `translate` is a request for help, not a usage error.
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


def _register() -> None:
    from translate.cli import batch, cache, check, evaluate, glossary, models, run, serve

    run.register(app)
    batch.register(app)
    check.register(app)
    evaluate.register(app)
    app.add_typer(models.app, name="models")
    app.add_typer(glossary.app, name="glossary")
    app.add_typer(cache.app, name="cache")
    serve.register(app)


_register()


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


def main() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        app(prog_name="translate")
    except Terminated:
        sys.exit(int(ExitCode.TERMINATED))
    except KeyboardInterrupt:
        sys.exit(int(ExitCode.INTERRUPTED))
