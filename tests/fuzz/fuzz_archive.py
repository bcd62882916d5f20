"""atheris target: package archive checks refuse bad bytes with PackageError only, and never
write outside the extraction directory."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from translate.errors import PackageError
    from translate.models.archive import extract_archive, inspect_archive

_DIR = Path(tempfile.mkdtemp(prefix="fuzz-archive-"))


def test_one_input(data: bytes) -> None:
    archive = _DIR / "pkg.argosmodel"
    archive.write_bytes(data)
    target = _DIR / "out"
    try:
        info = inspect_archive(archive)
        extract_archive(info, target)
    except PackageError:
        pass
    finally:
        escaped = [p for p in _DIR.iterdir() if p.name not in ("pkg.argosmodel", "out")]
        shutil.rmtree(target, ignore_errors=True)
        if escaped:
            raise AssertionError(f"extraction wrote outside its directory: {escaped}")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
