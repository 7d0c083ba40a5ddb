"""Who may call what: API keys, the per-client rate limit, the geoparse time limit.

``guard`` runs before every route (the app's dependency): it checks a presented key
(401 when unknown or revoked), takes a token from the client's bucket (429), and asks
for a key on reads when ``require_key_for_reads`` is set. Write routes add
``WriteAccess``. Keys are read from ``X-API-Key`` or ``Authorization: Bearer``; they are
never logged nor echoed.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import anyio
from fastapi import Depends, Request

from app.core.deadline import deadline
from app.core.errors import (
    Forbidden,
    GeoparseTimeout,
    RateLimited,
    StoreUnavailable,
    Unauthorized,
)
from app.services.keys import (
    ApiKeyStore,
    StoredKey,
    allows,
    is_loopback,
    key_store_of,
    verify_key,
    writes_need_key,
)
from app.services.ratelimit import TokenBuckets

_TILE_PATH = re.compile(r"^/ogc/collections/[^/]+/tiles/[^/]+/\d+/\d+/\d+$")
TILE_COST = 0.05
"""What one vector tile takes from a client's rate limit: a map view loads tens of tiles
at once, which would otherwise exhaust the bucket meant for API requests."""
OPEN_PATHS = frozenset({"/health", "/ready"})
"""Routes that never ask for a key nor count against a rate limit (orchestrators' probes)."""
HOW = "send it as `X-API-Key: KEY` or `Authorization: Bearer KEY` (`geoevents keys create`)"
T = TypeVar("T")
_UNSET = object()
log = logging.getLogger("geoevents")


def presented_key(request: Request) -> str | None:
    value = request.headers.get("x-api-key", "").strip()
    if value:
        return value
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def key_store(request: Request) -> ApiKeyStore | None:
    """The key table of the app's store (None while the store is not open)."""
    state = request.app.state
    keys = key_store_of(getattr(state, "store", None), getattr(state, "api_keys", None))
    if keys is not None:
        state.api_keys = keys
    return keys


def _store_down(request: Request) -> Exception:
    return getattr(request.app.state, "store_error", None) or StoreUnavailable(
        "the article store (which holds the API keys) is not open"
    )


def current_key(request: Request) -> StoredKey | None:
    """The valid key the request presents, None without one; 401 for a bad one."""
    known = getattr(request.state, "api_key", _UNSET)
    if known is not _UNSET:
        return known
    presented = presented_key(request)
    record = None
    if presented is not None:
        keys = key_store(request)
        if keys is None:
            raise _store_down(request)
        record = verify_key(keys, presented)
        if record is None:
            raise Unauthorized("the API key is unknown or revoked")
    request.state.api_key = record
    return record


def _rate_limit(request: Request, record: StoredKey | None) -> None:
    settings = request.app.state.settings
    if settings.rate_limit_per_minute <= 0:
        return
    limiter = getattr(request.app.state, "rate_limiter", None)
    if limiter is None:
        burst = settings.rate_limit_burst or max(1, settings.rate_limit_per_minute // 6)
        limiter = TokenBuckets(settings.rate_limit_per_minute, burst)
        request.app.state.rate_limiter = limiter
    if record is not None:
        client = f"key:{record.id}"
    else:
        client = f"addr:{request.client.host if request.client else 'unknown'}"
    wait = limiter.take(client, TILE_COST if _TILE_PATH.match(request.url.path) else 1.0)
    if wait > 0:
        raise RateLimited(
            f"over {settings.rate_limit_per_minute} requests per minute; retry later",
            retry_after=max(1, math.ceil(wait)),
        )


async def guard(request: Request) -> None:
    """Every route: key check, rate limit, and a key for reads when configured. Async, so
    that a request without a key costs no worker thread. Probes (``OPEN_PATHS``) pass."""
    if request.url.path in OPEN_PATHS:
        return
    if presented_key(request) is None:
        record = None
        request.state.api_key = None
    else:
        record = await anyio.to_thread.run_sync(current_key, request)
    _rate_limit(request, record)
    settings = request.app.state.settings
    if settings.require_key_for_reads and record is None:
        raise Unauthorized(f"this service asks for an API key: {HOW}")
    if record is not None and not allows(record, "read"):
        raise Forbidden("this API key has no 'read' scope")


def require_write(request: Request) -> None:
    """Writes (ingest, delete) need a valid key with the ``write`` scope unless ``auth``
    says not (see ``writes_need_key``: never without a key on a non-loopback address)."""
    record = current_key(request)
    if record is not None:
        if not allows(record, "write"):
            raise Forbidden("this API key has no 'write' scope")
        return
    settings = request.app.state.settings
    keys = key_store(request)
    if keys is None and settings.auth == "auto":
        raise _store_down(request)
    if writes_need_key(settings, keys):
        if settings.auth == "auto" and not is_loopback(settings.host) and not keys.has_active():
            raise Unauthorized(
                f"this service listens on {settings.host}, beyond this machine, and has no "
                "API key yet, so it takes no writes: create one on the server with "
                "`geoevents keys create --name NAME` and send it as `X-API-Key: KEY`, or "
                "set GEOEVENTS_AUTH=off if a gateway in front authenticates"
            )
        raise Unauthorized(f"writing needs an API key: {HOW}")


def require_delete(request: Request, stored_by: str | None, action: str = "deleting") -> None:
    """Deleting (or correcting) an article needs an ``admin`` key or the key that stored it
    (after ``require_write``; without keys, as every write, when ``auth`` lets writes in)."""
    record = current_key(request)
    if record is None or allows(record, "admin") or record.id == stored_by:
        return
    raise Forbidden(f"{action} this article needs an 'admin' key or the key that stored it")


Guard = Depends(guard)
WriteAccess = Depends(require_write)


class _Running:
    """How many ``run_with_timeout`` calls have a worker thread still busy, including
    those whose request was already answered 408."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def add(self, n: int) -> None:
        with self._lock:
            self.count += n


RUNNING = _Running()


def running_work() -> int:
    """Worker threads of ``run_with_timeout`` that have not returned yet."""
    return RUNNING.count


async def run_with_timeout(fn: Callable[[], T], seconds: float, what: str) -> T:
    """``fn()`` in a worker thread; 408 when it takes longer than ``seconds``.

    The request is answered 408 at ``seconds`` without waiting for the thread. The thread
    runs ``fn`` under a cooperative deadline (``app.core.deadline``) ending at the same
    moment, so the geoparsing stops at its next ``check()`` (between stages, per sentence,
    per place), well under a second later for documents of ordinary size, and its result
    is dropped. For an ingest this means nothing is stored; only when the deadline passes
    while the article is being written (after the last check) may it still be stored,
    and sending it again answers 200.
    """
    end = time.monotonic() + seconds  # the clock runs while the request waits for a thread

    def work() -> T:
        RUNNING.add(1)
        try:
            with deadline(seconds, what, end=end):
                return fn()
        except GeoparseTimeout:
            log.info("%s: stopped at its deadline of %g s", what, seconds)
            raise
        finally:
            RUNNING.add(-1)

    try:
        with anyio.fail_after(seconds):
            return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
    except TimeoutError as exc:
        raise GeoparseTimeout(f"{what} took longer than {seconds:g} s") from exc
