"""Safe glossary edits: comment-preserving, locked across processes, written atomically.

Every edit takes a lock on ``<glossary>.lock`` (so concurrent editors serialise and none is
lost) and re-reads the file under the lock. It then changes only the lines of the edited
entry: YAML node positions say where each entry starts and ends, a new entry is rendered by a
YAML emitter with the file's own indentation, and every other byte (comments between entries,
blank lines, quoting, order) stays as it was. (A round-trip editor such as ruamel.yaml attaches
a comment between two entries to the first one and loses it when that entry goes.) The result
is validated with the same strict loader ``translate run`` uses, then replaces the file
atomically.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.errors import GlossaryError
from translate.glossary.schema import Glossary, Term, parse_glossary
from translate.text.normalize import normalize

LOCK_TIMEOUT = 60.0
NEW_GLOSSARY = "version: 1\nsource_lang: {src}\ntarget_lang: {tgt}\nterms:\n"


@dataclass(frozen=True)
class EditResult:
    """What an edit did."""

    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@contextlib.contextmanager
def glossary_lock(path: Path) -> Iterator[None]:
    """Cross-process lock on ``<real path>.lock``: edits through two symbolic links to one
    glossary take the same lock."""
    import os

    from filelock import FileLock, Timeout

    lock = FileLock(os.path.realpath(path) + ".lock")
    try:
        with lock.acquire(timeout=LOCK_TIMEOUT):
            yield
    except Timeout:
        raise GlossaryError(f"{path}: another edit holds {path}.lock; try again") from None


def _key(text: str) -> str:
    return normalize(text).lower


def find_conflict(glossary: Glossary, term: Term) -> tuple[Term, str] | None:
    """An existing entry the new term duplicates or contradicts, with the reason."""
    new_forms = {_key(f) for f in term.source_forms}
    for existing in glossary.terms:
        if new_forms & {_key(f) for f in existing.source_forms}:
            return existing, "same source term"
    for existing in glossary.terms:
        if term.target in existing.forbidden:
            return existing, f"{term.target!r} is forbidden by this entry"
        if existing.target in term.forbidden:
            return existing, f"this entry's target {existing.target!r} would be forbidden"
    return None


def describe(term: Term) -> str:
    """One-line rendering of an entry for messages."""
    extra = []
    for name in ("variants", "target_variants", "forbidden"):
        values = getattr(term, name)
        if values:
            extra.append(f"{name}={list(values)}")
    line = f" (line {term.line})" if term.line else ""
    return f"{term.source!r} → {term.target!r}{line}" + (f" [{', '.join(extra)}]" if extra else "")


def _scalar(value: object) -> str:
    """One YAML flow value (a scalar or a list), quoted exactly when YAML needs it."""
    import yaml

    dumped = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=10**9)
    return dumped.strip()[1:-1]


def render_entry(term: Term, pad: str) -> list[str]:
    """The lines of one entry, its dash at column ``len(pad)``."""
    lines = []
    for number, (key, value) in enumerate(term.to_dict().items()):
        lead = f"{pad}- " if number == 0 else f"{pad}  "
        lines.append(f"{lead}{key}: {_scalar(value)}\n")
    return lines


@dataclass(frozen=True)
class _Layout:
    """Where entries are in the file's lines."""

    spans: tuple[tuple[int, int], ...]
    insert_at: int
    pad: str
    rewrite: tuple[int, str] | None = None


def _last_line(node: Any) -> int:
    """0-based line of the last character that belongs to ``node``."""
    import yaml

    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end_line, end_column = int(node.end_mark.line), int(node.end_mark.column)
    # A block scalar ends at the start of the line after its text.
    return end_line - 1 if end_column == 0 and end_line > node.start_mark.line else end_line


def _layout(text: str, lines: list[str], path: Path) -> _Layout:
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise GlossaryError(f"{path}: cannot edit invalid YAML ({exc})") from None
    if root is None:
        return _Layout((), len(lines), "  ", None)
    terms_key = next((k for k, _ in root.value if k.value == "terms"), None)
    terms = next((v for k, v in root.value if k.value == "terms"), None)
    if terms is None or terms_key is None:
        return _Layout((), len(lines), "  ", (len(lines), "terms:\n"))
    if not isinstance(terms, yaml.SequenceNode) or not terms.value:
        # `terms:` with nothing, or `terms: []`: entries go right below the key.
        line = terms_key.start_mark.line
        key_text = lines[line][: terms_key.end_mark.column] + ":\n"
        return _Layout((), line + 1, " " * (terms_key.start_mark.column + 2), (line, key_text))
    spans = []
    for item in terms.value:
        first = item.start_mark.line
        if not lines[first][: item.start_mark.column].strip().endswith("-") and first > 0:
            first -= 1
        spans.append((first, _last_line(item)))
    dash = int(lines[spans[0][0]].index("-"))
    return _Layout(tuple(spans), spans[-1][1] + 1, " " * dash)


def _splice(path: Path, text: str, edits: list[tuple[int, int, list[str]]],
            rewrite: tuple[int, str] | None) -> Glossary:
    """Replace line ranges ``[start, end)`` with new lines (bottom-up), validate, write."""
    from translate.io import write_text_atomic

    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if rewrite is not None:
        index, replacement = rewrite
        if index == len(lines):
            lines.append(replacement)
        else:
            lines[index] = replacement
    for start, end, new in sorted(edits, key=lambda e: e[0], reverse=True):
        lines[start:end] = new
    result = "".join(lines)
    glossary = _validated(result, path)
    write_text_atomic(path, result)
    return glossary


def _read(path: Path, pair: tuple[str, str]) -> str:
    if not path.exists():
        return NEW_GLOSSARY.format(src=pair[0], tgt=pair[1])
    from translate.glossary.schema import check_glossary_size
    from translate.io import read_text

    check_glossary_size(path)
    return read_text(path)


def _validated(text: str, path: Path) -> Glossary:
    from translate.yamlsafe import load_strict

    return parse_glossary(load_strict(text, str(path), GlossaryError) or {}, str(path), path)


def add_terms(path: Path, terms: list[Term], force: bool = False,
              pair: tuple[str, str] = ("fr", "en")) -> EditResult:
    """Add entries after the last one; an entry duplicating or contradicting an existing one
    is refused unless ``force``, which replaces the existing entry where it stands."""
    with glossary_lock(path):
        text = _read(path, pair)
        current = _validated(text, path)
        original = current.terms
        lines = text.splitlines(keepends=True)
        layout = _layout(text, lines, path)
        added, replaced = [], []
        edits: list[tuple[int, int, list[str]]] = []
        appended: list[str] = []
        for term in terms:
            conflict = find_conflict(current, term)
            if conflict is not None and not force:
                existing, reason = conflict
                raise GlossaryError(
                    f"{path}: {term.source!r} conflicts with existing entry {describe(existing)} "
                    f"({reason}); pass --force to replace it"
                )
            if conflict is not None:
                index = next((i for i, t in enumerate(original) if t is conflict[0]), None)
                if index is None:
                    raise GlossaryError(f"{path}: {term.source!r} is given twice in the new entries")
                first, last = layout.spans[index]
                edits.append((first, last + 1, render_entry(term, layout.pad)))
                replaced.append(term.source)
            else:
                appended += render_entry(term, layout.pad)
                added.append(term.source)
            kept = [t for t in current.terms if conflict is None or t is not conflict[0]]
            current = Glossary.build([*kept, term], current.source_lang, current.target_lang)
        if appended:
            edits.append((layout.insert_at, layout.insert_at, appended))
        _splice(path, text, edits, layout.rewrite)
    return EditResult(tuple(added), tuple(replaced))


def remove_term(path: Path, source: str) -> EditResult:
    """Remove the entry whose source (or a variant) matches ``source``; nothing else changes."""
    with glossary_lock(path):
        if not path.exists():
            raise GlossaryError(f"{path}: no such glossary; check --glossary")
        text = _read(path, ("fr", "en"))
        current = _validated(text, path)
        wanted = _key(source)
        match = next((t for t in current.terms
                      if wanted in {_key(f) for f in t.source_forms}), None)
        if match is None:
            raise GlossaryError(f"{path}: no entry for {source!r}; `translate glossary list "
                                f"--search {source}` shows similar ones")
        layout = _layout(text, text.splitlines(keepends=True), path)
        first, last = layout.spans[current.terms.index(match)]
        _splice(path, text, [(first, last + 1, [])], None)
    return EditResult(removed=(match.source,))
