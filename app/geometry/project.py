"""A local metric projection for buffers and distances in kilometres.

Shapely measures in the units of the coordinates; in lon/lat a "10 km" buffer would be
an ellipse that changes with latitude. Derived areas are therefore built in an
azimuthal equidistant projection centred on the place they are derived from
(distances from the centre are true; within 1,000 km of it other distances are off
by less than 0.5 %), then brought back to lon/lat (EPSG:4326).

>>> from shapely.geometry import Point
>>> local = LocalProjection.at(40.92, 34.45)
>>> round(local.to_metric(Point(41.02, 34.45)).x / 1000, 1)
9.2
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from pyproj import Transformer
from shapely import affinity
from shapely.geometry.base import BaseGeometry

KM = 1000.0
"""Metres per kilometre: the projection's unit is the metre."""
DENSIFY_DEG = 0.05
"""Longest edge (degrees, ~5 km) projected as it is; longer ones are split first."""


@lru_cache(maxsize=256)
def _transformer(lon: float, lat: float) -> Transformer:
    # A PROJ pipeline (degrees -> aeqd on WGS84) is built in microseconds, where
    # Transformer.from_crs("EPSG:4326", ...) looks the CRS up in PROJ's database (~15 ms).
    return Transformer.from_pipeline(
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad"
        f" +step +proj=aeqd +lat_0={lat} +lon_0={lon} +ellps=WGS84 +over"
    )


@dataclass(frozen=True, slots=True)
class LocalProjection:
    """An azimuthal equidistant projection (metres) centred on ``lon``, ``lat``."""

    lon: float
    lat: float

    @classmethod
    def at(cls, lon: float, lat: float) -> LocalProjection:
        """Centred on a point; rounded to 0.01 degree so that projections are reused."""
        return cls(round(float(lon), 2), round(float(lat), 2))

    @classmethod
    def around(cls, geometry: BaseGeometry) -> LocalProjection:
        """Centred on a geometry's centroid (not its bounding box, which for a country
        across the antimeridian spans the globe)."""
        center = unwrapped(geometry).centroid
        return cls.at(center.x, center.y)

    def to_metric(self, geometry: BaseGeometry) -> BaseGeometry:
        """The geometry in metres. Long edges are first split every ``DENSIFY_DEG``, so
        that an edge along a parallel (a straight line in lon/lat) stays on it."""
        transformer = _transformer(self.lon, self.lat)
        dense = shapely.segmentize(unwrapped(geometry), DENSIFY_DEG)
        return shapely.transform(dense, lambda xy: _apply(transformer, xy, "FORWARD"))

    def to_lonlat(self, geometry: BaseGeometry) -> BaseGeometry:
        transformer = _transformer(self.lon, self.lat)
        lonlat = shapely.transform(geometry, lambda xy: _apply(transformer, xy, "INVERSE"))
        return wrapped(lonlat)


def _apply(transformer: Transformer, xy: np.ndarray, direction: str) -> np.ndarray:
    x, y = transformer.transform(xy[:, 0], xy[:, 1], direction=direction)
    return np.column_stack([x, y])


def unwrapped(geometry: BaseGeometry) -> BaseGeometry:
    """A geometry across the antimeridian (Russia, Fiji: wider than 180 degrees) with its
    western longitudes moved by +360, so that its edges are continuous.

    >>> from shapely.geometry import MultiPoint
    >>> unwrapped(MultiPoint([(179.0, 65.0), (-179.0, 65.0)])).bounds
    (179.0, 65.0, 181.0, 65.0)
    """
    minx, _, maxx, _ = geometry.bounds
    if maxx - minx <= 180:
        return geometry

    def shift(xy: np.ndarray) -> np.ndarray:
        return np.column_stack([np.where(xy[:, 0] < 0, xy[:, 0] + 360, xy[:, 0]), xy[:, 1]])

    return shapely.transform(geometry, shift)


def wrapped(geometry: BaseGeometry) -> BaseGeometry:
    """A geometry with longitudes beyond +-180 cut at the antimeridian and moved back."""
    minx, _, maxx, _ = geometry.bounds
    if geometry.is_empty or (minx >= -180 and maxx <= 180):
        return geometry
    pieces = []
    for offset in (-360.0, 0.0, 360.0):
        part = geometry.intersection(shapely.box(-180 - offset, -90, 180 - offset, 90))
        if not part.is_empty:
            pieces.append(affinity.translate(part, xoff=offset))
    return shapely.union_all(pieces)
