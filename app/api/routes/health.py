"""Liveness and readiness for orchestrators."""

from __future__ import annotations

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
    return JSONResponse(
        {
            "status": "ready",
            "gazetteer": {**asdict(status), "warnings": warnings},
            "store": {"backend": state.store.backend, "status": "reachable"},
        }
    )


def _not_ready(request: Request, detail: str) -> JSONResponse:
    """503 as an RFC 9457 problem, like every other error response."""
    return problem(503, "Not ready", detail, request, NOT_READY)
