"""``translate --version``: the package and the libraries that decide its output."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

COMPONENTS = (("translate", "newsroom-translate"), ("ctranslate2", "ctranslate2"),
              ("sentencepiece", "sentencepiece"), ("sacrebleu", "sacrebleu"),
              ("argostranslate", "argostranslate"))


def version_text() -> str:
    """One ``name version`` line per component; ``not installed`` where one is missing."""
    lines = []
    for label, distribution in COMPONENTS:
        try:
            found = version(distribution)
        except PackageNotFoundError:
            found = "not installed"
        lines.append(f"{label} {found}")
    return "\n".join(lines) + "\n"
