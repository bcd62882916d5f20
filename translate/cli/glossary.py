"""``translate glossary``: list, edit, lint, import/export, coverage and suggestions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from translate.cli.common import dump_json, emit, settings_from, table
from translate.errors import CheckFailed, InputError
from translate.text.printable import printable

if TYPE_CHECKING:
    from translate.glossary.schema import Glossary

app = typer.Typer(help="Maintain the terminology glossary.", no_args_is_help=True,
                  rich_markup_mode=None)
PATH_OPTION = typer.Option(None, "--glossary", "-g",
                           help="Glossary file (default: the first one in configs/).")


def _path(ctx: typer.Context, path: Path | None) -> Path:
    if path is not None:
        return path
    settings = settings_from(ctx)
    if not settings.glossaries:
        raise InputError("no glossary configured; pass --glossary PATH")
    return settings.glossaries[0]


def _load(ctx: typer.Context, path: Path | None) -> Glossary:
    from translate.glossary.prepared import load_glossary, prepared_dir

    settings = settings_from(ctx)
    return load_glossary(_path(ctx, path), None, settings.max_glossary_bytes,
                         settings.max_glossary_terms, prepared_dir(settings.cache_path))


@app.command("list")
def list_terms(
    ctx: typer.Context,
    glossary: Path | None = PATH_OPTION,
    search: str | None = typer.Option(None, "--search", "-s", help="Only entries containing this text."),
    fmt: str = typer.Option("text", "--format", "-f", metavar="[text|json|csv]",
                             help="text, json or csv."),
) -> None:
    """Show the glossary's entries."""
    from translate.cli.common import check_format
    from translate.glossary.formats import get_format
    from translate.glossary.schema import Glossary as GlossaryValue

    check_format(fmt, ("text", "json", "csv"))
    loaded = _load(ctx, glossary)
    terms = list(loaded.terms)
    if search:
        needle = search.casefold()
        terms = [t for t in terms if any(needle in s.casefold() for s in
                                         (t.source, t.target, *t.variants, *t.target_variants,
                                          *t.forbidden, t.note))]
    if fmt == "json":
        emit(dump_json([t.to_dict() for t in terms]))
    elif fmt == "csv":
        emit(get_format("csv").write(GlossaryValue.build(terms)))
    else:
        rows = [[t.source, t.target, ", ".join(t.variants), ", ".join(t.forbidden)] for t in terms]
        emit(table(rows, ["source", "target", "variants", "forbidden"]))
        typer.echo(f"{len(terms)} of {len(loaded.terms)} entries", err=True)


@app.command("add")
def add(
    ctx: typer.Context,
    source: str = typer.Argument(..., help="French term."),
    target: str = typer.Argument(..., help="Required English rendering."),
    variant: list[str] | None = typer.Option(None, "--variant", help="Extra source form (repeatable)."),
    target_variant: list[str] | None = typer.Option(None, "--target-variant",
                                                    help="Other accepted rendering (repeatable)."),
    target_plural: str | None = typer.Option(
        None, "--target-plural", help="English plural when irregular (e.g. attorneys general)."),
    forbid: list[str] | None = typer.Option(None, "--forbid", help="Forbidden rendering (repeatable)."),
    case_sensitive: bool = typer.Option(False, "--case-sensitive", help="Match the source's case."),
    note: str = typer.Option("", "--note", help="Note for maintainers."),
    force: bool = typer.Option(False, "--force", help="Replace a duplicate or conflicting entry."),
    glossary: Path | None = PATH_OPTION,
) -> None:
    """Add an entry (comments and formatting of the file are kept)."""
    from translate.glossary.edit import add_terms
    from translate.glossary.schema import parse_term

    entry = {"source": source, "target": target, "variants": variant or [],
             "target_variants": target_variant or [], "forbidden": forbid or [],
             "case_sensitive": case_sensitive, "note": note,
             **({"target_plural": target_plural} if target_plural is not None else {})}
    term = parse_term(entry, "new entry")
    path = _path(ctx, glossary)
    result = add_terms(path, [term], force)
    verb = "replaced" if result.replaced else "added"
    typer.echo(printable(f"{verb} {term.source!r} → {term.target!r} in {path}"))


@app.command("remove")
def remove(
    ctx: typer.Context,
    source: str = typer.Argument(..., help="French term (or one of its variants)."),
    glossary: Path | None = PATH_OPTION,
) -> None:
    """Remove an entry."""
    from translate.glossary.edit import remove_term

    path = _path(ctx, glossary)
    result = remove_term(path, source)
    typer.echo(printable(f"removed {result.removed[0]!r} from {path}"))


@app.command("lint")
def lint(
    ctx: typer.Context,
    files: list[Path] | None = typer.Argument(
        None, help="Glossary files; with several, also what a later file overrides (it wins)."),
    glossary: Path | None = PATH_OPTION,
    fmt: str = typer.Option("text", "--format", "-f", metavar="[text|json]", help="text or json."),
) -> None:
    """Find schema errors, duplicates, conflicts and style problems (exit 1 on errors)."""
    from translate.cli.common import check_format
    from translate.glossary.lint import lint_glossaries
    from translate.glossary.prepared import prepared_dir

    check_format(fmt)
    paths = list(files) if files else [_path(ctx, glossary)]
    settings = settings_from(ctx)
    reports, cross = lint_glossaries(paths, settings.max_glossary_bytes, settings.max_glossary_terms,
                                     prepared_dir(settings.cache_path))
    errors = sum(r.errors for r in reports) + sum(1 for i in cross if i.severity == "error")
    if fmt == "json":
        data = [{"path": r.path, "terms": r.terms, "errors": r.errors, "warnings": r.warnings,
                 "issues": list(r.issues)} for r in reports]
        emit(dump_json(data[0] if len(data) == 1 else {"files": data, "cross_file": cross}))
    else:
        lines = []
        for report in reports:
            lines += [printable(f"{report.path}:{i.line}: {i.severity}: [{i.code}] {i.message}")
                      for i in report.issues]
            lines.append(f"{report.terms} entries: {report.errors} error(s), "
                         f"{report.warnings} warning(s)")
        lines += [printable(f"{i.severity}: [{i.code}] {i.message}") for i in cross]
        if len(reports) > 1:
            lines.append(f"{len(reports)} files: {len(cross)} cross-file conflict(s)")
        emit("\n".join(lines) + "\n")
    if errors:
        raise CheckFailed(f"{', '.join(str(r.path) for r in reports if r.errors) or 'glossaries'}: "
                          f"{errors} lint error(s)")


@app.command("import")
def import_terms(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="File to import."),
    from_: str = typer.Option(..., "--from", help="csv, tsv, tbx, deepl, deepl-tsv, google, "
                                                   "google-tsv, amazon, amazon-tsv."),
    force: bool = typer.Option(False, "--force", help="Replace entries that already exist."),
    glossary: Path | None = PATH_OPTION,
) -> None:
    """Import entries from an interchange file into the glossary (created if missing)."""
    from translate.glossary.edit import add_terms
    from translate.glossary.formats import read_glossary_file
    from translate.io import read_text

    settings = settings_from(ctx)
    pair = (settings.source_lang, settings.target_lang)
    terms = read_glossary_file(read_text(file), from_, str(file), pair)
    path = _path(ctx, glossary)
    result = add_terms(path, terms, force, pair)
    typer.echo(printable(f"imported {len(result.added)} new and {len(result.replaced)} replaced "
                         f"entries into {path}"))


@app.command("export")
def export(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="File to write (- for stdout)."),
    to: str = typer.Option(..., "--to", help="csv, tsv, tbx, deepl, deepl-tsv, google, google-tsv, "
                                             "amazon, amazon-tsv."),
    glossary: Path | None = PATH_OPTION,
) -> None:
    """Export the glossary; fields the format cannot carry are named in warnings."""
    from translate.glossary.formats import get_format
    from translate.io import same_file

    source = _path(ctx, glossary)
    if str(file) != "-" and same_file(file, source):
        raise InputError(f"{file}: is the glossary being exported; choose another file")
    loaded = _load(ctx, source)
    exported = get_format(to).export(loaded)
    for warning in exported.warnings:
        typer.echo(printable(f"warning: {warning}"), err=True)
    emit(exported.text, None if str(file) == "-" else file)


def _read_corpus(files: list[Path]) -> list[str]:
    from translate.io import read_text

    return [read_text(f) for f in files]


@app.command("coverage")
def coverage_command(
    ctx: typer.Context,
    corpus: list[Path] = typer.Argument(..., help="French text files."),
    glossary: Path | None = PATH_OPTION,
    fmt: str = typer.Option("text", "--format", "-f", metavar="[text|json]", help="text or json."),
) -> None:
    """How many glossary terms occur in a corpus, and how often."""
    from translate.cli.common import check_format
    from translate.glossary.corpus import coverage

    check_format(fmt)
    loaded = _load(ctx, glossary)
    rows = coverage(loaded, _read_corpus(corpus))
    used = sum(1 for r in rows if r.occurrences)
    if fmt == "json":
        emit(dump_json({"terms": len(rows), "used": used, "coverage": rows}))
        return
    emit(table([[r.source, r.target, str(r.occurrences), str(r.documents)] for r in rows],
               ["source", "target", "occurrences", "documents"]))
    typer.echo(f"{used} of {len(rows)} terms occur in {len(corpus)} file(s)")


@app.command("suggest")
def suggest_command(
    ctx: typer.Context,
    corpus: list[Path] = typer.Argument(..., help="French text files."),
    glossary: Path | None = PATH_OPTION,
    min_count: int = typer.Option(2, "--min-count", min=1, help="Minimum frequency."),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many candidates."),
    fmt: str = typer.Option("text", "--format", "-f", metavar="[text|json]", help="text or json."),
) -> None:
    """Frequent capitalised phrases and acronyms not yet in the glossary (for review)."""
    from translate.cli.common import check_format
    from translate.glossary.corpus import suggest

    check_format(fmt)
    loaded = _load(ctx, glossary)
    found = suggest(loaded, _read_corpus(corpus), min_count, limit)
    if fmt == "json":
        emit(dump_json(found))
        return
    if not found:
        typer.echo(f"no candidates: no capitalised phrase or acronym outside the glossary occurs "
                   f"at least {min_count} time(s); try --min-count 1 or a larger corpus")
        return
    emit(table([[s.phrase, s.kind, str(s.count), s.example] for s in found],
               ["candidate", "kind", "count", "example"]))
