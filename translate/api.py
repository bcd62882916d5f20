"""Convenience entry points for Python users: open an engine, translate a string."""

from __future__ import annotations

from pathlib import Path

from translate.config import Settings
from translate.engine.base import Engine
from translate.errors import InputError
from translate.glossary.schema import Glossary
from translate.models.registry import find_package, load_package
from translate.pipeline import DocumentResult, translate_document

SUPPORTED_TARGETS = {"fr": ("en",)}


def check_pair(settings: Settings) -> None:
    """Refuse a language pair this release does not translate."""
    targets = SUPPORTED_TARGETS.get(settings.source_lang)
    if targets is None or settings.target_lang not in targets:
        raise InputError(
            f"{settings.source_lang}→{settings.target_lang} is not supported; this release "
            f"translates fr→en (use --from fr --to en)"
        )


def open_engine(settings: Settings, model_dir: Path | None = None, engine: str = "ctranslate2") -> Engine:
    """The engine for ``settings``' language pair (or an explicit package folder).

    Raises :class:`~translate.errors.ModelNotFoundError` when no package is installed.
    The model itself loads on first use.
    """
    from translate.engine.ctranslate import load_engine

    check_pair(settings)
    package = (load_package(model_dir) if model_dir is not None
               else find_package(settings, settings.source_lang, settings.target_lang))
    return load_engine(settings, package, engine)


def translate_text(text: str, settings: Settings, glossary: Glossary | None = None) -> DocumentResult:
    """Translate ``text`` with the installed package, without a translation memory."""
    return translate_document(text, open_engine(settings), settings, glossary)
