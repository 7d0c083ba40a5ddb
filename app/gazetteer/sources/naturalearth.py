"""Natural Earth vector data (public domain), read with pyogrio from any OGR format.

Country polygons, rivers and lake centerlines, admin-1 label points and polygons,
geography regions, seas and elevation points become gazetteer records; populated
places enrich the GeoNames entries they carry the id of.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import SourceUnavailable
from app.gazetteer.normalize import name_key
from app.gazetteer.types import ADMIN1_IMPORTANCE, Record
from app.geometry.points import main_point, reference_point

LAYERS = {
    "countries": "ne_50m_admin_0_countries",
    "admin1": "ne_10m_admin_1_label_points",
    "admin1_polygons": "ne_10m_admin_1_states_provinces",
    "rivers": "ne_10m_rivers_lake_centerlines",
    "regions": "ne_10m_geography_regions_polys",
    "region_points": "ne_10m_geography_regions_points",
    "elevation_points": "ne_10m_geography_regions_elevation_points",
    "populated_places": "ne_10m_populated_places",
    "boundaries": "ne_10m_admin_0_boundary_lines_land",
    "marine": "ne_10m_geography_marine_polys",
}
"""The Natural Earth layers the gazetteer uses, by role."""

_EXTENSIONS = (".geojson", ".json", ".gpkg", ".shp", ".zip", ".fgb")

_REGION_TYPES = {
    "range/mtn": "mountain",
    "mountain": "mountain",
    "island": "island",
    "island group": "island",
    "valley": "valley",
    "gorge": "valley",
    "lake": "lake",
    "continent": None,  # GeoNames continents are used instead
    "dragons-be-here": None,
    "spot elevation": None,
    "pole": None,
    "waterfall": None,
}
_PARENS = re.compile(r"\s*\(([^)]*)\)\s*")
_LOWER_WORDS = frozenset(
    {"of", "the", "and", "on", "de", "del", "la", "le", "les", "des", "du", "da", "do", "dos"}
    | {"das", "y", "et"}
)
"""Words a title-cased name keeps in lower case ("Gulf of Aden", "Îles de la Société")."""


def layer_path(directory: Path, layer: str) -> Path | None:
    """The file holding ``layer`` in ``directory``, whatever its OGR format."""
    for ext in _EXTENSIONS:
        candidate = directory / f"{layer}{ext}"
        if candidate.exists():
            return candidate
    return None


def read_layer(directory: Path, role: str):
    """A GeoDataFrame in EPSG:4326, or None when the file is absent."""
    import pyogrio

    path = layer_path(directory, LAYERS[role])
    if path is None:
        return None
    try:
        frame = pyogrio.read_dataframe(path)
    except Exception as exc:  # pyogrio raises several error types for unreadable files
        raise SourceUnavailable(f"cannot read Natural Earth layer {path}: {exc}") from exc
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    return frame


def split_names(*values: object) -> list[str]:
    """Names from Natural Earth fields: 'Aleppo (Halab)' gives 'Aleppo (Halab)', 'Aleppo',
    'Halab'; ';' and '|' separate alternatives."""
    out: list[str] = []
    for value in values:
        if not isinstance(value, str) or not value.strip():
            continue
        for part in re.split(r"[;|]", value):
            part = part.strip()
            if not part:
                continue
            out.append(part)
            inner = _PARENS.findall(part)
            if inner:
                out.append(_PARENS.sub(" ", part).strip())
                out.extend(i.strip() for i in inner if i.strip())
    return list(dict.fromkeys(out))


def display_name(name: str) -> str:
    """A name as it is written in text: Natural Earth spells some names in capitals (its
    map labels), which are title-cased; mixed-case names and spacing are kept.

    >>> display_name("SYRIAN DESERT"), display_name("GULF OF  ADEN"), display_name("Bo Hai")
    ('Syrian Desert', 'Gulf of Aden', 'Bo Hai')
    """
    words = name.split()
    if not name.isupper():
        return " ".join(words)
    titled = [w.title() for w in words]
    return " ".join(
        w.lower() if i and w.lower() in _LOWER_WORDS else w for i, w in enumerate(titled)
    )


def _clean(value: object) -> str | None:
    if isinstance(value, str) and value.strip() and value.strip() != "-99":
        return value.strip()
    return None


@dataclass(frozen=True, slots=True)
class CountryShape:
    iso_a2: str | None
    iso_a3: str | None
    names: tuple[str, ...]
    geometry: object


def country_shapes(directory: Path) -> Iterator[CountryShape]:
    frame = read_layer(directory, "countries")
    if frame is None:
        return
    for row in frame.itertuples(index=False):
        names = split_names(
            row.NAME, row.NAME_LONG, row.ADMIN, row.NAME_ALT, row.FORMAL_EN, row.BRK_NAME
        )
        iso_a3 = _clean(row.ISO_A3) or _clean(row.ADM0_A3)
        yield CountryShape(_clean(row.ISO_A2), iso_a3, tuple(names), row.geometry)


@dataclass(frozen=True, slots=True)
class Admin1Label:
    """An admin-1 area with every label point Natural Earth gives it (one per part:
    Texas has its mainland and six barrier islands). ``record`` sits on the point
    of the largest part (the smallest ``adm0_sr``)."""

    record: Record
    points: tuple[tuple[float, float], ...]
    main_points: tuple[tuple[float, float], ...] = ()
    """The label points of the largest parts (smallest ``adm0_sr``)."""


SMALL_COUNTRY_POPULATION = 100_000_000
"""Admin-1 areas of countries with fewer people are less well known (below)."""
ADMIN1_IMPORTANCE_FLOOR = 0.6


def admin1_importance(country_population: int | None) -> float:
    """``ADMIN1_IMPORTANCE``, less 0.05 per tenfold fewer people than
    ``SMALL_COUNTRY_POPULATION`` in the country, down to ``ADMIN1_IMPORTANCE_FLOOR``: a
    province of Mozambique ("Gaza"), Papua New Guinea ("Gulf") or a parish of Jamaica
    ("Portland") is less known than the city of the same name, a state of the United
    States or India is not. Unknown population: the full importance."""
    if not country_population:
        return ADMIN1_IMPORTANCE
    fewer = math.log10(SMALL_COUNTRY_POPULATION / country_population)
    return max(ADMIN1_IMPORTANCE_FLOOR, ADMIN1_IMPORTANCE - 0.05 * max(0.0, fewer))


def admin1(directory: Path) -> Iterator[Admin1Label]:
    frame = read_layer(directory, "admin1")
    if frame is None:
        return
    parts: dict[str, list] = {}
    for row in frame.itertuples(index=False):
        if _clean(row.name) and row.geometry is not None:
            parts.setdefault(str(row.adm1_code), []).append(row)
    for code, rows in parts.items():
        main = min(rows, key=lambda r: float(r.adm0_sr or 99))
        name = _clean(main.name)
        record = Record(
            gid=f"naturalearth:admin1:{code}",
            name=name,
            feature_type="admin1",
            lon=float(main.geometry.x),
            lat=float(main.geometry.y),
            country_code=_clean(main.iso_a2),
            importance=ADMIN1_IMPORTANCE,
            names=tuple(split_names(name)),
            geometry_source="naturalearth:ne_10m_admin_1_label_points",
            geometry_precision="centroid",
            source="naturalearth",
        )
        points = tuple((float(r.geometry.x), float(r.geometry.y)) for r in rows)
        main_points = tuple(
            (float(r.geometry.x), float(r.geometry.y)) for r in rows if r.adm0_sr == main.adm0_sr
        )
        yield Admin1Label(record, points, main_points)


@dataclass(frozen=True, slots=True)
class Admin1Polygon:
    """An admin-1 area's polygon from ``ne_10m_admin_1_states_provinces``. ``adm1_code``
    links it to its label point when the file has Natural Earth's full attribute table;
    a copy with five properties (``name``, ``iso_3166_2``, ``iso_a2``, ``adm0_a3``,
    ``admin``) is linked by name and place (``app.gazetteer.areas``)."""

    name: str
    iso_3166_2: str | None
    country_code: str | None
    adm1_code: str | None
    geometry: object


def admin1_polygons(directory: Path) -> Iterator[Admin1Polygon]:
    """The admin-1 polygons, made valid; none when the file is absent."""
    import shapely

    frame = read_layer(directory, "admin1_polygons")
    if frame is None:
        return
    for row in frame.itertuples(index=False):
        name = _clean(getattr(row, "name", None))
        geometry = row.geometry
        if not name or geometry is None or geometry.is_empty:
            continue
        if not geometry.is_valid:
            geometry = shapely.make_valid(geometry)
        yield Admin1Polygon(
            name=name,
            iso_3166_2=_clean(getattr(row, "iso_3166_2", None)),
            country_code=_clean(getattr(row, "iso_a2", None)),
            adm1_code=_clean(getattr(row, "adm1_code", None)),
            geometry=geometry,
        )


SEA_CLASSES = frozenset({"sea", "gulf", "bay", "strait", "channel", "sound", "fjord", "lagoon"})
"""``featurecla`` of the marine polygons kept as seas. Oceans are left out: "Atlantic" in
news is a coast, a city or a company as often as the ocean, and an ocean-sized reading
would take the mention from them; rivers are Natural Earth's river lines already."""
SEAS_LEFT_OUT = frozenset({"kaliningrad"})
"""Name keys of marine polygons named after a town (the Vistula Lagoon as "Kaliningrad")."""


def seas(directory: Path) -> Iterator[Record]:
    """Seas, gulfs, bays and straits ("Red Sea", "Persian Gulf", "Bab el Mandeb") as
    polygons of feature type ``sea``. A name Natural Earth draws as several polygons (the
    two basins of the Mediterranean) is one entry. The point is the centroid of the
    largest part, as GeoNames places a sea: 55 to 85 km from GeoNames' points of the Gulf
    of Mexico, the Black, Red and Mediterranean Seas, where the pole of inaccessibility,
    far from every coast, is 290 to 1,010 km away."""
    import shapely

    frame = read_layer(directory, "marine")
    if frame is None:
        return
    merged: dict[str, dict] = {}
    for row in frame.itertuples(index=False):
        name = _clean(row.name)
        cls = str(row.featurecla or "").strip().lower()
        if not name or cls not in SEA_CLASSES or row.geometry is None:
            continue
        name = display_name(name)
        key = name_key(name)
        if key in SEAS_LEFT_OUT:
            continue
        item = merged.setdefault(key, {"name": name, "names": [], "parts": [], "rank": 99.0})
        item["names"].extend(split_names(name, getattr(row, "namealt", None)))
        item["parts"].append(row.geometry)
        item["rank"] = min(item["rank"], float(row.scalerank or 9))
    for key, item in merged.items():
        geometry = shapely.union_all(item["parts"])
        point = main_point(geometry)
        yield Record(
            gid=f"naturalearth:sea:{key.replace(' ', '-')}",
            name=item["name"],
            feature_type="sea",
            lon=float(point.x),
            lat=float(point.y),
            importance=max(0.1, 0.8 - item["rank"] / 15.0),
            names=tuple(display_name(n) for n in dict.fromkeys(item["names"])),
            geometry=geometry,
            geometry_source=f"naturalearth:{LAYERS['marine']}",
            geometry_precision="exact",
            source="naturalearth",
        )


def rivers(directory: Path, groups: dict[str, str]) -> Iterator[Record]:
    """Rivers as (Multi)LineStrings, segments joined by name.

    Natural Earth names a river per country (the Euphrates is Firat in Turkey and
    Al Furat in Syria). ``groups`` maps a segment name's key to the river it belongs
    to (from the curated layer); segments with the same resulting name are merged.
    """
    import shapely

    frame = read_layer(directory, "rivers")
    if frame is None:
        return
    merged: dict[str, dict] = {}
    for row in frame.itertuples(index=False):
        name = _clean(row.name_en) or _clean(row.name)
        if not name or row.geometry is None:
            continue
        river = groups.get(name_key(name), name)
        item = merged.setdefault(
            name_key(river), {"name": river, "names": [river], "parts": [], "rank": 99.0}
        )
        item["names"].extend(split_names(row.name, row.name_en, row.name_alt))
        item["parts"].append(row.geometry)
        item["rank"] = min(item["rank"], float(row.scalerank or 99))
    for key, item in merged.items():
        geometry = shapely.line_merge(shapely.union_all(item["parts"]))
        point = river_mouth(geometry)
        yield Record(
            gid=f"naturalearth:river:{key.replace(' ', '-')}",
            name=item["name"],
            feature_type="river",
            lon=float(point.x),
            lat=float(point.y),
            importance=max(0.1, 1.0 - item["rank"] / 12.0),
            names=tuple(dict.fromkeys(item["names"])),
            geometry=geometry,
            geometry_source="naturalearth:ne_10m_rivers_lake_centerlines",
            geometry_precision="exact",
            source="naturalearth",
        )


def river_mouth(geometry):
    """The point where a river ends, as GeoNames places a stream: Natural Earth draws
    rivers downstream, so the mouth is the last point of a part that flows into no other
    part (of the longest such part, when a delta has several). Falls back to the middle."""
    from shapely.geometry import Point

    parts = list(getattr(geometry, "geoms", [geometry]))
    starts = [p.coords[0] for p in parts if not p.is_empty]

    def flows_on(end: tuple) -> bool:
        return any(abs(end[0] - s[0]) < 0.02 and abs(end[1] - s[1]) < 0.02 for s in starts)

    sinks = [p for p in parts if not p.is_empty and not flows_on(p.coords[-1])]
    if not sinks:
        return geometry.interpolate(0.5, normalized=True)
    return Point(max(sinks, key=lambda p: p.length).coords[-1][:2])


def regions(directory: Path) -> Iterator[Record]:
    """Named physical regions (polygons), region points and elevation points."""
    specs = (
        ("regions", "ne_10m_geography_regions_polys", "namealt"),
        ("region_points", "ne_10m_geography_regions_points", "name_alt"),
        ("elevation_points", "ne_10m_geography_regions_elevation_points", "name_alt"),
    )
    for role, layer, alt_field in specs:
        frame = read_layer(directory, role)
        if frame is None:
            continue
        for i, row in enumerate(frame.itertuples(index=False)):
            name = _clean(row.name)
            name = display_name(name) if name else None
            if not name or row.geometry is None:
                continue
            cls = str(row.featurecla or "").strip().lower()
            feature_type = _REGION_TYPES.get(cls, "region")
            if feature_type is None:
                continue
            geometry = row.geometry
            is_point = geometry.geom_type == "Point"
            point = reference_point(geometry)  # a polygon's pole of inaccessibility
            rank = float(getattr(row, "scalerank", 9) or 9)
            yield Record(
                gid=f"naturalearth:{role}:{name_key(name).replace(' ', '-')}-{i}",
                name=name,
                feature_type=feature_type,
                lon=float(point.x),
                lat=float(point.y),
                importance=max(0.1, 0.8 - rank / 15.0),
                names=tuple(
                    display_name(n) for n in split_names(name, getattr(row, alt_field, None))
                ),
                geometry=None if is_point else geometry,
                geometry_source=f"naturalearth:{layer}",
                geometry_precision="exact" if not is_point else "centroid",
                source="naturalearth",
            )


SUBREGIONS_LEFT_OUT = frozenset(
    {"Antarctica", "Seven seas (open ocean)", "South America", "Northern America"}
)
"""UN subregions that are a continent already, or no region ("Seven seas")."""
_SHORT_DIRECTIONS = (
    ("South-Eastern ", ("Southeast ", "South East ")),
    ("Northern ", ("North ",)),
    ("Southern ", ("South ",)),
    ("Eastern ", ("East ",)),
    ("Western ", ("West ",)),
    ("Middle Africa", ("Central Africa",)),
)


def subregions(directory: Path, taken: set[str]) -> Iterator[Record]:
    """UN geoscheme subregions ("Northern Africa", "South-Eastern Asia"), from the
    ``SUBREGION`` of Natural Earth's countries: the union of their countries, named also
    as news writes them ("North Africa", "Southeast Asia") unless ``taken`` (name keys of
    countries and continents: "Southern Africa" is not "South Africa")."""
    frame = read_layer(directory, "countries")
    if frame is None or "SUBREGION" not in frame.columns:
        return
    from shapely.ops import unary_union

    for name, rows in frame.groupby("SUBREGION"):
        name = _clean(name)
        if not name or name in SUBREGIONS_LEFT_OUT or name_key(name) in taken:
            continue  # "Micronesia" is a country first
        if " and " in name:
            continue  # "Australia and New Zealand" in a text names two countries
        shapes = [g for g in rows.geometry if g is not None and not g.is_empty]
        if not shapes:
            continue
        area = unary_union(shapes)
        # the middle of the member countries, not of the largest: Eastern Europe's point
        # is not in Siberia
        points = [main_point(g) for g in shapes]
        lon = sum(p.x for p in points) / len(points)
        lat = sum(p.y for p in points) / len(points)
        names = [name]
        for long, shorts in _SHORT_DIRECTIONS:
            if name.startswith(long):
                names += [name.replace(long, short, 1) for short in shorts]
        yield Record(
            gid=f"naturalearth:subregion:{name_key(name).replace(' ', '-')}",
            name=name,
            feature_type="region",
            lon=float(lon),
            lat=float(lat),
            importance=1.0,
            names=tuple(n for n in dict.fromkeys(names) if name_key(n) not in taken),
            geometry=area,
            geometry_source=f"naturalearth:{LAYERS['countries']}:SUBREGION",
            geometry_precision="exact",
            source="naturalearth",
        )


@dataclass(frozen=True, slots=True)
class PlaceEnrichment:
    geonameid: int
    names: tuple[str, ...]
    importance: float
    is_capital: bool
    admin1_name: str | None = None
    """Natural Earth's name of the admin-1 area the place is in (links Natural Earth's
    admin-1 areas to GeoNames' admin-1 codes by name)."""


def populated_places(directory: Path) -> Iterator[PlaceEnrichment]:
    """Names and importance for GeoNames places that Natural Earth also maps."""
    frame = read_layer(directory, "populated_places")
    if frame is None:
        return
    for row in frame.itertuples(index=False):
        try:
            geonameid = int(row.GEONAMEID)
        except (TypeError, ValueError):
            continue
        if geonameid <= 0:
            continue
        yield PlaceEnrichment(
            geonameid=geonameid,
            names=tuple(split_names(row.NAME, row.NAMEASCII, row.NAMEALT)),
            importance=max(0.3, 1.0 - float(row.SCALERANK) / 12.0),
            is_capital=bool(row.ADM0CAP),
            admin1_name=_clean(getattr(row, "ADM1NAME", None)),
        )
