"""Results (dataclasses, paths, tuples) as plain JSON values, for every front-end."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

_PLAIN = (str, int, float, bool, type(None))


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
        return {f.name: to_jsonable(getattr(value, f.name)) for f in fields(value)}
    return value
