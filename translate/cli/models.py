"""``translate models``: list, install and remove Argos translation packages."""

from __future__ import annotations

from pathlib import Path

import typer

from translate.cli.common import (
    FORMAT_OPTION,
    TtyProgress,
    check_format,
    dump_json,
    settings_from,
    table,
)
from translate.errors import InputError
from translate.text.printable import printable

app = typer.Typer(help="Manage installed Argos translation packages.", no_args_is_help=True,
                  rich_markup_mode=None)


@app.command("list")
def list_packages(
    ctx: typer.Context,
    available: bool = typer.Option(False, "--available", help="List the package index instead."),
    fmt: str = FORMAT_OPTION,
) -> None:
    """List installed packages (from→to, version, path), or the index with --available."""
    check_format(fmt)
    settings = settings_from(ctx)
    if available:
        from translate.models.index import fetch_index

        packages = fetch_index(settings)
        if fmt == "json":
            typer.echo(dump_json(packages), nl=False)
            return
        rows = [[p.pair, p.version, f"{p.from_name} → {p.to_name}"] for p in packages]
        typer.echo(table(rows, ["pair", "version", "languages"]), nl=False)
        return
    from translate.models.registry import list_installed

    installed = list_installed(settings)
    if fmt == "json":
        typer.echo(dump_json(installed), nl=False)
        return
    if not installed:
        typer.echo(printable(f"no packages installed in {settings.packages_dir}; "
                             f"run `translate models install fr en`"))
        return
    rows = [[p.pair, p.version, p.name, str(p.path)] for p in installed]
    typer.echo(table(rows, ["pair", "version", "name", "path"]), nl=False)


@app.command("install")
def install(
    ctx: typer.Context,
    from_code: str | None = typer.Argument(None, help="Source language code, e.g. fr."),
    to_code: str | None = typer.Argument(None, help="Target language code, e.g. en."),
    file: Path | None = typer.Option(None, "--file", help="Install this .argosmodel file (offline)."),
    force: bool = typer.Option(False, "--force", help="Reinstall the same version, or replace a newer one."),
    sha256: str | None = typer.Option(None, "--sha256", help="Expected SHA-256 of the package file."),
) -> None:
    """Download, verify and install a package from the Argos index, or from --file."""
    settings = settings_from(ctx)
    if file is not None:
        from translate.models.registry import install_package_file

        result = install_package_file(settings, file, force=force, sha256=sha256)
    else:
        if not from_code or not to_code:
            raise InputError("give a language pair (`translate models install fr en`) or --file PATH")
        from translate.models.index import install_from_index

        with TtyProgress("downloading", transfer=True) as progress:
            result = install_from_index(settings, from_code, to_code, force, progress)
    typer.echo(printable(result.message))


@app.command("remove")
def remove(
    ctx: typer.Context,
    from_code: str = typer.Argument(..., help="Source language code, e.g. fr."),
    to_code: str = typer.Argument(..., help="Target language code, e.g. en."),
) -> None:
    """Remove the installed package(s) for a language pair."""
    from translate.models.registry import remove_package

    for package in remove_package(settings_from(ctx), from_code, to_code):
        typer.echo(printable(f"removed {package.pair} {package.version} ({package.path})"))
