"""Results (dataclasses, paths, tuples) as plain JSON values, for every front-end."""

from __future__ import annotations

import functools
import json
from dataclasses import fields, is_dataclass
from json.encoder import encode_basestring  # type: ignore[attr-defined]
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
        return "[\n" + ",\n".join([inner + _pretty(item, inner) for item in value]) + "\n" + indent + "]"
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
