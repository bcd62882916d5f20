"""Installed Argos packages: list, find, install from a file, remove.

Packages live in Argos's own package directory (``ARGOS_PACKAGES_DIR`` or its default), in
Argos's own layout, so packages installed by ``argospm`` are used as they are and packages
installed here are seen by ``argospm``. Installation is staged beside that directory and
moved in with one rename under a cross-process lock: no reader ever sees half a package.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.config import Settings
from translate.errors import ModelNotFoundError, PackageError
from translate.models.archive import (
    KNOWN_PACKAGES,
    MAX_METADATA_BYTES,
    KnownPackage,
    extract_archive,
    inspect_archive,
    read_metadata,
    sha256_file,
    verify_checksum,
)

LOCK_NAME = ".translate-packages.lock"
LOCK_TIMEOUT = 600.0


@dataclass(frozen=True)
class InstalledPackage:
    """An installed translation package."""

    name: str
    path: Path
    from_code: str
    to_code: str
    version: str
    from_name: str = ""
    to_name: str = ""
    target_prefix: str = ""

    @property
    def pair(self) -> str:
        """``fr→en`` style label."""
        return f"{self.from_code}→{self.to_code}"


def staging_dir(settings: Settings) -> Path:
    """A directory on the same filesystem as the package dir, outside Argos's view.

    argostranslate treats every sub-folder of its package directory as a package, so staging
    folders must not live inside it.
    """
    packages = settings.packages_dir
    return packages.parent / f".{packages.name}-staging"


@contextlib.contextmanager
def package_lock(settings: Settings) -> Iterator[None]:
    """Hold the cross-process lock that serialises installs and removals."""
    from filelock import FileLock, Timeout

    settings.packages_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(settings.packages_dir / LOCK_NAME))
    try:
        with lock.acquire(timeout=LOCK_TIMEOUT):
            yield
    except Timeout:
        raise PackageError(
            f"another install or removal holds {settings.packages_dir / LOCK_NAME}; "
            f"wait for it to finish"
        ) from None


def load_package(path: Path, max_metadata: int = MAX_METADATA_BYTES) -> InstalledPackage:
    """Read an installed package folder (``metadata.json`` + ``model/``).

    Only ``metadata.json`` is read, refused past ``max_metadata`` bytes before parsing, and
    only the fields that pick and run a package are kept.
    """
    if not (path / "metadata.json").is_file():
        raise PackageError(f"{path}: no metadata.json; not an Argos package folder")
    if not (path / "model").is_dir():
        raise PackageError(f"{path}: no model/ folder; not an Argos package folder")
    metadata = read_metadata(path / "metadata.json", max_metadata)
    return InstalledPackage(
        name=path.name,
        path=path,
        from_code=metadata["from_code"],
        to_code=metadata["to_code"],
        version=metadata.get("package_version") or "",
        from_name=metadata.get("from_name") or "",
        to_name=metadata.get("to_name") or "",
        target_prefix=metadata.get("target_prefix") or "",
    )


def list_installed(settings: Settings) -> list[InstalledPackage]:
    """Every readable translation package in the package directory, sorted by name.

    A folder whose metadata is unreadable, oversized or malformed is skipped: one broken
    package must not stop the others from being used.
    """
    directory = settings.packages_dir
    if not directory.is_dir():
        return []
    packages = []
    for path in sorted(directory.iterdir()):
        if not path.is_dir() or path.name.startswith("."):
            continue
        with contextlib.suppress(PackageError):
            packages.append(load_package(path, settings.max_metadata_bytes))
    return packages


def installed_for(settings: Settings, from_code: str, to_code: str) -> list[InstalledPackage]:
    """Installed packages translating ``from_code`` → ``to_code``."""
    return [p for p in list_installed(settings) if p.from_code == from_code and p.to_code == to_code]


def find_package(settings: Settings, from_code: str, to_code: str) -> InstalledPackage:
    """The installed package for a pair; the newest version if several are installed."""
    from packaging.version import InvalidVersion, Version

    matches = installed_for(settings, from_code, to_code)
    if not matches:
        raise ModelNotFoundError(
            f"no {from_code}→{to_code} translation package installed in {settings.packages_dir}; "
            f"run `translate models install {from_code} {to_code}` or "
            f"`translate models install --file PACKAGE.argosmodel`"
        )

    def key(package: InstalledPackage) -> tuple[int, Version | str]:
        try:
            return (1, Version(package.version))
        except InvalidVersion:
            return (0, package.version)

    return max(matches, key=key)


@dataclass(frozen=True)
class InstallResult:
    """What an install did: ``installed``, ``already-installed``, ``upgraded`` or ``reinstalled``
    (``--force``), and the version it replaced."""

    package: InstalledPackage
    action: str
    previous: str | None = None

    @property
    def message(self) -> str:
        """One line for the user."""
        where = f"{self.package.pair} {self.package.version or '(no version)'}"
        if self.action == "already-installed":
            return f"{where} is already installed at {self.package.path} (--force reinstalls it)"
        if self.action == "upgraded":
            return f"upgraded {self.package.pair} {self.previous} → {self.package.version} at " \
                   f"{self.package.path}"
        if self.action == "reinstalled":
            return f"reinstalled {where} at {self.package.path}"
        return f"installed {where} at {self.package.path}"


def _version_key(version: str) -> tuple[int, Any]:
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, version)


def install_decision(existing: list[InstalledPackage], version: str, force: bool) -> str:
    """``install``, ``already-installed``, ``upgraded`` or ``reinstalled`` for a new ``version``
    of a pair given what is installed; refuses a downgrade without ``force``."""
    if not existing:
        return "install"
    if force:
        return "reinstalled"
    current = max(existing, key=lambda p: _version_key(p.version))
    if current.version == version:
        return "already-installed"
    if current.version and version and _version_key(version) < _version_key(current.version):
        raise PackageError(
            f"{current.pair} {current.version} is installed at {current.path}, newer than "
            f"{version}; pass --force to replace it with the older version"
        )
    return "upgraded"


def install_file(
    settings: Settings,
    archive: Path,
    force: bool = False,
    expected: KnownPackage | None = None,
    sha256: str | None = None,
) -> InstalledPackage:
    """Verify and install a ``.argosmodel`` file; return the installed package."""
    return install_package_file(settings, archive, force, expected, sha256).package


def install_package_file(
    settings: Settings,
    archive: Path,
    force: bool = False,
    expected: KnownPackage | None = None,
    sha256: str | None = None,
) -> InstallResult:
    """Verify and install a ``.argosmodel`` file; say what was done.

    Refuses unsafe or malformed archives, a checksum mismatch (``expected``, ``sha256``, or
    the table of official packages), and a top-level folder that clashes with a different
    installed package. The same version already installed is left as it is (``force``
    reinstalls it); an older one is upgraded; a newer one is kept unless ``force``. On any
    failure nothing is installed and existing packages are untouched.
    """
    info = inspect_archive(archive, settings.max_package_bytes, settings.max_metadata_bytes)
    from_code, to_code = info.pair
    known = expected or KNOWN_PACKAGES.get((from_code, to_code, info.version))
    if known is not None:
        verify_checksum(archive, known)
    if sha256 is not None and sha256_file(archive) != sha256.lower():
        raise PackageError(f"{archive.name}: sha256 does not match {sha256}; refusing to install")
    with package_lock(settings):
        target = settings.packages_dir / info.top
        existing = installed_for(settings, from_code, to_code)
        action = install_decision(existing, info.version, force)
        if action == "already-installed":
            current = next(p for p in existing if p.version == info.version)
            return InstallResult(current, action)
        if target.exists() and not any(p.path == target for p in existing):
            raise PackageError(
                f"{archive.name}: folder {info.top!r} already holds another package in "
                f"{settings.packages_dir}; remove it first"
            )
        previous = ", ".join(sorted({p.version or "(no version)" for p in existing})) or None
        staging = staging_dir(settings)
        staging.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="install-", dir=staging))
        try:
            extracted = extract_archive(info, work)
            installed = load_package(extracted, settings.max_metadata_bytes)
            retired = work / "retired"
            retired.mkdir()
            for index, old in enumerate(existing):
                old.path.rename(retired / f"{index}-{old.name}")
            try:
                extracted.rename(target)
            except OSError:
                for index, old in enumerate(existing):
                    (retired / f"{index}-{old.name}").rename(old.path)
                raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
    package = InstalledPackage(**{**installed.__dict__, "path": target, "name": target.name})
    return InstallResult(package, "installed" if action == "install" else action, previous)


def remove_package(settings: Settings, from_code: str, to_code: str) -> list[InstalledPackage]:
    """Remove every installed package for a pair; return what was removed."""
    with package_lock(settings):
        removed = installed_for(settings, from_code, to_code)
        if not removed:
            raise ModelNotFoundError(
                f"no {from_code}→{to_code} package installed in {settings.packages_dir}; "
                f"`translate models list` shows what is installed"
            )
        staging = staging_dir(settings)
        staging.mkdir(parents=True, exist_ok=True)
        for package in removed:
            # Rename out of view first so a crash mid-delete leaves no half package behind.
            trash = Path(tempfile.mkdtemp(prefix="remove-", dir=staging))
            package.path.rename(trash / package.name)
            shutil.rmtree(trash, ignore_errors=True)
    return removed
