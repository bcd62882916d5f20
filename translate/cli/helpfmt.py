"""Help text that reads as words: metavars like ``INPUT``, ``PATH``, ``N``, choices listed,
command summaries never cut with "…". Applied once to the whole command tree, so commands
added later inherit it."""

from __future__ import annotations

from typing import Any

_TYPE_METAVARS = {"Path": "PATH", "int": "N", "float": "NUMBER", "str": "TEXT"}


def _type_word(param: Any) -> str:
    bare = param.bare_type() if hasattr(param, "bare_type") else "str"
    if bare.startswith("list[") and bare.endswith("]"):
        bare = bare[5:-1]
    return _TYPE_METAVARS.get(bare, "TEXT")


def _argument(param: Any) -> None:
    """Show an argument as ``NAME`` (``[NAME]`` when optional, ``NAME...`` when repeated) in
    the usage line and as ``NAME`` in the list, instead of ``{name}`` and ``name <str>``."""
    name = (param.name or "value").upper()
    many = "..." if param.nargs != 1 else ""
    param.metavar = name + many
    usage = (name if param.required else f"[{name}]") + many
    # Typer ships its own click; these per-instance overrides are its help hooks.
    param._usage_display_name = lambda: usage
    param.display_type_rich = lambda ctx: None


def polish(command: Any) -> None:
    """Fill in readable metavars and full one-line summaries, recursively."""
    for param in getattr(command, "params", []):
        if getattr(param, "is_flag", False) or param.metavar is not None:
            continue
        if getattr(param, "param_type_name", "") == "argument":
            _argument(param)
        else:
            param.metavar = _type_word(param)
    for sub in getattr(command, "commands", {}).values():
        if sub.short_help is None and sub.help:
            # click cuts summaries at 45 characters; the first line of the help is the summary.
            sub.short_help = sub.help.strip().splitlines()[0]
        polish(sub)
