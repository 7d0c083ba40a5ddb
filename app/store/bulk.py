"""Writing feature rows in bulk: the one insert path of every write (an article's features,
``add_features``, an imported dataset).

The writer assigns the rows' ids itself (SQLite: after the table's largest, under the
write lock; PostgreSQL: drawn from the ``fid`` sequence), so the event-place links need no
``RETURNING`` round trip, and hands the rows to the driver's fastest path: one prepared
statement run by ``executemany`` on SQLite, ``COPY ... FROM STDIN`` on PostgreSQL. Both
skip SQLAlchemy's per-row parameter processing, which cost more than the database did
(about 40 µs a row); the values are the ones SQLAlchemy's types would have bound (JSON
text, ISO dates).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence

from shapely.geometry.base import BaseGeometry

from app.store.features import FeatureRow

FEATURE_COLUMNS = (
    "fid",
    "article_id",
    "kind",
    "feature_id",
    "gazetteer_id",
    "name",
    "feature_type",
    "country_code",
    "role",
    "score",
    "mention_count",
    "event_type",
    "sub_event_type",
    "date_start",
    "date_end",
    "actors",
    "fatalities",
    "geometry_type",
    "geometry",
    "min_lon",
    "min_lat",
    "max_lon",
    "max_lat",
    "properties",
    "source_dataset",
)
LINK_COLUMNS = ("feature_fid", "gazetteer_id")
DEFAULT_SOURCE = "geoevents"
"""``features.source_dataset`` when a row does not name one (the column's default)."""


def feature_columns(rows: Sequence[FeatureRow]) -> tuple[str, ...]:
    """The columns to write: without ``source_dataset`` when no row names one, so that
    the insert also fits a schema before migration 0006 (the column's default applies)."""
    if any(row.columns.get("source_dataset") for row in rows):
        return FEATURE_COLUMNS
    return FEATURE_COLUMNS[:-1]


def feature_values(
    fids: Iterable[int],
    article_id: str,
    rows: Sequence[FeatureRow],
    geometry_params: Callable[[list[BaseGeometry | None]], Sequence[object]],
    columns: Sequence[str] = FEATURE_COLUMNS,
) -> list[tuple]:
    """One tuple per row in the order of :data:`FEATURE_COLUMNS`, cut to ``columns``
    (a prefix of it: see :func:`feature_columns`).

    >>> from app.store.features import feature_rows
    >>> rows = feature_rows({"features": [{"id": "e1", "properties": {"kind": "event"}}]}, None)
    >>> feature_values([7], "a1", rows, lambda gs: gs)[0][:4]
    (7, 'a1', 'event', 'e1')
    """
    width = len(columns)
    geometries = geometry_params([row.geometry for row in rows])
    values = []
    for fid, row, geometry in zip(fids, rows, geometries, strict=True):
        c = row.columns
        values.append(
            (
                fid,
                article_id,
                c["kind"],
                c["feature_id"],
                c["gazetteer_id"],
                c["name"],
                c["feature_type"],
                c["country_code"],
                c["role"],
                c["score"],
                c["mention_count"],
                c["event_type"],
                c["sub_event_type"],
                _iso(c["date_start"]),
                _iso(c["date_end"]),
                c["actors"],
                c["fatalities"],
                c["geometry_type"],
                geometry,
                c["min_lon"],
                c["min_lat"],
                c["max_lon"],
                c["max_lat"],
                json.dumps(c["properties"]),
                c.get("source_dataset") or DEFAULT_SOURCE,
            )[:width]
        )
    return values


def link_values(fids: Iterable[int], rows: Sequence[FeatureRow]) -> list[tuple[int, str]]:
    """The (feature_fid, gazetteer_id) rows of the events' place links."""
    return [(fid, gid) for fid, row in zip(fids, rows, strict=True) for gid in row.place_ids]


def insert_sql(table: str, columns: Sequence[str], placeholder: str) -> str:
    """``INSERT INTO table (columns) VALUES (?, ...)`` in the driver's parameter style."""
    marks = ", ".join(placeholder for _ in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"


def copy_sql(table: str, columns: Sequence[str]) -> str:
    return f"COPY {table} ({', '.join(columns)}) FROM STDIN"


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None else None
