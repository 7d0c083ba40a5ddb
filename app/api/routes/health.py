"""Liveness and readiness for orchestrators."""

from __future__ import annotations

import re
from dataclasses import asdict

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from app.api.problems import problem
from app.core.errors import GeoeventsError
from app.gazetteer.checks import index_warnings

router = APIRouter(tags=["health"])
NOT_READY = "https://geoevents.dev/problems/not-ready"


@router.get("/health", summary="Liveness")
async def health() -> dict:
    return {"status": "ok"}


@router.get("/ready", summary="Readiness: gazetteer and model loaded, database reachable")
async def ready(request: Request) -> JSONResponse:
    state = request.app.state
    if state.geoparser is None:
        error = state.load_error
        return _not_ready(request, error.detail if error is not None else "not loaded")
    store_error = state.store_error
    if state.store is not None:
        try:
            await run_in_threadpool(state.store.ping)
        except GeoeventsError as exc:
            store_error = exc
    if store_error is not None or state.store is None:
        detail = store_error.detail if store_error is not None else "the store is not open"
        return _not_ready(request, detail)
    status = state.geoparser.gazetteer.status()
    warnings = index_warnings(status)
    gazetteer = asdict(status)
    for private in ("path", "extra"):  # where files are is nobody's business outside
        gazetteer.pop(private, None)
    gazetteer["sources"] = {
        name: "local" if _PATH.search(value) else value for name, value in status.sources.items()
    }
    return JSONResponse(
        {
            "status": "ready",
            "gazetteer": {**gazetteer, "warnings": [scrub(w) for w in warnings]},
            "store": {"backend": state.store.backend, "status": "reachable"},
        }
    )


_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S*?(?=[:,;.]?(?:\s|$))", re.IGNORECASE)
_PATH = re.compile(r"(?:^|(?<=[\s'\"(=]))(?:[A-Za-z]:)?[/\\][^\s'\",;)]*")


def scrub(text: str) -> str:
    """``text`` without URLs (database URLs name hosts and users) nor filesystem paths:
    ``/ready`` answers anyone, without a key."""
    return _PATH.sub("<path>", _URL.sub("<url>", text))


def _not_ready(request: Request, detail: str) -> JSONResponse:
    """503 as an RFC 9457 problem, like every other error response; names and states,
    never paths or database URLs."""
    return problem(503, "Not ready", scrub(detail), request, NOT_READY)
