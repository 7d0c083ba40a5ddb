"""OpenSyria's districts and subdistricts as gazetteer entries, with derived areas.

OpenSyria gives centroids, not polygons. A subdistrict's area is approximated by the
Voronoi cell of its centroid among the subdistrict centroids of its governorate,
clipped to the governorate; a district's is the union of its subdistricts' cells. The
governorate is Natural Earth's real admin-1 polygon when that file is present (matched
by ISO 3166-2 code), else the cell of its centroid among the governorates' inside
Syria's polygon. The areas are marked ``approximate``; without any polygon (no Natural
Earth data) the entries are points. The governorates themselves are Natural Earth's
admin-1 entries: they gain OpenSyria's names (``governorate_names``: "Deir ez-Zor
Governorate", "محافظة دير الزور").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from app.gazetteer.sources.geonamescache_source import population_importance
from app.gazetteer.sources.opensyria import Unit
from app.gazetteer.types import Record
from app.geometry.voronoi import voronoi_regions

COUNTRY = "SY"
FEATURE_TYPES = {2: "admin2", 3: "admin3"}
"""The feature type of each OpenSyria level the gazetteer adds (governorates are
Natural Earth's admin-1 entries)."""
CELLS = "derived:voronoi:opensyria-centroids"
"""``geometry_source`` prefix of the derived areas; the governorate's source follows."""
KNOWN_AS_TOWN_OF = 0.1
"""A district or subdistrict is as well known as a town of this share of its people: it
is named after its main town ("Abu Kamal", 265,000 people in the district, 58,000 in the
town), which a bare name means, so the geocoder ranks the town first."""
SIMPLIFY_DEG = 0.002
"""As the approximate admin-1 areas (``app.gazetteer.areas.ADMIN1_SIMPLIFY_DEG``)."""


@dataclass(frozen=True, slots=True)
class Shape:
    """An area and where it comes from (a ``geometry_source``)."""

    geometry: BaseGeometry
    source: str


def governorate_shapes(
    governorates: Iterable[Unit],
    exact: dict[str, BaseGeometry],
    country: BaseGeometry | None,
    exact_source: str = "",
) -> dict[str, Shape]:
    """Each governorate's area by OpenSyria id: the polygon of ``exact`` (by ISO 3166-2
    code) where there is one, else the cell of its centroid inside ``country``."""
    governorates = list(governorates)
    shapes = {
        g.uid: Shape(exact[g.iso_3166_2], exact_source)
        for g in governorates
        if g.iso_3166_2 in exact
    }
    missing = [g for g in governorates if g.uid not in shapes]
    if missing and country is not None:
        cells = voronoi_regions(
            [(g.lon, g.lat) for g in governorates], [g.uid for g in governorates], country
        )
        source = f"{CELLS}:naturalearth:ne_50m_admin_0_countries"
        for g in missing:
            if g.uid in cells:
                shapes[g.uid] = Shape(cells[g.uid], source)
    return shapes


def governorate_codes(
    governorates: Iterable[Unit],
    shapes: dict[str, Shape],
    coded_points: list[tuple[float, float, str]],
) -> dict[str, str]:
    """The GeoNames admin-1 code of each governorate: the code most of the places in its
    area carry, else the code of the place nearest to its centroid."""
    codes: dict[str, str] = {}
    for g in governorates:
        shape = shapes.get(g.uid)
        votes = Counter(
            c
            for x, y, c in coded_points
            if shape is not None and shape.geometry.covers(Point(x, y))
        )
        if votes:
            codes[g.uid] = votes.most_common(1)[0][0]
        elif coded_points:
            nearest = min(coded_points, key=lambda p: (p[0] - g.lon) ** 2 + (p[1] - g.lat) ** 2)
            codes[g.uid] = nearest[2]
    return codes


def subdivision_records(
    units: Iterable[Unit], shapes: dict[str, Shape], codes: dict[str, str]
) -> Iterator[Record]:
    """Districts (admin-2) and subdistricts (admin-3) of the governorates, each with its
    cell inside its governorate's area (``shapes``, by governorate id) where it has one,
    and the governorate's GeoNames admin-1 code (``codes``)."""
    units = list(units)
    cells: dict[str, Shape] = {}
    for governorate, shape in shapes.items():
        cells.update(_cells([u for u in units if u.governorate == governorate], shape))
    for unit in units:
        if unit.level in FEATURE_TYPES:
            yield _record(unit, cells.get(unit.uid), codes.get(unit.governorate or ""))


def _cells(units: list[Unit], governorate: Shape) -> dict[str, Shape]:
    """The cells of a governorate's subdistricts (the Voronoi cells of their centroids in
    the governorate) and of its districts (the union of their subdistricts' cells; the
    cell of its own centroid for a district without subdistricts). 272 subdistrict
    centroids draw districts closer to their real shape than 62 district centroids."""
    parents = {u.parent for u in units if u.level == 3}
    points = [u for u in units if u.level == 3 or (u.level == 2 and u.uid not in parents)]
    coords = [(u.lon, u.lat) for u in points]
    subdistricts = voronoi_regions(coords, [u.uid for u in points], governorate.geometry)
    districts = voronoi_regions(
        coords, [u.parent if u.level == 3 else u.uid for u in points], governorate.geometry
    )
    source = governorate.source
    source = source if source.startswith(CELLS) else f"{CELLS}:{source}"
    return {
        uid: Shape(region, source)
        for uid, region in (*subdistricts.items(), *districts.items())
        if not region.is_empty
    }


def _record(unit: Unit, cell: Shape | None, code: str | None) -> Record:
    geometry = None
    if cell is not None:
        simpler = cell.geometry.simplify(SIMPLIFY_DEG, preserve_topology=True)
        geometry = simpler if simpler.is_valid and not simpler.is_empty else cell.geometry
    return Record(
        gid=f"opensyria:{unit.uid}",
        name=unit.name,
        feature_type=FEATURE_TYPES[unit.level],
        lon=unit.lon,
        lat=unit.lat,
        country_code=COUNTRY,
        admin1=code,
        population=unit.population,
        importance=population_importance(int(unit.population * KNOWN_AS_TOWN_OF)),
        names=unit.names,
        geometry=geometry,
        geometry_source=cell.source if cell is not None else "opensyria:centroid",
        geometry_precision="approximate" if cell is not None else "centroid",
        source="opensyria",
    )


GOVERNORATE_WORDS = ("governorate", "محافظة")
"""The generic words of the governorate names the admin-1 entries gain."""


def governorate_names(
    governorates: Iterable[Unit], gid_by_iso: dict[str, str]
) -> dict[str, tuple[str, ...]]:
    """OpenSyria's names of each governorate that say it is one, by the gid of the admin-1
    entry with its ISO 3166-2 code (Natural Earth's "Dayr Az Zawr" gains "Deir ez-Zor
    Governorate" and "محافظة دير الزور"). The bare names are its city's as much ("Daraa"
    made the town of Dar‘ā, whose GeoNames name is not "Daraa", too uncertain against
    the governorate); Natural Earth's own names and their variants stay."""
    return {
        gid_by_iso[g.iso_3166_2]: tuple(
            n for n in g.names if any(w in n.casefold() for w in GOVERNORATE_WORDS)
        )
        for g in governorates
        if g.iso_3166_2 in gid_by_iso
    }
