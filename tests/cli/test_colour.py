"""Colour on a terminal only, through rich, and never with NO_COLOR or into a pipe."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import GLOSSARY, translate_bin
from tests.terminal import run_on_terminal

RED = "\x1b[1;31m"


def _on_terminal(args: list[str], env: dict[str, str], timeout: float = 120) -> tuple[int, str]:
    """Run with stdout and stderr on one pseudo-terminal; return exit code and what it showed."""
    return run_on_terminal(args, env, timeout)


def _pair(tmp_path: Path) -> list[str]:
    source = tmp_path / "src.txt"
    source.write_text("À Kiev, l'OTAN parle.\n", encoding="utf-8")
    target = tmp_path / "tgt.txt"
    target.write_text("In Kiev, the alliance speaks.\n", encoding="utf-8")
    return [translate_bin(), "check", str(source), str(target), "-g", str(GLOSSARY)]


def test_violations_are_red_on_a_terminal(tmp_path: Path, env: dict[str, str]) -> None:
    values = dict(env, TERM="xterm-256color")
    values.pop("NO_COLOR", None)
    code, shown = _on_terminal(_pair(tmp_path), values)
    assert code == 1
    forbidden = next(line for line in shown.splitlines() if "FORBIDDEN" in line)
    missing = next(line for line in shown.splitlines() if "MISSING" in line)
    assert forbidden.startswith(RED) and missing.startswith(RED), shown
    plain_rows = [line for line in shown.splitlines() if line.startswith("source")]
    assert plain_rows and "\x1b[" not in plain_rows[0]


def test_no_colour_with_no_color_or_into_a_pipe(tmp_path: Path, env: dict[str, str]) -> None:
    values = dict(env, TERM="xterm-256color", NO_COLOR="1")
    code, shown = _on_terminal(_pair(tmp_path), values)
    assert code == 1 and "FORBIDDEN" in shown
    assert "\x1b[" not in shown
    piped = subprocess.run(_pair(tmp_path), env=dict(env, TERM="xterm-256color"),
                           capture_output=True, text=True, timeout=120)
    assert piped.returncode == 1 and "FORBIDDEN" in piped.stdout
    assert "\x1b[" not in piped.stdout + piped.stderr
