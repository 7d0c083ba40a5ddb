"""Approximate areas from labelled points: Voronoi cells dissolved per label.

Where only points are known (GeoNames places carrying an admin-1 code), the area of a
label is approximated by the cells of its points: every location is given to the label
of the nearest point. Distances are compared in an equirectangular plane scaled by the
cosine of the area's mean latitude, which is exact enough at the scale of a country
(the cells are approximate anyway) and never wraps around the antimeridian.

>>> from shapely.geometry import box
>>> regions = voronoi_regions([(0.0, 0.0), (2.0, 0.0)], ["a", "b"], box(-1, -1, 3, 1))
>>> [round(regions[k].area, 6) for k in "ab"]
[4.0, 4.0]
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import shapely
from shapely import affinity
from shapely.geometry.base import BaseGeometry

from app.geometry.derive import polygonal

KEEP_PART_WITHIN_DEG = 0.25
"""A part of a label's region (an island, an exclave of a Voronoi cell across a bay) is
kept only when one of the label's points lies within this distance (~25 km) of it."""


def voronoi_regions(
    points: Sequence[tuple[float, float]],
    labels: Sequence[str],
    clip: BaseGeometry,
    keep_within: float = KEEP_PART_WITHIN_DEG,
) -> dict[str, BaseGeometry]:
    """The area of each label: the union of the Voronoi cells of its points (lon, lat),
    clipped to ``clip``. A point repeated with another label keeps its first label."""
    unique: dict[tuple[float, float], str] = {}
    for (lon, lat), label in zip(points, labels, strict=True):
        unique.setdefault((round(lon, 6), round(lat, 6)), label)
    clip = polygonal(clip)
    if not unique or clip.is_empty:
        return {}
    if len(set(unique.values())) == 1:
        return {next(iter(unique.values())): clip}
    scale = math.cos(math.radians(clip.centroid.y))
    coords = [(lon * scale, lat) for lon, lat in unique]
    cell_points = shapely.multipoints(coords)
    frame = shapely.box(*shapely.union(cell_points, _scaled(clip, scale)).bounds).buffer(1.0)
    cells = shapely.voronoi_polygons(cell_points, extend_to=frame, ordered=True)
    by_label: dict[str, list[BaseGeometry]] = {}
    for cell, label in zip(cells.geoms, unique.values(), strict=True):
        by_label.setdefault(label, []).append(cell)
    regions = {}
    for label, label_cells in by_label.items():
        try:
            merged = shapely.coverage_union_all(label_cells)
        except shapely.errors.GEOSException:
            merged = shapely.union_all(label_cells)
        region = polygonal(_scaled(merged, 1.0 / scale).intersection(clip))
        own = shapely.multipoints([p for p, lab in unique.items() if lab == label])
        region = _near_points(region, own, keep_within)
        if not region.is_empty:
            regions[label] = region
    return regions


def _scaled(geometry: BaseGeometry, xfact: float) -> BaseGeometry:
    return affinity.scale(geometry, xfact=xfact, yfact=1.0, origin=(0, 0))


def _near_points(region: BaseGeometry, points: BaseGeometry, distance: float) -> BaseGeometry:
    """The parts of ``region`` within ``distance`` of ``points`` (all of it when none is)."""
    parts = getattr(region, "geoms", None)
    if parts is None:
        return region
    kept = [p for p in parts if p.distance(points) <= distance]
    return polygonal(shapely.union_all(kept)) if kept else region
