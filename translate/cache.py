"""Translation memory: a SQLite cache of finished sentence translations.

Keyed by everything that changes an output: engine, package and version, decoding options,
glossary hash and the sentence itself. WAL mode lets concurrent processes read while one
writes; a corrupt file is moved aside and rebuilt with a warning, never a crash.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

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


class TranslationMemory:
    """A SQLite-backed sentence cache (open with :meth:`open`)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection

    @classmethod
    def open(cls, path: Path) -> TranslationMemory:
        """Open or create the cache at ``path``; rebuild it if it is corrupt."""
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return cls(path, cls._connect(path))
        except sqlite3.DatabaseError as exc:
            aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
            with contextlib.suppress(OSError):
                path.rename(aside)
            for suffix in ("-wal", "-shm"):
                with contextlib.suppress(OSError):
                    Path(str(path) + suffix).unlink()
            warnings.warn(
                f"translation memory {path} was unreadable ({exc}); moved to {aside.name} "
                f"and started a new one", RuntimeWarning, stacklevel=2,
            )
            return cls(path, cls._connect(path))

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        connection = sqlite3.connect(str(path), timeout=30.0, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(SCHEMA)
            connection.execute("SELECT count(*) FROM memory").fetchone()
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    def get_many(self, keys: list[str]) -> dict[str, CachedSentence]:
        """Cached sentences for the keys that are present."""
        found: dict[str, CachedSentence] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start: start + 500]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._db.execute(
                    f"SELECT key, translation, score, extra FROM memory WHERE key IN ({marks})",  # noqa: S608
                    chunk,
                ).fetchall()
            except sqlite3.DatabaseError as exc:
                warnings.warn(f"translation memory read failed ({exc}); translating without it",
                              RuntimeWarning, stacklevel=2)
                return found
            for key, translation, score, extra in rows:
                found[key] = CachedSentence(translation, score, json.loads(extra))
        return found

    def put_many(self, items: dict[str, CachedSentence]) -> None:
        """Store sentences; failures only warn (the cache is an optimisation)."""
        if not items:
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
        except sqlite3.DatabaseError as exc:
            warnings.warn(f"translation memory write failed ({exc}); results not cached",
                          RuntimeWarning, stacklevel=2)

    def stats(self) -> CacheStats:
        """Entry count and size on disk."""
        (entries,) = self._db.execute("SELECT count(*) FROM memory").fetchone()
        size = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal"))
                   if p.exists())
        return CacheStats(self.path, int(entries), size)

    def clear(self) -> int:
        """Delete every entry; return how many there were."""
        (entries,) = self._db.execute("SELECT count(*) FROM memory").fetchone()
        with self._db:
            self._db.execute("DELETE FROM memory")
        self._db.execute("VACUUM")
        return int(entries)

    def close(self) -> None:
        """Close the database."""
        self._db.close()
