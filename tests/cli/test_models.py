"""`translate models`: install from file and from a loopback index, list, remove."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli, serve_directory, write_index


def _env(env: dict[str, str], packages: Path, index: str | None = None) -> dict[str, str]:
    values = dict(env, ARGOS_PACKAGES_DIR=str(packages))
    if index:
        values["ARGOS_PACKAGE_INDEX"] = index
    return values


def _installed_dirs(packages: Path) -> list[str]:
    if not packages.exists():
        return []
    return sorted(p.name for p in packages.iterdir() if p.is_dir())


@pytest.mark.slow
def test_install_list_remove_from_file(tmp_path: Path, tiny_package: Path,
                                       env: dict[str, str]) -> None:
    packages = tmp_path / "packages"
    e = _env(env, packages)
    done = run_cli("models", "install", "--file", str(tiny_package), env=e)
    assert done.returncode == 0, done.stderr
    assert "installed fr→en 0.1" in done.stdout
    assert _installed_dirs(packages) == ["translate-fr_en-tiny"]

    listed = run_cli("models", "list", env=e)
    assert listed.returncode == 0
    assert "fr→en" in listed.stdout and str(packages) in listed.stdout
    as_json = json.loads(run_cli("models", "list", "--format", "json", env=e).stdout)
    assert [(p["from_code"], p["to_code"], p["version"]) for p in as_json] == [("fr", "en", "0.1")]

    before = (packages / "translate-fr_en-tiny").stat().st_ino
    again = run_cli("models", "install", "--file", str(tiny_package), env=e)
    assert again.returncode == 0, again.stderr
    assert "fr→en 0.1 is already installed" in again.stdout and "--force" in again.stdout
    assert (packages / "translate-fr_en-tiny").stat().st_ino == before
    forced = run_cli("models", "install", "--file", str(tiny_package), "--force", env=e)
    assert forced.returncode == 0, forced.stderr
    assert "reinstalled fr→en 0.1" in forced.stdout
    assert (packages / "translate-fr_en-tiny").stat().st_ino != before
    assert _installed_dirs(packages) == ["translate-fr_en-tiny"]

    removed = run_cli("models", "remove", "fr", "en", env=e)
    assert removed.returncode == 0
    assert "removed fr→en" in removed.stdout
    assert _installed_dirs(packages) == []
    assert run_cli("models", "remove", "fr", "en", env=e).returncode == 3


def _with_version(archive: Path, version: str, out: Path) -> Path:
    """A copy of ``archive`` whose metadata.json declares ``version``."""
    import zipfile

    target = out / f"v{version}-{archive.name}"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as dest:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith("/metadata.json"):
                meta = json.loads(data)
                meta["package_version"] = version
                data = json.dumps(meta).encode()
            dest.writestr(item, data)
    return target


@pytest.mark.slow
def test_newer_file_upgrades_and_older_file_is_refused(tmp_path: Path, tiny_package: Path,
                                                       env: dict[str, str]) -> None:
    packages = tmp_path / "packages"
    e = _env(env, packages)
    assert run_cli("models", "install", "--file", str(tiny_package), env=e).returncode == 0
    newer = _with_version(tiny_package, "0.2", tmp_path)
    done = run_cli("models", "install", "--file", str(newer), env=e)
    assert done.returncode == 0, done.stderr
    assert "upgraded fr→en 0.1 → 0.2" in done.stdout
    listed = json.loads(run_cli("models", "list", "--format", "json", env=e).stdout)
    assert [p["version"] for p in listed] == ["0.2"]
    older = run_cli("models", "install", "--file", str(tiny_package), env=e)
    assert older.returncode == 4
    assert "newer than 0.1" in older.stderr and "--force" in older.stderr
    listed = json.loads(run_cli("models", "list", "--format", "json", env=e).stdout)
    assert [p["version"] for p in listed] == ["0.2"]


def test_index_install_of_installed_version_downloads_nothing(
        tmp_path: Path, tiny_package: Path, env: dict[str, str]) -> None:
    packages = tmp_path / "packages"
    assert run_cli("models", "install", "--file", str(tiny_package),
                   env=_env(env, packages)).returncode == 0
    served = tmp_path / "served"
    served.mkdir()  # the index lists the archive but it is not served: any download fails
    with serve_directory(served) as url:
        write_index(served, url, tiny_package.name)
        done = run_cli("models", "install", "fr", "en", env=_env(env, packages, url))
        assert done.returncode == 0, done.stderr
        assert "already installed" in done.stdout
        forced = run_cli("models", "install", "fr", "en", "--force", env=_env(env, packages, url))
    assert forced.returncode == 5, forced.stderr
    assert _installed_dirs(packages) == ["translate-fr_en-tiny"]


def test_installed_package_is_an_ordinary_argos_package(installed: Path) -> None:
    pytest.importorskip("argostranslate.package",
                        reason="argostranslate not installed (scripts/setup.sh installs it)")
    from argostranslate.package import get_installed_packages

    packages = get_installed_packages(path=[installed])
    assert [(p.from_code, p.to_code, p.package_version) for p in packages] == [("fr", "en", "0.1")]


def test_package_installed_by_argos_layout_is_used(tmp_path: Path, tiny_package: Path,
                                                   env: dict[str, str]) -> None:
    import zipfile

    packages = tmp_path / "argos-packages"
    packages.mkdir()
    with zipfile.ZipFile(tiny_package) as archive:
        archive.extractall(packages)  # what argospm's install_from_path does
    done = run_cli("run", "-", "--no-glossary", env=_env(env, packages), input="Bonjour.")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


def test_install_from_loopback_index(tmp_path: Path, tiny_package: Path,
                                     env: dict[str, str]) -> None:
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(tiny_package, served / tiny_package.name)
    packages = tmp_path / "packages"
    with serve_directory(served) as url:
        write_index(served, url, tiny_package.name)
        e = _env(env, packages, url)
        available = run_cli("models", "list", "--available", env=e)
        assert available.returncode == 0, available.stderr
        assert "fr→en" in available.stdout
        done = run_cli("models", "install", "fr", "en", env=e)
    assert done.returncode == 0, done.stderr
    assert _installed_dirs(packages) == ["translate-fr_en-tiny"]
    staging = packages.parent / ".packages-staging"
    assert not staging.exists() or list(staging.iterdir()) == []


@pytest.mark.parametrize(
    ("corrupt", "version", "message"),
    [
        (lambda data: data[: len(data) // 2], "0.1", "not a valid zip"),
        (lambda data: data[:400] + bytes(b ^ 0xFF for b in data[400:800]) + data[800:], "0.1",
         "corrupt"),
        (lambda data: data, "1.9", "size"),
    ],
    ids=["truncated", "flipped-bytes", "checksum-of-official-1.9"],
)
def test_corrupted_download_is_refused(tmp_path: Path, tiny_package: Path, env: dict[str, str],
                                       corrupt: object, version: str, message: str) -> None:
    served = tmp_path / "served"
    served.mkdir()
    (served / tiny_package.name).write_bytes(corrupt(tiny_package.read_bytes()))  # type: ignore[operator]
    packages = tmp_path / "packages"
    with serve_directory(served) as url:
        write_index(served, url, tiny_package.name, version=version)
        done = run_cli("models", "install", "fr", "en", env=_env(env, packages, url))
    assert done.returncode == 4, done.stdout + done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert _installed_dirs(packages) == []
    staging = packages.parent / ".packages-staging"
    assert not staging.exists() or list(staging.iterdir()) == []


def test_unreachable_index_is_a_network_error(tmp_path: Path, env: dict[str, str]) -> None:
    e = _env(env, tmp_path / "packages", "http://127.0.0.1:9/")
    done = run_cli("models", "install", "fr", "en", env=e)
    assert done.returncode == 5
    assert "--file" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_install_without_pair_or_file_is_usage_error(env: dict[str, str]) -> None:
    done = run_cli("models", "install", env=env)
    assert done.returncode == 2
    assert "--file" in done.stderr
