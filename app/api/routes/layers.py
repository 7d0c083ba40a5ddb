"""GET /v1/layers/{events,places}: the stored features as GeoJSON pages or file downloads."""

from __future__ import annotations

from enum import StrEnum

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from app.api.deps import SettingsDep, StoreDep
from app.api.params import LayerParamsDep as ParamsDep
from app.api.responses import FastJSONResponse
from app.api.urls import public_url
from app.services import aggregates
from app.services.layers import (
    DEFAULT_LIMIT,
    DOWNLOADS,
    MAX_LIMIT,
    Link,
    build_filter,
    export,
    feature_collection,
    fetch_page,
    iter_features,
    next_url,
    url_with,
)

router = APIRouter(prefix="/v1/layers", tags=["layers"])


class LayerName(StrEnum):
    events = "events"
    places = "places"


class DownloadFormat(StrEnum):
    geojson = "geojson"
    csv = "csv"
    gpkg = "gpkg"
    kml = "kml"


def _base_url(request: Request) -> str:
    return public_url(request)


@router.get(
    "/events/aggregates",
    summary="The events counted per grid cell (zoomed-out maps)",
    responses={200: {"content": {"application/geo+json": {}}}},
)
def event_aggregates(
    store: StoreDep,
    params: ParamsDep,
    zoom: int = Query(
        2, ge=0, le=21, description="The map's zoom: cells are the tiles of zoom + 3."
    ),
) -> JSONResponse:
    """Every matching event of ``bbox`` (default: the world), counted in the database per
    cell of a square grid (the WebMercatorQuad tiles of ``zoom`` + 3, about 32 pixels on
    a map at ``zoom``): one square feature per cell holding events, with ``count``,
    ``fatalities``, the most frequent ``event_type`` and the mean ``lon``/``lat``.
    ``numberMatched`` is the number of matching events: the sum of the counts."""
    body = aggregates.aggregate_collection(store, params, zoom)
    return JSONResponse(body, media_type="application/geo+json")


@router.get(
    "/{layer}.{fmt}",
    summary="Download a layer (GeoJSON, CSV, GeoPackage, KML)",
    response_class=Response,
    responses={200: {"content": {t: {} for t in DOWNLOADS.values()}}},
)
def download_layer(
    layer: LayerName,
    fmt: DownloadFormat,
    store: StoreDep,
    settings: SettingsDep,
    params: ParamsDep,
    limit: int | None = Query(None, ge=1, description="Default and maximum: the server's cap."),
) -> Response:
    """Every matching feature as a file, nested properties flattened for CSV, GeoPackage
    and KML. At most ``GEOEVENTS_MAX_DOWNLOAD_FEATURES``; the header
    ``Geoevents-Truncated`` says when more matched."""
    filters = build_filter(params, store)
    cap = min(limit or settings.max_download_features, settings.max_download_features)
    features = list(iter_features(store, layer.value, filters, cap + 1))
    truncated = len(features) > cap
    data = export(features[:cap], layer.value, fmt.value, {"name": layer.value})
    headers = {"Content-Disposition": f'attachment; filename="geoevents-{layer}.{fmt}"'}
    if truncated:
        headers["Geoevents-Truncated"] = f"more than {cap} features matched"
    return Response(data, media_type=DOWNLOADS[fmt.value], headers=headers)


@router.get(
    "/{layer}",
    summary="A layer as GeoJSON, paged",
    responses={200: {"content": {"application/geo+json": {}}}},
)
def get_layer(
    request: Request,
    layer: LayerName,
    store: StoreDep,
    params: ParamsDep,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    after: str | None = Query(None, description="Page token from a `next` link."),
    flat: bool = Query(False, description="Flatten nested properties (actors, mentions, ...)."),
) -> JSONResponse:
    """Events (one feature per event) or places (one feature per gazetteer place, with the
    number of mentions, events and articles, and the article ids). Pages follow a stable
    order; ``next`` links keep every parameter; ``numberMatched`` counts all matches
    (left out above the count's cap or time limit)."""
    filters = build_filter(params, store)
    page = fetch_page(store, layer.value, filters, limit, after)
    url, query = _base_url(request), list(request.query_params.multi_items())
    links = [Link(url_with(url, query), "self")]
    following = next_url(url, query, page)
    if following:
        links.append(Link(following, "next"))
    for fmt, media_type in DOWNLOADS.items():
        download = url_with(f"{url}.{fmt}", query, after=None, limit=None, flat=None)
        links.append(Link(download, "alternate", media_type, f"download as {fmt}"))
    headers = {"Link": f'<{following}>; rel="next"'} if following else None
    body = feature_collection(page, links, flat, name=layer.value)
    return FastJSONResponse(body, media_type="application/geo+json", headers=headers)
