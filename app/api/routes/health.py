"""Liveness and readiness for orchestrators."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app.gazetteer.checks import index_warnings

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness")
async def health() -> dict:
    return {"status": "ok"}


@router.get("/ready", summary="Readiness: gazetteer and model loaded")
async def ready(request: Request) -> JSONResponse:
    state = request.app.state
    if state.geoparser is None:
        error = state.load_error
        detail = error.detail if error is not None else "not loaded"
        return JSONResponse({"status": "unavailable", "detail": detail}, status_code=503)
    status = state.geoparser.gazetteer.status()
    warnings = index_warnings(status)
    return JSONResponse({"status": "ready", "gazetteer": {**asdict(status), "warnings": warnings}})
