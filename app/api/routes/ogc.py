"""OGC API - Features (Part 1 Core) under /ogc: the events and places layers for GIS tools."""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from app.api.deps import StoreDep
from app.api.params import OgcParamsDep
from app.api.responses import FastJSONResponse
from app.api.urls import public_base
from app.core.errors import NotFound
from app.services import ogc
from app.services.layers import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    build_filter,
    fetch_page,
)

router = APIRouter(prefix="/ogc", tags=["OGC API - Features"])
MAX_OFFSET = 1_000_000_000
"""Largest ``offset`` (422 above; a database's integers end at 2^63)."""

_F = Query(None, pattern="^(json|geojson|html)$", description="json (default) or html.")


def _base(request: Request) -> str:
    return public_base(request) + "/ogc"


def _wants_html(request: Request, f: str | None) -> bool:
    if f is not None:
        return f == "html"
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "json" not in accept.split("text/html")[0]


def _respond(
    request: Request, f: str | None, doc: dict, render, media_type: str = ogc.JSON
) -> Response:
    if _wants_html(request, f):
        return HTMLResponse(render(doc))
    return JSONResponse(doc, media_type=media_type)


def _collection(collection_id: str) -> ogc.Collection:
    collection = ogc.COLLECTIONS.get(collection_id)
    if collection is None:
        raise NotFound(
            f"collection {collection_id!r} not found; collections: {', '.join(ogc.COLLECTIONS)}"
        )
    return collection


@router.get("", summary="Landing page")
def landing(request: Request, f: str | None = _F) -> Response:
    return _respond(request, f, ogc.landing(_base(request)), ogc.landing_html)


@router.get("/conformance", summary="Conformance classes")
def conformance(request: Request, f: str | None = _F) -> Response:
    return _respond(request, f, ogc.conformance(), ogc.conformance_html)


@router.get("/collections", summary="Feature collections")
def collections(request: Request, store: StoreDep, f: str | None = _F) -> Response:
    doc = ogc.collections_doc(_base(request), ogc.collection_extents(store))
    return _respond(request, f, doc, ogc.collections_html)


@router.get("/collections/{collection_id}", summary="A feature collection")
def collection(
    request: Request, collection_id: str, store: StoreDep, f: str | None = _F
) -> Response:
    described = _collection(collection_id)
    doc = ogc.collection_doc(_base(request), described, ogc.collection_extent(store, described))
    return _respond(request, f, doc, ogc.collection_html)


@router.get(
    "/collections/{collection_id}/items",
    summary="Features of a collection",
    responses={200: {"content": {ogc.GEOJSON: {}, ogc.HTML: {}}}},
)
def items(
    request: Request,
    collection_id: str,
    store: StoreDep,
    params: OgcParamsDep,
    f: str | None = _F,
    bbox: str | None = Query(
        None, description="minlon,minlat,maxlon,maxlat (CRS84); minlon > maxlon crosses 180."
    ),
    bbox_crs: str | None = Query(None, alias="bbox-crs", description="Only CRS84."),
    crs: str | None = Query(None, description="Only CRS84."),
    limit: int | None = Query(
        None,
        ge=1,
        description=f"Default {DEFAULT_LIMIT}; larger than {MAX_LIMIT} means {MAX_LIMIT}.",
        json_schema_extra={"maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    ),
    after: str | None = Query(None, description="Keyset page token from a `next` link."),
    offset: int | None = Query(
        None, ge=0, le=MAX_OFFSET, description="Features to skip (prefer `next`)."
    ),
) -> Response:
    """Features in a stable order (keyset paging: ``next`` links keep every parameter,
    including ``f``, ``bbox`` and ``datetime``); ``numberMatched`` is exact where given
    (left out above the count's cap or time limit)."""
    described = _collection(collection_id)
    ogc.check_params(list(request.query_params.keys()))
    ogc.check_crs(bbox_crs, "bbox-crs")
    ogc.check_crs(crs, "crs")
    params = dataclasses.replace(params, bbox=bbox)
    filters = build_filter(ogc.collection_params(described, params), store, antimeridian=True)
    size = min(limit or DEFAULT_LIMIT, MAX_LIMIT)
    page = fetch_page(store, described.layer, filters, size, after, offset or 0)
    doc = ogc.items_doc(_base(request), described, page, list(request.query_params.multi_items()))
    headers = {"Content-Crs": f"<{ogc.CRS84}>"}
    if _wants_html(request, f):
        items_url = f"{_base(request)}/collections/{described.id}/items"
        return HTMLResponse(ogc.items_html(described.title, doc, items_url))
    return FastJSONResponse(doc, media_type=ogc.GEOJSON, headers=headers)


@router.get(
    "/collections/{collection_id}/items/{feature_id}",
    summary="One feature",
    responses={200: {"content": {ogc.GEOJSON: {}, ogc.HTML: {}}}},
)
def item(
    request: Request,
    collection_id: str,
    feature_id: str,
    store: StoreDep,
    f: str | None = _F,
) -> Response:
    described = _collection(collection_id)
    feature = ogc.get_feature(store, described, feature_id)
    doc = ogc.item_doc(_base(request), described, feature)
    if _wants_html(request, f):
        return HTMLResponse(ogc.item_html(doc))
    return JSONResponse(doc, media_type=ogc.GEOJSON, headers={"Content-Crs": f"<{ogc.CRS84}>"})
