"""atheris target: the glossary loader either loads or raises GlossaryError, nothing else."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from translate.errors import GlossaryError
    from translate.glossary.lint import lint_glossary
    from translate.glossary.schema import load_glossary

_DIR = Path(tempfile.mkdtemp(prefix="fuzz-glossary-"))


def test_one_input(data: bytes) -> None:
    path = _DIR / "g.yaml"
    path.write_bytes(data)
    try:
        load_glossary(path)
    except GlossaryError:
        pass
    try:
        lint_glossary(path)
    except GlossaryError:
        pass
    except Exception as exc:  # the linter reads files through the same error type
        from translate.errors import InputError

        if not isinstance(exc, InputError):
            raise


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
