"""The error responses of every operation in the OpenAPI document, written once.

Every error the service sends is an RFC 9457 ``application/problem+json`` document
(``app/api/problems.py``); FastAPI's generated document knows only its own 422
``HTTPValidationError``, which the service never sends. ``install`` post-processes the
generated document: it drops that 422 and lists, per operation, the statuses the
operation can answer, read off what the operation takes:

=========  ==================================================================
status     operations
=========  ==================================================================
401, 403,  all but the probes ``/health`` and ``/ready`` (API key, its scopes, rate
429        limit)
503        all but ``/health`` (the store holds the keys; gazetteer, store)
400        a request body (malformed or too deeply nested JSON), a query parameter
           the services parse themselves (``PARSED_QUERY``: bbox, datetime, page
           tokens, ...), or any parameter (a NUL character, ``app/api/edge.py``)
404        a path parameter, or an ``article_id`` filter
408        a request body (it must arrive within ``GEOEVENTS_BODY_TIMEOUT``), and
           the operations that work on it under a time limit (``TIMED``)
413, 415   a request body
422        a request body, a query parameter, or a path parameter that is not
           a plain string (FastAPI's validation, answered as a problem)
=========  ==================================================================

Shared pieces go to ``components``: the ``Problem`` schema and one response per status.
"""

from __future__ import annotations

import json

from fastapi import FastAPI

from app.api.access import OPEN_PATHS
from app.api.problems import PROBLEM_MEDIA_TYPE

TIMED = frozenset(
    {
        ("post", "/v1/geoparse"),
        ("post", "/v1/articles"),
        ("patch", "/v1/articles/{article_id}"),
        ("post", "/v1/maps/preview"),
        ("post", "/v1/maps/render"),
    }
)
"""Operations whose work runs under ``GEOEVENTS_GEOPARSE_TIMEOUT`` (408)."""
PARSED_QUERY = frozenset(
    {"bbox", "bbox-crs", "crs", "datetime", "after", "start", "end", "q", "limit", "offset"}
)
"""Query parameters whose values the services parse and refuse with 400 (BadQuery)."""

PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "RFC 9457 problem details.",
    "type": "object",
    "required": ["type", "title", "status", "detail", "instance"],
    "properties": {
        "type": {
            "type": "string",
            "description": "A URI naming the kind of problem (`about:blank` for plain HTTP "
            "errors).",
        },
        "title": {"type": "string", "description": "Short summary of the kind of problem."},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string", "description": "What went wrong with this request."},
        "instance": {"type": "string", "description": "The request path."},
        "errors": {
            "type": "array",
            "description": "422 only: each invalid part of the request.",
            "items": {
                "type": "object",
                "required": ["loc", "msg"],
                "properties": {
                    "loc": {"type": "array", "items": {"type": "string"}},
                    "msg": {"type": "string"},
                },
            },
        },
    },
}

_HEADERS = {
    401: {
        "WWW-Authenticate": {
            "description": 'Always `Bearer realm="geoevents"`.',
            "schema": {"type": "string"},
        }
    },
    429: {
        "Retry-After": {
            "description": "Seconds to wait before the next request.",
            "schema": {"type": "integer", "minimum": 1},
        }
    },
}
RESPONSES = {
    400: (
        "BadRequest",
        "Malformed or too deeply nested JSON body, a query value the service cannot use, "
        "or a NUL character in the path or query.",
    ),
    401: ("Unauthorized", "Missing, unknown or revoked API key where one is needed."),
    403: ("Forbidden", "The API key's scopes do not allow this request."),
    404: ("NotFound", "No such article, collection, feature, layer format or file."),
    408: (
        "Timeout",
        "The request body did not arrive within the time limit, or the work on it "
        "(geoparsing, drawing) took longer than its limit.",
    ),
    413: ("TooLarge", "The request body or the document is over the size limit."),
    415: ("UnsupportedMediaType", "The body's content type is not accepted here."),
    422: ("InvalidRequest", "Invalid parameters or document."),
    429: ("TooManyRequests", "Over the rate limit of this API key or client address."),
    503: ("Unavailable", "The gazetteer or the article store is not available."),
}
"""status -> (name under ``components/responses``, description)."""


def error_statuses(method: str, path: str, operation: dict) -> set[int]:
    """The error statuses one operation can answer (see the module's table)."""
    if path == "/health":
        return set()
    statuses = {503}
    if path not in OPEN_PATHS:
        statuses |= {401, 403, 429}
    params = operation.get("parameters", [])
    query = {p["name"] for p in params if p.get("in") == "query"}
    typed_path = any(
        p.get("in") == "path" and p.get("schema", {}).get("type") != "string" for p in params
    )
    body = "requestBody" in operation
    if body:
        statuses |= {400, 413, 415, 422}
    if query or typed_path:
        statuses.add(422)
    if query & PARSED_QUERY or any(p.get("in") in ("path", "query") for p in params):
        statuses.add(400)
    if any(p.get("in") == "path" for p in params) or "article_id" in query:
        statuses.add(404)
    if body or (method, path) in TIMED:
        statuses.add(408)
    return statuses


def add_problem_responses(document: dict) -> dict:
    """``document`` (a generated OpenAPI document) with the problem responses, in place."""
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    shared = components.setdefault("responses", {})
    for status, (name, description) in RESPONSES.items():
        response = {
            "description": description,
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        if status in _HEADERS:
            response["headers"] = _HEADERS[status]
        shared[name] = response
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            responses.pop("422", None)  # FastAPI's HTTPValidationError: never sent
            for status in sorted(error_statuses(method, path, operation)):
                responses[str(status)] = {"$ref": f"#/components/responses/{RESPONSES[status][0]}"}
    if "/HTTPValidationError" not in json.dumps(document.get("paths", {})):
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
    return document


def install(app: FastAPI) -> None:
    """Serve the document with the problem responses (built once, on first request)."""
    generate = app.openapi
    built: list[dict] = []

    def openapi() -> dict:
        if not built:
            built.append(add_problem_responses(generate()))
        return built[0]

    app.openapi = openapi
