"""GET /v1/geocode and /v1/reverse."""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from app.api.deps import GazetteerDep
from app.services import geocode as service

router = APIRouter(prefix="/v1", tags=["geocoding"])


@router.get("/geocode", summary="Find places by name")
async def geocode(
    gazetteer: GazetteerDep,
    q: str = Query(..., description="A place name in any common spelling: al-Bukamal."),
    country: str | None = Query(None, pattern="^[A-Za-z]{2}$", description="ISO alpha-2."),
    limit: int = Query(5, ge=1, le=service.MAX_LIMIT),
    geometry: bool = Query(False, description="Full geometries instead of points."),
) -> JSONResponse:
    """Ranked candidates as a GeoJSON FeatureCollection."""
    result = await run_in_threadpool(service.geocode, gazetteer, q, country, limit, geometry)
    return JSONResponse(result, media_type="application/geo+json")


@router.get("/reverse", summary="What is at a point")
async def reverse(
    gazetteer: GazetteerDep,
    lat: float = Query(..., ge=-90, le=90),
    lon: float = Query(..., ge=-180, le=180),
) -> JSONResponse:
    """The nearest populated place and the country and admin-1 area containing the point."""
    result = await run_in_threadpool(service.reverse, gazetteer, lon, lat)
    return JSONResponse(result, media_type="application/geo+json")
