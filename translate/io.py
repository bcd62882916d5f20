"""Reading text inputs safely and writing outputs atomically."""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from translate.errors import InputError, OutputError

STDIN = "-"


def read_text(path: str | Path, encoding: str = "utf-8", raw: bool = False) -> str:
    """Read a text file (or ``-`` for stdin) and return its content.

    Refuses directories, missing or unreadable files, binary content (NUL bytes) and bytes
    that do not decode with ``encoding``. A UTF-8 byte-order mark is dropped and line endings
    are normalised to ``\\n``, unless ``raw`` (the evaluator reads lines as sacrebleu does).
    """
    data, label = read_bytes(path)
    return decode_text(data, label, encoding, raw)


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


def decode_text(data: bytes, label: str, encoding: str = "utf-8", raw: bool = False) -> str:
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
    if raw:
        return text
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Where writing fails for lack of room; every writer reports these as a full disk.
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def write_failure(label: str, exc: OSError) -> OutputError:
    """The one-line error for an ``OSError`` raised while writing ``label``."""
    if exc.errno in _FULL:
        return OutputError(f"{label}: no space left on the device ({exc.strerror}); "
                           f"free some space or write elsewhere")
    if exc.errno == errno.EPIPE:
        return OutputError(f"{label}: the reader went away (broken pipe)")
    reason = exc.strerror or str(exc)
    return OutputError(f"{label}: cannot write ({reason}); choose a writable location")


def write_target(path: Path) -> tuple[Path, bool]:
    """Where writing ``path`` really goes, and whether it must be written in place.

    Symbolic links are followed to the file they name, so the atomic replace updates that
    file and keeps the link. Character devices (``/dev/null``, ``/dev/stdout`` on a
    terminal) and FIFOs are written directly: replacing them with a regular file would
    destroy them. Paths under ``/dev/fd`` and ``/proc`` (``/dev/stdout`` redirected to a
    file) name an open descriptor, so they are written directly too. Directories, sockets
    and block devices are refused.
    """
    target = Path(path)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"{target}: cannot use as output ({exc.strerror}); check the path") from None
    if info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        return target, True
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{target}: is a directory; give a file name")
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = "a socket" if stat.S_ISSOCK(info.st_mode) else "a block device" \
            if stat.S_ISBLK(info.st_mode) else "not a regular file"
        raise OutputError(f"{target}: is {kind}; write to a regular file, a FIFO or a terminal")
    real = Path(os.path.realpath(target))
    if str(real).startswith(_DESCRIPTOR_DIRS) or str(target).startswith(_DESCRIPTOR_DIRS):
        if info is None:
            raise OutputError(f"{target}: no such descriptor; check the path")
        return target, True
    return real, False


_DESCRIPTOR_DIRS = ("/proc/", "/dev/fd/", "/dev/std")


@contextlib.contextmanager
def atomic_writer(path: Path, mode: str = "w") -> Iterator[object]:
    """Open ``path`` for writing the safe way for what it is (see :func:`write_target`).

    A regular file (or a new one) is written to a temporary file beside it that replaces it
    atomically on success; on any error (including KeyboardInterrupt) the temporary file is
    removed and ``path`` is left exactly as it was. Devices and FIFOs are written directly.
    Full disks and other write failures become a one-line :class:`OutputError`.
    """
    target, direct = write_target(Path(path))
    label = str(path)
    encoding = None if "b" in mode else "utf-8"
    if direct:
        try:
            with open(target, mode, encoding=encoding) as handle:
                yield handle
        except OSError as exc:
            raise write_failure(label, exc) from None
        return
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{label}: directory {directory} does not exist; create it first")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        if exc.errno in _FULL:
            raise write_failure(label, exc) from None
        raise OutputError(
            f"{label}: cannot write in {directory} ({exc.strerror}); choose a writable location"
        ) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise write_failure(label, exc) from None
        raise


def silence_stdout() -> None:
    """Point standard output at the null device after a write to it failed, so the
    interpreter's final flush of what is still buffered cannot fail a second time."""
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def same_file(first: str | Path, second: str | Path) -> bool:
    """Whether two paths name the same file: same real path, or same inode (hard links)."""
    a, b = str(first), str(second)
    if STDIN in (a, b):
        return False
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_writable(path: Path) -> None:
    """Fail now, not after the work, if ``path`` cannot be written atomically.

    Creates and removes a temporary file beside ``path``; ``path`` itself is not touched.
    A device or FIFO is only checked for permission: opening a FIFO would wait for a reader.
    """
    target, direct = write_target(Path(path))
    if direct:
        if not os.access(target, os.W_OK):
            raise OutputError(f"{path}: permission denied; choose a writable location")
        return
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
