"""Verification and safe extraction of ``.argosmodel`` archives.

``argostranslate.package.install_from_path`` only checks that a file is a zip and then
``extractall``s it. Here nothing is written until the whole archive has been inspected:
one top-level folder, ``metadata.json`` and ``model/`` present, no absolute or ``..`` paths,
no links, bounded sizes and compression ratios; extraction re-checks sizes as it streams.
"""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from translate.errors import PackageError

MAX_TOTAL_BYTES = 4 * 1024**3
MAX_MEMBERS = 10_000
MAX_RATIO = 200
_CHUNK = 1024 * 1024
# What zipfile raises on damaged or exotic archives besides BadZipFile: unsupported versions
# and compression methods, encrypted members, truncated streams.
_ZIP_ERRORS = (OSError, EOFError, zlib.error, NotImplementedError, RuntimeError, ValueError,
               zipfile.LargeZipFile)


@dataclass(frozen=True)
class KnownPackage:
    """Size and SHA-256 of an official package file, for verifying downloads."""

    size: int
    sha256: str


# The Argos index carries no checksums; these are the published files' own.
KNOWN_PACKAGES: dict[tuple[str, str, str], KnownPackage] = {
    ("fr", "en", "1.9"): KnownPackage(
        66_585_033, "3b3052fee6bb1e8e8e632a26a723eb2a2c7710dfe73ba61ffd9b83e85d4f14c1"
    ),
}


@dataclass(frozen=True)
class ArchiveInfo:
    """What an inspected archive holds."""

    path: Path
    top: str
    metadata: dict[str, Any]
    total_bytes: int

    @property
    def pair(self) -> tuple[str, str]:
        """``(from_code, to_code)`` of the package."""
        return str(self.metadata["from_code"]), str(self.metadata["to_code"])

    @property
    def version(self) -> str:
        """The package's own version string."""
        return str(self.metadata.get("package_version", ""))


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_checksum(path: Path, expected: KnownPackage) -> None:
    """Refuse ``path`` unless its size and SHA-256 are the expected ones."""
    size = path.stat().st_size
    if size != expected.size:
        raise PackageError(
            f"{path.name}: size {size:,} bytes, expected {expected.size:,}; the file is "
            f"truncated or not the official package, download it again"
        )
    actual = sha256_file(path)
    if actual != expected.sha256:
        raise PackageError(
            f"{path.name}: sha256 {actual[:16]}… does not match the official "
            f"{expected.sha256[:16]}…; download it again from the Argos index"
        )


def _check_member(info: zipfile.ZipInfo, label: str) -> PurePosixPath:
    name = info.filename
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise PackageError(f"{label}: unsafe path {name!r} in archive; refusing to install")
    path = PurePosixPath(name)
    if any(part in ("..", "") for part in path.parts) or not path.parts:
        raise PackageError(f"{label}: unsafe path {name!r} in archive; refusing to install")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise PackageError(f"{label}: archive contains a link ({name}); refusing to install")
    if info.flag_bits & 0x1:
        raise PackageError(f"{label}: archive member {name} is encrypted; refusing to install")
    if info.file_size > MAX_RATIO * max(info.compress_size, 1) and info.file_size > _CHUNK:
        raise PackageError(
            f"{label}: member {name} expands {info.file_size // max(info.compress_size, 1)}×; "
            f"looks like a zip bomb, refusing to install"
        )
    return path


def inspect_archive(path: Path) -> ArchiveInfo:
    """Check an archive without extracting it; raise :class:`PackageError` if unsafe."""
    label = path.name
    if not path.is_file():
        raise PackageError(f"{path}: no such package file; check the path")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if not infos:
                raise PackageError(f"{label}: archive is empty; not an Argos package")
            if len(infos) > MAX_MEMBERS:
                raise PackageError(f"{label}: {len(infos)} files in archive; refusing to install")
            tops: set[str] = set()
            names: set[str] = set()
            total = 0
            for info in infos:
                member = _check_member(info, label)
                tops.add(member.parts[0])
                names.add("/".join(member.parts[1:]).rstrip("/"))
                total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise PackageError(f"{label}: expands to {total:,} bytes; refusing to install")
            if len(tops) != 1:
                raise PackageError(
                    f"{label}: archive must hold exactly one top-level folder, found "
                    f"{len(tops)} ({', '.join(sorted(tops)[:3])}); not an Argos package"
                )
            top = tops.pop()
            if top.startswith("."):
                raise PackageError(f"{label}: top-level folder {top!r} is hidden; refusing")
            if "metadata.json" not in names:
                raise PackageError(f"{label}: no {top}/metadata.json; not an Argos package")
            if not any(n.startswith("model/") for n in names):
                raise PackageError(f"{label}: no {top}/model/ folder; not an Argos package")
            raw = archive.read(f"{top}/metadata.json")
    except zipfile.BadZipFile as exc:
        raise PackageError(f"{label}: not a valid zip archive ({exc}); download it again") from None
    except _ZIP_ERRORS as exc:
        raise PackageError(f"{label}: cannot read archive ({exc}); download it again") from None
    metadata = parse_metadata(raw, f"{label}:{top}/metadata.json")
    return ArchiveInfo(path, top, metadata, total)


def parse_metadata(raw: bytes, label: str) -> dict[str, Any]:
    """Parse and check an Argos ``metadata.json``."""
    try:
        metadata = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError(f"{label}: invalid JSON ({exc}); not an Argos package") from None
    if not isinstance(metadata, dict):
        raise PackageError(f"{label}: must be a JSON object; not an Argos package")
    for key in ("from_code", "to_code"):
        if not isinstance(metadata.get(key), str) or not metadata[key]:
            raise PackageError(f"{label}: missing {key}; not an Argos translation package")
    return metadata


def extract_archive(info: ArchiveInfo, destination: Path) -> Path:
    """Extract an inspected archive under ``destination``; return the package folder.

    Each member is streamed with its declared size enforced, so a lying header cannot
    expand past what inspection accepted.
    """
    label = info.path.name
    root = destination.resolve()
    try:
        with zipfile.ZipFile(info.path) as archive:
            for member in archive.infolist():
                relative = _check_member(member, label)
                target = (root / Path(*relative.parts)).resolve()
                if root not in target.parents:
                    raise PackageError(f"{label}: unsafe path {member.filename!r}; refusing")
                if member.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                written = 0
                with archive.open(member) as source, open(target, "wb") as sink:
                    for chunk in iter(lambda: source.read(_CHUNK), b""):
                        written += len(chunk)
                        if written > member.file_size:
                            raise PackageError(
                                f"{label}: member {member.filename} is larger than declared; "
                                f"refusing to install"
                            )
                        sink.write(chunk)
    except (zipfile.BadZipFile, *_ZIP_ERRORS) as exc:
        raise PackageError(f"{label}: corrupt archive ({exc}); download it again") from None
    return root / info.top
