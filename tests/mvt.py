"""Read a vector tile back for the tests: its features with lon/lat geometries.

Tile coordinates (0..4096, decoded with y up) go back to EPSG:3857 over the tile's bounds
and then to lon/lat, so a test can compare a tile with the items of the same area.
"""

from __future__ import annotations

import math

import mapbox_vector_tile
import numpy as np
import shapely
from shapely.geometry import shape

from app.geometry.tiles import EXTENT, Tile, to_lon_lat


def tile_of(lon: float, lat: float, z: int) -> Tile:
    """The tile at zoom ``z`` that holds the point."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    rad = math.radians(lat)
    y = int((1 - math.log(math.tan(rad) + 1 / math.cos(rad)) / math.pi) / 2 * n)
    return Tile(z, min(x, n - 1), min(y, n - 1))


def decode(data: bytes, layer: str, tile: Tile) -> dict[str, tuple[dict, shapely.Geometry]]:
    """id -> (properties, lon/lat geometry) of one layer of an MVT."""
    minx, miny, maxx, maxy = tile.bounds_3857()

    def to_degrees(coords: np.ndarray) -> np.ndarray:
        x = minx + coords[:, 0] / EXTENT * (maxx - minx)
        y = miny + coords[:, 1] / EXTENT * (maxy - miny)
        return np.array([to_lon_lat(a, b) for a, b in zip(x, y, strict=True)]).reshape(-1, 2)

    decoded = mapbox_vector_tile.decode(data) if data else {}
    features = decoded.get(layer, {}).get("features", [])
    result = {}
    for feature in features:
        props = dict(feature["properties"])
        geometry = shapely.transform(shape(feature["geometry"]), to_degrees)
        result[props["id"]] = (props, geometry)
    assert len(result) == len(features), "feature ids repeat in the tile"
    return result
