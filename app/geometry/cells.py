"""The grid of aggregate cells: the WebMercatorQuad tiles of a deeper zoom.

Zoomed out, the events are counted per cell of a square grid (square on the screen): the
cells of a map at zoom ``z`` are the tiles of zoom ``z + CELL_LEVELS``, about 32 pixels a
side, and a vector tile ``z/x/y`` holds exactly its 8 × 8 cells of that zoom, so cells
never straddle tiles and every event falls in exactly one cell. An event's cell is the
one holding its point (for a line or an area, the centre of its bounding box).

>>> cells = CellRange.of_bbox((-180.0, -90.0, 180.0, 90.0), zoom=2)
>>> cells.zoom, cells.count
(5, 1024)
>>> CellRange.of_tile(Tile(1, 1, 0)).min_x, CellRange.of_tile(Tile(1, 1, 0)).max_y
(8, 7)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.geometry.tiles import MAX_ZOOM, WORLD, Tile, to_mercator

CELL_LEVELS = 3
"""Cells are the tiles this many zoom levels below the view: 8 × 8 cells per tile."""
MAX_CELL_ZOOM = MAX_ZOOM
BBox = tuple[float, float, float, float]


def cell_of(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    """Column and row of the tile of ``zoom`` holding the point (latitudes beyond
    ±85.0511° go to the first or last row; longitude 180 to the last column).

    >>> cell_of(0.0, 0.0, 1), cell_of(180.0, -90.0, 2)
    ((1, 1), (3, 3))
    """
    n = 2**zoom
    _, y = to_mercator(lon, lat)
    column = math.floor((lon + 180.0) / 360.0 * n)
    row = math.floor((WORLD - y) / (2 * WORLD) * n)
    return min(max(column, 0), n - 1), min(max(row, 0), n - 1)


@dataclass(frozen=True, slots=True)
class CellRange:
    """The cells of one zoom in columns ``min_x..max_x`` and rows ``min_y..max_y``."""

    zoom: int
    min_x: int
    min_y: int
    max_x: int
    max_y: int

    @classmethod
    def of_bbox(cls, bbox: BBox, zoom: int, levels: int = CELL_LEVELS) -> CellRange:
        """The cells of a map view at ``zoom`` that meet the lon/lat box."""
        cell_zoom = min(zoom + levels, MAX_CELL_ZOOM)
        west, south, east, north = bbox
        min_x, min_y = cell_of(west, north, cell_zoom)
        max_x, max_y = cell_of(east, south, cell_zoom)
        return cls(cell_zoom, min_x, min_y, max_x, max_y)

    @classmethod
    def of_tile(cls, tile: Tile, levels: int = CELL_LEVELS) -> CellRange:
        """The cells inside a tile (``levels`` zooms deeper)."""
        levels = min(levels, MAX_CELL_ZOOM - tile.z)
        side = 2**levels
        x, y = tile.x * side, tile.y * side
        return cls(tile.z + levels, x, y, x + side - 1, y + side - 1)

    @property
    def count(self) -> int:
        return (self.max_x - self.min_x + 1) * (self.max_y - self.min_y + 1)

    def bounds_4326(self) -> BBox:
        """The lon/lat box the cells cover."""
        west, _, _, north = Tile(self.zoom, self.min_x, self.min_y).bounds_4326()
        _, south, east, _ = Tile(self.zoom, self.max_x, self.max_y).bounds_4326()
        return (west, south, east, north)


@dataclass(frozen=True, slots=True)
class Cell:
    """The matching events of one cell: how many, their fatalities, the most frequent
    event type (None when the most frequent has none), and their mean position."""

    zoom: int
    x: int
    y: int
    count: int
    fatalities: int
    event_type: str | None
    lon: float
    lat: float

    @property
    def id(self) -> str:
        return f"{self.zoom}/{self.x}/{self.y}"

    def bounds_4326(self) -> BBox:
        return Tile(self.zoom, self.x, self.y).bounds_4326()
