"""The CI quality gate: thresholds and baseline regressions from ``configs/quality.yaml``.

```yaml
thresholds:                 # "metric operator number", one per line
  - term_accuracy >= 1.0
  - forbidden_terms == 0
baseline: baseline.json     # optional: an earlier `translate eval --format json` output
max_regression:             # allowed drop (or rise, for TER) against the baseline
  chrf: 1.0
```
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.errors import ConfigError
from translate.quality.metrics import METRICS, TERM_METRICS, EvalReport

OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt,
    "==": operator.eq, "!=": operator.ne,
}
KNOWN = (*METRICS, *TERM_METRICS)
_RULE = re.compile(r"^\s*([a-z_+]+)\s*(>=|<=|==|!=|>|<)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*$")
_TOP = ("thresholds", "baseline", "max_regression")
LOWER_IS_BETTER = ("ter", "forbidden_terms")


@dataclass(frozen=True)
class Rule:
    """One threshold: ``metric op value`` from ``line`` of the config."""

    metric: str
    op: str
    value: float
    line: int
    text: str


@dataclass(frozen=True)
class GateCheck:
    """The outcome of one rule or regression check."""

    description: str
    actual: float | None
    ok: bool
    line: int


@dataclass(frozen=True)
class GateConfig:
    """A validated gate configuration."""

    path: Path
    rules: tuple[Rule, ...]
    baseline: dict[str, float] | None
    max_regression: dict[str, float]


@dataclass(frozen=True)
class GateResult:
    """Every check, and whether all held."""

    config: Path
    checks: tuple[GateCheck, ...]

    @property
    def ok(self) -> bool:
        """True when every check held."""
        return all(c.ok for c in self.checks)


def load_gate(path: Path) -> GateConfig:
    """Read and validate a gate config; errors name the file and line."""
    from translate.io import read_text
    from translate.yamlsafe import load_strict

    data = load_strict(read_text(path), str(path), ConfigError)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: top level must be a mapping with thresholds")
    lines = getattr(data, "key_lines", {})
    for key in data:
        if key not in _TOP:
            raise ConfigError(f"{path}:{lines.get(str(key), 1)}: unknown key {key!r}; "
                              f"allowed: {', '.join(_TOP)}")
    raw_rules = data.get("thresholds") or []
    if not isinstance(raw_rules, list):
        raise ConfigError(f"{path}:{lines.get('thresholds', 1)}: thresholds must be a list")
    base_line = lines.get("thresholds", 1)
    rules = []
    for offset, raw in enumerate(raw_rules, start=1):
        line = base_line + offset
        if not isinstance(raw, str):
            raise ConfigError(f"{path}:{line}: threshold must be a string like 'chrf >= 50', "
                              f"got {raw!r}")
        match = _RULE.match(raw)
        if match is None:
            raise ConfigError(f"{path}:{line}: cannot read threshold {raw!r}; write "
                              f"'metric op number' with op one of {' '.join(OPERATORS)}")
        metric, op, value = match.groups()
        if metric not in KNOWN:
            raise ConfigError(f"{path}:{line}: unknown metric {metric!r}; known: {', '.join(KNOWN)}")
        rules.append(Rule(metric, op, float(value), line, raw.strip()))
    baseline = None
    if data.get("baseline") is not None:
        baseline = _load_baseline(path, data["baseline"], lines.get("baseline", 1))
    regression = data.get("max_regression") or {}
    if not isinstance(regression, dict):
        raise ConfigError(f"{path}:{lines.get('max_regression', 1)}: max_regression must map "
                          f"metric names to numbers")
    margins = {}
    for metric, margin in regression.items():
        where = f"{path}:{getattr(regression, 'key_lines', {}).get(str(metric), 1)}"
        if metric not in KNOWN:
            raise ConfigError(f"{where}: unknown metric {metric!r}; known: {', '.join(KNOWN)}")
        if isinstance(margin, bool) or not isinstance(margin, (int, float)) or margin < 0:
            raise ConfigError(f"{where}: max_regression for {metric} must be a number ≥ 0")
        margins[str(metric)] = float(margin)
    if margins and baseline is None:
        raise ConfigError(f"{path}: max_regression needs a baseline file")
    return GateConfig(path, tuple(rules), baseline, margins)


def _load_baseline(path: Path, value: Any, line: int) -> dict[str, float]:
    if not isinstance(value, str):
        raise ConfigError(f"{path}:{line}: baseline must be a path to an eval JSON file")
    file = (path.parent / value).resolve()
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        # A not-applicable score (null) has no value to regress from.
        scores = {str(k): float(v) for k, v in data["scores"].items() if v is not None}
    except FileNotFoundError:
        raise ConfigError(f"{path}:{line}: baseline {file} not found") from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ConfigError(f"{path}:{line}: baseline {file} is not `translate eval --format json` "
                          f"output") from None
    return scores


def apply_gate(config: GateConfig, report: EvalReport) -> GateResult:
    """Check every rule and regression against an evaluation report."""
    available = {s.name: s.score for s in report.scores}
    notes = {s.name: s.note for s in report.scores if s.score is None}
    checks = []
    for rule in config.rules:
        actual = available.get(rule.metric)
        if rule.metric in notes:
            # Computed but without a denominator: nothing to hold the threshold against.
            checks.append(GateCheck(f"{rule.text} (not applicable: {notes[rule.metric]})", None,
                                    True, rule.line))
            continue
        if actual is None:
            hint = ("give --source and a glossary" if rule.metric.startswith(("term_", "forbidden"))
                    else "add it to --metrics")
            checks.append(GateCheck(f"{rule.text} (metric not computed: {hint})", None, False,
                                    rule.line))
            continue
        ok = OPERATORS[rule.op](round(actual, 6), rule.value)
        checks.append(GateCheck(rule.text, actual, ok, rule.line))
    for metric, margin in config.max_regression.items():
        assert config.baseline is not None
        before = config.baseline.get(metric)
        actual = available.get(metric)
        if metric in notes:
            checks.append(GateCheck(f"{metric} regression (not applicable: {notes[metric]})",
                                    None, True, 0))
            continue
        if before is None or actual is None:
            checks.append(GateCheck(f"{metric} regression (missing in baseline or report)", actual,
                                    False, 0))
            continue
        if metric in LOWER_IS_BETTER:
            ok = actual <= before + margin
            text = f"{metric} <= baseline {before:.2f} + {margin}"
        else:
            ok = actual >= before - margin
            text = f"{metric} >= baseline {before:.2f} - {margin}"
        checks.append(GateCheck(text, actual, ok, 0))
    return GateResult(config.path, tuple(checks))
