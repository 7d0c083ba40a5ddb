"""Zoomed-out views of every matching event: counts per grid cell, not a capped sample.

Below ``AGGREGATE_BELOW_ZOOM`` the events map asks for the cells of its view, and a
vector tile of the events collection that would carry more than
``TILE_EVENTS_BEFORE_AGGREGATES`` events carries the layer ``events_aggregates``
instead: one square per cell (the cells are ``app.geometry.cells``) with ``count``,
``fatalities``, the most frequent ``event_type`` and the mean position. The store counts
them in the database (``ArticleRepository.aggregate_events``); the counts of a view's
cells add up to the number of matching events in it.

>>> cell_feature(Cell(3, 4, 3, 2, 5, "Battles", 12.5, 20.0))["properties"]["count"]
2
"""

from __future__ import annotations

import dataclasses

import shapely

from app.core.errors import BadQuery
from app.geometry.cells import CELL_LEVELS, Cell, CellRange
from app.geometry.tiles import Tile
from app.services.layers import LayerParams, build_filter, parse_bbox
from app.store.base import ArticleRepository, LayerFilter, TileContent

AGGREGATE_BELOW_ZOOM = 8
"""Maps below this zoom show cells; vector tiles below it may carry them."""
TILE_EVENTS_BEFORE_AGGREGATES = 5_000
"""A tile below ``AGGREGATE_BELOW_ZOOM`` with more matching events than this carries
the cells instead of the events."""
MAX_CELLS = 20_000
"""The most cells one request may span (a map view spans about 2,500)."""
LAYER = "events_aggregates"
WORLD = (-180.0, -90.0, 180.0, 90.0)


@dataclasses.dataclass(frozen=True, slots=True)
class Aggregates:
    """The cells of a view: which range was counted, the cells holding events, and (when
    asked for) the same events counted per event type (``None``: no type)."""

    cells: CellRange
    found: list[Cell]
    types: dict[str | None, int] | None = None

    @property
    def total(self) -> int:
        return sum(c.count for c in self.found)


def aggregate_view(
    repo: ArticleRepository,
    params: LayerParams,
    zoom: int,
    levels: int = CELL_LEVELS,
    by_type: bool = False,
) -> Aggregates:
    """The matching events of ``params.bbox`` (default: the world) counted per cell of
    a map at ``zoom``, and with ``by_type`` per event type too (from the same query);
    BadQuery (400) for a box of more than ``MAX_CELLS`` cells."""
    (box,) = parse_bbox(params.bbox) if params.bbox else (WORLD,)
    filters = build_filter(dataclasses.replace(params, bbox=None), repo)
    cells = CellRange.of_bbox(box, zoom, levels)
    if cells.count > MAX_CELLS:
        raise BadQuery(
            f"the bbox spans {cells.count:,} cells at zoom {zoom} (at most {MAX_CELLS:,}): "
            "ask for a smaller area or a lower zoom"
        )
    counted = repo.count_cells(filters, cells)
    return Aggregates(cells, counted.cells, counted.types if by_type else None)


def cell_feature(cell: Cell) -> dict:
    """A cell as a GeoJSON feature: its square, and its numbers."""
    west, south, east, north = cell.bounds_4326()
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {
        "type": "Feature",
        "id": cell.id,
        "geometry": {"type": "Polygon", "coordinates": [[_round(p) for p in ring]]},
        "properties": {
            "count": cell.count,
            "fatalities": cell.fatalities,
            "event_type": cell.event_type,
            "lon": round(cell.lon, 5),
            "lat": round(cell.lat, 5),
        },
    }


def _round(point: list[float]) -> list[float]:
    return [round(point[0], 6), round(point[1], 6)]


def aggregate_collection(repo: ArticleRepository, params: LayerParams, zoom: int) -> dict:
    """``GET /v1/layers/events/aggregates``: the cells as a GeoJSON FeatureCollection;
    ``numberMatched`` is the number of matching events, ``numberReturned`` of cells."""
    view = aggregate_view(repo, params, zoom)
    return {
        "type": "FeatureCollection",
        "name": LAYER,
        "zoom": zoom,
        "cellZoom": view.cells.zoom,
        "numberMatched": view.total,
        "numberReturned": len(view.found),
        "features": [cell_feature(c) for c in view.found],
    }


def aggregated_tile(repo: ArticleRepository, filters: LayerFilter, tile: Tile) -> TileContent:
    """The cells of a tile as the vector tile layer ``events_aggregates``."""
    from app.geometry.mvt import encode_layer

    found = repo.aggregate_events(filters, CellRange.of_tile(tile))
    squares = [shapely.box(*c.bounds_4326()) for c in found]
    properties = [
        {
            "id": c.id,
            "count": c.count,
            "fatalities": c.fatalities,
            "event_type": c.event_type,
            "lon": round(c.lon, 5),
            "lat": round(c.lat, 5),
        }
        for c in found
    ]
    data, count = encode_layer(LAYER, tile, squares, properties)
    return TileContent(data, count)


def events_or_cells(
    repo: ArticleRepository, filters: LayerFilter, tile: Tile, limit: int
) -> tuple[TileContent, bool]:
    """An events tile, or below ``AGGREGATE_BELOW_ZOOM`` with more than
    ``TILE_EVENTS_BEFORE_AGGREGATES`` events, the tile of its cells: (content, cells)."""
    if tile.z >= AGGREGATE_BELOW_ZOOM:
        return repo.tile("events", filters, tile, limit), False
    content = repo.tile("events", filters, tile, min(limit, TILE_EVENTS_BEFORE_AGGREGATES))
    if not content.truncated:
        return content, False
    return aggregated_tile(repo, filters, tile), True
