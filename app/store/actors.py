"""The actor index: one row per (event, actor name), so that the ``actor`` filter (a
case-insensitive part of a name) is answered by an index rather than by reading every
candidate event of the box and window (migration 0009).

``event_actors`` holds, per event and per distinct name in its ``actors`` column (the
lowercased names, one a line), the name, the event type ('' for none), the first and last
day (days since 1970; :data:`NO_DAY` for an undated event) and, for a point, its lon/lat.
Its key (actor, event_type, day) is what a filtered query probes: the names that contain
the asked part, the asked types, the days of the window; lon/lat are read from the same
index entry, so only the events of the box are looked up in ``features``.

``actor_names`` holds each (name, event type) pair once with the longest span
(``day_end - day``) of its events: the names that contain a part are found there (a few
thousand names, not millions of rows), and the span bounds how far before the window an
overlapping event may start. Pairs are never removed when their events go (a stale pair
only adds an empty probe) and a span only grows, so both stay supersets.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.store.base import LayerFilter
from app.store.features import FeatureRow

EVENT_ACTORS = "event_actors"
ACTOR_NAMES = "actor_names"
ACTOR_COLUMNS = ("actor", "event_type", "day", "fid", "day_end", "lon", "lat")
EPOCH = dt.date(1970, 1, 1)
NO_DAY = -(10**7)
"""``day`` and ``day_end`` of an undated event: before any window (a date filter never
keeps an undated event)."""
MAX_KEYS = 2000
"""Above this many (name, type) pairs for one query the filter falls back to ``LIKE``
over ``features.actors``: a bound on the index ranges one query reads (where probing
stops paying off has not been measured; the benchmark's parts match one name each)."""

PROBE_MAX = 20_000
"""Above this many index entries in a query's (name, type) ranges over its days the
filter falls back to ``LIKE``: a name on most events (the box then selects far fewer
events than the name does) read 52 ms of entries where the box's candidates took 25 ms
(1,000,000 events, a page of ~1,000)."""


@dataclass(frozen=True, slots=True)
class ActorKeys:
    """What a query probes: the names containing the asked part, the event types
    ('' for none) they occur with, and the longest span of those pairs in days."""

    names: tuple[str, ...]
    types: tuple[str, ...]
    span: int


def like_pattern(text: str) -> str:
    """The ``LIKE`` pattern (escaped by ``\\``) of a lowercased part of a name."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def day_number(value: dt.date | str | None) -> int | None:
    """Days since 1970 of a date (or its ISO text, as SQLite returns it raw).

    >>> day_number(dt.date(1970, 1, 3)), day_number("1970-01-02"), day_number(None)
    (2, 1, None)
    """
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return (value - EPOCH).days


def actor_rows(
    fid: int,
    actors: str | None,
    event_type: str | None,
    date_start: dt.date | str | None,
    date_end: dt.date | str | None,
    point: tuple[float, float] | None,
) -> list[tuple]:
    """The ``event_actors`` rows of one event, in the order of :data:`ACTOR_COLUMNS`:
    one per distinct non-empty line of ``actors``.

    >>> actor_rows(7, "isis\\nsdf\\nisis", "Battles", "1970-01-02", None, (1.0, 2.0))
    [('isis', 'Battles', 1, 7, 1, 1.0, 2.0), ('sdf', 'Battles', 1, 7, 1, 1.0, 2.0)]
    """
    if not actors:
        return []
    start, end = day_number(date_start), day_number(date_end)
    if start is None:
        start = end = NO_DAY
    elif end is None or end < start:
        end = start
    lon, lat = point if point is not None else (None, None)
    names = dict.fromkeys(name for name in actors.split("\n") if name)
    return [(name, event_type or "", start, fid, end, lon, lat) for name in names]


def actor_values(fids: Iterable[int], rows: Sequence[FeatureRow]) -> list[tuple]:
    """The ``event_actors`` rows of the events among freshly written feature rows."""
    values: list[tuple] = []
    for fid, row in zip(fids, rows, strict=True):
        c = row.columns
        if c["kind"] != "event" or not c["actors"]:
            continue
        point = (c["min_lon"], c["min_lat"]) if c["geometry_type"] == "Point" else None
        values += actor_rows(
            fid, c["actors"], c["event_type"], c["date_start"], c["date_end"], point
        )
    return values


def name_spans(values: Iterable[tuple]) -> dict[tuple[str, str], int]:
    """The longest span in days of each (name, type) pair among ``event_actors`` rows."""
    spans: dict[tuple[str, str], int] = {}
    for actor, event_type, day, _fid, day_end, _lon, _lat in values:
        key = (actor, event_type)
        spans[key] = max(spans.get(key, 0), day_end - day)
    return spans


def delete_rows(
    conn: Connection, features: sa.Table, table: sa.Table, where: sa.ColumnElement[bool]
) -> None:
    """Delete the ``event_actors`` rows of the events ``where`` selects in ``features``,
    by their keys, made from the events' columns as the write path made them (no index
    on ``fid``: it would add about half the size of the key index)."""
    c = features.c
    query = sa.select(c.fid, c.actors, c.event_type, c.date_start).where(
        where, c.kind == "event", c.actors.is_not(None)
    )
    keys = [
        {"a": row[0], "t": row[1], "d": row[2], "f": row[3]}
        for e in conn.execute(query)
        for row in actor_rows(e.fid, e.actors, e.event_type, e.date_start, None, None)
    ]
    if keys:
        t = table.c
        conn.execute(
            sa.delete(table).where(
                t.actor == sa.bindparam("a"),
                t.event_type == sa.bindparam("t"),
                t.day == sa.bindparam("d"),
                t.fid == sa.bindparam("f"),
            ),
            keys,
        )


_NEW_NAME = sa.text(
    f"INSERT INTO {ACTOR_NAMES} (actor, event_type, max_span) "
    "VALUES (:actor, :event_type, :span) ON CONFLICT DO NOTHING"
)
_LONGER_SPAN = sa.text(
    f"UPDATE {ACTOR_NAMES} SET max_span = :span "
    "WHERE actor = :actor AND event_type = :event_type AND max_span < :span"
)


def note_names(conn: Connection, spans: dict[tuple[str, str], int]) -> None:
    """Record the pairs of newly written rows: new pairs inserted (a pair another
    writer inserts meanwhile is left to it), then longer spans written over shorter ones
    (only the rows whose span grows are locked; after the insert, so a span of a pair
    another writer has just inserted is not lost)."""
    if not spans:
        return
    params = [
        {"actor": actor, "event_type": event_type, "span": span}
        for (actor, event_type), span in sorted(spans.items())
    ]
    conn.execute(_NEW_NAME, params)
    longer = [p for p in params if p["span"] > 0]
    if longer:
        conn.execute(_LONGER_SPAN, longer)


def find_keys(
    conn: Connection, names: sa.Table, pattern: str, event_types: Sequence[str]
) -> ActorKeys | None:
    """The pairs of ``names`` (the ``actor_names`` table) whose name matches ``pattern``
    (``LIKE``, escaped by ``\\``, as ``features.actors`` is matched) and whose type is one
    of ``event_types`` (any when empty); None when there are more than :data:`MAX_KEYS`."""
    c = names.c
    query = sa.select(c.actor, c.event_type, c.max_span).where(c.actor.like(pattern, escape="\\"))
    if event_types:
        query = query.where(c.event_type.in_(event_types))
    rows = conn.execute(query.limit(MAX_KEYS + 1)).all()
    if len(rows) > MAX_KEYS:
        return None
    return ActorKeys(
        names=tuple(sorted({r.actor for r in rows})),
        types=tuple(sorted({r.event_type for r in rows})),
        span=max((r.max_span for r in rows), default=0),
    )


def candidates(table: sa.Table, keys: ActorKeys, filters: LayerFilter) -> sa.Select:
    """The ids of the events ``table`` (``event_actors``) holds under ``keys`` whose days
    may overlap the window and whose point lies in a box (events without a point are
    candidates of any box): one index range per (name, type), read from the index."""
    c = table.c
    clauses = [c.actor.in_(keys.names), c.event_type.in_(keys.types)]
    start, end = day_number(filters.start), day_number(filters.end)
    if end is not None:
        clauses.append(c.day <= end)
    if start is not None:
        clauses += [c.day >= start - keys.span, c.day_end >= start]
    if filters.bboxes:
        inside = [
            sa.and_(c.lon >= minx, c.lon <= maxx, c.lat >= miny, c.lat <= maxy)
            for minx, miny, maxx, maxy in filters.bboxes
        ]
        clauses.append(sa.or_(c.lon.is_(None), *inside))
    return sa.select(c.fid).where(*clauses)


def probe_too_large(
    conn: Connection, table: sa.Table, keys: ActorKeys, filters: LayerFilter
) -> bool:
    """Whether the probe of ``keys`` would read more than :data:`PROBE_MAX` entries of
    ``table`` (its ranges over the window's days, before the box), counted up to there."""
    ranges = candidates(table, keys, dataclasses.replace(filters, bboxes=()))
    capped = ranges.limit(PROBE_MAX + 1).subquery()
    return conn.execute(sa.select(sa.func.count()).select_from(capped)).scalar_one() > PROBE_MAX
