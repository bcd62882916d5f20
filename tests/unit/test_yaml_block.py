"""The fast block-style YAML reader gives what libyaml gives, or gives up.

The oracle is the strict loader on libyaml (:func:`load_with_pyyaml`), the loader every
glossary went through before; the documents are generated from YAML's hard cases (indicators,
quotes, booleans, numbers, dates, comments, indentation styles), not from what the fast
reader accepts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from translate.errors import GlossaryError, InputError
from translate.glossary.schema import load_glossary
from translate.yamlblock import comparable as shape
from translate.yamlblock import read_block_yaml
from translate.yamlsafe import _LenientBooleanLoader, load_with_pyyaml

ROOT = Path(__file__).resolve().parents[2]


def libyaml(text: str) -> tuple[Any, BaseException | None]:
    try:
        return load_with_pyyaml(text, "g.yaml", InputError), None
    except InputError as exc:
        return None, exc


# Pieces of scalars: YAML's indicators and escapes, words it reads as booleans, nulls,
# numbers and dates, accents, apostrophes, spaces, and the characters it refuses.
HARD = ["-", ":", ": ", "#", " #", ",", "[", "]", "{", "}", "!", "&", "*", "?", "|", ">", "%",
        "@", "`", "=", '"', "'", "\\", "\\n", ".", "0", "1", "01", "1.5", "1e3", "0x1F", "1_000",
        "2024-01-01", ".inf", "~", "<<", "yes", "No", "ON", "off", "y", "N", "true", "False",
        "null", "\t", "\x07", "\u2028", "\ufeff", "  ", " "]
EASY = ["a", "OTAN", "é", "É", "l'", "’", " ", "«", "Kyiv", "term-7"]
# Mostly easy pieces, so that many documents are read by the fast reader and each hard
# piece is met alone as well as in company.
scalar_text = st.lists(st.sampled_from(EASY * 12 + HARD), max_size=4).map("".join)


@st.composite
def scalar(draw: st.DrawFn, flow: bool = False) -> str:
    text = draw(scalar_text)
    style = draw(st.sampled_from(["plain", "plain", "single", "double"]))
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + text + '"'
    return text


@st.composite
def flow_list(draw: st.DrawFn) -> str:
    items = draw(st.lists(scalar(), max_size=3))
    separator = draw(st.sampled_from([", ", ",", " , "]))
    return "[" + separator.join(items) + draw(rarely(["]", " ]"], [",]", "", "]]"]))


def rarely(common: list[str], rare: list[str]) -> st.SearchStrategy[str]:
    """One of ``common`` most of the time, one of ``rare`` about one time in eight."""
    return st.sampled_from(common * (7 * max(1, len(rare)) // len(common) + 1) + rare)


def comment(draw: st.DrawFn) -> str:
    return draw(rarely(["", "", "  # note"], [" #x", "#x", "\t# tab"]))


@st.composite
def block(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    """The lines of a block mapping or sequence at ``indent``."""
    pad = " " * indent
    lines: list[str] = []
    if depth < 3 and draw(st.integers(0, 9)) < (1 if depth == 0 else 5):  # lists: rare at the top
        for _ in range(draw(st.integers(1, 3))):
            gap = draw(st.sampled_from([" ", " ", "  "]))
            if depth < 2 and draw(st.booleans()):
                inner = draw(block(indent + 1 + len(gap), depth + 1))
                lines.append(pad + "-" + gap + inner[0].lstrip(" "))
                lines += inner[1:]
            else:
                lines.append(pad + "-" + gap + draw(st.one_of(scalar(), flow_list())) + comment(draw))
        return lines
    keys = draw(st.lists(rarely(["source", "target", "variants", "note", "version", "key_1"],
                                ["on", "no", "y", "1", "a b", "é", "true", "null", "<<", "-a"]),
                         min_size=1, max_size=4))
    for key in keys:
        kind = draw(st.sampled_from(["scalar", "scalar", "flow", "block", "empty"]))
        if kind == "block" and depth < 3:
            lines.append(pad + key + ":" + comment(draw))
            if draw(st.booleans()):
                lines.append(draw(st.sampled_from(["", "# between", "   # between"])))
            deeper = indent + draw(st.sampled_from([0, 2, 2, 4, 1, 3]))
            lines += draw(block(deeper, depth + 1))
        elif kind == "flow":
            lines.append(pad + key + draw(st.sampled_from([": ", ":  "])) + draw(flow_list())
                         + comment(draw))
        elif kind == "empty":
            lines.append(pad + key + ":" + comment(draw))
        else:
            lines.append(pad + key + draw(st.sampled_from([": ", ":  ", ":"])) + draw(scalar())
                         + comment(draw))
            if draw(st.integers(0, 9)) == 0:
                lines.append(pad + "  " + draw(scalar()))  # a continuation line, or not
    return lines


@st.composite
def document(draw: st.DrawFn) -> str:
    lines = draw(block(0, 0))
    head = draw(rarely(["", "# Glossary\n", "\n"], ["---\n", "%YAML 1.1\n---\n", "\ufeff"]))
    ending = draw(rarely(["\n", "", "\n\n"], ["\n...\n", "\r\n", "\n---\n", "\n  x\n"]))
    return head + "\n".join(lines) + ending


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(document())
def test_the_fast_reader_agrees_with_libyaml_or_gives_up(text: str) -> None:
    fast = read_block_yaml(text)
    slow, error = libyaml(text)
    if fast is None:
        return
    assert error is None, f"libyaml refuses what the fast reader read: {error}"
    assert shape(fast) == shape(slow)
    # What the fast reader reads has no YAML 1.1 boolean trap for the linter to report.
    traps: list[tuple[int, str]] = []
    load_with_pyyaml(text, "g.yaml", GlossaryError, _LenientBooleanLoader, traps)
    assert traps == []


@st.composite
def glossary_shaped(draw: st.DrawFn) -> str:
    """Top-level settings, ``terms:`` and items: mostly a source and a target, written in
    every way YAML allows and a few it does not, among other items and stray lines."""
    lines = draw(st.lists(rarely(["version: 1", "source_lang: fr", "", "# c"],
                                 ["terms: x", "note: |", "  x", "---"]), max_size=3))
    lines.append(draw(rarely(["terms:"], ["terms: ", "terms:  # c", "terms: []"])))
    indent = draw(st.sampled_from([2, 2, 0, 4, 1]))
    pad = " " * indent
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["simple", "simple", "simple", "other", "stray"]))
        if kind == "simple":
            lines.append(pad + "-" + draw(rarely([" "], ["  ", ""])) + "source"
                         + draw(rarely([": "], [":  ", ":"])) + draw(scalar()) + comment(draw))
            lines.append(pad + draw(rarely(["  "], [" ", "   ", ""]))
                         + draw(rarely(["target"], ["source", "note", "- target"]))
                         + draw(rarely([": "], [":  ", ":"])) + draw(st.one_of(scalar(), flow_list()))
                         + comment(draw))
        elif kind == "other":
            body = draw(block(indent + 2, 2))
            lines.append(pad + "- " + body[0].lstrip(" "))
            lines.extend(body[1:])
        else:
            lines.append(draw(st.sampled_from(["", "# c", "   # c", "version: 2", pad + "  x",
                                               pad + "-", pad + "- - a", pad + "- x", " " + pad + "- x"])))
    return "\n".join(lines) + draw(rarely(["\n", ""], ["\n\n", "\nkey: v\n", "\n  # c"]))


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(glossary_shaped())
@example("terms:\n  - source: a\n    target: b\nversion: 2\n")  # a key after the terms
def test_the_item_reader_agrees_with_the_line_reader_and_libyaml(text: str) -> None:
    """Items read by one pattern give what the line reader gives for the whole text, which
    gives what libyaml gives; where the line reader reads a text, the item reader does not
    give up on it."""
    from translate.yamlblock import _GiveUp, _glossary_shaped, _read_lines

    def attempt(read: Any) -> Any:
        try:
            return read(text)
        except (_GiveUp, RecursionError):
            return _GiveUp

    by_items, by_lines = attempt(_glossary_shaped), attempt(_read_lines)
    if by_lines is _GiveUp or by_lines is None:
        assert by_items is None or by_items is _GiveUp
    elif by_items is not None:
        assert by_items is not _GiveUp, "the item reader gave up on what the line reader reads"
        assert shape(by_items) == shape(by_lines)
    fast = read_block_yaml(text)
    if fast is not None:
        assert shape(fast) == shape(libyaml(text)[0])


def test_a_large_glossary_is_read_item_by_item() -> None:
    from translate.yamlblock import _glossary_shaped

    entries = "".join(f'  - source: "terme {n}"\n    target: term {n}\n' for n in range(2000))
    text = "version: 1\nterms:\n" + entries + "  - source: x\n    target: why\n    note: z\n"
    read = _glossary_shaped(text)
    assert read is not None and len(read["terms"]) == 2001
    assert shape(read) == shape(libyaml(text)[0])


SAFE_WORDS = st.sampled_from(["OTAN", "secrétaire général", "l'Élysée", "Kyiv", "« Le Monde »",
                              "ministre des Affaires étrangères", "Jean-Yves", "term-7", "100 %"])


@st.composite
def written_glossary(draw: st.DrawFn) -> str:
    """A glossary as editors and ``glossary add``/``import`` write one."""
    lines = ["# Newsroom terms", "version: 1", "source_lang: fr", "target_lang: en", "terms:"]
    dash = draw(st.sampled_from(["  - ", "- "]))
    pad = " " * len(dash)
    for _ in range(draw(st.integers(0, 5))):
        source = draw(SAFE_WORDS)
        style = draw(st.sampled_from(["double", "single", "plain"]))
        written = (source if style == "plain" and "«" not in source else
                   "'" + source.replace("'", "''") + "'" if style == "single" else f'"{source}"')
        lines.append(dash + "source: " + written)
        lines.append(pad + "target: " + draw(st.sampled_from(["NATO", '"Secretary General"',
                                                              "'Élysée Palace'"])))
        if draw(st.booleans()):
            lines.append(pad + "variants: [" + ", ".join(
                f'"{w}"' for w in draw(st.lists(SAFE_WORDS, max_size=2))) + "]")
        if draw(st.booleans()):
            lines.append(pad + "forbidden:")
            lines.append(pad + "  - Kiev  # old spelling")
        if draw(st.booleans()):
            lines.append(pad + "case_sensitive: " + draw(st.sampled_from(["true", "false"])))
        if draw(st.booleans()):
            lines.append("")
            lines.append("  # section")
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(written_glossary())
def test_glossaries_as_written_are_read_by_the_fast_reader(text: str) -> None:
    # Otherwise the speed-up would silently not apply to real files.
    fast = read_block_yaml(text)
    assert fast is not None
    assert shape(fast) == shape(libyaml(text)[0])


def test_the_shipped_glossary_is_read_by_the_fast_reader() -> None:
    text = (ROOT / "glossaries" / "news-fr-en.yaml").read_text(encoding="utf-8")
    fast = read_block_yaml(text)
    assert fast is not None
    assert shape(fast) == shape(libyaml(text)[0])


# Documents the fast reader must leave to libyaml: what libyaml reads differently from the
# text (types, folding, escapes, anchors) or refuses, with the strict loader's message.
GIVE_UP: list[tuple[str, str, str | None]] = [
    ("yaml 1.1 boolean value", "source: on\n", "YAML 1.1 boolean"),
    ("yaml 1.1 boolean key", "on: x\n", "YAML 1.1 boolean"),
    ("one-letter boolean", "note: y\n", None),
    ("tilde", "note: ~\n", None),
    ("float", "version: 1.5\n", None),
    ("octal", "version: 010\n", None),
    ("date", "note: 2024-01-01\n", None),
    ("anchor", "a: &x OTAN\n", None),
    ("anchor in a list", "a: [&x OTAN]\n", None),
    ("alias", "a: [b]\nc: *x\n", "found undefined alias"),
    ("empty anchor", "a: &\n", "expected alphabetic or numeric character"),
    ("merge key", "a: {b: 1}\nc:\n  <<: {b: 2}\n", None),
    ("python tag", "source: !!python/object/apply:os.system ['true']\n", "not allowed"),
    ("custom tag", "source: !foo OTAN\n", "not allowed"),
    ("literal block", "note: |\n  two\n  lines\n", None),
    ("folded plain scalar", "note: one\n  two\n", None),
    ("multi-line quotes", 'note: "one\n  two"\n', None),
    ("escape", 'note: "a\\tb"\n', None),
    ("duplicate key", "target: a\ntarget: b\n", "duplicate key"),
    ("tab", "note:\ta\n", None),
    ("crlf", "note: a\r\n", None),
    ("bom", "\ufeffnote: a\n", None),
    ("line separator", "note: a\u2028b\n", None),
    ("control character", "note: a\x07b\n",
     r"^g.yaml:1: character U\+0007 is not allowed in YAML; remove it"),
    ("document marker", "---\nnote: a\n", None),
    ("second document", "note: a\n---\nnote: b\n",
     "^g.yaml:2: expected a single document in the stream, but found another document$"),
    ("flow mapping", "terms: {a: b}\n", None),
    ("trailing comma", "variants: [a, b,]\n", None),
    ("nested sequence", "terms:\n  - - a\n", None),
    ("complex key", "? a\n: b\n", None),
    ("mapping value in plain", "note: a: b\n", "mapping values are not allowed"),
    ("reserved indicator", "note: @home\n", "cannot start any token"),
    ("sequence entry as a value", "note: - a\n", "block sequence entries are not allowed"),
    ("value tag", "note: =\n", "could not determine a constructor"),
    ("top-level list", "- a\n", None),
    ("key over 1024 characters", "k" * 1025 + ": v\n", "mapping values are not allowed"),
    ("5,000-digit number", "version: " + "1" * 5000 + "\n",
     "^g.yaml:1: a number of 5,000 digits; quote it if it is text$"),
    ("empty", "# nothing\n", None),
]


@pytest.mark.parametrize(("name", "text", "message"), GIVE_UP, ids=[g[0] for g in GIVE_UP])
def test_what_only_libyaml_reads_is_left_to_it(name: str, text: str, message: str | None) -> None:
    assert read_block_yaml(text) is None
    if message is not None:
        with pytest.raises(InputError, match=message):
            load_with_pyyaml(text, "g.yaml")


def test_errors_still_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("version: 1\nterms:\n  - source: OTAN\n    target: NATO\n"
                    "  - source: off\n    target: x\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=rf"^{path}:5: unquoted 'off' is a YAML 1.1 boolean"):
        load_glossary(path)


def test_a_long_one_line_list_is_read_whole() -> None:
    # 100,000 items on one line: read in one pass over the line (a reader that re-scanned the
    # rest of the line for each item took minutes here), and as libyaml reads them.
    items = [f'"w{i}"' if i % 3 == 0 else f"'l''{i}'" if i % 3 == 1 else f"p {i}" for i in range(100_000)]
    text = "version: 1\nvariants: [" + ", ".join(items) + "]\n"
    fast = read_block_yaml(text)
    assert fast is not None
    assert shape(fast) == shape(libyaml(text)[0])


def test_deep_indentation_is_left_to_the_nesting_check() -> None:
    text = "".join(" " * depth + f"k{depth}:\n" for depth in range(200)) + " " * 200 + "k: v\n"
    assert read_block_yaml(text) is None


@pytest.mark.parametrize("value", ["-x", "=SUM(A1)", "--x", "[-x, =y]", "'+33'", "'@x'"])
def test_spreadsheet_formula_starts_are_read_by_the_fast_reader(value: str) -> None:
    # Terms beginning with - or = (what `glossary add` writes unquoted) must not send a whole
    # 100,000-term file back to libyaml.
    text = f"version: 1\nnote: {value}\n"
    fast = read_block_yaml(text)
    assert fast is not None
    assert shape(fast) == shape(libyaml(text)[0])
