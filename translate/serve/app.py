"""The ASGI application: LibreTranslate 1.9's routes plus /check /eval /glossaries /metrics.

Parse, call the :class:`~translate.serve.service.Service`, render; every error becomes
``{"error": "…"}`` with LibreTranslate's status code. Translation runs in worker threads and
its decoding in the micro-batching queue's thread, so the event loop only moves bytes.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from translate.errors import EngineError, TranslateError
from translate.serve.batching import Cancelled, Closed
from translate.serve.config import ServeConfig
from translate.serve.keys import KeyStore
from translate.serve.limits import Admission, RateLimiter
from translate.serve.metrics import Metrics
from translate.serve.params import ApiError, Params, read_params
from translate.serve.service import GLOSSARY_MODES, Service, term_report

T = TypeVar("T")
LANGUAGE_NAMES = {"fr": "French", "en": "English"}
DISCONNECT_POLL = 0.05


class Server:
    """Shared state of one process: the service, limits, keys, metrics, the worker pool."""

    def __init__(self, config: ServeConfig, service: Service, metrics: Metrics) -> None:
        self.config = config
        self.service = service
        self.metrics = metrics
        self.keys = KeyStore(config.api_keys)
        self.admission = Admission(config.limits)
        self.rate = RateLimiter(config.limits.rate_limit)
        self.pool = ThreadPoolExecutor(max_workers=config.limits.concurrency,
                                       thread_name_prefix="request")

    def access(self, request: Request, params: Params) -> None:
        """Key check (403) and rate limit (429), as LibreTranslate's ``access_check``."""
        key = params.get_str("api_key")
        stored = None
        if self.keys.enabled and key:
            stored = self.keys.lookup(key)
            if stored is None:
                raise ApiError(403, "Invalid API key")
        if self.config.require_api_key and stored is None:
            raise ApiError(403, "Please contact the server operator to get an API key")
        identity = f"key:{stored.name}" if stored else f"ip:{_client(request)}"
        limit = stored.rate_limit if stored and stored.rate_limit is not None else None
        if not self.rate.allow(identity, limit):
            bound = limit if limit is not None else self.config.limits.rate_limit
            raise ApiError(429, f"Slowdown: {bound} per 1 minute")

    async def run(self, request: Request, work: Callable[[threading.Event], T]) -> T:
        """Run ``work`` in the pool; a client that disconnects cancels what is still queued."""
        if not self.admission.try_enter():
            raise ApiError(503, "Server busy: too many requests queued; retry later")
        token = threading.Event()
        try:
            future = asyncio.get_running_loop().run_in_executor(self.pool, work, token)
            while True:
                done, _ = await asyncio.wait({future}, timeout=DISCONNECT_POLL)
                if done:
                    return future.result()
                if await request.is_disconnected():
                    self.service.batcher.cancel(token)
                    raise ApiError(499, "client closed the request")
        finally:
            self.admission.leave()


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


Handler = Callable[[Request, Server], Awaitable[Response]]


def endpoint(name: str, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Wrap a handler: error mapping to ``{"error"}`` and metrics, in one place."""
    async def route(request: Request) -> Response:
        server: Server = request.app.state.server
        started = time.monotonic()
        try:
            response = await handler(request, server)
        except ApiError as exc:
            response = _error(exc.status, exc.message, exc.headers)
        except Cancelled:
            response = _error(499, "client closed the request")
        except Closed:
            response = _error(503, "server is shutting down", {"Retry-After": "5"})
        except EngineError as exc:
            response = _error(500, f"Cannot translate text: {exc}")
        except TranslateError as exc:
            response = _error(400, str(exc))
        server.metrics.request(name, response.status_code, time.monotonic() - started)
        return response
    return route


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


async def translate(request: Request, server: Server) -> Response:
    """POST /translate."""
    params = await read_params(request, server.config.limits.body_limit)
    server.access(request, params)
    limits = server.config.limits
    q = params.get("q")
    if not q:
        raise ApiError(400, "Invalid request: missing q parameter")
    source = params.get_str("source")
    target = params.get_str("target")
    if not source:
        raise ApiError(400, "Invalid request: missing source parameter")
    if not target:
        raise ApiError(400, "Invalid request: missing target parameter")
    texts = params.texts(q)
    if isinstance(q, list) and limits.batch_limit != -1 and len(texts) > limits.batch_limit:
        raise ApiError(400, f"Invalid request: request ({len(texts)}) exceeds text limit "
                            f"({limits.batch_limit})")
    for text in texts:
        if limits.char_limit != -1 and len(text) > limits.char_limit:
            raise ApiError(400, f"Invalid request: request ({len(text)}) exceeds text limit "
                                f"({limits.char_limit})")
    alternatives = params.get_int("alternatives", 0, "Invalid request: alternatives parameter "
                                                    "is not a number")
    alternatives = max(0, alternatives)
    if limits.alternatives_limit != -1 and alternatives > limits.alternatives_limit:
        raise ApiError(400, f"Invalid request: alternatives parameter must be <= "
                            f"{limits.alternatives_limit}")
    service = server.service
    pair = (service.settings.source_lang, service.settings.target_lang)
    detected: dict[str, object] | None = None
    if source == "auto":
        from translate.serve.detect import detect

        detected = detect("\n".join(texts))[0]
        source = str(detected["language"])
        if source != pair[0] and detected["confidence"] == 0.0:
            source = pair[0]  # Nothing to go on (numbers, symbols): send it through as is.
    if source != pair[0]:
        raise ApiError(400, f"{source} is not supported")
    if target != pair[1]:
        raise ApiError(400, f"{target} is not supported")
    mode = params.get_str("glossary_mode") or service.settings.glossary_mode
    if mode not in GLOSSARY_MODES:
        raise ApiError(400, f"Invalid request: glossary_mode must be one of {', '.join(GLOSSARY_MODES)}")
    fmt = params.get_str("format") or "text"
    glossary = service.glossary_for(params.get("glossary"), mode)
    results = await server.run(
        request, lambda token: service.translate(texts, fmt, glossary, mode, alternatives, token))
    single = not isinstance(q, list)
    body: dict[str, Any] = {
        "translatedText": results[0].text if single else [r.text for r in results]}
    if detected is not None:
        body["detectedLanguage"] = detected if single else [detected] * len(results)
    if alternatives > 0:
        alts = [list(r.alternatives) for r in results]
        body["alternatives"] = alts[0] if single else alts
    if glossary is not None:
        reports = [term_report(r.result) for r in results]
        body["terms"] = reports[0] if single else reports
    return JSONResponse(body)


async def detect_route(request: Request, server: Server) -> Response:
    """POST /detect."""
    from translate.serve.detect import detect

    params = await read_params(request, server.config.limits.body_limit)
    server.access(request, params)
    q = params.get("q")
    if not q:
        raise ApiError(400, "Invalid request: missing q parameter")
    return JSONResponse(detect("\n".join(params.texts(q))))


async def languages(request: Request, server: Server) -> Response:
    """GET /languages."""
    source, target = server.service.settings.source_lang, server.service.settings.target_lang
    return JSONResponse([
        {"code": source, "name": LANGUAGE_NAMES.get(source, source), "targets": [target]},
        {"code": target, "name": LANGUAGE_NAMES.get(target, target), "targets": []},
    ])


async def frontend_settings(request: Request, server: Server) -> Response:
    """GET /frontend/settings."""
    settings = server.service.settings
    return JSONResponse({
        "charLimit": server.config.limits.char_limit,
        "frontendTimeout": 500,
        "apiKeys": server.keys.enabled,
        "keyRequired": server.config.require_api_key,
        "suggestions": False,
        "filesTranslation": False,
        "supportedFilesFormat": [],
        "language": {
            "source": {"code": settings.source_lang,
                       "name": LANGUAGE_NAMES.get(settings.source_lang, settings.source_lang)},
            "target": {"code": settings.target_lang,
                       "name": LANGUAGE_NAMES.get(settings.target_lang, settings.target_lang)},
        },
    })


async def health(request: Request, server: Server) -> Response:
    """GET /health."""
    return JSONResponse({"status": "ok"})


async def spec(request: Request, server: Server) -> Response:
    """GET /spec: the OpenAPI document."""
    from translate.serve.spec import openapi

    return JSONResponse(openapi())


async def glossaries(request: Request, server: Server) -> Response:
    """GET /glossaries: names, content hashes, entry counts."""
    return JSONResponse({"glossaries": server.service.glossaries.describe()})


async def metrics(request: Request, server: Server) -> Response:
    """GET /metrics: Prometheus text."""
    return PlainTextResponse(server.metrics.render(),
                             media_type="text/plain; version=0.0.4; charset=utf-8")


async def check(request: Request, server: Server) -> Response:
    """POST /check: terminology QA of a source/translation pair (``translate check`` JSON)."""
    from translate.quality.check import check_translation

    params = await read_params(request, server.config.limits.body_limit)
    server.access(request, params)
    source, translation = params.require_str("source"), params.require_str("translation")
    for text in (source, translation):
        limit = server.config.limits.char_limit
        if limit != -1 and len(text) > limit:
            raise ApiError(400, f"Invalid request: request ({len(text)}) exceeds text limit ({limit})")
    glossary = server.service.glossary_for(params.get("glossary"), "enforce")
    if glossary is None:
        raise ApiError(400, "Invalid request: no glossary configured; send glossary")
    report = await server.run(request, lambda _t: check_translation(source, translation, glossary))
    from translate.jsonable import to_jsonable

    return JSONResponse(to_jsonable({
        "ok": report.ok, "violations": list(report.violations), "terms": list(report.terms),
        "alignment": report.alignment, "occurrences": report.occurrences,
        "signature": _public(to_jsonable(report.signature))}))


def _public(signature: Any) -> Any:
    """A glossary signature without the server's directory layout: the file name only."""
    if isinstance(signature, dict) and isinstance(signature.get("glossary"), str):
        return {**signature, "glossary": signature["glossary"].replace("\\", "/").rsplit("/", 1)[-1]}
    return signature


async def evaluate(request: Request, server: Server) -> Response:
    """POST /eval: sacrebleu scores with signatures (``translate eval`` JSON)."""
    from translate.quality.metrics import evaluate as score
    from translate.quality.metrics import parse_metrics

    params = await read_params(request, server.config.limits.body_limit)
    server.access(request, params)
    hypotheses = params.segments("hypothesis")
    raw = params.get("references")
    if raw is None and params.get("reference") is not None:
        raw = [params.get("reference")]
    if not isinstance(raw, list) or not raw:
        raise ApiError(400, "Invalid request: missing references parameter")
    references = [params.segments_of(r, "references") for r in raw]
    sources = params.segments("source") if params.get("source") is not None else None
    names = parse_metrics(params.get_str("metrics") or "bleu,chrf")
    glossary = server.service.glossary_for(params.get("glossary"), "enforce") if sources else None
    report = await server.run(request, lambda _t: score(hypotheses, references, names, sources,
                                                        glossary, False, "lines"))
    body = report.as_dict()
    body["glossary"] = _public(body.get("glossary"))
    return JSONResponse(body)


ROUTES: list[tuple[str, str, Handler, str]] = [
    ("/translate", "POST", translate, "translate"),
    ("/detect", "POST", detect_route, "detect"),
    ("/languages", "GET", languages, "languages"),
    ("/frontend/settings", "GET", frontend_settings, "frontend_settings"),
    ("/health", "GET", health, "health"),
    ("/spec", "GET", spec, "spec"),
    ("/check", "POST", check, "check"),
    ("/eval", "POST", evaluate, "eval"),
    ("/glossaries", "GET", glossaries, "glossaries"),
    ("/metrics", "GET", metrics, "metrics"),
]


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    messages = {404: "Not Found", 405: "Method Not Allowed"}
    return _error(exc.status_code, messages.get(exc.status_code, str(exc.detail)),
                  dict(exc.headers or {}))


async def _internal_error(request: Request, exc: Exception) -> Response:
    return _error(500, f"Internal error: {type(exc).__name__}")


def build_app(config: ServeConfig, service: Service | None = None) -> Starlette:
    """The application; the service (and model) is opened at startup unless given."""
    metrics_store = Metrics()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        svc = service if service is not None else await asyncio.to_thread(
            Service.open, config, metrics_store.batch)
        server = Server(config, svc, metrics_store)
        metrics_store.gauges.update({
            "translate_queue_depth_sentences": lambda: svc.batcher.depth,
            "translate_requests_in_flight": lambda: server.admission.active,
        })
        app.state.server = server
        try:
            yield
        finally:
            server.pool.shutdown(wait=True)
            svc.close()

    middleware = []
    if config.cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(Middleware(
            CORSMiddleware, allow_origins=list(config.cors_origins), allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"], max_age=60 * 60 * 24 * 20))
    routes = [Route(path, endpoint(name, handler), methods=[method])
              for path, method, handler, name in ROUTES]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                     exception_handlers={HTTPException: _http_error, Exception: _internal_error})


def app_from_env() -> Starlette:
    """Factory for uvicorn worker processes: the configuration travels in the environment."""
    import os

    from translate.serve.config import ENV_VAR

    return build_app(ServeConfig.from_json(os.environ[ENV_VAR]))
