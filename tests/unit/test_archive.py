"""Package archives: hostile and malformed files are refused before anything is written."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from translate.config import Settings
from translate.errors import ExitCode, PackageError
from translate.models.archive import KnownPackage, inspect_archive
from translate.models.registry import install_file, list_installed

META = json.dumps({"package_version": "0.2", "from_code": "fr", "to_code": "en",
                   "from_name": "French", "to_name": "English"}).encode()


def _zip(members: dict[str, bytes], symlink: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (0o120777 << 16)
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def _good(**extra: bytes) -> dict[str, bytes]:
    return {"pkg/metadata.json": META, "pkg/model/model.bin": b"x" * 10, **extra}


CASES: list[tuple[str, Callable[[], bytes], str]] = [
    ("not a zip", lambda: b"plain text, not an archive", "not a valid zip"),
    ("truncated", lambda: _zip(_good())[:60], "not a valid zip"),
    ("empty zip", lambda: _zip({}), "empty"),
    ("parent path", lambda: _zip({**_good(), "pkg/../../evil.txt": b"x"}), "unsafe path"),
    ("absolute path", lambda: _zip({**_good(), "/tmp/evil.txt": b"x"}), "unsafe path"),
    ("backslash path", lambda: _zip({**_good(), "pkg\\..\\evil": b"x"}), "unsafe path"),
    ("symlink", lambda: _zip(_good(), symlink="pkg/link"), "link"),
    ("two top folders", lambda: _zip({**_good(), "other/file": b"x"}), "exactly one top-level"),
    ("no metadata", lambda: _zip({"pkg/model/model.bin": b"x"}), "metadata.json"),
    ("no model", lambda: _zip({"pkg/metadata.json": META}), "model/"),
    ("metadata not json", lambda: _zip({**_good(), "pkg/metadata.json": b"{nope"}), "invalid JSON"),
    ("metadata lacks pair", lambda: _zip({**_good(), "pkg/metadata.json": b"{}"}), "from_code"),
    ("zip bomb", lambda: _zip({**_good(), "pkg/model/bomb": b"\0" * (50 * 1024 * 1024)}), "zip bomb"),
    ("hidden top folder", lambda: _zip({".pkg/metadata.json": META, ".pkg/model/m": b"x"}), "hidden"),
]


@pytest.mark.parametrize(("name", "make", "message"), CASES, ids=[c[0] for c in CASES])
def test_hostile_archives_are_refused(tmp_path: Path, name: str, make: Callable[[], bytes],
                                      message: str) -> None:
    archive = tmp_path / "bad.argosmodel"
    archive.write_bytes(make())
    settings = Settings(packages_dir=tmp_path / "packages")
    with pytest.raises(PackageError) as caught:
        install_file(settings, archive)
    assert message in str(caught.value)
    assert caught.value.exit_code == ExitCode.BAD_PACKAGE
    assert list_installed(settings) == []
    packages = tmp_path / "packages"
    assert not packages.exists() or [p.name for p in packages.iterdir() if p.is_dir()] == []
    assert not (tmp_path / "evil.txt").exists()


def test_checksum_mismatch_is_refused(tmp_path: Path, tiny_package: Path) -> None:
    settings = Settings(packages_dir=tmp_path / "packages")
    wrong = KnownPackage(tiny_package.stat().st_size, "0" * 64)
    with pytest.raises(PackageError, match="sha256"):
        install_file(settings, tiny_package, expected=wrong)
    short = KnownPackage(tiny_package.stat().st_size + 1, "0" * 64)
    with pytest.raises(PackageError, match="size"):
        install_file(settings, tiny_package, expected=short)
    assert list_installed(settings) == []


def test_clashing_top_folder_leaves_existing_package_untouched(tmp_path: Path,
                                                              tiny_package: Path) -> None:
    settings = Settings(packages_dir=tmp_path / "packages")
    installed = install_file(settings, tiny_package)
    before = sorted(p.relative_to(installed.path) for p in installed.path.rglob("*"))
    meta = json.dumps({"from_code": "de", "to_code": "en", "package_version": "1"}).encode()
    archive = tmp_path / "clash.argosmodel"
    archive.write_bytes(_zip({f"{installed.name}/metadata.json": meta,
                              f"{installed.name}/model/model.bin": b"x"}))
    with pytest.raises(PackageError, match="already holds another package"):
        install_file(settings, archive)
    assert sorted(p.relative_to(installed.path) for p in installed.path.rglob("*")) == before
    assert [p.pair for p in list_installed(settings)] == ["fr→en"]


def test_inspect_reads_metadata(tiny_package: Path) -> None:
    info = inspect_archive(tiny_package)
    assert info.pair == ("fr", "en")
    assert info.top == "translate-fr_en-tiny"
