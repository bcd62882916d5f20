"""The corpus manifest: one SQLite row per document, written only after its output is on disk.

A document is skipped when its row says ``done`` with the same input hash and settings
signature; ``failed`` rows are retried. Rows are committed one transaction per document, so a
killed run loses at most the documents in flight.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from translate.errors import OutputError

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    input_hash TEXT NOT NULL,
    settings TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    output TEXT,
    report TEXT,
    attempts INTEGER NOT NULL DEFAULT 1,
    updated REAL NOT NULL
)
"""
DONE = "done"
FAILED = "failed"


@dataclass(frozen=True)
class Entry:
    """What the manifest holds for one document."""

    id: str
    input_hash: str
    settings: str
    status: str
    reason: str | None
    output: str | None
    report: dict[str, object]
    attempts: int


class Manifest:
    """The SQLite manifest of one output directory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), timeout=60.0, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a power cut may lose the last rows (those documents are redone),
            # never corrupt the file; FULL would cost an fsync per document for no better outcome.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(SCHEMA)
        except (OSError, sqlite3.DatabaseError) as exc:
            raise OutputError(f"{path}: cannot open the batch manifest ({exc}); choose another "
                              f"--out or remove the file to start over") from None

    def entries(self) -> dict[str, Entry]:
        """Every recorded document."""
        rows = self._db.execute(
            "SELECT id, input_hash, settings, status, reason, output, report, attempts FROM documents"
        ).fetchall()
        return {r[0]: Entry(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6] or "{}"), r[7])
                for r in rows}

    def record(self, id: str, input_hash: str, settings: str, status: str, reason: str | None = None,
               output: str | None = None, report: dict[str, object] | None = None) -> None:
        """Record one document's outcome (one transaction)."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "INSERT INTO documents (id, input_hash, settings, status, reason, output, report, "
                "attempts, updated) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT(id) DO UPDATE SET "
                "input_hash=excluded.input_hash, settings=excluded.settings, status=excluded.status, "
                "reason=excluded.reason, output=excluded.output, report=excluded.report, "
                "attempts=documents.attempts + 1, updated=excluded.updated",
                (id, input_hash, settings, status, reason, output,
                 json.dumps(report or {}, ensure_ascii=False), time.time()),
            )

    def close(self) -> None:
        """Close the database."""
        self._db.close()
