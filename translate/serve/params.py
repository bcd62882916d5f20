"""Request parameters from JSON or form bodies, read within the body-size limit."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request


class ApiError(Exception):
    """An HTTP error with LibreTranslate's ``{"error": message}`` body."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers
        if status == 503 and headers is None:
            self.headers = {"Retry-After": "1"}


class Params:
    """The parameters of one request, whatever body they came in."""

    def __init__(self, values: dict[str, Any], is_json: bool) -> None:
        self.values = values
        self.is_json = is_json

    def get(self, name: str) -> Any:
        """The raw value, or ``None``."""
        return self.values.get(name)

    def get_str(self, name: str) -> str | None:
        """A string parameter (numbers are accepted as their text)."""
        value = self.values.get(name)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        raise ApiError(400, f"Invalid request: {name} parameter must be a string")

    def require_str(self, name: str) -> str:
        """A string parameter that must be present and non-empty."""
        value = self.get_str(name)
        if not value:
            raise ApiError(400, f"Invalid request: missing {name} parameter")
        return value

    def get_int(self, name: str, default: int, message: str) -> int:
        """A whole-number parameter."""
        value = self.values.get(name, default)
        if isinstance(value, bool):
            raise ApiError(400, message)
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiError(400, message) from None

    def texts(self, q: Any) -> list[str]:
        """``q`` as a list of texts; form bodies get LibreTranslate's line-ending normalisation."""
        items = q if isinstance(q, list) else [q]
        if not all(isinstance(t, str) for t in items):
            raise ApiError(400, "Invalid request: q must be a string or a list of strings")
        if not self.is_json:
            items = ["\n".join(t.splitlines()) for t in items]
        return list(items)

    def segments_of(self, value: Any, name: str) -> list[str]:
        """One side of an evaluation: a list of segments, or a text of one segment per line."""
        if isinstance(value, str):
            return value.splitlines()
        if isinstance(value, list) and all(isinstance(s, str) for s in value):
            return list(value)
        raise ApiError(400, f"Invalid request: {name} must be a text or a list of strings")

    def segments(self, name: str) -> list[str]:
        """A required segment list."""
        value = self.values.get(name)
        if value is None or value == "" or value == []:
            raise ApiError(400, f"Invalid request: missing {name} parameter")
        return self.segments_of(value, name)


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    too_large = ApiError(413, f"Request body too large: the limit is {limit} bytes; send less "
                              f"text per request")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # later readers (form parsing) reuse what was read
    return body


async def read_params(request: Request, limit: int) -> Params:
    """Parameters of a JSON, urlencoded or multipart body (and the query string)."""
    body = await _body(request, limit)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    values: dict[str, Any] = dict(request.query_params)
    if content_type == "application/json":
        try:
            data = json.loads(body) if body else None
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "Invalid JSON format") from None
        if not isinstance(data, dict):
            raise ApiError(400, "Invalid JSON format")
        values.update(data)
        return Params(values, True)
    if content_type == "multipart/form-data":
        try:
            form = await request.form()
        except Exception:  # noqa: BLE001 - any parser failure is a bad body
            raise ApiError(400, "Invalid form body") from None
        values.update({k: v for k, v in form.items() if isinstance(v, str)})
        return Params(values, False)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "Invalid form body: not UTF-8") from None
    values.update(dict(parse_qsl(text, keep_blank_values=True)))
    return Params(values, False)


