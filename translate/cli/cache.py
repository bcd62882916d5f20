"""``translate cache``: inspect and clear the translation memory."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from translate.cli.common import FORMAT_OPTION, check_format, dump_json, settings_from
from translate.errors import InputError

if TYPE_CHECKING:
    from translate.cache import TranslationMemory

app = typer.Typer(help="Inspect or clear the translation memory.", no_args_is_help=True,
                  rich_markup_mode=None)


def _open(ctx: typer.Context) -> TranslationMemory:
    from translate.cache import TranslationMemory

    settings = settings_from(ctx)
    if settings.cache_path is None:
        raise InputError("the translation memory is disabled in the configuration")
    return TranslationMemory.open(settings.cache_path)


@app.command("stats")
def stats(ctx: typer.Context, fmt: str = FORMAT_OPTION) -> None:
    """Show where the translation memory is, how many sentences and bytes it holds."""
    check_format(fmt)
    memory = _open(ctx)
    info = memory.stats()
    if fmt == "json":
        typer.echo(dump_json(info), nl=False)
        return
    typer.echo(f"{info.path}: {info.entries} sentences, {info.bytes:,} bytes")


@app.command("clear")
def clear(ctx: typer.Context) -> None:
    """Delete every cached translation."""
    memory = _open(ctx)
    removed = memory.clear()
    typer.echo(f"cleared {removed} cached sentences")
