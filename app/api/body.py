"""Request bodies read with a size limit: 413 when too large, 415 for a wrong media type."""

from __future__ import annotations

import json

from fastapi import Request

from app.core.errors import MalformedBody, TextTooLarge, UnsupportedMediaType


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The raw body, refused (413) as soon as it is known to be over ``max_bytes``."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise TextTooLarge(f"the request body is over {max_bytes:,} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > max_bytes:
            raise TextTooLarge(f"the request body is over {max_bytes:,} bytes")
    return bytes(body)


async def read_json(request: Request, max_bytes: int) -> object:
    """The decoded JSON body; 415 for another media type, 413 when too large."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise UnsupportedMediaType(
            f"send the document as application/json, not {media_type or 'no content type'}"
        )
    body = await read_body(request, max_bytes)
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise MalformedBody(f"the body is not valid JSON: {exc}") from exc
