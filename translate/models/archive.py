"""Verification and safe extraction of ``.argosmodel`` archives.

``argostranslate.package.install_from_path`` only checks that a file is a zip and then
``extractall``s it. Here nothing is written until the whole archive has been inspected:
one top-level folder, ``metadata.json`` and ``model/`` present, no absolute or ``..`` paths,
no links, bounded sizes and compression ratios; extraction re-checks sizes as it streams.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from translate.errors import PackageError

# Defaults of the configurable limits (Settings.max_package_bytes, max_metadata_bytes): the
# official fr→en package expands to well under 1 GiB, its metadata.json to under 1 KiB.
MAX_TOTAL_BYTES = 2 * 1024**3
MAX_METADATA_BYTES = 1024**2
MAX_MEMBERS = 10_000
# Per member (above 1 MiB) and for the whole archive: model weights barely compress, so a
# package that expands far more than its own size is a zip bomb.
MAX_RATIO = 200
MAX_TOTAL_RATIO = 50
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


def inspect_archive(path: Path, max_bytes: int = MAX_TOTAL_BYTES,
                    max_metadata: int = MAX_METADATA_BYTES) -> ArchiveInfo:
    """Check an archive without extracting it; raise :class:`PackageError` if unsafe.

    Refuses archives that expand past ``max_bytes`` in total or past :data:`MAX_TOTAL_RATIO`
    times their own size, and a ``metadata.json`` larger than ``max_metadata``.
    """
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
            if total > max_bytes:
                raise PackageError(f"{label}: expands to {total:,} bytes, over the "
                                   f"{max_bytes:,}-byte limit (max_package_bytes); refusing "
                                   f"to install")
            size = max(path.stat().st_size, 1)
            if total > _CHUNK and total > MAX_TOTAL_RATIO * size:
                raise PackageError(f"{label}: expands {total // size}× ({total:,} bytes from "
                                   f"{size:,}); looks like a zip bomb, refusing to install")
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
            meta_info = archive.getinfo(f"{top}/metadata.json")
            if meta_info.file_size > max_metadata:
                raise PackageError(f"{label}: metadata.json is {meta_info.file_size:,} bytes, "
                                   f"over the {max_metadata:,}-byte limit; not an Argos package")
            with archive.open(meta_info) as handle:
                raw = handle.read(max_metadata + 1)
            if len(raw) > max_metadata:
                raise PackageError(f"{label}: metadata.json is larger than declared; refusing")
    except zipfile.BadZipFile as exc:
        raise PackageError(f"{label}: not a valid zip archive ({exc}); download it again") from None
    except _ZIP_ERRORS as exc:
        raise PackageError(f"{label}: cannot read archive ({exc}); download it again") from None
    metadata = parse_metadata(raw, f"{label}:{top}/metadata.json")
    return ArchiveInfo(path, top, metadata, total)


# Fields argostranslate reads from metadata.json, with the JSON types it expects: a package
# whose metadata breaks them would crash every later run, so it is refused here.
_STRING_FIELDS = ("from_code", "to_code", "package_version", "argos_version", "from_name",
                  "to_name", "type", "target_prefix", "code")
_LIST_FIELDS = ("links", "languages", "dependencies", "source_languages", "target_languages")


def parse_metadata(raw: bytes, label: str) -> dict[str, Any]:
    """Parse and check an Argos ``metadata.json`` (bytes already bounded by the caller)."""
    try:
        metadata = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError(f"{label}: invalid JSON ({exc}); not an Argos package") from None
    except RecursionError:
        raise PackageError(f"{label}: JSON nested too deeply; not an Argos package") from None
    if not isinstance(metadata, dict):
        raise PackageError(f"{label}: must be a JSON object; not an Argos package")
    for key in ("from_code", "to_code"):
        if not isinstance(metadata.get(key), str) or not metadata[key]:
            raise PackageError(f"{label}: missing {key}; not an Argos translation package")
    for key in _STRING_FIELDS:
        if metadata.get(key) is not None and not isinstance(metadata[key], str):
            raise PackageError(f"{label}: {key} must be a string, got "
                               f"{type(metadata[key]).__name__}; not a valid Argos package")
    for key in _LIST_FIELDS:
        if metadata.get(key) is not None and not isinstance(metadata[key], list):
            raise PackageError(f"{label}: {key} must be a list, got "
                               f"{type(metadata[key]).__name__}; not a valid Argos package")
    return metadata


def read_metadata(path: Path, max_bytes: int = MAX_METADATA_BYTES) -> dict[str, Any]:
    """Read and check an installed package's ``metadata.json``, refusing it past
    ``max_bytes`` before reading it."""
    label = str(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise PackageError(f"{label}: {size:,} bytes, over the {max_bytes:,}-byte "
                                   f"metadata limit; reinstall the package")
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise PackageError(f"{label}: unreadable ({exc.strerror}); reinstall the package") from None
    if len(raw) > max_bytes:
        raise PackageError(f"{label}: over the {max_bytes:,}-byte metadata limit; reinstall")
    return parse_metadata(raw, label)


def extract_archive(info: ArchiveInfo, destination: Path) -> Path:
    """Extract an inspected archive under ``destination``; return the package folder.

    Each member is streamed with its declared size enforced and the real bytes written are
    counted against the total inspection accepted, so a lying header cannot expand past it.
    """
    label = info.path.name
    root = destination.resolve()
    total = 0
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
                        total += len(chunk)
                        if written > member.file_size or total > info.total_bytes:
                            raise PackageError(
                                f"{label}: member {member.filename} is larger than declared; "
                                f"refusing to install"
                            )
                        sink.write(chunk)
    except (zipfile.BadZipFile, *_ZIP_ERRORS) as exc:
        raise PackageError(f"{label}: corrupt archive ({exc}); download it again") from None
    return root / info.top
