"""API keys: stored as SHA-256 digests only, edited under a lock, written atomically.

The file is JSON: ``{"version": 1, "keys": [{"name", "sha256", "rate_limit", "created"}]}``.
A key is shown once, when it is created; the server only ever compares digests. The server
re-reads the file when it changes, so keys added or removed with ``translate api-keys`` take
effect without a restart.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from translate.errors import InputError

KEY_PREFIX = "tr_"


@dataclass(frozen=True)
class ApiKey:
    """One stored key: its name, digest and optional per-minute request limit."""

    name: str
    sha256: str
    rate_limit: int | None = None
    created: float = 0.0


def digest(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _parse(path: Path, text: str) -> dict[str, ApiKey]:
    try:
        data = json.loads(text) if text.strip() else {"version": 1, "keys": []}
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not a valid API key file ({exc.msg} at line {exc.lineno}); "
                         f"fix it or create a new one with translate api-keys add") from None
    entries = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError(f"{path}: an API key file needs a \"keys\" list; "
                         f"create one with translate api-keys add")
    keys: dict[str, ApiKey] = {}
    for number, entry in enumerate(entries, start=1):
        ok = (isinstance(entry, dict) and isinstance(entry.get("name"), str)
              and isinstance(entry.get("sha256"), str) and len(entry["sha256"]) == 64
              and (entry.get("rate_limit") is None or isinstance(entry.get("rate_limit"), int)))
        if not ok:
            raise InputError(f"{path}: key {number} needs a name, a 64-digit sha256 and an "
                             f"optional whole-number rate_limit")
        keys[entry["name"]] = ApiKey(entry["name"], entry["sha256"], entry.get("rate_limit"),
                                     float(entry.get("created", 0.0)))
    return keys


def read_keys(path: Path) -> dict[str, ApiKey]:
    """Keys by name (an absent file holds none)."""
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the API key file ({exc})") from None
    return _parse(path, text)


def _write(path: Path, keys: dict[str, ApiKey]) -> None:
    from translate.io import write_text_atomic

    data = {"version": 1, "keys": [
        {"name": k.name, "sha256": k.sha256, "rate_limit": k.rate_limit, "created": k.created}
        for k in sorted(keys.values(), key=lambda k: k.name)]}
    write_text_atomic(path, json.dumps(data, indent=2) + "\n")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(path) + ".lock", timeout=10):
            yield
    except Timeout:
        raise InputError(f"{path}: locked by another edit for 10 s; retry") from None


def add_key(path: Path, name: str, rate_limit: int | None = None) -> str:
    """Create a key named ``name``; return the key itself (it is not stored)."""
    if not name.strip() or any(c.isspace() for c in name):
        raise InputError("a key name must be one word without spaces, e.g. cms-prod")
    if rate_limit is not None and rate_limit < 1:
        raise InputError("--rate-limit must be at least 1 request per minute")
    with _locked(path):
        keys = read_keys(path)
        if name in keys:
            raise InputError(f"a key named {name!r} already exists; remove it first or pick "
                             f"another name")
        key = KEY_PREFIX + secrets.token_urlsafe(24)
        keys[name] = ApiKey(name, digest(key), rate_limit, round(time.time(), 3))
        _write(path, keys)
    return key


def remove_key(path: Path, name: str) -> ApiKey:
    """Remove the key named ``name``."""
    with _locked(path):
        keys = read_keys(path)
        if name not in keys:
            known = ", ".join(sorted(keys)) or "none"
            raise InputError(f"no key named {name!r}; known keys: {known}")
        removed = keys.pop(name)
        _write(path, keys)
    return removed


class KeyStore:
    """The server's view of the key file, re-read when the file changes."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._stamp: tuple[float, int] | None = None
        self._by_digest: dict[str, ApiKey] = {}
        if path is not None:
            self._refresh()

    @property
    def enabled(self) -> bool:
        """True when the server was started with a key file."""
        return self.path is not None

    def _refresh(self) -> None:
        assert self.path is not None
        try:
            stat = self.path.stat()
            stamp = (stat.st_mtime, stat.st_size)
        except OSError:
            stamp = (0.0, -1)
        if stamp != self._stamp:
            keys = read_keys(self.path)
            self._by_digest = {k.sha256: k for k in keys.values()}
            self._stamp = stamp

    def lookup(self, key: str) -> ApiKey | None:
        """The stored key matching ``key``, or ``None``."""
        if self.path is None:
            return None
        try:
            self._refresh()
        except InputError:
            pass  # A half-edited file keeps the last good set of keys.
        return self._by_digest.get(digest(key))
