"""Everything ``translate serve`` is started with: one frozen value, passed explicitly."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from translate.serve.limits import Limits

ENV_VAR = "TRANSLATE_SERVE_CONFIG"


@dataclass(frozen=True)
class ServeConfig:
    """Server options; the translation settings themselves come from ``configs/``."""

    host: str = "127.0.0.1"
    port: int = 5000
    workers: int = 1
    limits: Limits = field(default_factory=Limits)
    api_keys: Path | None = None
    require_api_key: bool = False
    cors_origins: tuple[str, ...] = ()
    batch_wait_ms: float = 10.0
    batch_tokens: int = 4096
    config_file: Path | None = None
    beam_size: int | None = None
    threads: int | None = None
    model_dir: Path | None = None
    no_cache: bool = False
    shutdown_timeout: float = 30.0

    def to_json(self) -> str:
        """For handing the configuration to worker processes through the environment."""
        def plain(value: Any) -> Any:
            if isinstance(value, Path):
                return str(value)
            if isinstance(value, (tuple, list)):
                return [plain(v) for v in value]
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            return value
        return json.dumps(plain(asdict(self)))

    @staticmethod
    def from_json(text: str) -> ServeConfig:
        """The inverse of :meth:`to_json`."""
        data = json.loads(text)
        data["limits"] = Limits(**data["limits"])
        for name in ("api_keys", "config_file", "model_dir"):
            if data.get(name) is not None:
                data[name] = Path(data[name])
        data["cors_origins"] = tuple(data.get("cors_origins", ()))
        return ServeConfig(**data)
