"""The saved news page and its translation rendered in headless Chromium: the same element
tree and block layout, different text (scripts/screenshot_compare.py). Skipped without Chromium."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.documents.conftest import NEWS_PAGE
from translate.config import Settings
from translate.documents import translate_bytes
from translate.engine.base import Engine
from translate.glossary.schema import Glossary


def _script() -> object:
    spec = importlib.util.spec_from_file_location("screenshot_compare",
                                                  ROOT / "scripts" / "screenshot_compare.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["screenshot_compare"] = module
    spec.loader.exec_module(module)
    return module


compare = _script()
CHROMIUM = compare.find_chromium()  # type: ignore[attr-defined]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
@pytest.mark.slow
def test_news_page_layout_survives_translation(engine: Engine, doc_settings: Settings,
                                               glossary: Glossary, tmp_path: Path) -> None:
    output = tmp_path / "news.en.html"
    output.write_bytes(translate_bytes(NEWS_PAGE.read_bytes(), "html", engine, doc_settings, glossary).data)
    code = compare.main([str(NEWS_PAGE), str(output), "--out", str(tmp_path / "shots")])  # type: ignore[attr-defined]
    assert code == 0
    for name in ("input.png", "output.png"):
        shot = tmp_path / "shots" / name
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    assert (tmp_path / "shots" / "input.png").read_bytes() != (tmp_path / "shots" / "output.png").read_bytes()


@pytest.mark.parametrize("right,problem", [
    ([["div", "block", "block", 0, 800], ["p", "block", "block", 10, 700]], None),
    ([["div", "block", "block", 0, 800], ["p", "block", "block", 10, 650]], "box moved"),
    ([["div", "block", "block", 0, 800]], "element trees differ"),
    ([["div", "block", "block", 0, 800], ["ul", "block", "block", 10, 700]], "element trees differ"),
    # inline boxes follow their text: not a layout change
    ([["div", "block", "block", 0, 800], ["p", "block", "block", 10, 700], ["b", "inline", "block", 90, 5]],
     "element trees differ"),
])
def test_layout_comparison(right: list[list[object]], problem: str | None) -> None:
    left = {"boxes": [["div", "block", "block", 0, 800], ["p", "block", "block", 10, 700]], "text": "Bonjour"}
    problems = compare.compare(left, {"boxes": right, "text": "Hello"})  # type: ignore[attr-defined]
    if problem is None:
        assert problems == []
    else:
        assert problems and problem in problems[0]
    assert "the text did not change" in compare.compare(left, dict(left))  # type: ignore[attr-defined]
