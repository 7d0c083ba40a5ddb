"""The one point a gazetteer gives an area, and the one point the service gives any
feature (``reference_point``)."""

from __future__ import annotations

import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

LINE_TOLERANCE = 0.01
"""Degrees (about 1 km) an entry's own point may lie off its line and still be its point:
a river's mouth as GeoNames places it, on Natural Earth's line."""
POLYLABEL_STEPS = 200.0
"""The pole of inaccessibility is found to within 1/200 of the area's larger extent
(under 0.01 degrees for a town's outline, about 0.3 degrees for Russia's mainland)."""


def main_point(geometry: BaseGeometry) -> Point:
    """The centroid of the largest part of an area (inside it), as gazetteers place a
    country: Canada's point lies in its mainland, not on an island. Where the centroid
    falls outside the part (a crescent, a ring of islands), the part's pole of
    inaccessibility.

    >>> from shapely.geometry import MultiPolygon, box
    >>> main_point(MultiPolygon([box(0, 0, 4, 4), box(10, 10, 11, 11)])).coords[0]
    (2.0, 2.0)
    """
    largest = _largest(geometry)
    centroid = largest.centroid
    return centroid if largest.contains(centroid) else pole_of_inaccessibility(largest)


def reference_point(
    geometry: BaseGeometry, point: tuple[float, float] | Point | None = None
) -> Point:
    """The point a feature stands at for point-only clients (``label_point``, the ACLED
    CSV's latitude/longitude, KML and CSV downloads, map markers) and for scoring.

    ``point`` is the gazetteer entry's own (lon, lat), GeoNames' or Natural Earth's, when
    the feature comes from an entry. A point is itself. An area gives ``point`` when it
    covers it, else the pole of inaccessibility of its largest part. A line gives
    ``point`` when it lies within ``LINE_TOLERANCE`` of it, else the line's point nearest
    to ``point``, or without one the line's middle. Never an arbitrary surface point.

    >>> from shapely.geometry import box
    >>> reference_point(box(0, 0, 4, 2), (1.0, 1.0)).coords[0]
    (1.0, 1.0)
    >>> [round(c, 6) for c in reference_point(box(0, 0, 4, 4), (9.0, 9.0)).coords[0]]
    [2.0, 2.0]
    """
    own = None if point is None else point if isinstance(point, Point) else Point(*point[:2])
    if geometry.is_empty:
        if own is None:
            raise ValueError("an empty geometry without a point has no reference point")
        return own
    if geometry.geom_type == "Point":
        return Point(geometry.x, geometry.y)
    area = _polygonal(geometry)
    if area is not None:
        if own is not None and area.covers(own):
            return own
        return pole_of_inaccessibility(_largest(area))
    line = _lineal(geometry)
    if line is not None:
        if own is None:
            return line.interpolate(0.5, normalized=True)
        if line.distance(own) <= LINE_TOLERANCE:
            return own
        return line.interpolate(line.project(own))
    points = [g for g in getattr(geometry, "geoms", [geometry]) if g.geom_type == "Point"]
    if own is not None and any(p.equals(own) for p in points):
        return own
    return Point(points[0].x, points[0].y) if points else geometry.centroid


def pole_of_inaccessibility(polygon: BaseGeometry) -> Point:
    """The point inside ``polygon`` farthest from its edges (``shapely.ops.polylabel``), to
    within 1/``POLYLABEL_STEPS`` of its larger extent."""
    if not polygon.is_valid:
        polygon = _largest(_polygonal(shapely.make_valid(polygon)) or polygon)
    minx, miny, maxx, maxy = polygon.bounds
    tolerance = max(maxx - minx, maxy - miny) / POLYLABEL_STEPS
    if tolerance <= 0:
        return Point(minx, miny)
    return polylabel(polygon, tolerance)


def _largest(geometry: BaseGeometry) -> BaseGeometry:
    parts = getattr(geometry, "geoms", [geometry])
    return max(parts, key=lambda g: g.area)


def _polygonal(geometry: BaseGeometry) -> BaseGeometry | None:
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [
        p
        for g in getattr(geometry, "geoms", [])
        for p in getattr(g, "geoms", [g])
        if p.geom_type == "Polygon" and not p.is_empty
    ]
    return shapely.MultiPolygon(parts) if parts else None


def _lineal(geometry: BaseGeometry) -> BaseGeometry | None:
    if geometry.geom_type in ("LineString", "MultiLineString", "LinearRing"):
        return geometry
    parts = [
        p
        for g in getattr(geometry, "geoms", [])
        for p in getattr(g, "geoms", [g])
        if p.geom_type in ("LineString", "LinearRing") and not p.is_empty
    ]
    return shapely.MultiLineString(parts) if parts else None
