"""``translate eval`` and ``translate compare``: sacrebleu scores, terminology metrics, the gate."""

from __future__ import annotations

from pathlib import Path

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
from translate.errors import CheckFailed, EvaluationError
from translate.quality.compare import CompareReport
from translate.quality.gate import GateResult
from translate.quality.metrics import EvalReport

METRICS_OPTION = typer.Option("bleu,chrf", "--metrics", "-m",
                              help="Comma-separated: bleu, chrf, chrf++, ter.")
MODE_OPTION = typer.Option("auto", "--mode", metavar="[lines|article|auto]",
                           help="lines (one segment per line), article (paragraphs), or auto.")


def register(app: typer.Typer) -> None:
    """Add the commands to ``app``."""
    app.command("eval")(evaluate_command)
    app.command("compare")(compare_command)


def _load(ctx: typer.Context, files: list[Path], source: Path | None, glossary: list[Path] | None,
          mode: str, encoding: str) -> tuple[list[list[str]], list[str] | None, object, str]:
    from translate.quality.segments import load_aligned

    settings = settings_from(ctx)
    paths: list[Path] = [*files, *([source] if source else [])]
    languages = [settings.target_lang] * len(files) + ([settings.source_lang] if source else [])
    aligned = load_aligned(paths, languages, mode, encoding)
    if aligned.merged:
        typer.echo(f"note: {aligned.merged} of {aligned.paragraphs} paragraph(s) scored as one "
                   f"segment each, because their sentence counts differ between the files; "
                   f"use --mode lines with one sentence per line to score sentence by sentence",
                   err=True)
    segments = [list(s) for s in aligned.segments]
    sources = segments.pop() if source else None
    terms = resolve_glossary(settings, glossary) if source else None
    return segments, sources, terms, aligned.mode


def evaluate_command(
    ctx: typer.Context,
    hypothesis: Path = typer.Argument(..., help="System output (English)."),
    references: list[Path] = typer.Argument(..., help="One or more reference translations."),
    source: Path | None = typer.Option(None, "--source", help="French source, for term metrics."),
    glossary: list[Path] | None = GLOSSARY_OPTION,
    metrics: str = METRICS_OPTION,
    mode: str = MODE_OPTION,
    per_sentence: bool = typer.Option(False, "--per-sentence", help="Per-sentence table, worst first."),
    fmt: str = FORMAT_OPTION,
    report_md: Path | None = typer.Option(None, "--report-md", help="Write a Markdown summary here."),
    gate_file: Path | None = typer.Option(None, "--gate", metavar="PATH",
                                        help="Quality gate thresholds (YAML), e.g. configs/quality.yaml."),
    encoding: str = typer.Option("utf-8", "--encoding", help="Encoding of every file."),
) -> None:
    """Score a translation with sacrebleu (+ terminology); with --gate, act as a CI gate."""
    from translate.quality.gate import apply_gate, load_gate
    from translate.quality.metrics import evaluate, parse_metrics

    check_format(fmt)
    names = parse_metrics(metrics)
    gate = load_gate(gate_file) if gate_file is not None else None
    segments, sources, terms, chosen = _load(ctx, [hypothesis, *references], source, glossary,
                                             mode, encoding)
    labels = [str(hypothesis), *(str(r) for r in references)]
    report = evaluate(segments[0], segments[1:], names, sources, terms,  # type: ignore[arg-type]
                      per_sentence, chosen, labels)
    result = apply_gate(gate, report) if gate is not None else None
    if report_md is not None:
        emit(markdown(report, result), report_md)
    if fmt == "json":
        data = report.as_dict()
        if result is not None:
            data["gate"] = {"config": str(result.config), "ok": result.ok,
                            "checks": [c.__dict__ for c in result.checks]}
        emit(dump_json(data))
    else:
        emit(render(report, result))
    if result is not None and not result.ok:
        failed = [c.description for c in result.checks if not c.ok]
        raise CheckFailed(f"quality gate failed: {'; '.join(failed)}")


def render(report: EvalReport, gate: GateResult | None) -> str:
    """Human-readable scores, per-sentence rows and gate checks."""
    lines = [f"{report.sentences} segments, {report.references} reference(s), mode: {report.mode}"]
    rows = [[s.name, _score_text(s.name, s.score, s.formatted()),
             s.detail if s.name.startswith(("term_", "forbidden")) else "", s.signature]
            for s in report.scores]
    lines.append(table(rows, ["metric", "score", "count", "signature"]).rstrip())
    if report.rows:
        body = [[str(r.index), f"{r.bleu:.1f}", f"{r.chrf:.1f}", str(r.term_misses),
                 str(r.forbidden), r.hypothesis[:60]] for r in report.rows]
        lines.append(table(body, ["#", "BLEU", "chrF", "misses", "forbidden", "hypothesis"]).rstrip())
    if gate is not None:
        for check in gate.checks:
            actual = "n/a" if check.actual is None else f"{check.actual:.4g}"
            where = f"{gate.config}:{check.line}" if check.line else str(gate.config)
            lines.append(f"{'PASS' if check.ok else 'FAIL'}  {check.description}  (actual {actual}; {where})")
        lines.append("gate: passed" if gate.ok else "gate: FAILED")
    return "\n".join(lines) + "\n"


def _score_text(name: str, score: float, formatted: str) -> str:
    """Counts as whole numbers, shares with three decimals, sacrebleu's own format otherwise."""
    if name == "forbidden_terms":
        return str(round(score))
    return f"{score:.3f}" if name.startswith("term_") else formatted


def markdown(report: EvalReport, gate: GateResult | None) -> str:
    """A Markdown summary for a CI job page."""
    lines = ["## Translation quality", "",
             f"{report.sentences} segments, {report.references} reference(s), mode `{report.mode}`.", "",
             "| metric | score | signature |", "|---|---|---|"]
    # A pipe inside a table cell ends the cell, even in code spans.
    lines += [f"| {s.name} | {s.score:.4g} | `{s.signature.replace('|', '¦')}` |"
              for s in report.scores]
    if gate is not None:
        lines += ["", f"### Gate: {'passed ✅' if gate.ok else 'FAILED ❌'}", "",
                  "| check | actual | result |", "|---|---|---|"]
        for check in gate.checks:
            actual = "n/a" if check.actual is None else f"{check.actual:.4g}"
            description = check.description.replace("|", "¦")
            lines.append(f"| `{description}` | {actual} | {'pass' if check.ok else 'FAIL'} |")
    if report.rows:
        lines += ["", "### Worst sentences", "", "| # | BLEU | chrF | term misses |", "|---|---|---|---|"]
        lines += [f"| {r.index} | {r.bleu:.1f} | {r.chrf:.1f} | {r.term_misses} |"
                  for r in report.rows[:10]]
    return "\n".join(lines) + "\n"


def compare_command(
    ctx: typer.Context,
    baseline: Path = typer.Argument(..., help="Baseline system output."),
    candidate: Path = typer.Argument(..., help="Candidate system output."),
    reference: Path = typer.Argument(..., help="Reference translation."),
    source: Path | None = typer.Option(None, "--source", help="French source, for term accuracy."),
    glossary: list[Path] | None = GLOSSARY_OPTION,
    metrics: str = METRICS_OPTION,
    method: str = typer.Option(
        "bs", "--method", help="bs (paired bootstrap) or ar (approximate randomisation)."
    ),
    samples: int = typer.Option(1000, "--samples", min=10, help="Resamples."),
    seed: int = typer.Option(12345, "--seed", help="Random seed (results are deterministic)."),
    mode: str = MODE_OPTION,
    fmt: str = FORMAT_OPTION,
    encoding: str = typer.Option("utf-8", "--encoding", help="Encoding of every file."),
) -> None:
    """A/B test two systems: each metric's delta, 95% CI and p-value."""
    from translate.quality.compare import compare
    from translate.quality.metrics import check_alignment, parse_metrics

    check_format(fmt)
    if method not in ("bs", "ar"):
        raise EvaluationError(f"unknown method {method!r}; use bs or ar")
    names = parse_metrics(metrics)
    segments, sources, terms, _ = _load(ctx, [baseline, candidate, reference], source, glossary,
                                        mode, encoding)
    check_alignment(segments[0], segments[1:], [str(baseline), str(candidate), str(reference)])
    report = compare(segments[0], segments[1], [segments[2]], names, sources,
                     terms, method, samples, seed)  # type: ignore[arg-type]
    emit(dump_json(report) if fmt == "json" else render_compare(report))


def render_compare(report: CompareReport) -> str:
    """One line per metric: baseline → candidate, delta, CI, p-value."""
    lines = [f"paired test: {report.method}, {report.samples} samples, seed {report.seed}"]
    rows = []
    for row in report.rows:
        ci = "" if row.ci_low is None else f"[{row.ci_low:+.2f}, {row.ci_high:+.2f}]"
        p = "" if row.p_value is None else f"{row.p_value:.4f}"
        verdict = "significant" if row.significant else "n.s."
        rows.append([row.metric, f"{row.baseline:.2f}", f"{row.candidate:.2f}", f"{row.delta:+.2f}",
                     ci, p, verdict])
    lines.append(table(rows, ["metric", "baseline", "candidate", "delta", "95% CI", "p", "verdict"]).rstrip())
    return "\n".join(lines) + "\n"
