"""Fixtures for document tests: the tiny real engine in-process, settings, the glossary."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import GLOSSARY, ROOT
from translate.config import Settings
from translate.engine.base import Engine
from translate.glossary.schema import Glossary, load_glossary

DATA = ROOT / "tests" / "data" / "documents"
NEWS_PAGE = DATA / "news-article.fr.html"


@pytest.fixture(scope="session")
def doc_settings(installed: Path) -> Settings:
    """Settings on the tiny package, one thread, no memory."""
    return Settings(packages_dir=installed, threads=1, cache_path=None)


@pytest.fixture(scope="session")
def engine(doc_settings: Settings) -> Engine:
    """The real CTranslate2 engine on the tiny package."""
    from translate.api import open_engine

    return open_engine(doc_settings)


@pytest.fixture(scope="session")
def glossary() -> Glossary:
    """The newsroom glossary."""
    return load_glossary(GLOSSARY)
