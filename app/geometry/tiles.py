"""WebMercatorQuad tiles: z/x/y to bounds in EPSG:3857 (metres) and EPSG:4326 (degrees).

The tile matrix set of OGC API - Tiles and of every web map: at zoom ``z`` the square
world of spherical Mercator (EPSG:3857, ±20037508.34 m, latitudes up to ±85.0511°) is cut
into 2^z × 2^z tiles, column ``x`` from the west, row ``y`` from the north.

>>> tile = parse_tile("1", "0", "1")
>>> tile
Tile(z=1, x=1, y=0)
>>> [round(v, 4) for v in tile.bounds_4326()]
[0.0, 0.0, 180.0, 85.0511]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.core.errors import BadQuery, NotFound

TILE_MATRIX_SET = "WebMercatorQuad"
TILE_MATRIX_SET_URI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
CRS_3857 = "http://www.opengis.net/def/crs/EPSG/0/3857"
EARTH_RADIUS = 6378137.0
"""The sphere of EPSG:3857 (WGS84's semi-major axis), metres."""
WORLD = math.pi * EARTH_RADIUS
"""Half the width of the Mercator world: x and y run from -WORLD to WORLD."""
MAX_LAT = math.degrees(2 * math.atan(math.exp(math.pi)) - math.pi / 2)
"""85.0511...°: the latitude where the square Mercator world ends."""
MAX_ZOOM = 24
"""The deepest tile matrix of WebMercatorQuad (OGC 2D TMS 2.0 defines 0 to 24)."""
EXTENT = 4096
"""Tile coordinates per side in a vector tile."""
BUFFER = 64
"""Tile coordinates kept around a tile, so that clipped lines and polygons join up."""

BBox = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Tile:
    """One tile of WebMercatorQuad: zoom (tile matrix), column and row."""

    z: int
    x: int
    y: int

    def bounds_3857(self, buffer: int = 0) -> BBox:
        """minx, miny, maxx, maxy in metres, widened by ``buffer`` tile coordinates."""
        size = 2 * WORLD / 2**self.z
        pad = size * buffer / EXTENT
        minx = -WORLD + self.x * size
        maxy = WORLD - self.y * size
        return (minx - pad, maxy - size - pad, minx + size + pad, maxy + pad)

    def bounds_4326(self, buffer: int = 0) -> BBox:
        """minlon, minlat, maxlon, maxlat of the (widened) tile, clamped to the world;
        longitudes are exact (they are linear in the column)."""
        _, miny, _, maxy = self.bounds_3857(buffer)
        size = 360 / 2**self.z
        pad = size * buffer / EXTENT
        west = max(-180 + self.x * size - pad, -180.0)
        east = min(-180 + (self.x + 1) * size + pad, 180.0)
        south = to_lon_lat(0, max(miny, -WORLD))[1]
        north = to_lon_lat(0, min(maxy, WORLD))[1]
        return (west, south, east, north)


def to_lon_lat(x: float, y: float) -> tuple[float, float]:
    """EPSG:3857 metres to lon/lat degrees (spherical Mercator)."""
    lon = math.degrees(x / EARTH_RADIUS)
    lat = math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS)) - math.pi / 2)
    return lon, lat


def to_mercator(lon: float, lat: float) -> tuple[float, float]:
    """Lon/lat degrees to EPSG:3857 metres; latitudes beyond ±85.0511° are clamped.

    >>> [round(v, 2) for v in to_mercator(180, 45)]
    [20037508.34, 5621521.49]
    """
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    x = EARTH_RADIUS * math.radians(lon)
    y = EARTH_RADIUS * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return x, y


def _index(value: str, name: str) -> int:
    if not value.isascii() or not value.isdigit():
        raise BadQuery(f"{name} must be a non-negative integer, got {value!r}")
    return int(value)


def parse_tile(z: str, y: str, x: str) -> Tile:
    """The tile of the path segments ``{tileMatrix}/{tileRow}/{tileCol}``.

    Raises BadQuery (400) for a value that is not a non-negative integer, and NotFound
    (404) for a zoom beyond ``MAX_ZOOM`` or a row or column outside the matrix.
    """
    zoom, row, col = _index(z, "tileMatrix (z)"), _index(y, "tileRow (y)"), _index(x, "tileCol (x)")
    if zoom > MAX_ZOOM:
        raise NotFound(f"tileMatrix {zoom} does not exist: WebMercatorQuad has 0 to {MAX_ZOOM}")
    size = 2**zoom
    if row >= size or col >= size:
        raise NotFound(
            f"tile {zoom}/{row}/{col} is outside tile matrix {zoom}: rows and columns run "
            f"from 0 to {size - 1}"
        )
    return Tile(zoom, col, row)
