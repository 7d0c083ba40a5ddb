"""Vector tiles of a layer, with an ETag that changes when the store does.

The tile's filters are the layers' own (``datetime``, ``event_type``, ``actor``,
``country``, ``article_id``, ``min_score``, parsed by :func:`app.services.layers.build_filter`);
the tile takes the place of ``bbox``. The ETag is a digest of the store's content revision,
the layer, the tile and the filters, so a client's ``If-None-Match`` is answered with
304 after one small query, before any feature is read, and the first write after it
(ingest, re-processing, delete) changes every tile's ETag.

Below zoom ``aggregates.AGGREGATE_BELOW_ZOOM``, an events tile that would carry more than
``aggregates.TILE_EVENTS_BEFORE_AGGREGATES`` events carries their counts per grid cell
(the layer ``events_aggregates``) instead of a capped sample.

An empty tile is ``204 No Content`` (with its ETag), which OGC API - Tiles allows and web
map libraries and GDAL's OGC API reader (tested) take as a tile without features.

>>> strong("W/\\"abc\\"")
'"abc"'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from app.core.errors import BadQuery, NotFound
from app.geometry.tiles import TILE_MATRIX_SET, Tile
from app.geometry.tiles import parse_tile as parse_tile  # the routes' z/y/x parser
from app.services import aggregates, ogc
from app.services.layers import FILTER_PARAMS, LayerParams, build_filter
from app.store.base import ArticleRepository, LayerFilter

MVT = "application/vnd.mapbox-vector-tile"
MAX_TILE_FEATURES = 50_000
"""Features one tile carries at most (the first in the layer's order); the header
``Geoevents-Truncated`` says when more matched."""
TILE_PARAMS = frozenset({"datetime"}) | FILTER_PARAMS
"""Query parameters a tile request takes; any other is a 400, as on the items."""
ENCODING = "mvt2"
"""Part of every ETag: change it when the tile's content changes for the same data."""


@dataclass(frozen=True, slots=True)
class TileAnswer:
    """What the route sends: 200 with the tile, 204 (empty), or 304 (not modified)."""

    status: int
    data: bytes
    etag: str
    truncated: bool = False
    aggregated: bool = False
    """The tile carries the ``events_aggregates`` cells instead of the events."""


def check_tile_matrix_set(tile_matrix_set_id: str) -> None:
    if tile_matrix_set_id != TILE_MATRIX_SET:
        raise NotFound(
            f"tile matrix set {tile_matrix_set_id!r} not found; the tiles use {TILE_MATRIX_SET}"
        )


def tiled_collection(collection_id: str, tile_matrix_set_id: str | None = None) -> ogc.Collection:
    """The collection whose tiles are asked for; NotFound (404) for one without tiles or
    another tile matrix set."""
    collection = ogc.COLLECTIONS.get(collection_id)
    if collection is None or not collection.tiled:
        tiled = ", ".join(c.id for c in ogc.COLLECTIONS.values() if c.tiled)
        raise NotFound(f"collection {collection_id!r} has no tiles; tiled collections: {tiled}")
    if tile_matrix_set_id is not None:
        check_tile_matrix_set(tile_matrix_set_id)
    return collection


def check_params(names: list[str]) -> None:
    """BadQuery (400) for a query parameter a tile does not take (``f`` aside)."""
    ogc.check_params([n for n in names if n != "f"], TILE_PARAMS)


def tile_filter(params: LayerParams, store: ArticleRepository) -> LayerFilter:
    """The layer filters of a tile request (a bbox in ``params`` is not allowed)."""
    if params.bbox is not None:
        raise BadQuery("a tile request takes no bbox: the tile is the area")
    return build_filter(params, store)


def etag(revision: str, backend: str, layer: str, tile: Tile, filters: LayerFilter) -> str:
    """A strong ETag for one tile of one layer under the filters at one store revision."""
    key = repr((ENCODING, revision, backend, layer, tile.z, tile.x, tile.y, filters))
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def strong(tag: str) -> str:
    """The opaque part of an entity tag, compared weakly (RFC 9110 13.1.2)."""
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def not_modified(if_none_match: str | None, tag: str) -> bool:
    """Whether ``If-None-Match`` names ``tag`` (or is ``*``)."""
    if not if_none_match:
        return False
    tags = [strong(t) for t in if_none_match.split(",")]
    return "*" in tags or strong(tag) in tags


def fetch_tile(
    store: ArticleRepository,
    layer: str,
    tile: Tile,
    filters: LayerFilter,
    if_none_match: str | None = None,
) -> TileAnswer:
    """The tile, or 304 when the client's copy is current.

    The revision is read before the features: a write that lands in between gives a tile
    newer than its ETag, which the next request (with the write's new revision) replaces.
    """
    tag = etag(store.revision(), store.backend, layer, tile, filters)
    if not_modified(if_none_match, tag):
        return TileAnswer(304, b"", tag)
    aggregated = False
    if layer == "events":
        content, aggregated = aggregates.events_or_cells(store, filters, tile, MAX_TILE_FEATURES)
    else:
        content = store.tile(layer, filters, tile, MAX_TILE_FEATURES)
    status = 200 if content.count else 204
    data = content.data if content.count else b""
    return TileAnswer(status, data, tag, content.truncated, aggregated)


def cache_control(reads_need_key: bool) -> str:
    """Caches may keep a tile but must ask again (a cheap 304) before using it: a write
    to the store changes it at once. Private where reads need an API key."""
    return ("private" if reads_need_key else "public") + ", no-cache"
