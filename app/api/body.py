"""Request bodies read with a size and a time limit: 413 when too large, 408 when too
slow, 415 for a wrong media type; JSON bodies bounded in depth, with finite numbers and
no NUL characters."""

from __future__ import annotations

import json
import math

import anyio
from fastapi import Request

from app.core.errors import (
    BodyTimeout,
    InvalidInput,
    MalformedBody,
    TextTooLarge,
    UnsupportedMediaType,
)

MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays and objects accepted in a JSON body (a FeatureCollection of
MultiPolygons is 8 deep); deeper bodies are refused (400) before anything walks them."""


async def read_body(request: Request, max_bytes: int, timeout: float | None = None) -> bytes:
    """The raw body, refused (413) as soon as it is known to be over ``max_bytes``, and
    (408) when the whole of it has not arrived within ``timeout`` seconds (default: the
    app's ``body_timeout`` setting)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise TextTooLarge(f"the request body is over {max_bytes:,} bytes")
    if timeout is None:
        timeout = request.app.state.settings.body_timeout
    body = bytearray()
    try:
        with anyio.fail_after(timeout):
            async for chunk in request.stream():
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise TextTooLarge(f"the request body is over {max_bytes:,} bytes")
    except TimeoutError:
        raise BodyTimeout(
            f"the request body did not arrive within {timeout:g} s ({len(body):,} bytes came)"
        ) from None
    return bytes(body)


def _no_constants(name: str) -> float:
    raise InvalidInput(f"numbers must be finite: {name} is not a JSON number")


def check_json(value: object) -> None:
    """Depth (400), non-finite numbers and NUL characters (422) of a decoded JSON value,
    walked without recursion."""
    stack: list[tuple[object, int, str]] = [(value, 0, "$")]
    while stack:
        item, depth, where = stack.pop()
        if isinstance(item, dict | list):
            if depth >= MAX_JSON_DEPTH:
                raise MalformedBody(f"the JSON body is nested deeper than {MAX_JSON_DEPTH} levels")
            if isinstance(item, dict):
                for key, child in item.items():
                    if "\x00" in key:
                        raise InvalidInput(f"{where}: a member name contains a NUL character")
                    stack.append((child, depth + 1, f"{where}.{key}"))
            else:
                stack.extend((child, depth + 1, f"{where}[{i}]") for i, child in enumerate(item))
        elif isinstance(item, str):
            if "\x00" in item:
                raise InvalidInput(f"{where}: text may not contain a NUL character (U+0000)")
        elif isinstance(item, float) and not math.isfinite(item):
            raise InvalidInput(f"{where}: numbers must be finite (this one overflows)")


async def read_json(request: Request, max_bytes: int) -> object:
    """The decoded JSON body; 415 for another media type, 413 when too large, 400 when it
    is not JSON or nested too deeply, 422 for a non-finite number or a NUL character."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise UnsupportedMediaType(
            f"send the document as application/json, not {media_type or 'no content type'}"
        )
    body = await read_body(request, max_bytes)
    try:
        value = json.loads(body, parse_constant=_no_constants)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise MalformedBody(f"the body is not valid JSON: {exc}") from exc
    except RecursionError:
        raise MalformedBody(
            f"the JSON body is nested deeper than {MAX_JSON_DEPTH} levels"
        ) from None
    check_json(value)
    return value
