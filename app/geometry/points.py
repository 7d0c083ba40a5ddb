"""The one point a gazetteer gives an area."""

from __future__ import annotations

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry


def main_point(geometry: BaseGeometry) -> Point:
    """The centroid of the largest part of an area (inside it), as gazetteers place a
    country: Canada's point lies in its mainland, not on an island.

    >>> from shapely.geometry import MultiPolygon, box
    >>> main_point(MultiPolygon([box(0, 0, 4, 4), box(10, 10, 11, 11)])).coords[0]
    (2.0, 2.0)
    """
    parts = getattr(geometry, "geoms", [geometry])
    largest = max(parts, key=lambda g: g.area)
    centroid = largest.centroid
    return centroid if largest.contains(centroid) else largest.representative_point()
