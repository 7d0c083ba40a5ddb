"""OGC API - Tiles under /ogc: vector tiles (MVT) of the events and places collections."""

from __future__ import annotations

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse, Response

from app.api.deps import SettingsDep, StoreDep
from app.api.head import add_head_routes
from app.api.params import OgcParamsDep
from app.api.urls import public_base
from app.services import aggregates, ogc, tiles, tilesets

router = APIRouter(prefix="/ogc", tags=["OGC API - Tiles"])
_TILE_RESPONSES = {
    200: {"content": {tiles.MVT: {}}, "description": "A Mapbox Vector Tile of one layer."},
    204: {"description": "No feature of the layer in this tile."},
    304: {"description": "The tile named in If-None-Match is current."},
}


def _base(request: Request) -> str:
    return public_base(request) + "/ogc"


def _query(request: Request) -> list[tuple[str, str]]:
    """The client's filters, checked: they go into the documents' tile URL templates."""
    params = list(request.query_params.multi_items())
    tiles.check_params([k for k, _ in params])
    return params


def _tileset_answer(
    request: Request, collection_id: str, tile_matrix_set_id: str, store: StoreDep, build
) -> JSONResponse:
    """A tileset document (``build``: metadata or TileJSON) of a tiled collection."""
    collection = tiles.tiled_collection(collection_id, tile_matrix_set_id)
    extent = ogc.collection_extent(store, collection)
    return JSONResponse(build(_base(request), collection, extent, _query(request)))


@router.get("/tileMatrixSets", summary="Tile matrix sets")
def tile_matrix_sets(request: Request) -> JSONResponse:
    return JSONResponse(tilesets.tile_matrix_sets(_base(request)))


@router.get("/tileMatrixSets/{tile_matrix_set_id}", summary="A tile matrix set")
def tile_matrix_set(tile_matrix_set_id: str) -> JSONResponse:
    tiles.check_tile_matrix_set(tile_matrix_set_id)
    return JSONResponse(tilesets.tile_matrix_set())


@router.get("/collections/{collection_id}/tiles", summary="Vector tilesets of a collection")
def collection_tilesets(request: Request, collection_id: str) -> JSONResponse:
    collection = tiles.tiled_collection(collection_id)
    return JSONResponse(tilesets.tilesets_doc(_base(request), collection, _query(request)))


@router.get(
    "/collections/{collection_id}/tiles/{tile_matrix_set_id}",
    summary="A vector tileset's metadata",
)
def collection_tileset(
    request: Request, collection_id: str, tile_matrix_set_id: str, store: StoreDep
) -> JSONResponse:
    return _tileset_answer(request, collection_id, tile_matrix_set_id, store, tilesets.tileset_doc)


@router.get(
    "/collections/{collection_id}/tiles/{tile_matrix_set_id}/tilejson.json",
    summary="A vector tileset as TileJSON",
)
def collection_tilejson(
    request: Request, collection_id: str, tile_matrix_set_id: str, store: StoreDep
) -> JSONResponse:
    return _tileset_answer(request, collection_id, tile_matrix_set_id, store, tilesets.tilejson)


@router.get(
    "/collections/{collection_id}/tiles/{tile_matrix_set_id}/{z}/{y}/{x}",
    summary="A vector tile (Mapbox Vector Tile)",
    response_class=Response,
    responses=_TILE_RESPONSES,
)
def collection_tile(
    request: Request,
    collection_id: str,
    tile_matrix_set_id: str,
    z: str,
    y: str,
    x: str,
    store: StoreDep,
    settings: SettingsDep,
    params: OgcParamsDep,
    if_none_match: str | None = Header(None),
) -> Response:
    """The layer's features in tile ``z/y/x`` (tileMatrix/tileRow/tileCol), with the
    same filters as the items. ``ETag`` changes with any write to the store; send it
    back in ``If-None-Match`` for a 304. An empty tile is 204."""
    collection = tiles.tiled_collection(collection_id, tile_matrix_set_id)
    tile = tiles.parse_tile(z, y, x)
    tiles.check_params(list(request.query_params.keys()))
    filters = tiles.tile_filter(ogc.collection_params(collection, params), store)
    answer = tiles.fetch_tile(store, collection.layer, tile, filters, if_none_match)
    headers = {
        "ETag": answer.etag,
        "Cache-Control": tiles.cache_control(settings.require_key_for_reads),
    }
    if answer.aggregated:
        headers["Geoevents-Aggregated"] = f"counts per cell in the layer {aggregates.LAYER}"
    if answer.truncated:
        headers["Geoevents-Truncated"] = f"more than {tiles.MAX_TILE_FEATURES} features matched"
    if answer.status != 200:
        return Response(status_code=answer.status, headers=headers)
    return Response(answer.data, media_type=tiles.MVT, headers=headers)


add_head_routes(router)  # tile caches and proxies ask with HEAD
