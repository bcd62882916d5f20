"""Terminal safety: text from files shown on a terminal with its control characters escaped.

Package metadata, folder names and glossary entries are data from outside. Printed raw, an
escape sequence in them (``\\x1b]0;…\\x07``) retitles or repaints the terminal and a newline
in a name forges extra lines in a table or an error. Every human-readable line the command
line prints about such data goes through :func:`printable`; machine outputs (JSON, CSV, the
translation itself) keep the data as it is.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, Unicode line/paragraph separators and the bidirectional
# overrides and isolates that reorder what follows them on screen.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character and screen-reordering mark escaped (one line)."""
    return _UNSAFE.sub(_escape, text)
