"""A fast reader for the plain block-style YAML that glossaries are written in.

libyaml builds a Python node, with two position marks, for every scalar before the
constructor sees it: a 100,000-term glossary (5 MB) takes about five seconds to load that
way, nearly all of it in those objects. Glossaries written by hand or by ``glossary
import``/``add`` use a small part of YAML: block mappings and sequences, one scalar per line
(plain, single- or double-quoted without escapes) and one-line flow lists of such scalars.
:func:`read_block_yaml` reads exactly that part, line by line, and gives up (returns
``None``) on anything else, so the caller reads the text with libyaml, which also words
every error. A plain scalar that YAML would read as anything but a string, a decimal
integer or ``true``/``false`` (or null, where nothing is written) is "anything else" too, as
is every YAML 1.1 boolean trap (``no``, ``On``, ``y``…): the strict loader's checks and
messages stay the only ones.

A glossary (top-level settings, then ``terms:`` and its items to the end) is read item by
item: an item that is only a source and a target, each on its own line, by one regular
expression; any other item, and the settings, by the line reader.

Where it does not give up, its result equals the strict loader's, mapping lines included;
``tests/unit/test_yaml_block.py`` checks that against libyaml on generated documents, and the
item reader against the line reader.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any

import yaml

MAX_DEPTH = 32
# Plain words YAML 1.1 tools read as booleans (the strict loader refuses them unquoted).
YAML11_BOOLEANS = frozenset({"yes", "no", "on", "off", "y", "n"})


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping that remembers the 1-based line it starts on and the line of each key."""

    __slots__ = ("key_lines", "line")  # one per glossary entry: no per-instance __dict__
    line: int
    key_lines: dict[str, int]



# Characters YAML reads as something else than text on a line of their own: tabs, carriage
# returns and the Unicode line breaks, byte-order marks, and everything YAML does not allow.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                      "\U00010000-\U0010ffff]")
_MAX_KEY = 1024  # libyaml's longest simple key
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +|$)")
# What may not start a plain scalar here: YAML's indicators ("?" and ":" may start one in
# some positions: left to libyaml), quotes, a space. "-" may, followed by a character other
# than a space (« -x », what spreadsheets call a formula).
_PLAIN_START = frozenset("?:,[]{}#&*!|>'\"%@` ")
_INT = re.compile(r"(?:0|[1-9][0-9]*)")
MAX_INT_DIGITS = 4300  # Python's int() refuses longer decimal strings
_INT_TAG = "tag:yaml.org,2002:int"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = yaml.resolver.Resolver.yaml_implicit_resolvers




class _GiveUp(Exception):
    """Not in the subset: libyaml reads this text."""


@functools.lru_cache(maxsize=256)
def _reads_as_itself(key: str) -> bool:
    """Whether a key (``source``, ``target``…, resolved once each) is the string it spells."""
    try:
        return bool(_plain(key) == key)
    except _GiveUp:
        return False


def _plain(text: str) -> Any:
    """A plain scalar's value, if it is a string, a decimal integer or true/false."""
    if not text or text[0] in _PLAIN_START or ": " in text or text.endswith(":") \
            or " #" in text or text.lower() in YAML11_BOOLEANS or text.startswith(("- ", "---")) \
            or text == "-":
        raise _GiveUp
    # PyYAML's own implicit resolvers (what CSafeLoader applies), without its path machinery.
    for tag, pattern in _IMPLICIT.get(text[0], ()):  # noqa: B007 (tag: after the loop)
        if pattern.match(text):
            break
    else:
        return text
    if tag == _INT_TAG and _INT.fullmatch(text) and len(text) <= MAX_INT_DIGITS:
        return int(text)
    if tag == _BOOL_TAG and text in _TRUE:
        return True
    if tag == _BOOL_TAG and text in _FALSE:
        return False
    raise _GiveUp


def _rest_is_comment(rest: str) -> bool:
    stripped = rest.lstrip(" ")
    return not stripped or (stripped[0] == "#" and len(stripped) < len(rest))


def _quoted(text: str) -> tuple[str, str]:
    """A quoted scalar at the start of ``text``, and what follows it."""
    quote = text[0]
    if quote == '"':
        end = text.find('"', 1)
        if end < 0 or "\\" in text[1:end]:
            raise _GiveUp
        return text[1:end], text[end + 1:]
    pieces = []
    start = 1
    while True:
        end = text.find("'", start)
        if end < 0:
            raise _GiveUp
        if text.startswith("''", end):
            pieces.append(text[start:end + 1])
            start = end + 2
            continue
        pieces.append(text[start:end])
        return "".join(pieces), text[end + 1:]


# One item of a one-line flow list and the separator after it: a double-quoted scalar without
# escapes, a single-quoted one, or a plain one (no flow indicator, comment or colon in it).
# Matched from a position, never by slicing the rest of the line: a list of 100,000 items
# on one line costs its length, not its length squared.
_FLOW_ITEM = re.compile(r""" *(?:"([^"\\]*)" *|'((?:[^']|'')*)' *|([^,\[\]{}#:"' ][^,\[\]{}#:]*))(,|\])""")
_SPACES = re.compile(" *")


def _flow_list(text: str) -> list[Any]:
    """A one-line flow sequence of scalars (``text`` starts with ``[``)."""
    items: list[Any] = []
    position = _SPACES.match(text, 1).end()  # type: ignore[union-attr]
    if text.startswith("]", position):
        if not _rest_is_comment(text[position + 1:]):
            raise _GiveUp
        return items
    while True:
        found = _FLOW_ITEM.match(text, position)
        if found is None:
            raise _GiveUp
        double, single, plain, separator = found.groups()
        if double is not None:
            items.append(double)
        elif single is not None:
            items.append(single.replace("''", "'"))
        else:
            items.append(_plain(plain.rstrip(" ")))
        position = found.end()
        if separator == "]":
            if not _rest_is_comment(text[position:]):
                raise _GiveUp
            return items
        position = _SPACES.match(text, position).end()  # type: ignore[union-attr]
        if text.startswith("]", position):
            raise _GiveUp  # a trailing comma: let libyaml decide


def _inline(text: str) -> Any:
    """The value written after ``key: `` or ``- `` on the same line."""
    first = text[0]
    if first in "\"'":
        value, rest = _quoted(text)
        if not _rest_is_comment(rest):
            raise _GiveUp
        return value
    if first == "[":
        return _flow_list(text)
    cut = text.find(" #")
    return _plain((text if cut < 0 else text[:cut]).rstrip(" "))


class _Reader:
    def __init__(self, text: str, first_line: int = 1) -> None:
        # (1-based line, indent, content) of every line that is neither blank nor a comment.
        self.lines: list[tuple[int, int, str]] = []
        for number, line in enumerate(text.split("\n"), start=first_line):
            content = line.lstrip(" ")
            if content and content[0] != "#":
                self.lines.append((number, len(line) - len(content), content.rstrip(" ")))
        self.pos = 0

    def indent(self) -> int:
        """The indent of the next line; -1 at the end."""
        return self.lines[self.pos][1] if self.pos < len(self.lines) else -1

    def block(self, indent: int, depth: int) -> Any:
        """The block node whose first line is the next one, at ``indent``."""
        if depth > MAX_DEPTH:
            raise _GiveUp
        content = self.lines[self.pos][2]
        if content == "-" or content.startswith("- "):
            return self.sequence(indent, depth)
        return self.mapping(indent, depth, None)

    def mapping(self, indent: int, depth: int, first: tuple[int, str] | None) -> LineDict:
        """A block mapping at ``indent``; ``first``: its first entry when it opens a
        sequence item (``- key: value``) and is not on a line of its own."""
        # The loops here run once per line of a glossary: locals, not attributes and calls.
        result = LineDict()
        key_lines: dict[str, int] = {}
        result.key_lines = key_lines
        lines = self.lines
        end = len(lines)
        while True:
            if first is not None:
                number, content = first
                first = None
            elif self.pos < end and lines[self.pos][1] == indent:
                number, _, content = lines[self.pos]
                self.pos += 1
            else:
                break
            found = _KEY.match(content)
            if found is None:
                raise _GiveUp
            key = found.group(1)
            if key in result or not _reads_as_itself(key) or len(key) > _MAX_KEY:
                raise _GiveUp  # libyaml refuses a key that long
            if not key_lines:
                result.line = number
            rest = content[found.end():]
            if not rest or rest[0] == "#":
                following = self.indent()
                if following > indent or (following == indent and self._item_next()):
                    result[key] = self.block(following, depth + 1)
                else:
                    result[key] = None  # an empty value
            elif rest[0] == '"' and rest[-1] == '"' and rest.find('"', 1) == len(rest) - 1 \
                    and "\\" not in rest:
                result[key] = rest[1:-1]  # the commonest value: "text" and nothing after it
            else:
                result[key] = _inline(rest)
            key_lines[key] = number
        if self.indent() > indent:
            raise _GiveUp  # e.g. a plain scalar continued on the next line: YAML folds it
        return result

    def _item_next(self) -> bool:
        content = self.lines[self.pos][2]
        return content == "-" or content.startswith("- ")

    def sequence(self, indent: int, depth: int) -> list[Any]:
        items: list[Any] = []
        lines = self.lines
        end = len(lines)
        while self.pos < end:
            number, at, content = lines[self.pos]
            if at != indent or not (content == "-" or content.startswith("- ")):
                break
            self.pos += 1
            body = content[1:].lstrip(" ")
            if not body or body[0] == "#" or body[0] == "-":
                raise _GiveUp
            if _KEY.match(body):
                items.append(self.mapping(indent + len(content) - len(body), depth + 1, (number, body)))
            else:
                items.append(_inline(body))
        if self.indent() > indent:
            raise _GiveUp
        return items


def comparable(data: Any) -> Any:
    """``data`` as two readings of a document must agree on it: values with their types
    (``True == 1`` in Python) and, for mappings, the lines errors cite."""
    if isinstance(data, dict):
        return ("map", getattr(data, "line", None), getattr(data, "key_lines", None),
                [(comparable(k), comparable(v)) for k, v in data.items()])
    if isinstance(data, list):
        return ("list", [comparable(item) for item in data])
    return (type(data).__name__, data)


def read_block_yaml(text: str) -> Any:
    """The document ``text`` as the strict loader reads it (mappings as :class:`LineDict`),
    or ``None`` when it uses YAML this reader leaves
    to libyaml (see the module's docstring)."""
    if _UNUSUAL.search(text) is not None:
        return None
    try:
        glossary = _glossary_shaped(text)
        return glossary if glossary is not None else _read_lines(text)
    except (_GiveUp, RecursionError):
        return None


def _read_lines(text: str) -> LineDict | None:
    """The document read line by line; ``None`` (or :class:`_GiveUp`) if it is not a
    block mapping in the subset."""
    reader = _Reader(text)
    if not reader.lines or reader.lines[0][1] != 0 \
            or reader.lines[0][2].startswith(("---", "...", "%")):
        return None
    data = reader.mapping(0, 0, None)
    return data if reader.pos == len(reader.lines) else None


# A glossary: top-level settings, then ``terms:`` and its items to the end of the text.
_TERMS = re.compile(r"^terms:\n", re.MULTILINE)
_ITEM_INDENT = re.compile(r"( *)- ")


@functools.lru_cache(maxsize=8)
def _item_patterns(indent: int) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """For items at ``indent``: where each starts; a line that is none of an item's start, a
    deeper line, a blank line or a comment; and the commonest item, a source and a target
    each written on its own line (double-quoted without escapes, or plain)."""
    pad = " " * indent
    value = r"""(?:"([^"\\\n]*)"|([^"'\n][^\n]*))"""
    return (re.compile(rf"^{pad}- ", re.MULTILINE),
            re.compile(rf"^(?!{pad}- | {{{indent + 1},}}[^ #\n]| *(?:#[^\n]*)?$)", re.MULTILINE),
            re.compile(rf"{pad}- source: {value}\n{pad}  target: {value}\n?"))


def _scalar_value(double: str | None, plain: str) -> Any:
    if double is not None:
        return double
    if plain[0] in _PLAIN_START or " #" in plain or plain[-1] == " ":
        raise _Unusual  # a comment, more spaces, a flow collection…: for the line reader
    return _plain(plain)


class _Unusual(Exception):
    """An item the item pattern does not read as the line reader would."""


def _glossary_shaped(text: str) -> LineDict | None:
    """A glossary read item by item: a source-and-target item (most of a large glossary) by
    one pattern, any other item by the line reader. ``None`` when the text is not shaped so
    (the line reader reads it whole); the same result as the line reader otherwise."""
    found = _TERMS.search(text)
    if found is None:
        return None
    head, body = text[:found.end()], text[found.end():]
    indent_found = _ITEM_INDENT.match(body)
    if indent_found is None:
        return None
    indent = len(indent_found.group(1))
    starts, stray, simple = _item_patterns(indent)
    if stray.search(body[:-1] if body.endswith("\n") else body) is not None:
        return None  # e.g. a top-level key after the terms
    data = _read_lines(head)
    if data is None or list(data)[-1] != "terms" or data["terms"] is not None:
        return None
    items: list[Any] = []
    line = head.count("\n") + 1
    positions = [match.start() for match in starts.finditer(body)]
    positions.append(len(body))
    append = items.append
    for start, end in itertools.pairwise(positions):
        item = simple.match(body, start)
        try:
            if item is None or item.end() != end:
                raise _Unusual
            source, plain_source, target, plain_target = item.groups()
            entry = LineDict()
            entry["source"] = _scalar_value(source, plain_source)
            entry["target"] = _scalar_value(target, plain_target)
            entry.line = line
            entry.key_lines = {"source": line, "target": line + 1}
            append(entry)
            line += 2  # the last item's count is never used
        except _Unusual:
            chunk = body[start:end]
            lines = _Reader(chunk, line)
            read = lines.sequence(indent, 1)
            if len(read) != 1 or lines.pos != len(lines.lines):
                raise _GiveUp from None
            append(read[0])
            line += chunk.count("\n")
    data["terms"] = items
    return data
