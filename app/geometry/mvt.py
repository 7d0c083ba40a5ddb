"""Encode lon/lat features into one layer of a Mapbox Vector Tile (``mapbox-vector-tile``).

What PostGIS does with ``ST_AsMVTGeom`` + ``ST_AsMVT``, for the SQLite store: each
geometry is clipped to the tile widened by ``BUFFER`` tile coordinates (the clip box is a
rectangle in both CRSs: Mercator maps meridians and parallels to straight lines),
projected to EPSG:3857, and quantized to the tile's 4096 × 4096 grid (the encoder turns
y down).

>>> from shapely.geometry import Point
>>> from app.geometry.tiles import Tile
>>> data, count = encode_layer("events", Tile(0, 0, 0), [Point(0, 0)], [{"id": "a"}])
>>> count, len(data) > 0
(1, True)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from app.geometry.tiles import BUFFER, EARTH_RADIUS, EXTENT, MAX_LAT, Tile

_DIMENSION = {"Point": 0, "LineString": 1, "Polygon": 2}


def _to_mercator(coords: np.ndarray) -> np.ndarray:
    lon, lat = coords[:, 0], np.clip(coords[:, 1], -MAX_LAT, MAX_LAT)
    x = EARTH_RADIUS * np.radians(lon)
    y = EARTH_RADIUS * np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))
    return np.column_stack([x, y])


def _quantizer(tile: Tile):
    """EPSG:3857 metres to whole tile coordinates, y up (the encoder turns it down)."""
    minx, miny, maxx, maxy = tile.bounds_3857()

    def quantize(coords: np.ndarray) -> np.ndarray:
        x = (coords[:, 0] - minx) / (maxx - minx) * EXTENT
        y = (coords[:, 1] - miny) / (maxy - miny) * EXTENT
        return np.rint(np.column_stack([x, y]))

    return quantize


def _single_kind(geometry: BaseGeometry) -> BaseGeometry:
    """A geometry the encoder takes: a collection left by clipping keeps only its parts
    of the highest dimension (the others are slivers of the clip)."""
    if geometry.geom_type != "GeometryCollection":
        return geometry
    parts = [p for p in shapely.get_parts(geometry) if not p.is_empty]
    if not parts:
        return shapely.GeometryCollection()
    top = max(_DIMENSION.get(p.geom_type.removeprefix("Multi"), 0) for p in parts)
    kept = [p for p in parts if _DIMENSION.get(p.geom_type.removeprefix("Multi"), 0) == top]
    return shapely.union_all(kept)


def tile_geometries(tile: Tile, geometries: Sequence[BaseGeometry | None]) -> list:
    """The geometries clipped to the buffered tile, in whole tile coordinates (y up;
    None where nothing is left)."""
    clip = tile.bounds_4326(BUFFER)
    array = np.array(list(geometries), dtype=object)
    clipped = shapely.clip_by_rect(array, *clip)
    quantize = _quantizer(tile)
    projected = shapely.transform(clipped, lambda c: quantize(_to_mercator(c)))
    return [None if g is None or g.is_empty else _single_kind(g) for g in np.atleast_1d(projected)]


def encode_layer(
    name: str,
    tile: Tile,
    geometries: Sequence[BaseGeometry | None],
    properties: Sequence[dict],
) -> tuple[bytes, int]:
    """One MVT layer of the features in the tile: (tile bytes, features written).

    ``properties`` are flat (str, int, float, bool); None values are left out, as
    ``ST_AsMVT`` leaves out NULLs. Features with nothing left in the tile are dropped.
    """
    from mapbox_vector_tile import encoder

    features = [
        {"geometry": geom, "properties": {k: v for k, v in props.items() if v is not None}}
        for geom, props in zip(tile_geometries(tile, geometries), properties, strict=True)
        if geom is not None and not geom.is_empty
    ]
    if not features:
        return b"", 0
    options = {
        "extents": EXTENT,
        "on_invalid_geometry": encoder.on_invalid_geometry_make_valid,
    }
    vector_tile = encoder.VectorTile(default_options=options)
    vector_tile.add_layer(name=name, features=features)
    return vector_tile.tile.SerializeToString(), len(vector_tile.layer.features)
