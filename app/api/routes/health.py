"""Liveness and readiness for orchestrators."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from app.api.problems import problem
from app.services.health import NotReady, readiness

router = APIRouter(tags=["health"])
NOT_READY = "https://geoevents.dev/problems/not-ready"


@router.get("/health", summary="Liveness")
async def health() -> dict:
    return {"status": "ok"}


@router.get("/ready", summary="Readiness: gazetteer and model loaded, database reachable")
async def ready(request: Request) -> JSONResponse:
    state = request.app.state
    try:
        document = await run_in_threadpool(
            readiness, state.geoparser, state.store, state.load_error, state.store_error
        )
    except NotReady as exc:
        # 503 as an RFC 9457 problem, like every other error response
        return problem(503, "Not ready", exc.detail, request, NOT_READY)
    return JSONResponse(document)
