"""GeoJSON (RFC 7946) from shapely geometries: lon/lat, right-hand winding, no ``crs``."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from app.geometry.points import reference_point

SIMPLIFY_TOLERANCE = 0.005
"""Degrees (about 500 m at the equator) by which lines and polygons are simplified for
transport unless full detail is asked for."""
COORDINATE_DECIMALS = 6
"""About 0.1 m: more digits only add bytes."""
T = TypeVar("T")


def to_geojson(geometry: BaseGeometry, simplify: float | None = SIMPLIFY_TOLERANCE) -> dict:
    """A GeoJSON geometry object: optionally simplified, polygons wound counter-clockwise,
    coordinates rounded to ``COORDINATE_DECIMALS``. Each call returns a new dict, but the
    coordinate lists of a line or polygon may be shared with other calls' results: do not
    modify them in place."""
    if geometry.geom_type == "Point" and not geometry.is_empty:
        return {"type": "Point", "coordinates": _round([geometry.x, geometry.y])}
    if geometry.is_empty:
        return _round(mapping(geometry))
    # The same country or river shows up in many documents: simplifying it and writing
    # its JSON (GEOS does both) is done once per geometry and tolerance.
    digest = hashlib.blake2b(shapely.to_wkb(geometry), digest_size=16).digest()
    key = (digest, simplify or 0.0)
    return dict(_GEOJSON.get(key, lambda: _geojson(geometry, simplify)))


def _geojson(geometry: BaseGeometry, simplify: float | None) -> dict:
    if simplify:
        simpler = shapely.simplify(geometry, simplify, preserve_topology=True)
        if not simpler.is_empty and simpler.is_valid:
            geometry = simpler
    if geometry.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection"):
        geometry = shapely.orient_polygons(geometry, exterior_cw=False)
    rounded = shapely.transform(geometry, lambda xy: np.round(xy, COORDINATE_DECIMALS))
    return json.loads(shapely.to_geojson(rounded))


class BoundedCache:
    """A thread-safe cache of at most ``size`` values, the oldest dropped first.

    With ``by_identity``, keys are objects compared by identity (the coordinate lists of
    a cached GeoJSON geometry, a geometry read from it): the cache holds a reference to
    each key, so an identity is not reused while its value is cached."""

    def __init__(self, size: int, by_identity: bool = False) -> None:
        self.size = size
        self.by_identity = by_identity
        self._lock = threading.Lock()
        self._values: dict[Any, tuple[Any, Any]] = {}

    def get(self, key: Any, compute: Callable[[], T]) -> T:
        slot = id(key) if self.by_identity else key
        found = self._values.get(slot)
        if found is not None and (not self.by_identity or found[0] is key):
            return found[1]
        value = compute()
        with self._lock:
            if len(self._values) >= self.size:
                self._values.pop(next(iter(self._values)))
            self._values[slot] = (key, value)
        return value


_GEOJSON = BoundedCache(256)
"""GeoJSON geometries by (WKB digest, tolerance)."""
_SHAPES = BoundedCache(256, by_identity=True)
"""Geometries read back from the (shared) coordinate lists of cached GeoJSON."""


def _round(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, COORDINATE_DECIMALS)
    if isinstance(obj, (list, tuple)):
        return [_round(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    return obj


def label_point(geometry: BaseGeometry, point: tuple[float, float] | None = None) -> list[float]:
    """A feature's ``label_point``, [lon, lat]: its reference point
    (``app.geometry.points.reference_point``; ``point`` is its gazetteer entry's own
    point, if any), the one point-only clients get."""
    found = reference_point(geometry, point)
    return [round(found.x, COORDINATE_DECIMALS), round(found.y, COORDINATE_DECIMALS)]


def from_geojson(obj: dict) -> BaseGeometry:
    """A shapely geometry from a GeoJSON geometry object; lines and polygons go through
    numpy, several times faster than ``shapely.geometry.shape`` on large areas, and a
    geometry written by ``to_geojson`` is read once (its coordinate lists are shared)."""
    kind, coords = obj.get("type"), obj.get("coordinates")
    if not coords or kind not in _BUILDERS:
        return shape(obj)
    return _SHAPES.get(coords, lambda: _build(kind, coords, obj))


def _build(kind: str, coords: list, obj: dict) -> BaseGeometry:
    try:
        return _BUILDERS[kind](coords)
    except (ValueError, TypeError):  # ragged or odd coordinates: shapely's own message
        return shape(obj)


def _polygon(rings: list) -> BaseGeometry:
    shell, *holes = (np.asarray(ring, dtype=float) for ring in rings)
    return shapely.polygons(shell, holes=holes or None)


_BUILDERS = {
    "LineString": lambda c: shapely.linestrings(np.asarray(c, dtype=float)),
    "MultiLineString": lambda c: shapely.multilinestrings(
        [shapely.linestrings(np.asarray(line, dtype=float)) for line in c]
    ),
    "Polygon": _polygon,
    "MultiPolygon": lambda c: shapely.multipolygons([_polygon(p) for p in c]),
}
