"""``translate check``: terminology QA of any source/translation pair, no model needed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from translate.cli.common import (
    FORMAT_OPTION,
    GLOSSARY_OPTION,
    check_format,
    dump_json,
    emit,
    resolve_glossary,
    settings_from,
    table,
)
from translate.cli.document_io import INPUT_FORMAT_OPTION, document_text, input_format
from translate.errors import CheckFailed

if TYPE_CHECKING:
    # A type name only: loading the checker at import would slow every command's start-up.
    from translate.quality.check import CheckReport


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command("check")(check)


def check(
    ctx: typer.Context,
    source: Path = typer.Argument(..., help="French source (text, HTML, Markdown, DOCX or SRT)."),
    translation: Path = typer.Argument(..., help="English translation to check."),
    glossary: list[Path] | None = GLOSSARY_OPTION,
    fmt: str = FORMAT_OPTION,
    encoding: str = typer.Option("utf-8", "--encoding", help="Encoding of both files."),
    input_fmt: str | None = INPUT_FORMAT_OPTION,
) -> None:
    """Check that every glossary term is rendered and no forbidden rendering appears."""
    from translate.quality.check import check_translation

    check_format(fmt)
    settings = settings_from(ctx)
    terms = resolve_glossary(settings, glossary, required=True)
    assert terms is not None
    kind = input_format(str(source), input_fmt)
    report = check_translation(document_text(source, kind, encoding),
                               document_text(translation, kind, encoding), terms)
    emit(render(report, fmt))
    if not report.ok:
        # The count is already the last line of the report; stderr says only what exit 1 means.
        raise CheckFailed("terminology check failed" if fmt == "text"
                          else f"{len(report.violations)} terminology violation(s)")


def render(report: CheckReport, fmt: str) -> str:
    """Text or JSON rendering of a check report."""
    if fmt == "json":
        return dump_json({"violations": list(report.violations), "terms": list(report.terms),
                          "alignment": report.alignment, "occurrences": report.occurrences,
                          "signature": report.signature})
    lines = [f"alignment: {report.alignment}; {report.occurrences} term occurrence(s); "
             f"glossary {report.signature.sha256[:12]}"]
    if report.terms:
        rows = [[t.source, t.target, str(t.source_count), str(t.target_count), str(t.missing),
                 str(t.forbidden)] for t in report.terms]
        lines.append(table(rows, ["source", "target", "in source", "rendered", "missing",
                                  "forbidden"]).rstrip())
    for v in report.violations:
        where = f"paragraph {v.paragraph}" if v.paragraph else "document"
        if v.sentence:
            where += f", sentence {v.sentence}"
        if v.kind == "missing":
            lines.append(f"MISSING   source term {v.source_term!r} has no rendering "
                         f"{v.expected!r} ({where})")
        else:
            lines.append(f"FORBIDDEN source term {v.source_term!r} rendered as {v.found!r}; "
                         f"use {v.expected!r} ({where})")
    lines.append("ok: no violations" if report.ok else f"{len(report.violations)} violation(s)")
    return "\n".join(lines) + "\n"
