"""JSON output: the command-line writer prints exactly what ``json.dumps(indent=2)`` would."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from translate.jsonable import dumps_pretty, to_jsonable

_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(),
                     st.floats(allow_nan=True, allow_infinity=True))
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=8), inner, max_size=5)),
    max_leaves=40)


@settings(max_examples=500, deadline=None)
@given(_values)
def test_pretty_output_is_the_standard_librarys(value: object) -> None:
    assert dumps_pretty(value) == json.dumps(value, ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class _Issue:
    severity: str
    line: int
    where: Path
    tags: tuple[str, ...]


def test_results_become_plain_values_in_field_order() -> None:
    value = {"issues": [_Issue("info", 3, Path("g.yaml"), ("a", "b"))], "ratio": math.inf}
    assert to_jsonable(value) == {"issues": [{"severity": "info", "line": 3, "where": "g.yaml",
                                              "tags": ["a", "b"]}], "ratio": math.inf}
    assert dumps_pretty(to_jsonable(value)).splitlines()[3] == '      "severity": "info",'


@settings(max_examples=200, deadline=None)
@given(st.lists(st.builds(_Issue, st.text(max_size=6), st.integers(), st.text(max_size=6).map(Path),
                          st.lists(st.text(max_size=4)).map(tuple)), max_size=4),
       st.dictionaries(st.integers(), _scalars, max_size=3))
def test_results_print_as_their_plain_values_would(issues: list[_Issue], numbered: dict[int, object]) -> None:
    value = {"issues": issues, "by_number": numbered, "pair": ("fr", "en"), "empty": {}}
    assert dumps_pretty(value) == json.dumps(to_jsonable(value), ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class _Finding:
    severity: object
    line: object
    message: object


@dataclass(frozen=True)
class _One:
    line: object


@dataclass(frozen=True)
class _Empty:
    pass


class _Word(str):
    pass


# Mostly findings of one shape (str, int, str), as reports print them by the thousand; some
# with a boolean, None, a float, a str subclass or a huge int in a field, or another kind of
# item in the list, where the printer must fall back to writing values one by one.
_field = st.one_of(st.text(max_size=6), st.integers(), st.integers(min_value=10**30),
                   st.booleans(), st.none(), st.floats(allow_nan=True),
                   st.text(max_size=4).map(_Word))
_findings = st.lists(st.one_of(
    st.builds(_Finding, st.text(max_size=6), st.integers(), st.text()),
    st.builds(_Finding, _field, _field, _field),
    st.builds(_One, _field), st.just(_Empty()), _scalars), max_size=6)


@settings(max_examples=300, deadline=None)
@given(_findings, _findings)
def test_lists_of_findings_print_as_the_standard_library_would(first: list[object],
                                                               second: list[object]) -> None:
    value = {"issues": first, "nested": [second, tuple(first)]}
    assert dumps_pretty(value) == json.dumps(to_jsonable(value), ensure_ascii=False, indent=2)


def test_many_findings_of_one_shape_print_as_the_standard_library_would() -> None:
    findings = [_Finding("info", n, f"« terme {n} »\n\"cité\"\t\x1b") for n in range(1000)]
    findings[500] = _Finding("info", True, "a boolean line")  # falls back: true, not 1
    for value in (findings[:500], findings):
        assert dumps_pretty({"issues": value}) == json.dumps(
            to_jsonable({"issues": value}), ensure_ascii=False, indent=2)
