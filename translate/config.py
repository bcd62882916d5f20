"""Settings: one frozen value built when a command runs, never at import.

Precedence, lowest to highest: built-in defaults, ``configs/translate.yaml`` (found in the
working directory or a parent, or named with ``--config``), environment variables
(``ARGOS_PACKAGES_DIR``, ``ARGOS_PACKAGE_INDEX``, ``TRANSLATE_CACHE``, ``TRANSLATE_THREADS``),
then explicit overrides.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate.errors import ConfigError

CONFIG_RELATIVE = Path("configs") / "translate.yaml"
DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"


@dataclass(frozen=True)
class Settings:
    """Everything a translation run depends on, passed explicitly."""

    packages_dir: Path
    index_url: str = DEFAULT_INDEX_URL
    source_lang: str = "fr"
    target_lang: str = "en"
    beam_size: int = 4
    threads: int = 0
    compute_type: str = "int8"
    max_batch_tokens: int = 1024
    max_batch_memory_mb: int = 256
    max_input_tokens: int = 200
    length_ratio: float = 2.0
    length_margin: int = 10
    max_decoding_tokens: int = 512
    glossary_mode: str = "enforce"
    no_repeat_ngram_size: int = 0
    glossaries: tuple[Path, ...] = ()
    cache_path: Path | None = None
    network_timeout: float = 30.0
    # Limits on hostile or runaway inputs (see the README's Reliability section).
    cache_timeout: float = 30.0
    max_package_bytes: int = 2 * 1024**3
    max_metadata_bytes: int = 1024**2
    max_glossary_bytes: int = 32 * 1024**2
    max_glossary_terms: int = 200_000
    config_file: Path | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Accept str paths from Python callers; store Paths.
        object.__setattr__(self, "packages_dir", Path(self.packages_dir))
        object.__setattr__(self, "glossaries", tuple(Path(p) for p in self.glossaries))
        if self.cache_path is not None:
            object.__setattr__(self, "cache_path", Path(self.cache_path))

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with ``changes`` applied."""
        return dataclasses.replace(self, **changes)

    def max_decoding_length(self, source_tokens: int) -> int:
        """Decoding bound for one input: proportional to its length, capped, never unbounded."""
        bound = int(self.length_ratio * source_tokens) + self.length_margin
        return max(4, min(bound, self.max_decoding_tokens))


# CTranslate2 starts every thread it is given (100,000 crashed the process, 5,000 stalled a
# 2-core machine) and gains nothing past the number of cores; 256 is above that nearly
# everywhere this runs.
MAX_THREADS = 256
_INT_KEYS = {"beam_size", "threads", "max_batch_tokens", "max_input_tokens", "length_margin",
             "no_repeat_ngram_size", "max_decoding_tokens", "max_package_bytes",
             "max_metadata_bytes", "max_glossary_bytes", "max_glossary_terms", "max_batch_memory_mb"}
_FLOAT_KEYS = {"length_ratio", "network_timeout", "cache_timeout"}
_STR_KEYS = {"source_lang", "target_lang", "compute_type", "index_url", "glossary_mode"}
GLOSSARY_MODES = ("enforce", "report")
_GATE_KEYS = {"thresholds", "baseline", "max_regression"}
_KNOWN_KEYS = _INT_KEYS | _FLOAT_KEYS | _STR_KEYS | {"glossaries", "cache", "packages_dir"}


def find_config(start: Path) -> Path | None:
    """Return ``configs/translate.yaml`` in ``start`` or its nearest parent that has one."""
    for directory in (start, *start.parents):
        candidate = directory / CONFIG_RELATIVE
        if candidate.is_file():
            return candidate
    return None


def default_packages_dir(env: Mapping[str, str]) -> Path:
    """Argos's own package directory, resolved the way ``argostranslate.settings`` does."""
    if env.get("ARGOS_PACKAGES_DIR"):
        return Path(env["ARGOS_PACKAGES_DIR"])
    home = Path(env["SNAP_USER_DATA"]) if "SNAP" in env else Path.home()
    data_home = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")
    return data_home / "argos-translate" / "packages"


def default_cache_path(env: Mapping[str, str]) -> Path:
    """Where the translation memory lives unless configured."""
    cache_home = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache_home / "translate" / "memory.sqlite3"


def load_settings(
    config_file: Path | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    **overrides: Any,
) -> Settings:
    """Build :class:`Settings` from config file, environment and ``overrides``."""
    from translate.yamlsafe import load_strict

    env = os.environ if env is None else env
    cwd = Path.cwd() if cwd is None else cwd
    path = config_file if config_file is not None else find_config(cwd)
    values: dict[str, Any] = {}
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found; check --config")
        data = load_strict(path.read_text(encoding="utf-8"), str(path), ConfigError) or {}
        values = _validate(data, path)
    settings = Settings(
        packages_dir=Path(values.pop("packages_dir", default_packages_dir(env))),
        config_file=path,
    )
    if env.get("ARGOS_PACKAGES_DIR"):
        values.pop("packages_dir", None)
        settings = settings.replace(packages_dir=Path(env["ARGOS_PACKAGES_DIR"]))
    threads = env.get("TRANSLATE_THREADS", "").strip()
    if threads:
        # isdecimal, not isdigit: "²" is a digit that int() refuses.
        if not threads.isdecimal() or len(threads) > 4 or int(threads) > MAX_THREADS:
            raise ConfigError(f"TRANSLATE_THREADS={threads!r} is not a whole number from 0 to "
                              f"{MAX_THREADS}; set it to the number of CPU threads (0 = all cores) "
                              f"or unset it")
        values["threads"] = int(threads)
    if env.get("ARGOS_PACKAGE_INDEX"):
        if not env["ARGOS_PACKAGE_INDEX"].startswith(("http://", "https://", "file://")):
            raise ConfigError(f"ARGOS_PACKAGE_INDEX={env['ARGOS_PACKAGE_INDEX']!r} is not an "
                              f"http(s):// or file:// URL; fix or unset it")
        values["index_url"] = env["ARGOS_PACKAGE_INDEX"]
    cache = values.pop("cache", True)
    cache_path: Path | None = None
    if env.get("TRANSLATE_CACHE"):
        cache_path = None if env["TRANSLATE_CACHE"] == "off" else Path(env["TRANSLATE_CACHE"])
        origin = "TRANSLATE_CACHE"
    elif cache is True:
        cache_path = default_cache_path(env)
        origin = "XDG_CACHE_HOME" if env.get("XDG_CACHE_HOME") else "the default cache (~/.cache)"
    elif isinstance(cache, str):
        cache_path = Path(cache)
        origin = f"{path}: cache"
    if cache_path is not None:
        _check_file_location(cache_path, origin)
    if "packages_dir" not in values:
        source = "ARGOS_PACKAGES_DIR" if env.get("ARGOS_PACKAGES_DIR") else "XDG_DATA_HOME"
        _check_directory(settings.packages_dir, source)
    settings = settings.replace(cache_path=cache_path, **values)
    clean = {k: v for k, v in overrides.items() if v is not None}
    settings = settings.replace(**clean) if clean else settings
    if not 0 <= settings.threads <= MAX_THREADS:
        raise ConfigError(f"threads must be from 0 to {MAX_THREADS}, got {settings.threads}")
    return settings


def _blocking_file(path: Path) -> Path | None:
    """The nearest existing ancestor of ``path`` when it is not a directory (nothing created)."""
    for parent in path.parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


def _check_file_location(path: Path, origin: str) -> None:
    fix = "point it elsewhere or set TRANSLATE_CACHE=off"
    if path.is_dir():
        raise ConfigError(f"{origin}: {path} is a directory, not a file for the translation "
                          f"memory; {fix}")
    blocker = _blocking_file(path)
    if blocker is not None:
        raise ConfigError(f"{origin}: {blocker} is a file, so the translation memory cannot be "
                          f"kept at {path}; {fix}")


def _check_directory(path: Path, origin: str) -> None:
    if path.exists() and not path.is_dir():
        raise ConfigError(f"{origin}: {path} is not a directory; Argos packages live in a "
                          f"directory: fix or unset {origin}")
    blocker = _blocking_file(path)
    if blocker is not None:
        raise ConfigError(f"{origin}: {blocker} is a file, so packages cannot live in {path}; "
                          f"fix or unset {origin}")


def _validate(data: Any, path: Path) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: top level must be a mapping of settings")
    lines = getattr(data, "key_lines", {})
    values: dict[str, Any] = {}
    for key, value in data.items():
        where = f"{path}:{lines.get(str(key), 1)}"
        if key in _GATE_KEYS:
            raise ConfigError(f"{where}: {key!r} belongs in a quality gate file, not in settings; "
                              f"pass it with `translate eval --gate {path}`")
        if key not in _KNOWN_KEYS:
            known = ", ".join(sorted(_KNOWN_KEYS))
            raise ConfigError(f"{where}: unknown setting {key!r}; known settings: {known}")
        if key in _INT_KEYS and (not isinstance(value, int) or isinstance(value, bool)):
            raise ConfigError(f"{where}: {key} must be a whole number, got {value!r}")
        if key == "threads" and not 0 <= value <= MAX_THREADS:
            raise ConfigError(f"{where}: threads must be from 0 (all cores) to {MAX_THREADS}, "
                              f"got {value}")
        if key in _FLOAT_KEYS and (not isinstance(value, (int, float)) or isinstance(value, bool)):
            raise ConfigError(f"{where}: {key} must be a number, got {value!r}")
        if key in _STR_KEYS and not isinstance(value, str):
            raise ConfigError(f"{where}: {key} must be a string, got {value!r}")
        if key == "glossary_mode" and value not in GLOSSARY_MODES:
            raise ConfigError(f"{where}: glossary_mode must be one of {', '.join(GLOSSARY_MODES)}")
        if key == "glossaries":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: glossaries must be a list of paths")
            value = tuple((path.parent / v).resolve() for v in value)
        if key == "cache" and not isinstance(value, (bool, str)):
            raise ConfigError(f"{where}: cache must be true, false or a file path")
        if key == "cache" and isinstance(value, str):
            value = str((path.parent / value).resolve())
        if key == "packages_dir":
            if not isinstance(value, str):
                raise ConfigError(f"{where}: packages_dir must be a path")
            value = (path.parent / value).resolve()
        values[key] = value
    return values
