"""atheris target: the glossary loader either loads or raises GlossaryError, nothing else; and
the block-style reader, where it reads a text at all, reads what libyaml reads."""

from __future__ import annotations

# PyYAML imports datetime, whose Python classes the C module _datetime replaces at import:
# instrumenting that source (0.6 s of the target's start) would give no coverage feedback.
import datetime  # noqa: F401  (imported uninstrumented on purpose)
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from translate.errors import GlossaryError
    from translate.glossary.lint import lint_glossary
    from translate.glossary.schema import load_glossary
    from translate.yamlblock import comparable, read_block_yaml
    from translate.yamlsafe import load_with_pyyaml

_DIR = Path(tempfile.mkdtemp(prefix="fuzz-glossary-"))


def test_one_input(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    fast = read_block_yaml(text) if text is not None else None
    if fast is not None:
        assert comparable(fast) == comparable(load_with_pyyaml(text or "", "g.yaml", GlossaryError))
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
