"""The OpenAPI document served at ``GET /spec``."""

from __future__ import annotations

from typing import Any

ERROR = {"type": "object", "properties": {"error": {"type": "string"}}}
TEXT_OR_LIST = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}

# path → (method, summary, request properties, required, error statuses)
ENDPOINTS: dict[str, tuple[str, str, dict[str, Any], list[str], list[int]]] = {
    "/translate": ("post", "Translate text (LibreTranslate-compatible, with enforced glossaries)", {
        "q": TEXT_OR_LIST, "source": {"type": "string", "example": "fr"},
        "target": {"type": "string", "example": "en"},
        "format": {"type": "string", "enum": ["text", "html"]},
        "alternatives": {"type": "integer"}, "api_key": {"type": "string"},
        "glossary": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}]},
        "glossary_mode": {"type": "string", "enum": ["enforce", "report", "off"]},
    }, ["q", "source", "target"], [400, 403, 413, 429, 500, 503]),
    "/detect": ("post", "Detect the language of text", {
        "q": TEXT_OR_LIST, "api_key": {"type": "string"}}, ["q"], [400, 403, 413, 429]),
    "/languages": ("get", "Supported languages", {}, [], []),
    "/frontend/settings": ("get", "Frontend settings (limits, keys)", {}, [], []),
    "/health": ("get", "Health check: {\"status\": \"ok\"}", {}, [], []),
    "/spec": ("get", "This OpenAPI document", {}, [], []),
    "/check": ("post", "Terminology QA of a source/translation pair", {
        "source": {"type": "string"}, "translation": {"type": "string"},
        "glossary": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}]},
        "api_key": {"type": "string"}}, ["source", "translation"], [400, 403, 413, 429]),
    "/eval": ("post", "sacrebleu scores with signatures, terminology metrics with a source", {
        "hypothesis": TEXT_OR_LIST, "references": {"type": "array", "items": TEXT_OR_LIST},
        "source": TEXT_OR_LIST, "metrics": {"type": "string", "example": "bleu,chrf"},
        "glossary": {"type": "string"}, "api_key": {"type": "string"}},
        ["hypothesis", "references"], [400, 403, 413, 429]),
    "/glossaries": ("get", "Server-side glossaries: names, hashes, entry counts", {}, [], []),
    "/metrics": ("get", "Prometheus metrics", {}, [], []),
}


def openapi() -> dict[str, Any]:
    """OpenAPI 3.0 description of every endpoint."""
    from translate import __version__

    paths: dict[str, Any] = {}
    for path, (method, summary, properties, required, errors) in ENDPOINTS.items():
        operation: dict[str, Any] = {"summary": summary, "responses": {"200": {"description": "OK"}}}
        for status in errors:
            operation["responses"][str(status)] = {
                "description": "error", "content": {"application/json": {"schema": ERROR}}}
        if properties:
            schema = {"type": "object", "properties": properties, "required": required}
            operation["requestBody"] = {"content": {
                "application/json": {"schema": schema},
                "application/x-www-form-urlencoded": {"schema": schema}}}
        paths[path] = {method: operation}
    return {"openapi": "3.0.3",
            "info": {"title": "translate serve", "version": __version__,
                     "description": "LibreTranslate-compatible API with enforced glossaries."},
            "paths": paths}
