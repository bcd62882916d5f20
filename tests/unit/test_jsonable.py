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
