"""Coercion of plain command-line values without pydantic.

Typer validates every parameter of the invoked command through a pydantic ``TypeAdapter``
built at each start: importing pydantic and building the adapters is about 0.15 s of CPU, a
quarter of the start of ``translate run`` on a short text. Our parameters are strings,
flags, paths, integers, floats and lists of those. For the values the command line and the
defaults give them, Typer's adapters return the string, flag or number as it is, a number
typed in plain digits as that number, and a path as ``Path(value)`` after Typer's own
checks. :func:`lighten` gives each such parameter a coercion that does exactly that and hands
every other value (``-3``, ``1e3``, a bound to check, bytes, an empty path) to Typer's own
coercion, built on first use.

``tests/cli/test_params.py`` compares both coercions on every parameter of every command, so
a Typer upgrade that changes its rules shows up as a failing test, not as a different CLI.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_PATH_DEFAULTS = {"exists": False, "file_okay": True, "dir_okay": True, "writable": False,
                  "resolve_path": False, "allow_dash": False, "path_type": None, "parser": None}


class _Delegate(Exception):
    """This value is for Typer's own coercion."""


def _plain_path(value: Any, info: Any, param: Any, ctx: Any) -> Path:
    """What Typer's path adapter gives for a path parameter without checks (``exists``,
    ``writable``… at their defaults): ``Path(value)``, refused only when unreadable."""
    from typer._click.exceptions import BadParameter
    from typer._click.utils import format_filename
    from typer._param_types import path_type_name

    if isinstance(value, Path):
        path = value
    elif isinstance(value, str) and value and "\0" not in value:
        path = Path(value)
    else:
        raise _Delegate
    try:
        os.stat(path)
    except OSError:
        return path
    except ValueError:  # a name the file system cannot encode: Typer words the refusal
        raise _Delegate from None
    if info.readable and not os.access(path, os.R_OK):
        raise BadParameter(f"{path_type_name(info)} {format_filename(value)!r} is not readable.",
                           ctx=ctx, param=param)
    return path


_DIGITS = re.compile(r"[0-9]{1,18}")
_DECIMAL = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?")


def _number(value: Any, kind: type, info: Any) -> Any:
    if isinstance(value, str):  # plain decimal digits, as typed; anything else is Typer's
        if (_DIGITS if kind is int else _DECIMAL).fullmatch(value) is None:
            raise _Delegate
        value = kind(value)
    if type(value) is not kind or info.clamp:
        raise _Delegate
    if value != value or (info.min is not None and value < info.min) or (
            info.max is not None and value > info.max):
        raise _Delegate  # NaN, or out of bounds: Typer words the refusal
    return value


def _leaf(annotation: Any, info: Any) -> str | None:
    """The kind of plain value a parameter takes, or ``None`` for Typer's coercion."""
    if info.parser is not None:
        return None
    if annotation is str:
        return "str"
    if annotation is bool:
        return "bool"
    if annotation in (int, float):
        return annotation.__name__  # type: ignore[no-any-return]
    if annotation is Path and all(getattr(info, k) == v for k, v in _PATH_DEFAULTS.items()):
        return "path"
    return None


def _kind(annotation: Any, info: Any) -> tuple[str, bool] | None:
    """``(leaf kind, is a list)`` for a parameter :func:`lighten` can serve, else ``None``."""
    from typing import get_args, get_origin

    if get_origin(annotation) is list:
        (item,) = get_args(annotation) or (None,)
        leaf = _leaf(item, info)
        return (leaf, True) if leaf in ("str", "path") else None
    leaf = _leaf(annotation, info)
    return (leaf, False) if leaf is not None else None


@functools.lru_cache(maxsize=1)
def _runtime_param_class() -> type:
    from typer._coercion import RuntimeParam, build_runtime_param

    @dataclass(frozen=True)
    class PlainRuntimeParam(RuntimeParam):  # type: ignore[misc]
        """Typer's coercion contract, for plain values (module docstring)."""

        kind: str
        many: bool

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                if self.many:
                    if not isinstance(value, (list, tuple)):
                        raise _Delegate
                    return [self._one(item, param, ctx) for item in value]
                return self._one(value, param, ctx)
            except _Delegate:
                return build_runtime_param(param.type_descriptor)._coerce_value(value, param, ctx)

        def _one(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.kind in ("str", "bool"):
                if type(value) is not (str if self.kind == "str" else bool):
                    raise _Delegate
                return value
            if self.kind == "path":
                return _plain_path(value, self.parameter_info, param, ctx)
            return _number(value, int if self.kind == "int" else float, self.parameter_info)

    return PlainRuntimeParam


def _help_option(command: Any) -> Any:
    """The command's ``--help`` option, made now as the command would make it on first use
    (its value is ``None`` unless given, and Typer would build an adapter for it anyway)."""
    from typer._click import Context

    getter = getattr(command, "get_help_option", None)
    if getter is None:
        return None
    return getter(Context(command, **(getattr(command, "context_settings", None) or {})))


def lighten(command: Any) -> int:
    """Give every plain parameter of ``command`` and its subcommands the coercion above;
    returns how many. Parameters Typer does not build this way are left as they are."""
    try:
        plain = _runtime_param_class()
    except ImportError:  # another Typer: its own coercion, as it is
        return 0
    count = 0
    params = list(getattr(command, "params", []))
    help_option = _help_option(command)
    if help_option is not None:
        params.append(help_option)
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", False) is not None \
                or descriptor.file_annotation is not None:
            continue
        kind = _kind(descriptor.annotation, descriptor.parameter_info)
        if kind is None:
            continue
        try:
            runtime = plain(parameter_info=descriptor.parameter_info,
                            annotation=descriptor.annotation, kind=kind[0], many=kind[1])
        except TypeError:  # a Typer whose coercion contract changed: leave it its own
            return count
        param._runtime_param = runtime
        count += 1
    for sub in getattr(command, "commands", {}).values():
        count += lighten(sub)
    return count
