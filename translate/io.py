"""Reading text inputs safely and writing outputs atomically."""

from __future__ import annotations

import codecs
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from translate.errors import InputError, OutputError

STDIN = "-"


def read_text(path: str | Path, encoding: str = "utf-8") -> str:
    """Read a text file (or ``-`` for stdin) and return its content.

    Refuses directories, missing or unreadable files, binary content (NUL bytes) and bytes
    that do not decode with ``encoding``. A UTF-8 byte-order mark is dropped and line endings
    are normalised to ``\\n``.
    """
    data, label = read_bytes(path)
    return decode_text(data, label, encoding)


def read_bytes(path: str | Path) -> tuple[bytes, str]:
    """The bytes of a file (or ``-`` for stdin) and a label naming it in messages."""
    name = str(path)
    if name == STDIN:
        data = sys.stdin.buffer.read()
        label = "standard input"
    else:
        file = Path(name)
        label = name
        try:
            if file.is_dir():
                raise InputError(f"{label}: is a directory; give a text file")
            data = file.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{label}: no such file; check the path") from None
        except IsADirectoryError:
            raise InputError(f"{label}: is a directory; give a text file") from None
        except PermissionError:
            raise InputError(f"{label}: permission denied; make the file readable") from None
        except OSError as exc:
            raise InputError(f"{label}: cannot read ({exc.strerror}); check the path") from None
    return data, label


def decode_text(data: bytes, label: str, encoding: str = "utf-8") -> str:
    """Decode bytes read from ``label``; see :func:`read_text` for what is refused."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}; use e.g. utf-8, latin-1, cp1252") from None
    if b"\x00" in data[:65536] and not encoding.lower().startswith("utf-16"):
        raise InputError(f"{label}: looks binary (contains NUL bytes); give a plain text file")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{label}: not valid {encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            f"convert it to UTF-8 or pass --encoding latin-1 (or cp1252)"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


@contextlib.contextmanager
def atomic_writer(path: Path, mode: str = "w") -> Iterator[object]:
    """Open a temporary file beside ``path``; on success it replaces ``path`` atomically.

    On any error (including KeyboardInterrupt) the temporary file is removed and ``path`` is
    left exactly as it was.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{target}: directory {directory} does not exist; create it first")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(
            f"{target}: cannot write in {directory} ({exc.strerror}); choose a writable location"
        ) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def check_writable(path: Path) -> None:
    """Fail now, not after the work, if ``path`` cannot be written atomically.

    Creates and removes a temporary file beside ``path``; ``path`` itself is not touched.
    """
    with contextlib.suppress(_Probe), atomic_writer(path, "wb") as handle:
        raise _Probe(handle)


class _Probe(Exception):
    pass


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (temporary file + ``os.replace``)."""
    with atomic_writer(path) as handle:
        handle.write(text)  # type: ignore[attr-defined]


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_writer(path, "wb") as handle:
        handle.write(data)  # type: ignore[attr-defined]
