"""Colour where people read: failing rows and summary lines, through rich, on a terminal only.

Output to a pipe or file stays byte-for-byte plain (greppable); ``NO_COLOR`` (any value, see
no-color.org) turns colour off on a terminal too. rich is imported only when colour applies.
"""

from __future__ import annotations

import os
import re
from typing import TextIO

# Line prefixes every command uses for its verdicts, and how they are coloured.
LINE_STYLES = (
    (re.compile(r"^(FAIL|MISSING|FORBIDDEN)\b"), "bold red"),
    (re.compile(r"^gate: FAILED\b|^\d+ violation\(s\)$"), "bold red"),
    (re.compile(r"^PASS\b|^gate: passed\b|^ok: no violations\b"), "green"),
)


def colour_enabled(stream: TextIO) -> bool:
    """Colour only on a terminal, and never with ``NO_COLOR`` set."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def line_style(line: str) -> str | None:
    """The style of one output line, or ``None`` for plain."""
    for pattern, style in LINE_STYLES:
        if pattern.search(line):
            return style
    return None


def write(text: str, stream: TextIO, style: str | None = None) -> None:
    """Write ``text`` to ``stream``: verdict lines (or all of it, with ``style``) coloured on a
    terminal, unchanged otherwise."""
    if not colour_enabled(stream) or not text:
        stream.write(text)
        stream.flush()
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, markup=False, emoji=False, soft_wrap=True)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        if last and not line:
            break
        console.print(Text(line, style=style or line_style(line) or ""), end="" if last else "\n")
    stream.flush()


def summary_style(ok: bool) -> str:
    """Green for a clean summary line, yellow when something is missing or forbidden."""
    return "green" if ok else "bold yellow"
