"""Checks at the edge, before routing, answered as RFC 9457 problems (400):

- a NUL character in the path or the query string: no route, and neither store, ever
  sees one (PostgreSQL cannot hold U+0000 in text; SQLite would store it);
- a ``Host`` header the service does not answer to (``GEOEVENTS_ALLOWED_HOSTS``): the
  check of Starlette's ``TrustedHostMiddleware``, so that no link is ever built from a
  host an attacker chose (``Host: evil.example``).
"""

from __future__ import annotations

import json
from urllib.parse import unquote_to_bytes

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.problems import PROBLEM_MEDIA_TYPE


def has_nul(scope: Scope) -> bool:
    path = scope.get("path", "")
    query = scope.get("query_string", b"")
    return "\x00" in path or b"\x00" in query or b"\x00" in unquote_to_bytes(query)


def host_allowed(host_header: str, allowed: list[str]) -> bool:
    """Whether ``Host: host_header`` matches one of ``allowed`` (``*``, ``*.domain``)."""
    host = host_header.strip().lower()
    if host.startswith("["):  # [::1]:8000
        host = host[1 : host.find("]")] if "]" in host else host
    else:
        host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    for pattern in allowed:
        if pattern == "*" or host == pattern:
            return True
        if pattern.startswith("*.") and host.endswith(pattern[1:]):
            return True
    return False


async def _problem(send: Send, scope: Scope, detail: str) -> None:
    body = json.dumps(
        {
            "type": "about:blank",
            "title": "Bad request",
            "status": 400,
            "detail": detail,
            "instance": scope.get("path", "").replace("\x00", "%00"),
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 400,
            "headers": [
                (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class EdgeChecks:
    """ASGI middleware: 400 for a NUL (``%00``) in the path or query, or a ``Host``
    outside ``allowed_hosts``."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = Headers(scope=scope).get("host", "")
        if not host_allowed(host, self.allowed_hosts):
            await _problem(
                send,
                scope,
                "this service does not answer to that Host; set GEOEVENTS_PUBLIC_URL or "
                "GEOEVENTS_ALLOWED_HOSTS to the names it is reached by",
            )
        elif has_nul(scope):
            await _problem(send, scope, "the path or the query contains a NUL character (%00)")
        else:
            await self.app(scope, receive, send)
