"""Map pages (HTML), the offline basemap, and the static files the pages load.

Every page is self-hosted: its scripts and styles come from ``/static`` on this service
and its Content-Security-Policy forbids any other. ``?embed=1`` gives a page without the
header, for iframes; the origins allowed to frame it are ``GEOEVENTS_MAP_FRAME_ANCESTORS``.
"""

from __future__ import annotations

import gzip
import json

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, Response

from app.api.access import run_with_timeout
from app.api.body import read_json
from app.api.deps import GazetteerDep, GeoparserDep, SettingsDep, StoreDep
from app.api.head import add_head_routes
from app.api.params import LayerParamsDep
from app.geoparse.types import check_size
from app.maps import assets
from app.services import maps
from app.services.documents import DocumentIn, parse_document

router = APIRouter(tags=["maps"])

EMBED = Query(False, description="A page without the header, to put in an iframe.")
HTML = {200: {"content": {"text/html": {}}}}
STATIC_MAX_AGE = 86_400
GZIP_OVER = 20_000


def _accepts_gzip(request: Request) -> bool:
    return "gzip" in request.headers.get("accept-encoding", "")


def _body(data: bytes, media_type: str, request: Request, headers: dict[str, str]) -> Response:
    """The body, gzip-compressed when large and the client takes it (a page or a records
    page with thousands of events shrinks about tenfold)."""
    headers = {**headers, "Vary": "Accept-Encoding"}
    if len(data) > GZIP_OVER and _accepts_gzip(request):
        headers["Content-Encoding"] = "gzip"
        data = gzip.compress(data, compresslevel=5)
    return Response(data, media_type=media_type, headers=headers)


def _records(body: dict, request: Request) -> Response:
    """What the events map fetches (records or cells): compact JSON, never cached."""
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return _body(data, "application/json", request, {"Cache-Control": "no-store"})


def _html(page: maps.MapPage, request: Request) -> Response:
    headers = {
        "Content-Security-Policy": page.content_security_policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cache-Control": "no-store",
    }
    return _body(page.html.encode(), "text/html; charset=utf-8", request, headers)


@router.post(
    "/v1/maps/preview",
    summary="Map of a text that is not stored",
    response_class=HTMLResponse,
    responses=HTML,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": DocumentIn.model_json_schema()}},
        }
    },
)
async def preview(
    request: Request, geoparser: GeoparserDep, settings: SettingsDep, embed: bool = EMBED
) -> Response:
    """The body of ``POST /v1/geoparse`` (``id``, ``text`` or ``html``, ``published_at``,
    ``title``) in, the map of its places and events out; 408 past
    ``GEOEVENTS_GEOPARSE_TIMEOUT``, as for ``/v1/geoparse``."""
    doc = check_size(
        parse_document(await read_json(request, settings.max_request_bytes)),
        settings.max_text_chars,
    )
    page = await run_with_timeout(
        lambda: maps.preview_page(geoparser, doc, settings, embed),
        settings.geoparse_timeout,
        "geoparsing the document",
    )
    return _html(page, request)


@router.post(
    "/v1/maps/render",
    summary="Map of a FeatureCollection",
    response_class=HTMLResponse,
    responses=HTML,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/geo+json": {"schema": {"type": "object"}}},
        }
    },
)
async def render(request: Request, settings: SettingsDep, embed: bool = EMBED) -> Response:
    """A FeatureCollection of the geoparse contract (the output of ``/v1/geoparse``, or of
    ``/v1/articles/{id}``) drawn as a map; 422 for GeoJSON that is not valid (saying what
    and where), 408 past ``GEOEVENTS_GEOPARSE_TIMEOUT``."""
    collection = await read_json(request, settings.max_request_bytes)
    page = await run_with_timeout(
        lambda: maps.collection_page(collection, settings, embed),
        settings.geoparse_timeout,
        "drawing the map",
    )
    return _html(page, request)


@router.get(
    "/v1/maps/articles/{article_id}",
    summary="Map of a stored article",
    response_class=HTMLResponse,
    responses=HTML,
)
async def article_map(
    request: Request, article_id: str, store: StoreDep, settings: SettingsDep, embed: bool = EMBED
) -> Response:
    """The article's places (points, lines, areas) and events (markers by event type, with
    the evidence sentence, date, actors, fatalities and a link to the article)."""
    page = await run_in_threadpool(maps.article_page, store, article_id, settings, embed)
    return _html(page, request)


@router.get(
    "/v1/maps/events",
    summary="Map of the stored events",
    response_class=HTMLResponse,
    responses=HTML,
)
async def events_map(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    params: LayerParamsDep,
    embed: bool = EMBED,
) -> Response:
    """Matching events with marker clustering, a layer per event type, a time slider and
    a heat map (off by default). With more than ``GEOEVENTS_MAP_INLINE_EVENTS`` events the
    page loads the events of the visible area from ``/v1/maps/events/records``."""
    page = await run_in_threadpool(maps.events_page, store, params, settings, embed)
    return _html(page, request)


@router.get("/v1/maps/events/records", summary="Events of an area, as the events map draws them")
async def event_records(
    request: Request,
    store: StoreDep,
    params: LayerParamsDep,
    limit: int = Query(5000, ge=1, le=10_000),
) -> Response:
    """Compact event records (see ``app/maps/records.py``) with ``numberMatched``,
    ``numberReturned`` and ``complete`` (false: there are more, zoom in)."""
    body = await run_in_threadpool(maps.event_records_page, store, params, limit)
    return _records(body, request)


@router.get("/v1/maps/events/cells", summary="Events of an area counted per grid cell, for the map")
async def event_cells(
    request: Request,
    store: StoreDep,
    params: LayerParamsDep,
    zoom: int = Query(2, ge=0, le=21, description="The map's zoom."),
) -> Response:
    """Compact cell records (``app/maps/records.cell_record``) with ``numberMatched``:
    what the events map draws below zoom 8 (the GeoJSON of the same cells is
    ``/v1/layers/events/aggregates``)."""
    body = await run_in_threadpool(maps.event_cells_page, store, params, zoom)
    return _records(body, request)


@router.get(
    "/v1/maps/basemap.geojson",
    summary="Offline basemap: Natural Earth land and country outlines",
    responses={200: {"content": {"application/geo+json": {}}}},
)
async def basemap(request: Request, gazetteer: GazetteerDep) -> Response:
    outlines = await run_in_threadpool(maps.basemap_outlines, gazetteer)
    headers = {"Cache-Control": f"public, max-age={STATIC_MAX_AGE}", "Vary": "Accept-Encoding"}
    if _accepts_gzip(request):  # compressed once, when the outlines were built
        headers["Content-Encoding"] = "gzip"
        return Response(outlines.gzip, media_type="application/geo+json", headers=headers)
    return Response(outlines.json, media_type="application/geo+json", headers=headers)


@router.get("/static/{path:path}", summary="Scripts and styles of the map pages")
async def static(path: str) -> FileResponse:
    """Leaflet and its plugins (from their PyPI packages) and the page script."""
    file, media_type = assets.resolve(path)
    return FileResponse(
        file,
        media_type=media_type,
        headers={
            "Cache-Control": f"public, max-age={STATIC_MAX_AGE}",
            "X-Content-Type-Options": "nosniff",
        },
    )


add_head_routes(router)
