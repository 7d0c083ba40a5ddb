"""GeoJSON (RFC 7946) from shapely geometries: lon/lat, right-hand winding, no ``crs``."""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

SIMPLIFY_TOLERANCE = 0.005
"""Degrees (about 500 m at the equator) by which lines and polygons are simplified for
transport unless full detail is asked for."""
COORDINATE_DECIMALS = 6
"""About 0.1 m: more digits only add bytes."""


def to_geojson(geometry: BaseGeometry, simplify: float | None = SIMPLIFY_TOLERANCE) -> dict:
    """A GeoJSON geometry object: optionally simplified, polygons wound counter-clockwise."""
    if simplify and geometry.geom_type != "Point":
        simpler = shapely.simplify(geometry, simplify, preserve_topology=True)
        if not simpler.is_empty and simpler.is_valid:
            geometry = simpler
    if geometry.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection"):
        geometry = shapely.orient_polygons(geometry, exterior_cw=False)
    return _round(mapping(geometry))


def _round(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, COORDINATE_DECIMALS)
    if isinstance(obj, (list, tuple)):
        return [_round(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    return obj


def label_point(geometry: BaseGeometry) -> list[float]:
    """A point on the feature (inside polygons, on lines) for point-only clients."""
    point = (
        geometry.interpolate(0.5, normalized=True)
        if geometry.geom_type in ("LineString", "MultiLineString")
        else geometry.representative_point()
    )
    return [round(point.x, COORDINATE_DECIMALS), round(point.y, COORDINATE_DECIMALS)]
