"""The Argos package index: listing available packages and downloading them safely."""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from translate.config import Settings
from translate.errors import NetworkError, PackageError
from translate.models.archive import KNOWN_PACKAGES
from translate.models.registry import (
    InstallResult,
    install_decision,
    install_package_file,
    installed_for,
    staging_dir,
)

Progress = Callable[[int, int | None], None]
MAX_INDEX_BYTES = 16 * 1024 * 1024
MAX_DOWNLOAD_BYTES = 4 * 1024**3
_CHUNK = 256 * 1024


@dataclass(frozen=True)
class AvailablePackage:
    """A package listed by the index."""

    from_code: str
    to_code: str
    version: str
    from_name: str = ""
    to_name: str = ""
    links: tuple[str, ...] = field(default_factory=tuple)

    @property
    def pair(self) -> str:
        """``fr→en`` style label."""
        return f"{self.from_code}→{self.to_code}"

    @property
    def filename(self) -> str:
        """The file name argospm uses for this package."""
        return f"translate-{self.from_code}_{self.to_code}.argosmodel"


def _index_url(settings: Settings) -> str:
    base = settings.index_url
    if base.endswith(".json"):
        return base
    return base.rstrip("/") + "/index.json"


def _open(url: str, timeout: float) -> object:
    request = urllib.request.Request(url, headers={"User-Agent": "translate"})
    return urllib.request.urlopen(request, timeout=timeout)


def _network_error(url: str, exc: BaseException) -> NetworkError:
    reason = getattr(exc, "reason", None) or exc
    return NetworkError(
        f"cannot reach {url} ({reason}); check the network, or download the .argosmodel "
        f"elsewhere and run `translate models install --file PATH`"
    )


def fetch_index(settings: Settings) -> list[AvailablePackage]:
    """Download and parse the package index (translation packages only)."""
    from translate.models.metadata import parse_metadata

    url = _index_url(settings)
    if not url.startswith(("http://", "https://", "file://")):
        raise NetworkError(f"package index URL {url!r} is not http(s); fix ARGOS_PACKAGE_INDEX")
    try:
        with _open(url, settings.network_timeout) as response:  # type: ignore[attr-defined]
            raw = response.read(MAX_INDEX_BYTES + 1)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise _network_error(url, exc) from None
    if len(raw) > MAX_INDEX_BYTES:
        raise NetworkError(f"{url}: index larger than {MAX_INDEX_BYTES} bytes; check the URL")
    try:
        entries = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise NetworkError(f"{url}: not a JSON package index; check ARGOS_PACKAGE_INDEX") from None
    if not isinstance(entries, list):
        raise NetworkError(f"{url}: index must be a JSON list; check ARGOS_PACKAGE_INDEX")
    packages = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        argos = parse_metadata(entry)
        if argos.type != "translate" or not argos.from_code or not argos.to_code:
            continue
        packages.append(
            AvailablePackage(
                from_code=argos.from_code, to_code=argos.to_code,
                version=str(argos.package_version), from_name=argos.from_name or "",
                to_name=argos.to_name or "",
                links=argos.links,
            )
        )
    return packages


def download(settings: Settings, package: AvailablePackage, destination: Path,
             progress: Progress | None = None) -> Path:
    """Download a package file into ``destination``; a failed download leaves no file."""
    if not package.links:
        raise NetworkError(f"the index lists no download link for {package.pair}")
    errors = []
    for url in package.links:
        target = destination / package.filename
        partial = target.with_suffix(".part")
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        try:
            _fetch(url, partial, settings.network_timeout, progress)
            partial.replace(target)
            return target
        except NetworkError as exc:
            errors.append(str(exc))
        finally:
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()
    raise NetworkError(errors[-1])


def _fetch(url: str, partial: Path, timeout: float, progress: Progress | None) -> None:
    if not url.startswith(("http://", "https://")):
        raise NetworkError(f"refusing non-http download link {url!r}")
    try:
        with _open(url, timeout) as response, open(partial, "wb") as sink:  # type: ignore[attr-defined]
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            received = 0
            while True:
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                received += len(chunk)
                if received > MAX_DOWNLOAD_BYTES:
                    raise NetworkError(f"{url}: download exceeds {MAX_DOWNLOAD_BYTES} bytes")
                sink.write(chunk)
                if progress is not None:
                    progress(received, total)
            if total is not None and received != total:
                raise NetworkError(
                    f"{url}: download interrupted after {received:,} of {total:,} bytes; "
                    f"run the install again"
                )
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        raise _network_error(url, exc) from None
    except OSError as exc:
        raise _network_error(url, exc) from None


def install_from_index(settings: Settings, from_code: str, to_code: str, force: bool = False,
                       progress: Progress | None = None) -> InstallResult:
    """Find a pair in the index, download, verify and install it; nothing is downloaded when
    the index's version is already installed (unless ``force``)."""
    candidates = [p for p in fetch_index(settings)
                  if p.from_code == from_code and p.to_code == to_code]
    if not candidates:
        raise NetworkError(
            f"the package index at {_index_url(settings)} lists no {from_code}→{to_code} package; "
            f"`translate models list --available` shows what it has"
        )
    package = candidates[-1]
    existing = installed_for(settings, from_code, to_code)
    if install_decision(existing, package.version, force) == "already-installed":
        current = next(p for p in existing if p.version == package.version)
        return InstallResult(current, "already-installed")
    staging = staging_dir(settings)
    staging.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="download-", dir=staging))
    try:
        path = download(settings, package, work, progress)
        known = KNOWN_PACKAGES.get((from_code, to_code, package.version))
        try:
            return install_package_file(settings, path, force=force, expected=known)
        except PackageError as exc:
            raise PackageError(f"downloaded {exc}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
