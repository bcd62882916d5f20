"""Units behind the reliability rows: error classification, escaping, formula quoting, targets."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from translate.cache import classify
from translate.errors import OutputError
from translate.glossary.formats import neutralise_formula, restore_formula
from translate.io import same_file, write_target
from translate.text.printable import printable
from translate.yamlsafe import check_nesting


class _OldStyleError(sqlite3.OperationalError):
    """An error as Python < 3.11 raises it: a message, no result code."""

    sqlite_errorcode = None


@pytest.mark.parametrize(("message", "kind"), [
    ("database disk image is malformed", "corrupt"),
    ("file is not a database", "corrupt"),
    ("database is locked", "busy"),
    ("database table is locked", "busy"),
    ("attempt to write a readonly database", "readonly"),
    ("unable to open database file", "readonly"),
    ("database or disk is full", "full"),
    ("no such table: memory", "other"),
])
def test_sqlite_errors_are_classified_by_message_without_a_code(message: str, kind: str) -> None:
    assert classify(_OldStyleError(message)) == kind


def test_sqlite_errors_are_classified_by_code(tmp_path: Path) -> None:
    garbage = tmp_path / "x.sqlite3"
    garbage.write_bytes(b"not a database at all" * 200)
    connection = sqlite3.connect(garbage)
    with pytest.raises(sqlite3.DatabaseError) as caught:
        connection.execute("SELECT 1 FROM sqlite_master").fetchall()
    assert classify(caught.value) == "corrupt"


@pytest.mark.parametrize(("text", "shown"), [
    ("plain", "plain"),
    ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
    ("two\nlines\r", "two\\nlines\\r"),
    ("rtl\u202eevil", "rtl\\u202eevil"),
    ("c1\x9bcsi", "c1\\x9bcsi"),
    ("accents é — ok", "accents é — ok"),
])
def test_printable_escapes_controls_only(text: str, shown: str) -> None:
    assert printable(text) == shown


@pytest.mark.parametrize("cell", ["=1+1", "+33", "-x", "@SUM(A1)", "\tx", "\rx", "plain",
                                  "'quoted", "'=already"])
def test_formula_neutralisation_round_trips(cell: str) -> None:
    shown = neutralise_formula(cell)
    assert not shown.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore_formula(shown) == cell


def test_write_target_kinds(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("x")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert write_target(link) == (real.resolve(), False)
    assert write_target(tmp_path / "new.txt")[1] is False
    assert write_target(fifo) == (fifo, True)
    assert write_target(Path("/dev/null")) == (Path("/dev/null"), True)
    with pytest.raises(OutputError, match="directory"):
        write_target(tmp_path)
    assert same_file(link, real) and same_file(real, tmp_path / "." / "real.txt")
    assert not same_file("-", real)


@pytest.mark.parametrize(("text", "line"), [
    ("a: [1, [2, [3]]]\n", None),
    ("a: 1\nb: " + "[" * 65 + "]" * 65 + "\n", 2),
    ("x: 1\n" + "- " * 70 + "y\n", 2),
    ("note: '" + "[" * 10 + "'\n", None),
])
def test_nesting_guard(text: str, line: int | None) -> None:
    assert check_nesting(text) == line
