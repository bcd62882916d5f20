"""Strict YAML loading for glossaries and configuration files.

PyYAML's safe loader silently keeps the last of duplicate keys and reads an unquoted
French ``on`` as ``True``. This loader refuses both, refuses every tag that is not a plain
YAML type, and records the line of each mapping so errors can point at it.

Text in the plain block style that glossaries are written in is read by
:mod:`translate.yamlblock` (about five times faster than through PyYAML), which leaves every
other text to libyaml's C parser (the Python parser where PyYAML lacks it) and the checking
constructor below. libyaml's composer recurses in C and its scanner is quadratic in flow
nesting, so nesting is bounded by a linear pre-scan before libyaml sees the text.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from translate.errors import InputError
from translate.yamlblock import MAX_INT_DIGITS, YAML11_BOOLEANS, LineDict, read_block_yaml

__all__ = ["YAML11_BOOLEANS", "LineDict", "check_nesting", "load_lenient", "load_strict",
           "load_with_pyyaml"]


_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_NESTING = 64
_BRACKETS = re.compile(r"[^\[\]{}\n]+")
_COMPACT_RUN = re.compile(r"(?:[-?][ \t]+){" + str(MAX_NESTING) + ",}")


class _StrictLoader(_BASE):  # type: ignore[misc]
    # When a list: every plain scalar that YAML 1.1 tools read as a boolean, as (line, text).
    traps: list[tuple[int, str]] | None = None


def check_nesting(text: str) -> int | None:
    """The 1-based line where flow brackets or compact block indicators (``- - -``) nest
    deeper than :data:`MAX_NESTING`, or ``None``. Counts brackets inside quoted strings too:
    no glossary or configuration nests anywhere near that deep."""
    depth = 0
    line = 1
    for char in _BRACKETS.sub("", text):
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return line
        elif depth:
            depth -= 1
    found = _COMPACT_RUN.search(text)
    if found is not None:
        return text.count("\n", 0, found.start()) + 1
    return None


_STR_TAG = "tag:yaml.org,2002:str"


def _construct(loader: _StrictLoader, node: yaml.Node) -> Any:
    # Most glossary values are plain strings: take them from the node, as the str
    # constructor would, without the generic dispatch (a third of the loading time).
    if node.tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
        if loader.traps is not None:
            _note_trap(loader, node)
        return node.value
    return loader.construct_object(node, deep=True)


def _note_trap(loader: _StrictLoader, node: yaml.ScalarNode) -> None:
    # A plain scalar: style None from the Python parser, "" from libyaml.
    if not node.style and str(node.value).lower() in YAML11_BOOLEANS and loader.traps is not None:
        loader.traps.append((node.start_mark.line + 1, str(node.value)))


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    first_lines: dict[Any, int] = {}  # by key, as the mapping compares them (1 == 1.0)
    for key_node, value_node in node.value:
        key = _construct(loader, key_node)
        if not isinstance(key, (str, int, float)) or isinstance(key, bool):
            raise yaml.constructor.ConstructorError(
                None, None, "mapping keys must be plain strings", key_node.start_mark
            )
        if key in first_lines:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {first_lines[key]})",
                key_node.start_mark,
            )
        result[key] = _construct(loader, value_node)
        first_lines[key] = result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


def _construct_bool(loader: _StrictLoader, node: yaml.ScalarNode) -> bool:
    value = loader.construct_scalar(node)
    if str(value).lower() in YAML11_BOOLEANS:
        raise yaml.constructor.ConstructorError(
            None, None,
            f"unquoted {value!r} is a YAML 1.1 boolean; quote it (\"{value}\") if you mean the word",
            node.start_mark,
        )
    return str(value).lower() == "true"


def _construct_int(loader: _StrictLoader, node: yaml.ScalarNode) -> int:
    digits = str(loader.construct_scalar(node))
    if len(digits) > MAX_INT_DIGITS:
        raise yaml.constructor.ConstructorError(
            None, None, f"a number of {len(digits):,} digits; quote it if it is text",
            node.start_mark)
    return int(yaml.constructor.SafeConstructor.construct_yaml_int(loader, node))


def _refuse_tag(loader: _StrictLoader, tag_suffix: str, node: yaml.Node) -> Any:
    raise yaml.constructor.ConstructorError(
        None, None, f"tag !{tag_suffix} is not allowed; use plain YAML values", node.start_mark
    )


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_StrictLoader.add_multi_constructor("!", _refuse_tag)
_StrictLoader.add_multi_constructor("tag:yaml.org,2002:python/", _refuse_tag)
def _refuse_plain_tag(loader: _StrictLoader, node: yaml.Node) -> Any:
    return _refuse_tag(loader, node.tag.rsplit(":", 1)[-1], node)


for _tag in ("binary", "set", "omap", "pairs", "timestamp"):
    _StrictLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_plain_tag)


class _LenientBooleanLoader(_StrictLoader):
    pass


def _construct_bool_or_word(loader: _StrictLoader, node: yaml.ScalarNode) -> bool | str:
    value = str(loader.construct_scalar(node))
    _note_trap(loader, node)
    return value if value.lower() in YAML11_BOOLEANS else value.lower() == "true"


def _construct_str_noting(loader: _StrictLoader, node: yaml.ScalarNode) -> str:
    _note_trap(loader, node)
    return str(loader.construct_scalar(node))


_LenientBooleanLoader.add_constructor("tag:yaml.org,2002:bool", _construct_bool_or_word)
_LenientBooleanLoader.add_constructor(_STR_TAG, _construct_str_noting)


def load_lenient(text: str, label: str) -> tuple[Any, list[tuple[int, str]]]:
    """Like :func:`load_strict` (for the glossary error type), but unquoted YAML 1.1 booleans
    are read as the words they are, so a linter can report every one and go on. Returns the
    data and every plain scalar a YAML 1.1 tool would read as a boolean (``y``, ``No``,
    ``OFF``…), as ``(line, text)``, found in the same pass."""
    from translate.errors import GlossaryError

    traps: list[tuple[int, str]] = []
    return load_strict(text, label, GlossaryError, _LenientBooleanLoader, traps), traps


def load_strict(text: str, label: str, error: type[InputError] = InputError,
                loader: type[Any] = _StrictLoader,
                traps: list[tuple[int, str]] | None = None) -> Any:
    """Parse YAML ``text`` strictly; raise ``error`` with ``label:line`` on any problem."""
    from translate.gcpause import gc_paused

    with gc_paused():
        data = read_block_yaml(text)
        if data is not None:
            return data  # the plain block-style subset: read without libyaml's node objects
        return load_with_pyyaml(text, label, error, loader, traps)


def load_with_pyyaml(text: str, label: str, error: type[InputError] = InputError,
                     loader: type[Any] = _StrictLoader,
                     traps: list[tuple[int, str]] | None = None) -> Any:
    """:func:`load_strict` for any YAML, through PyYAML: ``loader``'s parser (libyaml's for the
    default), this module's constructor."""
    deep = check_nesting(text)
    if deep is not None:
        raise error(f"{label}:{deep}: YAML nested more than {MAX_NESTING} levels deep; "
                    f"flatten it")
    try:
        instance = loader(text)
        instance.traps = traps
        try:
            return instance.get_single_data()
        finally:
            instance.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and problem.startswith("but "):  # "but found another document"
            problem = f"{exc.context}, {problem}"
        raise error(f"{label}{line}: {problem}") from None
    except yaml.reader.ReaderError as exc:
        at = text.count("\n", 0, max(exc.position, 0)) + 1
        char: int | str = exc.character  # libyaml gives the code, the Python reader the text
        code = char if isinstance(char, int) else ord(char[:1] or "\0")
        raise error(f"{label}:{at}: character U+{code:04X} is not allowed in YAML; "
                    f"remove it or write it as an escape in double quotes") from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
        raise error(f"{label}: invalid YAML ({first})") from None
    except RecursionError:
        raise error(f"{label}: YAML nested too deeply") from None
