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


def _open(ctx: typer.Context) -> TranslationMemory | None:
    """The memory, or ``None`` when it does not exist yet (inspecting it creates nothing)."""
    from translate.cache import TranslationMemory

    settings = settings_from(ctx)
    if settings.cache_path is None:
        raise InputError("the translation memory is disabled in the configuration")
    if not settings.cache_path.exists():
        return None
    # No warning here: a memory that cannot be used is the command's error (exit 2).
    return TranslationMemory.open(settings.cache_path, settings.cache_timeout, lambda _: None)


@app.command("stats")
def stats(ctx: typer.Context, fmt: str = FORMAT_OPTION) -> None:
    """Show where the translation memory is, how many sentences and bytes it holds."""
    check_format(fmt)
    memory = _open(ctx)
    if memory is None:
        from translate.cache import CacheStats

        info = CacheStats(settings_from(ctx).cache_path, 0, 0)  # type: ignore[arg-type]
    else:
        info = memory.stats()
    if fmt == "json":
        typer.echo(dump_json(info), nl=False)
        return
    from translate.text.printable import printable

    typer.echo(printable(f"{info.path}: {info.entries} sentences, {info.bytes:,} bytes"))


@app.command("clear")
def clear(ctx: typer.Context) -> None:
    """Delete every cached translation."""
    memory = _open(ctx)
    removed = memory.clear() if memory is not None else 0
    typer.echo(f"cleared {removed} cached sentences")
