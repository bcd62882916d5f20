"""translate: offline French→English news translation with enforced terminology.

The public API is imported lazily so that ``import translate`` (and ``translate --help``)
stays fast::

    from translate import load_settings, open_engine, load_glossary, translate_document
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "translate_document": "translate.pipeline",
    "DocumentResult": "translate.pipeline",
    "Settings": "translate.config",
    "load_settings": "translate.config",
    "load_glossary": "translate.glossary.schema",
    "load_glossaries": "translate.glossary.schema",
    "Glossary": "translate.glossary.schema",
    "Term": "translate.glossary.schema",
    "check_translation": "translate.quality.check",
    "evaluate": "translate.quality.metrics",
    "open_engine": "translate.api",
    "translate_text": "translate.api",
    "TranslateError": "translate.errors",
}

__all__ = [*sorted(_EXPORTS), "__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'translate' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
