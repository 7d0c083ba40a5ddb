"""OGC API - Tiles documents for the vector tiles of the ``events`` and ``places`` layers.

Framework-free, like :mod:`app.services.ogc`: functions take the base URL (``.../ogc``),
the collection and the client's query parameters and return plain dicts. The filters a
client gives on a tileset or TileJSON request are carried into its tile URL template, so
``tilejson.json?event_type=Battles`` describes tiles of battles only.

>>> doc = tile_matrix_set()
>>> doc["tileMatrices"][0]["matrixWidth"], doc["tileMatrices"][2]["matrixWidth"]
(1, 4)
"""

from __future__ import annotations

from app.geometry.tiles import (
    CRS_3857,
    MAX_LAT,
    MAX_ZOOM,
    TILE_MATRIX_SET,
    TILE_MATRIX_SET_URI,
    WORLD,
)
from app.services.aggregates import AGGREGATE_BELOW_ZOOM
from app.services.aggregates import LAYER as AGGREGATES
from app.services.layers import Link, url_with
from app.services.ogc import CRS84, JSON, TILING_SCHEMES_REL, Collection
from app.services.tiles import MVT
from app.store.base import Extent

TILING_SCHEME_REL = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
TILEJSON = "application/vnd.mapbox.tile+json"
TILEJSON_MAX_ZOOM = 16
"""The deepest zoom a TileJSON announces: a tile at 16 places points to ~15 cm, so
clients over-zoom beyond it instead of asking for more tiles (the server still serves
every zoom up to ``MAX_ZOOM``)."""
TILE_SIZE = 256
"""Pixels per tile side in the tile matrix set's scales (OGC WebMercatorQuad)."""
PIXEL = 0.00028
"""The standardized rendering pixel size (metres) behind the scale denominators."""

_FIELDS = {
    "events": {
        "id": ("String", "article id and event id, as in the items"),
        "article_id": ("String", "the article that reports the event"),
        "event_type": ("String", "ACLED event type"),
        "sub_event_type": ("String", "ACLED sub-event type"),
        "date_start": ("String", "first day (YYYY-MM-DD)"),
        "date_end": ("String", "last day (YYYY-MM-DD)"),
        "fatalities": ("Number", "best fatality count"),
        "country_code": ("String", "ISO 3166-1 alpha-2"),
        "name": ("String", "the event's place name"),
        "score": ("Number", "confidence, 0 to 1"),
        "source_dataset": ("String", "geoevents (extracted) or acled (imported)"),
    },
    "places": {
        "id": ("String", "gazetteer id, as in the items"),
        "name": ("String", "the place's name"),
        "feature_type": ("String", "the gazetteer's feature type"),
        "country_code": ("String", "ISO 3166-1 alpha-2"),
        "mention_count": ("Number", "mentions in the matching articles"),
        "article_count": ("Number", "matching articles that name it"),
        "event_count": ("Number", "matching events placed there"),
        "score": ("Number", "highest confidence, 0 to 1"),
        "first_date": ("String", "first day (YYYY-MM-DD)"),
        "last_date": ("String", "last day (YYYY-MM-DD)"),
    },
    AGGREGATES: {
        "id": ("String", "the cell: zoom/column/row of a WebMercatorQuad tile"),
        "count": ("Number", "matching events whose point is in the cell"),
        "fatalities": ("Number", "their fatalities, summed"),
        "event_type": ("String", "their most frequent event type"),
        "lon": ("Number", "their mean longitude"),
        "lat": ("Number", "their mean latitude"),
    },
}
"""The properties of each layer's tiles (``app.store.tiles``, and the cells of
``app.services.aggregates``): type and meaning."""
_TEMPLATE = "/{tileMatrix}/{tileRow}/{tileCol}"
_CELLS = "Events counted per grid cell, in place of the events of a crowded tile"


def _tileset_url(base: str, collection: Collection) -> str:
    return f"{base}/collections/{collection.id}/tiles/{TILE_MATRIX_SET}"


def _template(url: str, params: list[tuple[str, str]], names: str = _TEMPLATE) -> str:
    """The tile URL template with the client's filters (braces kept as they are)."""
    with_query = url_with(url + "/TEMPLATE", [(k, v) for k, v in params if k != "f"])
    return with_query.replace("/TEMPLATE", names, 1)


def _world_bbox(extent: Extent) -> list[float]:
    if extent.bbox is None:
        return [-180.0, -MAX_LAT, 180.0, MAX_LAT]
    west, south, east, north = extent.bbox
    return [west, max(south, -MAX_LAT), east, min(north, MAX_LAT)]


def _tiling_scheme(base: str) -> Link:
    url = f"{base}/tileMatrixSets/{TILE_MATRIX_SET}"
    return Link(url, TILING_SCHEME_REL, JSON, "the WebMercatorQuad tile matrix set")


def _summary(base: str, collection: Collection, params: list[tuple[str, str]]) -> dict:
    url = _tileset_url(base, collection)
    return {
        "title": f"{collection.title} (vector tiles)",
        "dataType": "vector",
        "crs": CRS_3857,
        "tileMatrixSetURI": TILE_MATRIX_SET_URI,
        "links": [
            Link(url_with(url, params), "self", JSON, "the tileset").as_dict(),
            _tiling_scheme(base).as_dict(),
        ],
    }


def tilesets_doc(base: str, collection: Collection, params: list[tuple[str, str]]) -> dict:
    """``/collections/{id}/tiles``: the one tileset (WebMercatorQuad, MVT)."""
    url = f"{base}/collections/{collection.id}/tiles"
    return {
        "links": [
            Link(url_with(url, params), "self", JSON, "the tilesets").as_dict(),
            Link(
                f"{base}/collections/{collection.id}", "collection", JSON, "the collection"
            ).as_dict(),
        ],
        "tilesets": [_summary(base, collection, params)],
    }


def _properties_schema(layer: str) -> dict:
    kinds = {"String": "string", "Number": "number"}
    return {
        "type": "object",
        "properties": {
            name: {"type": kinds[kind], "description": meaning}
            for name, (kind, meaning) in _FIELDS[layer].items()
        },
    }


def tileset_doc(
    base: str, collection: Collection, extent: Extent, params: list[tuple[str, str]]
) -> dict:
    """``/collections/{id}/tiles/WebMercatorQuad``: the tileset metadata (OGC 2D TMS)."""
    url = _tileset_url(base, collection)
    west, south, east, north = _world_bbox(extent)
    doc = _summary(base, collection, params)
    doc["description"] = collection.description
    doc["links"] += [
        Link(_template(url, params), "item", MVT, "a tile (Mapbox Vector Tile)").as_dict()
        | {"templated": True},
        Link(
            url_with(f"{url}/tilejson.json", params), "describedby", TILEJSON, "TileJSON"
        ).as_dict(),
        Link(f"{base}/collections/{collection.id}", "collection", JSON, "the collection").as_dict(),
    ]
    doc["boundingBox"] = {"lowerLeft": [west, south], "upperRight": [east, north], "crs": CRS84}
    doc["layers"] = [
        {
            "id": layer,
            "dataType": "vector",
            "minTileMatrix": "0",
            "maxTileMatrix": str(max_zoom),
            "propertiesSchema": _properties_schema(layer),
        }
        for layer, max_zoom in _layers(collection, MAX_ZOOM)
    ]
    return doc


def _layers(collection: Collection, max_zoom: int) -> list[tuple[str, int]]:
    """The collection's layers and the deepest zoom of each: the events may come as
    cells below ``AGGREGATE_BELOW_ZOOM``."""
    layers = [(collection.layer, max_zoom)]
    if collection.layer == "events":
        layers.append((AGGREGATES, AGGREGATE_BELOW_ZOOM - 1))
    return layers


def tilejson(
    base: str, collection: Collection, extent: Extent, params: list[tuple[str, str]]
) -> dict:
    """TileJSON 3.0.0 for MapLibre, QGIS and the like."""
    url = _tileset_url(base, collection)
    return {
        "tilejson": "3.0.0",
        "name": f"geoevents {collection.id}",
        "description": collection.description,
        "tiles": [_template(url, params, "/{z}/{y}/{x}")],
        "scheme": "xyz",
        "minzoom": 0,
        "maxzoom": TILEJSON_MAX_ZOOM,
        "bounds": _world_bbox(extent),
        "vector_layers": [
            {
                "id": layer,
                "description": collection.title if layer == collection.layer else _CELLS,
                "minzoom": 0,
                "maxzoom": max_zoom,
                "fields": {name: kind for name, (kind, _) in _FIELDS[layer].items()},
            }
            for layer, max_zoom in _layers(collection, TILEJSON_MAX_ZOOM)
        ],
    }


def tile_matrix_sets(base: str) -> dict:
    """``/tileMatrixSets``: the one tile matrix set the tiles use."""
    return {
        "tileMatrixSets": [
            {
                "id": TILE_MATRIX_SET,
                "title": "Google Maps Compatible for the World",
                "uri": TILE_MATRIX_SET_URI,
                "links": [_tiling_scheme(base).as_dict() | {"rel": "self"}],
            }
        ],
        "links": [
            Link(f"{base}/tileMatrixSets", "self", JSON, "tile matrix sets").as_dict(),
            Link(f"{base}/tileMatrixSets", TILING_SCHEMES_REL, JSON, "tile matrix sets").as_dict(),
        ],
    }


def tile_matrix_set() -> dict:
    """WebMercatorQuad as OGC 2D Tile Matrix Set 2.0 JSON (what GDAL's OGCAPI driver
    reads to place the tiles)."""
    matrices = []
    for zoom in range(MAX_ZOOM + 1):
        cell = 2 * WORLD / TILE_SIZE / 2**zoom
        matrices.append(
            {
                "id": str(zoom),
                "scaleDenominator": cell / PIXEL,
                "cellSize": cell,
                "cornerOfOrigin": "topLeft",
                "pointOfOrigin": [-WORLD, WORLD],
                "tileWidth": TILE_SIZE,
                "tileHeight": TILE_SIZE,
                "matrixWidth": 2**zoom,
                "matrixHeight": 2**zoom,
            }
        )
    return {
        "id": TILE_MATRIX_SET,
        "title": "Google Maps Compatible for the World",
        "uri": TILE_MATRIX_SET_URI,
        "crs": CRS_3857,
        "orderedAxes": ["X", "Y"],
        "wellKnownScaleSet": "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
        "tileMatrices": matrices,
    }
