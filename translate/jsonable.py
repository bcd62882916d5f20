"""Results (dataclasses, paths, tuples) as plain JSON values, for every front-end."""

from __future__ import annotations

import functools
import json
from dataclasses import fields, is_dataclass
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from operator import attrgetter
from pathlib import Path
from typing import Any

_PLAIN = (str, int, float, bool, type(None))


@functools.lru_cache(maxsize=256)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def to_jsonable(value: Any) -> Any:
    """Dataclasses, paths and tuples to plain JSON values."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    if is_dataclass(value) and not isinstance(value, type):
        # Field by field: dataclasses.asdict deep-copies every value first, which costs more
        # than the conversion itself on a report of 100,000 findings.
        return {name: to_jsonable(getattr(value, name)) for name in _field_names(type(value))}
    return value


def dumps_pretty(value: Any) -> str:
    """``json.dumps(to_jsonable(value), ensure_ascii=False, indent=2)``, character for
    character, in a single pass and about a third of the time: the standard library's
    indented output runs its pure-Python encoder, which dominates commands that print 100,000
    findings."""
    return _pretty(value, "")


def _pretty(value: Any, indent: str) -> str:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)  # type: ignore[no-any-return]
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return json.dumps(value)  # NaN and infinities as the standard library writes them
    inner = indent + "  "
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        rows = _flat_rows(value, inner)
        if rows is None:
            rows = [inner + _pretty(item, inner) for item in value]
        return "[\n" + ",\n".join(rows) + "\n" + indent + "]"
    elif isinstance(value, Path):
        return encode_basestring(str(value))  # type: ignore[no-any-return]
    elif is_dataclass(value) and not isinstance(value, type):
        items = ((name, getattr(value, name)) for name in _field_names(type(value)))
    else:
        # Subclasses of str, int and float as the standard library writes them; anything
        # else fails there, as it always has.
        return json.dumps(value, ensure_ascii=False)
    parts = [f"{inner}{encode_basestring(str(key))}: {_pretty(item, inner)}" for key, item in items]
    if not parts:
        return "{}"
    return "{\n" + ",\n".join(parts) + "\n" + indent + "}"


def _flat_rows(items: list[Any] | tuple[Any, ...], inner: str) -> list[str] | None:
    """Each item of ``items`` as :func:`_pretty` writes it (indented), when they are all
    instances of one dataclass whose fields hold exact ``str`` and ``int`` values of the same
    types in every item (a report's 100,000 findings); ``None`` for anything else. One
    template per list instead of a call per field: about half the time."""
    first = items[0]
    cls: type = type(first)
    if not is_dataclass(first) or isinstance(first, type):
        return None
    names = _field_names(cls)
    if not names:
        return None
    get = attrgetter(*names) if len(names) > 1 else (lambda item: (getattr(item, names[0]),))
    kinds = tuple(map(type, get(first)))
    if not all(kind is str or kind is int for kind in kinds):
        return None
    deeper = inner + "  "
    keys = [f"{deeper}{encode_basestring(name)}: " for name in names]
    writers = [encode_basestring if kind is str else int.__repr__ for kind in kinds]
    head, tail = inner + "{\n", "\n" + inner + "}"
    rows = []
    for item in items:
        if type(item) is not cls:
            return None
        values = get(item)
        if tuple(map(type, values)) != kinds:
            return None
        rows.append(head + ",\n".join([key + write(value)
                                        for key, write, value in zip(keys, writers, values)])
                    + tail)
    return rows
