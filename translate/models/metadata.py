"""Argos package metadata (``metadata.json`` and index entries), read without argostranslate.

Importing ``argostranslate.package`` creates Argos's data, config and cache directories and
its distribution pulls torch; the fields translation needs are a handful of JSON keys, read
here with the same defaults argostranslate applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PackageMetadata:
    """The fields of an Argos ``metadata.json`` or index entry that translate uses."""

    from_code: str
    to_code: str
    package_version: str = ""
    from_name: str = ""
    to_name: str = ""
    type: str = "translate"
    target_prefix: str = ""
    links: tuple[str, ...] = ()


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def parse_metadata(entry: dict[str, Any]) -> PackageMetadata:
    """Metadata from a decoded JSON object; missing or non-string fields read as empty."""
    links = entry.get("links")
    return PackageMetadata(
        from_code=_text(entry.get("from_code")),
        to_code=_text(entry.get("to_code")),
        package_version=_text(entry.get("package_version")),
        from_name=_text(entry.get("from_name")),
        to_name=_text(entry.get("to_name")),
        type=_text(entry.get("type", "translate")),
        target_prefix=_text(entry.get("target_prefix")),
        links=tuple(link for link in links if isinstance(link, str))
        if isinstance(links, list) else (),
    )
