"""Translation memory: a SQLite cache of finished sentence translations.

Keyed by everything that changes an output: engine, package and version, decoding options,
glossary hash and the sentence itself. WAL mode lets concurrent processes read while one
writes. SQLite errors are told apart: a corrupt file is moved aside and rebuilt; a lock held
too long, a read-only file or directory and a full disk leave the run going without (writing
to) the memory, with a one-line warning. Never a crash.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from translate.errors import InputError

SCHEMA = """
CREATE TABLE IF NOT EXISTS memory (
    key TEXT PRIMARY KEY,
    translation TEXT NOT NULL,
    score REAL,
    extra TEXT NOT NULL,
    created REAL NOT NULL
)
"""


@dataclass(frozen=True)
class CachedSentence:
    """A stored translation with its score and enforcement record."""

    translation: str
    score: float | None
    extra: dict[str, object]


@dataclass(frozen=True)
class CacheStats:
    """Size of the translation memory."""

    path: Path
    entries: int
    bytes: int


def cache_key(engine_key: str, glossary_hash: str, sentence: str) -> str:
    """Stable key of one sentence under one engine configuration and glossary."""
    payload = "\x1f".join((engine_key, glossary_hash, sentence))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# Primary SQLite result codes (the low byte of an extended code).
_CORRUPT_CODES = {11, 26}          # SQLITE_CORRUPT, SQLITE_NOTADB
_BUSY_CODES = {5, 6}               # SQLITE_BUSY, SQLITE_LOCKED
_READONLY_CODES = {8, 3, 14, 23}   # SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN, SQLITE_AUTH
_FULL_CODES = {13}                 # SQLITE_FULL
_MESSAGES = (
    ("corrupt", ("malformed", "not a database", "corrupt")),
    ("busy", ("locked", "busy")),
    ("full", ("disk is full", "database or disk is full")),
    ("readonly", ("readonly", "read-only", "unable to open", "permission")),
)
DEFAULT_TIMEOUT = 30.0


def classify(exc: BaseException) -> str:
    """What a SQLite or file error means for the memory: ``corrupt``, ``busy``,
    ``readonly``, ``full`` or ``other``.

    Python 3.11+ carries SQLite's result code on the exception; older versions only the
    message, which is matched instead.
    """
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return "full"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return "readonly"
        return "other"
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        primary = code & 0xFF
        for kind, codes in (("corrupt", _CORRUPT_CODES), ("busy", _BUSY_CODES),
                            ("readonly", _READONLY_CODES), ("full", _FULL_CODES)):
            if primary in codes:
                return kind
        return "other"
    message = str(exc).lower()
    for kind, needles in _MESSAGES:
        if any(needle in message for needle in needles):
            return kind
    return "other"


_REASONS = {
    "busy": "locked by another process",
    "readonly": "not writable",
    "full": "on a full disk",
    "other": "unusable",
}


def _stderr_warning(message: str) -> None:
    from translate.text.printable import printable

    sys.stderr.write(f"warning: {printable(message)}\n")
    sys.stderr.flush()


class MemoryUnavailable(InputError):
    """The translation memory cannot be changed (locked, read-only, full)."""


class TranslationMemory:
    """A SQLite-backed sentence cache (open with :meth:`open`).

    The memory is an optimisation: when it is locked, read-only or on a full disk the run
    goes on without it (reading what it can), with a one-line warning. Only a file SQLite
    itself reports as corrupt is moved aside and rebuilt.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection | None,
                 warn: Callable[[str], None] = _stderr_warning, writable: bool = True) -> None:
        self.path = path
        self._db = connection
        self._warn = warn
        self.writable = writable and connection is not None
        self.problem = ""

    @classmethod
    def open(cls, path: Path, timeout: float = DEFAULT_TIMEOUT,
             warn: Callable[[str], None] = _stderr_warning) -> TranslationMemory:
        """Open or create the memory at ``path``; never raises.

        A lock held longer than ``timeout`` seconds, a read-only file or directory and a full
        disk give a memory that is read-only or unavailable (with ``problem`` set and one
        warning); a corrupt file is moved aside (with its ``-wal``/``-shm``) and rebuilt.
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return cls(path, cls._connect(path, timeout), warn)
        except (sqlite3.Error, OSError) as exc:
            kind = classify(exc)
            if kind == "other" and isinstance(exc, sqlite3.Error) and cls._fails_check(path):
                kind = "corrupt"
            if kind == "corrupt":
                return cls._rebuild(path, timeout, warn, exc)
            if kind in ("readonly", "full"):
                memory = cls._read_only(path, timeout, warn)
                if memory is not None:
                    memory._disable(kind, exc, reads=True)
                    return memory
            memory = cls(path, None, warn)
            memory._disable(kind, exc)
            return memory

    @classmethod
    def _rebuild(cls, path: Path, timeout: float, warn: Callable[[str], None],
                 exc: BaseException) -> TranslationMemory:
        stamp = int(time.time())
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        try:
            path.rename(aside)
            for suffix in ("-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{path}{suffix}").rename(f"{aside}{suffix}")
        except OSError as move:
            memory = cls(path, None, warn)
            memory._disable("readonly", move)
            return memory
        warn(f"translation memory {path} was unreadable ({exc}); moved it to {aside.name} "
             f"and started a new one")
        try:
            return cls(path, cls._connect(path, timeout), warn)
        except (sqlite3.Error, OSError) as again:
            memory = cls(path, None, warn)
            memory._disable(classify(again), again)
            return memory

    @classmethod
    def _read_only(cls, path: Path, timeout: float,
                   warn: Callable[[str], None]) -> TranslationMemory | None:
        if not path.is_file():
            return None
        try:
            connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                         timeout=timeout, isolation_level=None)
            connection.execute("SELECT count(*) FROM memory").fetchone()
        except (sqlite3.Error, OSError):
            return None
        return cls(path, connection, warn, writable=False)

    @staticmethod
    def _fails_check(path: Path) -> bool:
        """``PRAGMA quick_check`` on a fresh read-only connection: True only if SQLite
        finds damage (a lock or a permission problem is not damage)."""
        if not path.is_file():
            return False
        try:
            connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                         timeout=1.0)
        except sqlite3.Error:
            return False
        try:
            rows = connection.execute("PRAGMA quick_check").fetchall()
        except sqlite3.Error as exc:
            return classify(exc) == "corrupt"
        finally:
            connection.close()
        return rows != [("ok",)]

    def _disable(self, kind: str, exc: BaseException, reads: bool = False) -> None:
        """Stop writing (and, unless ``reads``, reading) after ``exc``; warn once."""
        self.writable = False
        if not reads and self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        if self.problem:
            return
        self.problem = _REASONS.get(kind, _REASONS["other"])
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        action = "reading it but not storing new translations" if reads else "translating without it"
        self._warn(f"translation memory {self.path} is {self.problem} ({detail}); {action}")

    @staticmethod
    def _connect(path: Path, timeout: float) -> sqlite3.Connection:
        connection = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(SCHEMA)
            connection.execute("SELECT count(*) FROM memory").fetchone()
        except sqlite3.Error:
            connection.close()
            raise
        return connection

    def get_many(self, keys: list[str]) -> dict[str, CachedSentence]:
        """Cached sentences for the keys that are present."""
        found: dict[str, CachedSentence] = {}
        for start in range(0, len(keys), 500):
            if self._db is None:
                return found
            chunk = keys[start: start + 500]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._db.execute(
                    f"SELECT key, translation, score, extra FROM memory WHERE key IN ({marks})",  # noqa: S608
                    chunk,
                ).fetchall()
            except sqlite3.Error as exc:
                self._disable(classify(exc), exc)
                return found
            for key, translation, score, extra in rows:
                found[key] = CachedSentence(translation, score, json.loads(extra))
        return found

    def put_many(self, items: dict[str, CachedSentence]) -> None:
        """Store sentences; failures only warn (the cache is an optimisation)."""
        if not items or self._db is None or not self.writable:
            return
        now = time.time()
        rows = [(k, v.translation, v.score, json.dumps(v.extra, ensure_ascii=False), now)
                for k, v in items.items()]
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(
                    "INSERT OR REPLACE INTO memory VALUES (?, ?, ?, ?, ?)", rows
                )
        except sqlite3.Error as exc:
            self._disable(classify(exc), exc, reads=classify(exc) != "busy")

    def _require(self, action: str) -> sqlite3.Connection:
        if self._db is None or (action != "read" and not self.writable):
            raise MemoryUnavailable(
                f"translation memory {self.path} is {self.problem or 'not writable'}; "
                f"cannot {action} it now (check the file and its directory, free disk space, "
                f"or wait for the other process)")
        return self._db

    def stats(self) -> CacheStats:
        """Entry count and size on disk."""
        try:
            (entries,) = self._require("read").execute("SELECT count(*) FROM memory").fetchone()
        except sqlite3.Error as exc:
            self._disable(classify(exc), exc)
            return self.stats()
        size = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal"))
                   if p.exists())
        return CacheStats(self.path, int(entries), size)

    def clear(self) -> int:
        """Delete every entry; return how many there were.

        Raises :class:`MemoryUnavailable` (exit 2) when the memory cannot be changed.
        """
        db = self._require("clear")
        try:
            (entries,) = db.execute("SELECT count(*) FROM memory").fetchone()
            with db:
                db.execute("DELETE FROM memory")
            db.execute("VACUUM")
        except sqlite3.Error as exc:
            kind = classify(exc)
            raise MemoryUnavailable(
                f"translation memory {self.path} is {_REASONS.get(kind, _REASONS['other'])} "
                f"({exc}); cannot clear it now") from None
        return int(entries)

    def close(self) -> None:
        """Close the database."""
        if self._db is not None:
            self._db.close()
