"""atheris target: package metadata parsing refuses bad bytes with PackageError only.

Covers ``metadata.json`` as read at install (from the archive) and when listing installed
packages (from disk, with the size cap): wrong types, deep nesting, bad UTF-8, huge numbers.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from translate.errors import PackageError
    from translate.models.archive import parse_metadata, read_metadata

_DIR = Path(tempfile.mkdtemp(prefix="fuzz-metadata-"))
_CAP = 4096


def test_one_input(data: bytes) -> None:
    try:
        metadata = parse_metadata(data, "metadata.json")
    except PackageError:
        metadata = None
    if metadata is not None:
        # What the registry reads from a parsed package must have the types it expects.
        assert isinstance(metadata["from_code"], str) and isinstance(metadata["to_code"], str)
        for key in ("package_version", "from_name", "to_name", "target_prefix"):
            assert metadata.get(key) is None or isinstance(metadata[key], str), key
    path = _DIR / "metadata.json"
    path.write_bytes(data)
    try:
        read_metadata(path, _CAP)
    except PackageError:
        pass
    else:
        assert len(data) <= _CAP, "metadata over the cap was accepted"


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
