"""Server-side glossaries: the configured files by name, re-read when their content changes,
and inline glossaries validated exactly like a YAML file."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.errors import GlossaryError, InputError
from translate.glossary.schema import Glossary, load_glossary, parse_glossary

MAX_INLINE_TERMS = 1000


@dataclass(frozen=True)
class _Loaded:
    stamp: tuple[int, int]
    file_hash: str
    glossary: Glossary


class GlossaryRegistry:
    """Named glossaries (file stem → glossary) from the settings' glossary files.

    A file is stat-ed on each use; when its size or mtime moved, its bytes are hashed and a
    changed hash reloads it. A file that became invalid keeps serving its last good version
    (and says so in :meth:`describe`), so a bad edit never takes the server down.
    """

    def __init__(self, paths: tuple[Path, ...], pair: tuple[str, str]) -> None:
        self.pair = pair
        self._paths: dict[str, Path] = {}
        for path in paths:
            name = path.stem
            if name in self._paths:
                name = f"{path.parent.name}/{path.stem}"
            self._paths[name] = path
        self._loaded: dict[str, _Loaded] = {}
        self._errors: dict[str, str] = {}
        self._lock = threading.Lock()
        for name in self._paths:
            self._fresh(name, strict=True)

    @property
    def names(self) -> list[str]:
        """Glossary names, in configuration order."""
        return list(self._paths)

    def _fresh(self, name: str, strict: bool = False) -> Glossary:
        path = self._paths[name]
        with self._lock:
            current = self._loaded.get(name)
            try:
                stat = path.stat()
                stamp = (stat.st_mtime_ns, stat.st_size)
            except OSError as exc:
                if current is None or strict:
                    raise GlossaryError(f"{path}: cannot read glossary ({exc.strerror})") from None
                self._errors[name] = f"unreadable: {exc.strerror}"
                return current.glossary
            if current is not None and current.stamp == stamp:
                return current.glossary
            try:
                file_hash = hashlib.sha256(path.read_bytes()).hexdigest()
                if current is not None and current.file_hash == file_hash:
                    self._loaded[name] = _Loaded(stamp, file_hash, current.glossary)
                    return current.glossary
                glossary = load_glossary(path, self.pair)
            except (OSError, InputError) as exc:
                if current is None or strict:
                    raise
                self._errors[name] = str(exc)
                return current.glossary
            self._errors.pop(name, None)
            self._loaded[name] = _Loaded(stamp, file_hash, glossary)
            return glossary

    def default(self) -> Glossary | None:
        """Every configured glossary merged in order: what the CLI uses by default."""
        merged: Glossary | None = None
        for name in self._paths:
            glossary = self._fresh(name)
            merged = glossary if merged is None else merged.merged(glossary)
        return merged

    def named(self, name: str) -> Glossary:
        """One configured glossary by name."""
        if name not in self._paths:
            known = ", ".join(self._paths) or "none configured"
            raise InputError(f"unknown glossary {name!r}; known glossaries: {known} (GET /glossaries)")
        return self._fresh(name)

    def inline(self, entries: Any) -> Glossary:
        """A request's own glossary: a list of entries, validated like a YAML file's terms."""
        if not isinstance(entries, list):
            raise GlossaryError("glossary must be a glossary name or a list of "
                                "{source, target} entries")
        if len(entries) > MAX_INLINE_TERMS:
            raise GlossaryError(f"inline glossary has {len(entries)} entries; the limit is "
                                f"{MAX_INLINE_TERMS}, use a server-side glossary")
        return parse_glossary({"terms": entries}, "inline glossary")

    def describe(self) -> list[dict[str, object]]:
        """Name, content hash, entry count (and a reload error, if any) of each glossary."""
        rows: list[dict[str, object]] = []
        for name in self._paths:
            glossary = self._fresh(name)
            row: dict[str, object] = {"name": name, "sha256": glossary.sha256,
                                      "entries": len(glossary.terms),
                                      "source": glossary.source_lang, "target": glossary.target_lang}
            if name in self._errors:
                row["reload_error"] = self._errors[name]
            rows.append(row)
        return rows
