"""Areas and lines derived from a named place: river banks and valleys, parts of areas,
surroundings ("north of X", "near X", "X countryside", "the outskirts of X") and shared
borders.

Every function takes and returns lon/lat (EPSG:4326) shapely geometries; the work is
done in a local metric projection (``LocalProjection``) so that distances are true
kilometres. ``within`` clips a result (to land, or to the country a document is about).
Results are valid Polygons/MultiPolygons (or lines for borders), possibly empty.

The distances are documented constants, chosen for conflict reporting on towns and
rivers of the size of those in Syria and Iraq:

>>> from shapely.geometry import Point
>>> area = near(Point(36.0, 34.0))  # a village: 1 km built-up radius + 10 km
>>> area.contains(Point(36.0, 34.098)), area.contains(Point(36.0, 34.108))  # 10.9, 12.0 km
(True, False)
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

from app.geometry.project import KM, LocalProjection

VALLEY_HALF_WIDTH_KM = 10.0
"""A river valley: the land within this distance of the river on either side (the
Euphrates' floodplain and its irrigated strip are ~5-15 km wide in Syria and Iraq)."""
BANK_DEPTH_KM = 25.0
"""A river bank ("the eastern bank of the Euphrates"): the land on that side within this
distance of the river."""
NEAR_KM = 10.0
""""near X": X (a settlement's estimated built-up area) grown by this distance."""
OUTSKIRTS_KM = 5.0
""""the outskirts of X": a ring this wide around X's estimated built-up area."""
COUNTRYSIDE_KM = 30.0
""""X countryside": a ring from X's built-up edge out to this distance beyond it."""
BEYOND_KM = 30.0
""""north of X": up to this distance beyond X, within ``SECTOR_HALF_ANGLE`` of north."""
SECTOR_HALF_ANGLE = 45.0
"""Degrees either side of the named direction for "north of X" (a 90 degree sector)."""
AT_DISTANCE_RADIUS = (0.2, 2.0)
""""20 km north of X": a disk around the point at that distance and bearing, of radius
20 % of the distance and at least 2 km."""
CORE_RADIUS_KM = (1.0, 15.0)
"""Bounds of a settlement's estimated built-up radius, ``sqrt(population) / 200`` km:
Damascus (1.7 M) 6.5 km, Homs (650 k) 4 km, a village 1 km."""

BEARINGS = {
    "north": 0.0,
    "north-east": 45.0,
    "east": 90.0,
    "south-east": 135.0,
    "south": 180.0,
    "south-west": 225.0,
    "west": 270.0,
    "north-west": 315.0,
}
"""Compass directions as bearings (degrees clockwise from north)."""

_FAR = 20_000 * KM  # metres: "to infinity" for half-planes and sectors


# -- settlements and anchors ---------------------------------------------------------
def core_radius_km(population: int) -> float:
    """The estimated radius of a settlement's built-up area from its population.

    >>> core_radius_km(1_700_000), core_radius_km(0)
    (6.519202405202649, 1.0)
    """
    low, high = CORE_RADIUS_KM
    return min(high, max(low, math.sqrt(max(population, 0)) / 200.0))


def _footprint(metric: BaseGeometry, population: int) -> BaseGeometry:
    """What a place covers: a settlement point becomes its estimated built-up disk."""
    if metric.geom_type in ("Point", "MultiPoint"):
        return metric.buffer(core_radius_km(population) * KM)
    if metric.geom_type in ("Polygon", "MultiPolygon"):
        return polygonal(metric)  # a projected polygon can come out self-touching
    return metric


def _center(metric: BaseGeometry) -> Point:
    if metric.geom_type == "Point":
        return metric
    if metric.geom_type in ("Polygon", "MultiPolygon"):
        return metric.centroid if metric.contains(metric.centroid) else metric.point_on_surface()
    return metric.interpolate(0.5, normalized=True)


# -- results ---------------------------------------------------------------------------
def polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """The valid polygonal part of a geometry (Polygon or MultiPolygon, maybe empty)."""
    if geometry.is_empty:
        return Polygon()
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    parts = [g for g in _parts(geometry) if isinstance(g, Polygon) and not g.is_empty]
    if not parts:
        return Polygon()
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def lineal(geometry: BaseGeometry) -> BaseGeometry:
    """The line parts of a geometry, merged where they touch (maybe empty)."""
    parts = [g for g in _parts(geometry) if isinstance(g, LineString) and g.length > 0]
    if not parts:
        return LineString()
    return shapely.line_merge(MultiLineString(parts))


def _parts(geometry: BaseGeometry) -> Iterable[BaseGeometry]:
    for part in getattr(geometry, "geoms", [geometry]):
        if hasattr(part, "geoms"):
            yield from _parts(part)
        else:
            yield part


def _finish(
    local: LocalProjection, metric: BaseGeometry, within: BaseGeometry | None
) -> BaseGeometry:
    """Back to lon/lat, clipped to ``within``, valid."""
    result = polygonal(local.to_lonlat(polygonal(metric)))
    if within is not None and not result.is_empty:
        result = polygonal(result.intersection(polygonal(within)))
    return result


# -- half-planes and sectors -----------------------------------------------------------
def _unit(bearing: float) -> tuple[float, float]:
    rad = math.radians(bearing)
    return math.sin(rad), math.cos(rad)


def half_plane(center: Point, bearing: float, reach: float = _FAR) -> Polygon:
    """The side of the line through ``center`` (metric) that faces ``bearing``."""
    ux, uy = _unit(bearing)
    vx, vy = uy, -ux  # perpendicular
    cx, cy = center.x, center.y
    return Polygon(
        [
            (cx + vx * reach, cy + vy * reach),
            (cx + vx * reach + ux * reach, cy + vy * reach + uy * reach),
            (cx - vx * reach + ux * reach, cy - vy * reach + uy * reach),
            (cx - vx * reach, cy - vy * reach),
        ]
    )


def sector(
    center: Point, bearing: float, half_angle: float = SECTOR_HALF_ANGLE, reach: float = _FAR
) -> Polygon:
    """The wedge from ``center`` (metric) within ``half_angle`` degrees of ``bearing``."""
    steps = max(2, int(2 * half_angle / 5))
    arc = []
    for i in range(steps + 1):
        ux, uy = _unit(bearing - half_angle + 2 * half_angle * i / steps)
        arc.append((center.x + ux * reach, center.y + uy * reach))
    return Polygon([(center.x, center.y), *arc])


# -- relative places -------------------------------------------------------------------
def near(
    anchor: BaseGeometry,
    km: float = NEAR_KM,
    population: int = 0,
    within: BaseGeometry | None = None,
) -> BaseGeometry:
    """Near X: X's footprint grown by ``km``."""
    local = LocalProjection.around(anchor)
    area = _footprint(local.to_metric(anchor), population)
    return _finish(local, area.buffer(km * KM), within)


def outskirts(
    anchor: BaseGeometry,
    km: float = OUTSKIRTS_KM,
    population: int = 0,
    within: BaseGeometry | None = None,
    bearing: float | None = None,
) -> BaseGeometry:
    """The outskirts of X: the ring ``km`` wide around X's footprint; with a
    ``bearing`` ("the eastern outskirts"), the half of it on that side of X's centre."""
    local = LocalProjection.around(anchor)
    area = _footprint(local.to_metric(anchor), population)
    ring = area.buffer(km * KM).difference(area)
    return _finish(local, _side(ring, _center(area), bearing), within)


def countryside(
    anchor: BaseGeometry,
    km: float = COUNTRYSIDE_KM,
    population: int = 0,
    within: BaseGeometry | None = None,
    bearing: float | None = None,
) -> BaseGeometry:
    """X's countryside: for a settlement, the ring from its built-up edge out to ``km``
    beyond it; for an area (a governorate), the area itself. With a ``bearing``
    ("eastern Homs countryside"), the half of it on that side of X's centre."""
    if anchor.geom_type in ("Polygon", "MultiPolygon") and bearing is None:
        area = polygonal(anchor)
        return area if within is None else polygonal(area.intersection(polygonal(within)))
    local = LocalProjection.around(anchor)
    metric = local.to_metric(anchor)
    area = _footprint(metric, population)
    if metric.geom_type not in ("Polygon", "MultiPolygon"):
        area = area.buffer(km * KM).difference(area)
    return _finish(local, _side(area, _center(metric), bearing), within)


def _side(area: BaseGeometry, center: Point, bearing: float | None) -> BaseGeometry:
    return area if bearing is None else area.intersection(half_plane(center, bearing))


def beyond(
    anchor: BaseGeometry,
    bearing: float,
    km: float = BEYOND_KM,
    population: int = 0,
    within: BaseGeometry | None = None,
) -> BaseGeometry:
    """North (or another direction) of X: up to ``km`` beyond X's footprint, in the sector of
    ``SECTOR_HALF_ANGLE`` degrees either side of ``bearing`` seen from X's centre."""
    local = LocalProjection.around(anchor)
    metric = local.to_metric(anchor)
    area = _footprint(metric, population)
    ring = area.buffer(km * KM).difference(area)
    return _finish(local, ring.intersection(sector(_center(metric), bearing)), within)


def at_distance(
    anchor: BaseGeometry,
    bearing: float,
    distance_km: float,
    within: BaseGeometry | None = None,
) -> BaseGeometry:
    """A distance and direction from X ("20 km north of X"): a disk around the point
    ``distance_km`` from X towards ``bearing`` (measured from X's centre, or from the
    edge of an area), of radius ``AT_DISTANCE_RADIUS``."""
    local = LocalProjection.around(anchor)
    metric = local.to_metric(anchor)
    center = _center(metric)
    ux, uy = _unit(bearing)
    start = 0.0
    if metric.geom_type in ("Polygon", "MultiPolygon"):
        ray = LineString([(center.x, center.y), (center.x + ux * _FAR, center.y + uy * _FAR)])
        inside = ray.intersection(metric)
        start = max((center.distance(Point(c)) for c in _coords(inside)), default=0.0)
    d = start + distance_km * KM
    share, minimum = AT_DISTANCE_RADIUS
    radius = max(minimum * KM, share * distance_km * KM)
    target = Point(center.x + ux * d, center.y + uy * d)
    return _finish(local, target.buffer(radius), within)


def _coords(geometry: BaseGeometry) -> list[tuple[float, float]]:
    return [c for part in _parts(geometry) for c in getattr(part, "coords", [])]


def part_of(
    anchor: BaseGeometry,
    bearing: float,
    population: int = 0,
    within: BaseGeometry | None = None,
) -> BaseGeometry:
    """A part of X ("eastern X"): the part of X's footprint on the ``bearing`` side of
    the line through its centre (the eastern half of a governorate, of a town's
    built-up disk)."""
    local = LocalProjection.around(anchor)
    metric = local.to_metric(anchor)
    area = _footprint(metric, population)
    return _finish(local, area.intersection(half_plane(_center(area), bearing)), within)


# -- rivers ------------------------------------------------------------------------------
def river_valley(
    river: BaseGeometry, km: float = VALLEY_HALF_WIDTH_KM, within: BaseGeometry | None = None
) -> BaseGeometry:
    """A river's valley: the land within ``km`` of the river (either side), clipped to
    ``within`` (land, or the countries the document is about)."""
    local = LocalProjection.around(_near_part(river, within, km))
    metric = local.to_metric(river)
    if within is not None:
        reach = polygonal(local.to_metric(within)).buffer(km * KM)
        metric = metric.intersection(reach)
    return _finish(local, metric.buffer(km * KM), within)


def river_bank(
    river: BaseGeometry,
    side: str | float,
    km: float = BANK_DEPTH_KM,
    within: BaseGeometry | None = None,
) -> BaseGeometry:
    """One side of a river, ``km`` deep: ``side`` is a bearing (90 = the eastern bank)
    or ``"left"``/``"right"`` (facing downstream, the direction the line is drawn in).

    The river's buffer (clipped to ``within``) is cut along the river into faces; each
    face lies on the left or the right of the river. A compass side is the river's
    left side when the river, over the stretch inside ``within``, runs with that side
    on its left (the Euphrates runs south-east through Syria: its left bank is the
    eastern one). A river known only as a point gives a half-disk on that side.
    """
    local = LocalProjection.around(_near_part(river, within, km))
    line = local.to_metric(river)
    if line.geom_type in ("Point", "MultiPoint"):
        bearing = BEARINGS["east"] if isinstance(side, str) else side
        disk = line.buffer(km * KM)
        return _finish(local, disk.intersection(half_plane(line, bearing)), within)
    line = lineal(line)
    area = line.buffer(km * KM)
    if within is not None:
        clip = polygonal(local.to_metric(within))
        area = polygonal(area.intersection(clip))
        line = lineal(line.intersection(clip.buffer(KM)))
    if area.is_empty or line.is_empty:
        return Polygon()
    parts = list(_parts(line))
    cut = [_extended(p, 2 * km * KM, parts) for p in parts]
    want_left = _left_is(side, parts)
    faces = shapely.polygonize(list(_parts(shapely.union_all([area.boundary, *cut]))))
    chosen = []
    for face in _parts(faces):
        point = face.representative_point()
        if area.contains(point) and _is_left(point, cut) == want_left:
            chosen.append(face)
    return _finish(local, shapely.union_all(chosen) if chosen else Polygon(), within)


def _near_part(river: BaseGeometry, within: BaseGeometry | None, km: float) -> BaseGeometry:
    """The part of the river a projection should be centred on."""
    if within is None:
        return river
    box = shapely.box(*within.bounds).buffer(km / 100.0)
    part = river.intersection(box)
    return river if part.is_empty else part


def _extended(line: LineString, length: float, others: list[LineString]) -> LineString:
    """The line with its free ends (those touching no other part) prolonged straight by
    ``length``, so that it cuts across the rounded caps of its buffer."""
    coords = list(line.coords)
    if len(coords) < 2:
        return line

    def prolonged(a: tuple, b: tuple) -> list[tuple[float, float]]:
        end = Point(b)
        if any(o is not line and o.distance(end) < 1.0 for o in others):
            return []
        dx, dy = b[0] - a[0], b[1] - a[1]
        norm = math.hypot(dx, dy) or 1.0
        return [(b[0] + dx / norm * length, b[1] + dy / norm * length)]

    head = prolonged(coords[1], coords[0])
    tail = prolonged(coords[-2], coords[-1])
    return LineString([*head, *coords, *tail])


def _left_is(side: str | float, parts: list[LineString]) -> bool:
    """Whether the wanted side is the left one (facing the way the lines are drawn)."""
    if side == "left":
        return True
    if side == "right":
        return False
    ux, uy = _unit(float(side))
    # the left normal of a step (dx, dy) is (-dy, dx): sum its component along u
    score = 0.0
    for part in parts:
        (x0, y0), (x1, y1) = part.coords[0], part.coords[-1]
        score += -ux * (y1 - y0) + uy * (x1 - x0)
    return score >= 0


def _is_left(point: Point, lines: list[LineString]) -> bool:
    """Whether ``point`` is on the left of the nearest of ``lines``."""
    line = min(lines, key=point.distance)
    s = line.project(point)
    q = line.interpolate(s)
    a = line.interpolate(max(0.0, s - 1.0))
    b = line.interpolate(min(line.length, s + 1.0))
    tx, ty = b.x - a.x, b.y - a.y
    return tx * (point.y - q.y) - ty * (point.x - q.x) > 0


# -- borders -------------------------------------------------------------------------------
def shared_border(a: BaseGeometry, b: BaseGeometry, tolerance: float = 1e-4) -> BaseGeometry:
    """The line two areas share: the part of ``a``'s boundary within ``tolerance``
    degrees (~10 m) of ``b`` (the two countries' boundaries meet there)."""
    line = lineal(a.boundary.intersection(b.boundary))
    if line.is_empty or line.length == 0:
        line = lineal(a.boundary.intersection(b.buffer(tolerance)))
    return line
