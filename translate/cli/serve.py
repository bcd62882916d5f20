"""``translate serve`` (the HTTP API) and ``translate api-keys`` (its key file)."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import typer

from translate.cli.common import dump_json, emit, table
from translate.config import MAX_THREADS
from translate.errors import InputError

DEFAULT_KEYS = Path("api-keys.json")
keys_app = typer.Typer(help="API keys of translate serve (stored hashed).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the commands to ``app``."""
    app.command("serve")(serve)
    app.add_typer(keys_app, name="api-keys")


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (default loopback only)."),
    port: int = typer.Option(5000, "--port", min=0, max=65535, help="TCP port (LibreTranslate's 5000)."),
    workers: int = typer.Option(1, "--workers", min=1, max=64,
                                help="Processes, each with its own model and queue."),
    api_keys: Path | None = typer.Option(None, "--api-keys", help="API key file (translate api-keys add)."),
    require_api_key: bool = typer.Option(False, "--require-api-key",
                                         help="Refuse requests without a valid key (403)."),
    char_limit: int = typer.Option(5000, "--char-limit", min=-1, help="Characters per text (-1: none)."),
    batch_limit: int = typer.Option(100, "--batch-limit", min=-1, help="Texts per array q (-1: none)."),
    body_limit: int = typer.Option(1_000_000, "--body-limit", min=1024, help="Request body bytes (413)."),
    concurrency: int = typer.Option(8, "--concurrency", min=1, help="Requests translated at once."),
    queue_depth: int = typer.Option(64, "--queue-depth", min=0,
                                    help="Requests waiting beyond --concurrency before 503."),
    rate_limit: int = typer.Option(-1, "--req-limit", min=-1,
                                   help="Requests per minute per key or client (-1: none)."),
    alternatives_limit: int = typer.Option(5, "--alternatives-limit", min=-1, help="Max alternatives."),
    cors: list[str] | None = typer.Option(None, "--cors", help="CORS origin to allow (repeatable; *: any)."),
    batch_wait_ms: float = typer.Option(10.0, "--batch-wait-ms", min=0, max=100,
                                        help="Longest wait to fill a decode batch."),
    batch_tokens: int = typer.Option(4096, "--batch-tokens", min=16, help="Source tokens per decode batch."),
    beam: int | None = typer.Option(None, "--beam", min=1, max=16, help="Beam size (default from config)."),
    threads: int | None = typer.Option(None, "--threads", min=0, max=MAX_THREADS,
                                       help="CPU threads (0 = all cores)."),
    model: Path | None = typer.Option(None, "--model", help="Use this installed package folder."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not use the translation memory."),
) -> None:
    """Serve a LibreTranslate-compatible HTTP API with enforced glossaries."""
    import os

    from translate.serve.config import ENV_VAR, ServeConfig
    from translate.serve.limits import Limits

    if api_keys is not None and api_keys.exists() and not api_keys.is_file():
        raise InputError(f"{api_keys}: --api-keys must be a file")
    if require_api_key and api_keys is None:
        raise InputError("--require-api-key needs --api-keys FILE (create keys with translate api-keys add)")
    if model is not None and not model.is_dir():
        raise InputError(f"{model}: --model must be an installed package folder")
    if api_keys is not None:
        from translate.serve.keys import read_keys

        read_keys(api_keys)  # a broken key file is refused now, not at the first request
    state = ctx.find_root().obj
    limits = Limits(char_limit, batch_limit, body_limit, concurrency, queue_depth, rate_limit,
                    alternatives_limit)
    config = ServeConfig(host, port, workers, limits, api_keys, require_api_key, tuple(cors or ()),
                         batch_wait_ms, batch_tokens, getattr(state, "config", None), beam, threads,
                         model, no_cache)
    # Settings and the model are checked before binding: a bad config is an exit code, not a
    # server that fails its first request.
    from translate.api import check_pair
    from translate.config import load_settings
    from translate.models.registry import find_package

    settings = load_settings(config.config_file)
    check_pair(settings)
    if model is None:
        find_package(settings, settings.source_lang, settings.target_lang)
    import uvicorn

    # uvicorn drains in-flight requests on SIGTERM, then re-raises the signal it caught;
    # ignoring that re-raise lets the command return normally and exit 0.
    signal.signal(signal.SIGTERM, lambda signum, frame: None)
    options: dict[str, Any] = {"host": host, "port": port, "log_level": "warning", "access_log": False,
               "timeout_graceful_shutdown": config.shutdown_timeout, "lifespan": "on"}
    if workers > 1:
        os.environ[ENV_VAR] = config.to_json()
        uvicorn.run("translate.serve.app:app_from_env", factory=True, workers=workers, **options)
    else:
        from translate.serve.app import build_app

        uvicorn.run(build_app(config), **options)


KEYS_OPTION = typer.Option(DEFAULT_KEYS, "--api-keys", help="API key file.")


@keys_app.command("add")
def add(
    name: str = typer.Argument(..., help="A name for the key, e.g. cms-prod."),
    rate_limit: int | None = typer.Option(None, "--rate-limit", help="Requests per minute for this key."),
    api_keys: Path = KEYS_OPTION,
) -> None:
    """Create a key; it is printed once and stored only as a SHA-256 digest."""
    from translate.serve.keys import add_key

    key = add_key(api_keys, name, rate_limit)
    emit(key + "\n")
    typer.echo(f"added key {name!r} to {api_keys} (shown once: store it now)", err=True)


@keys_app.command("remove")
def remove(name: str = typer.Argument(..., help="Name of the key."), api_keys: Path = KEYS_OPTION) -> None:
    """Remove a key (the server stops accepting it at once)."""
    from translate.serve.keys import remove_key

    remove_key(api_keys, name)
    typer.echo(f"removed key {name!r} from {api_keys}", err=True)


@keys_app.command("list")
def list_keys(
    api_keys: Path = KEYS_OPTION,
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """Names, digest prefixes and rate limits (never the keys)."""
    from translate.cli.common import check_format
    from translate.serve.keys import read_keys

    check_format(fmt)
    keys = sorted(read_keys(api_keys).values(), key=lambda k: k.name)
    if fmt == "json":
        emit(dump_json([{"name": k.name, "sha256": k.sha256, "rate_limit": k.rate_limit} for k in keys]))
        return
    rows = [[k.name, k.sha256[:12], "default" if k.rate_limit is None else f"{k.rate_limit}/min"]
            for k in keys]
    emit(table(rows, ["name", "sha256", "rate limit"]))
