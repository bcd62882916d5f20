"""``translate eval`` and ``translate compare``: sacrebleu scores, terminology metrics, the gate."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from translate.cli import eval_options as so
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

if TYPE_CHECKING:
    # Type names only: the evaluation modules load when a command runs (start-up time).
    from translate.quality.compare import CompareReport
    from translate.quality.gate import GateResult
    from translate.quality.metrics import EvalReport, Score
    from translate.quality.segments import AlignedFiles

METRICS_OPTION = typer.Option("bleu,chrf", "--metrics", "-m",
                              help="Comma-separated: bleu, chrf, chrf++, ter.")
MODE_OPTION = typer.Option("auto", "--mode", metavar="[lines|article|auto]",
                           help="lines (one segment per line, as sacrebleu), article (paragraphs), "
                                "or auto (lines unless line counts differ).")


def register(app: typer.Typer) -> None:
    """Add the commands to ``app``."""
    app.command("eval")(evaluate_command)
    app.command("compare")(compare_command)


def _load(ctx: typer.Context, files: list[Path], source: Path | None, glossary: list[Path] | None,
          mode: str, encoding: str, command: str = "eval",
          ) -> tuple[list[list[str]], list[str] | None, Any, AlignedFiles]:
    from translate.quality.segments import load_aligned

    terms = None
    if source is not None:
        # Term metrics need a glossary: --glossary, else the configured one (said on stderr).
        settings = settings_from(ctx)
        terms = resolve_glossary(settings, glossary, required=True)
        if not glossary:
            typer.echo(f"{command}: term metrics use the configured glossary "
                       f"{', '.join(str(p) for p in settings.glossaries)}", err=True)
    paths: list[Path] = [*files, *([source] if source else [])]

    def languages() -> list[str]:
        # Settings (a YAML read) only when article mode segments sentences: start-up time.
        settings = settings_from(ctx)
        return [settings.target_lang] * len(files) + ([settings.source_lang] if source else [])

    aligned = load_aligned(paths, languages, mode, encoding)
    for note in aligned.notes:
        typer.echo(f"{command}: {note}", err=True)
    segments = [list(s) for s in aligned.segments]
    sources = segments.pop() if source else None
    return segments, sources, terms, aligned


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
    term_metric: str = typer.Option(
        "glossary", "--term-metric",
        help="term_accuracy definition: glossary (default) or wmt21-strict (see README)."),
    tokenize: str | None = so.TOKENIZE,
    lowercase: bool = so.LOWERCASE,
    smooth_method: str = so.SMOOTH_METHOD,
    smooth_value: float | None = so.SMOOTH_VALUE,
    force: bool = so.FORCE,
    chrf_char_order: int = so.CHRF_CHAR_ORDER,
    chrf_word_order: int = so.CHRF_WORD_ORDER,
    chrf_beta: int = so.CHRF_BETA,
    chrf_whitespace: bool = so.CHRF_WHITESPACE,
    chrf_lowercase: bool = so.CHRF_LOWERCASE,
    chrf_eps_smoothing: bool = so.CHRF_EPS,
    ter_case_sensitive: bool = so.TER_CASE,
    ter_asian_support: bool = so.TER_ASIAN,
    ter_no_punct: bool = so.TER_NO_PUNCT,
    ter_normalized: bool = so.TER_NORMALIZED,
    width: int = typer.Option(2, "--width", "-w", min=0, max=15,
                              help="Decimals of the printed scores (sacrebleu's default is 1)."),
    confidence: bool = typer.Option(False, "--confidence", "-ci",
                                    help="Bootstrap 95% confidence interval of each score."),
    confidence_n: int = typer.Option(1000, "--confidence-n", "-cin", min=2,
                                     help="Bootstrap resamples for --confidence."),
    score_only: bool = typer.Option(False, "--score-only", "-b",
                                    help="Print only the scores, one per line."),
) -> None:
    """Score a translation with sacrebleu (+ terminology); with --gate, act as a CI gate."""
    from translate.quality.gate import apply_gate, load_gate
    from translate.quality.metrics import TERM_METRIC_CHOICES, evaluate, parse_metrics

    check_format(fmt)
    names = parse_metrics(metrics)
    if term_metric not in TERM_METRIC_CHOICES:
        raise EvaluationError(f"unknown --term-metric {term_metric!r}; use one of: "
                              f"{', '.join(TERM_METRIC_CHOICES)}")
    options = so.build_options(tokenize, lowercase, smooth_method, smooth_value, force,
                               chrf_char_order, chrf_word_order, chrf_beta, chrf_whitespace,
                               chrf_lowercase, chrf_eps_smoothing, ter_case_sensitive,
                               ter_asian_support, ter_no_punct, ter_normalized)
    gate = load_gate(gate_file) if gate_file is not None else None
    segments, sources, terms, aligned = _load(ctx, [hypothesis, *references], source, glossary,
                                              mode, encoding)
    labels = [str(hypothesis), *(str(r) for r in references)]
    report = evaluate(segments[0], segments[1:], names, sources, terms, per_sentence,
                      aligned.mode, labels, options, confidence_n if confidence else 1,
                      term_metric)
    report = replace(report, pairing=aligned.pairing, fallbacks=aligned.fallbacks,
                     automatic=aligned.automatic, notes=aligned.notes)
    result = apply_gate(gate, report) if gate is not None else None
    if report_md is not None:
        emit(markdown(report, result), report_md)
    if score_only:
        emit("".join(f"{s.formatted(width)}\n" for s in report.scores))
    elif fmt == "json":
        data = report.as_dict()
        if result is not None:
            data["gate"] = {"config": str(result.config), "ok": result.ok,
                            "checks": [c.__dict__ for c in result.checks]}
        emit(dump_json(data))
    else:
        emit(render(report, result, width))
    if result is not None and not result.ok:
        failed = [c.description for c in result.checks if not c.ok]
        raise CheckFailed(f"quality gate failed: {'; '.join(failed)}")


def _layout(report: EvalReport) -> str:
    text = f"{report.sentences} segments, {report.references} reference(s), mode: {report.mode}"
    if report.mode == "article":
        text += f" (paired by {report.pairing}, {report.fallbacks} paragraph(s) scored whole)"
    return text


def _score_text(score: Score, width: int) -> str:
    """Counts as whole numbers, shares with three decimals, sacrebleu's own format otherwise."""
    if score.name.startswith("term_"):
        return "n/a" if score.score is None else f"{score.score:.3f}"
    if score.name == "forbidden_terms" and score.score is not None:
        return str(round(score.score))
    return score.formatted(width)


def render(report: EvalReport, gate: GateResult | None, width: int = 2) -> str:
    """Human-readable scores, per-sentence rows and gate checks."""
    lines = [_layout(report)]
    confidence = any(s.mean is not None for s in report.scores)
    rows = []
    for s in report.scores:
        term = s.name.startswith(("term_", "forbidden"))
        row = [s.name, _score_text(s, width),
               s.detail if term else ""]
        if confidence:
            row.append("" if s.mean is None else f"μ = {s.mean:.{width}f} ± {s.ci:.{width}f}")
        rows.append([*row, s.signature])
    headers = ["metric", "score", "count", *(["95% CI"] if confidence else []), "signature"]
    lines.append(table(rows, headers).rstrip())
    lines += [f"{s.name}: not applicable ({s.note})" for s in report.scores if s.score is None]
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


def _cell(text: str) -> str:
    # GFM: a pipe ends a table cell even inside a code span unless backslash-escaped; the
    # escaped pipe renders as "|", so the signature reads exactly as sacrebleu prints it.
    return text.replace("|", "\\|")


def markdown(report: EvalReport, gate: GateResult | None) -> str:
    """A Markdown summary for a CI job page."""
    lines = ["## Translation quality", "",
             f"{report.sentences} segments, {report.references} reference(s), mode `{report.mode}`.", "",
             "| metric | score | signature |", "|---|---|---|"]
    lines += [f"| {s.name} | {'n/a' if s.score is None else f'{s.score:.4g}'} | "
              f"`{_cell(s.signature)}` |" for s in report.scores]
    if gate is not None:
        lines += ["", f"### Gate: {'passed ✅' if gate.ok else 'FAILED ❌'}", "",
                  "| check | actual | result |", "|---|---|---|"]
        for check in gate.checks:
            actual = "n/a" if check.actual is None else f"{check.actual:.4g}"
            lines.append(f"| `{_cell(check.description)}` | {actual} | {'pass' if check.ok else 'FAIL'} |")
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
    samples: int | None = typer.Option(
        None, "--samples", min=10,
        help="Resamples (bs, default 1000) or trials (ar, default 10000), as sacrebleu."),
    seed: int = typer.Option(12345, "--seed", min=0,
                             help="Random seed, any integer ≥ 0 (results are deterministic)."),
    mode: str = MODE_OPTION,
    fmt: str = FORMAT_OPTION,
    encoding: str = typer.Option("utf-8", "--encoding", help="Encoding of every file."),
    tokenize: str | None = so.TOKENIZE,
    lowercase: bool = so.LOWERCASE,
    smooth_method: str = so.SMOOTH_METHOD,
    smooth_value: float | None = so.SMOOTH_VALUE,
    force: bool = so.FORCE,
    chrf_char_order: int = so.CHRF_CHAR_ORDER,
    chrf_word_order: int = so.CHRF_WORD_ORDER,
    chrf_beta: int = so.CHRF_BETA,
    chrf_whitespace: bool = so.CHRF_WHITESPACE,
    chrf_lowercase: bool = so.CHRF_LOWERCASE,
    chrf_eps_smoothing: bool = so.CHRF_EPS,
    ter_case_sensitive: bool = so.TER_CASE,
    ter_asian_support: bool = so.TER_ASIAN,
    ter_no_punct: bool = so.TER_NO_PUNCT,
    ter_normalized: bool = so.TER_NORMALIZED,
) -> None:
    """A/B test two systems: each metric's delta, its paired 95% CI and p-value."""
    from translate.quality.compare import METHODS, compare
    from translate.quality.metrics import check_alignment, parse_metrics

    check_format(fmt)
    if method not in METHODS:
        raise EvaluationError(f"unknown method {method!r}; use bs or ar")
    names = parse_metrics(metrics)
    options = so.build_options(tokenize, lowercase, smooth_method, smooth_value, force,
                               chrf_char_order, chrf_word_order, chrf_beta, chrf_whitespace,
                               chrf_lowercase, chrf_eps_smoothing, ter_case_sensitive,
                               ter_asian_support, ter_no_punct, ter_normalized)
    segments, sources, terms, _ = _load(ctx, [baseline, candidate, reference], source, glossary,
                                        mode, encoding, "compare")
    check_alignment(segments[0], segments[1:], [str(baseline), str(candidate), str(reference)])
    report = compare(segments[0], segments[1], [segments[2]], names, sources,
                     terms, method, samples, seed, options)
    emit(dump_json(report) if fmt == "json" else render_compare(report))


def _p(value: float | None, samples: int) -> str:
    if value is None:
        return ""
    return f"<{1 / samples:.4f}" if value == 0 else f"{value:.4f}"


def render_compare(report: CompareReport) -> str:
    """One line per metric: baseline → candidate, delta, its CI, p-value, per-system μ ± CI."""
    lines = [f"paired test: {report.method}, {report.samples} samples, seed {report.seed}"]
    rows = []
    for row in report.rows:
        if row.delta is None:
            rows.append([row.metric, "n/a", "n/a", "", "", "", "", "", row.note])
            continue
        ci = "" if row.ci_low is None else f"[{row.ci_low:+.2f}, {row.ci_high:+.2f}]"
        verdict = "significant" if row.significant else "n.s."
        spread = ["" if m is None else f"{m:.2f} ± {c:.2f}"
                  for m, c in ((row.baseline_mean, row.baseline_ci),
                               (row.candidate_mean, row.candidate_ci))]
        rows.append([row.metric, f"{row.baseline:.2f}", f"{row.candidate:.2f}",
                     f"{row.delta:+.2f}", ci, _p(row.p_value, report.samples), *spread, verdict])
    lines.append(table(rows, ["metric", "baseline", "candidate", "delta", "delta 95% CI", "p",
                              "baseline μ ± CI", "candidate μ ± CI", "verdict"]).rstrip())
    return "\n".join(lines) + "\n"
