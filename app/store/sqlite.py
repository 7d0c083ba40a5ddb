"""The embedded backend: one SQLite file in WAL mode, an R*Tree over feature bboxes.

No SpatiaLite: the R*Tree finds the candidates, the exact bbox columns confirm points,
and a small SQL function (shapely) confirms lines and polygons.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import shapely
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from app.core import fastjson
from app.store.base import BBox, LayerFilter
from app.store.bulk import insert_sql
from app.store.counts import TimeLimitReached
from app.store.schema import RTREE
from app.store.sql import SqlRepository

BUSY_TIMEOUT_MS = 30_000
CACHE_KIB = 64 * 1024
"""Page cache per connection (SQLite's default is 2 MiB): the indexes of millions of
events are hundreds of MiB, and a bulk write touches pages all over them."""
PROGRESS_STEPS = 10_000
"""Virtual machine steps between two looks at a statement's time limit (well under a
millisecond)."""
EPOCH = dt.date(1970, 1, 1)
"""The R*Tree's third dimension counts days from here (migration 0002)."""
_RTREE_COLUMNS = ("min_lon", "max_lon", "min_lat", "max_lat", "min_day", "max_day")


def _intersects(wkb: bytes | None, minx: float, miny: float, maxx: float, maxy: float) -> int:
    if wkb is None:
        return 0
    return int(shapely.intersects(shapely.from_wkb(wkb), shapely.box(minx, miny, maxx, maxy)))


def _math_functions(dbapi: sqlite3.Connection) -> None:
    """``floor``, ``ln`` and ``tan`` (the aggregate cells) where SQLite was built without
    its math functions (``SQLITE_ENABLE_MATH_FUNCTIONS``)."""
    try:
        dbapi.execute("SELECT floor(1.5), ln(2.0), tan(1.0)")
    except sqlite3.OperationalError:
        for name, function in (("floor", math.floor), ("ln", math.log), ("tan", math.tan)):
            dbapi.create_function(name, 1, _or_null(function), deterministic=True)


def _or_null(function):
    def call(value):
        return None if value is None else function(value)

    return call


def sqlite_engine(url: str) -> Engine:
    """An engine whose connections use WAL, foreign keys, a busy timeout and real
    transactions (``BEGIN``, or ``BEGIN IMMEDIATE`` for writers)."""
    parsed = sa.make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        json_deserializer=fastjson.loads,  # feature properties, by the thousand
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi: sqlite3.Connection, _record: object) -> None:
        dbapi.isolation_level = None  # transactions are begun explicitly below
        for pragma in (
            "journal_mode=WAL",
            "synchronous=NORMAL",
            "foreign_keys=ON",
            f"busy_timeout={BUSY_TIMEOUT_MS}",
            f"cache_size=-{CACHE_KIB}",
        ):
            dbapi.execute(f"PRAGMA {pragma}")
        dbapi.create_function("geoevents_intersects", 5, _intersects, deterministic=True)
        _math_functions(dbapi)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


class SQLiteRepository(SqlRepository):
    backend = "sqlite"
    spatial = False

    def __init__(
        self, engine: Engine, count_cap: int = 1_000_000, count_ms: int | None = None
    ) -> None:
        super().__init__(engine, count_cap, count_ms)
        rtree = sa.Table(
            RTREE,
            sa.MetaData(),
            sa.Column("id", sa.Integer, primary_key=True),
            *(sa.Column(n, sa.Float) for n in _RTREE_COLUMNS),
        )
        self.rtree = rtree

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """``BEGIN IMMEDIATE``: writers queue on the lock instead of failing on upgrade."""
        with self._errors(), self.engine.connect() as conn:
            conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                yield conn

    @contextmanager
    def _time_limit(self, conn: Connection, ms: int) -> Iterator[None]:
        """SQLite's progress handler, called every few thousand steps of the statement,
        interrupts it once the time is up."""
        dbapi = conn.connection.driver_connection
        deadline = time.monotonic() + ms / 1000
        dbapi.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
        try:
            yield
        except sa.exc.OperationalError as exc:
            if isinstance(exc.orig, sqlite3.OperationalError) and "interrupt" in str(exc.orig):
                raise TimeLimitReached from exc
            raise
        finally:
            dbapi.set_progress_handler(None, 0)

    def _new_fids(self, conn: Connection, n: int) -> Sequence[int]:
        """After the largest id, as SQLite itself would number them: the write
        transaction (``BEGIN IMMEDIATE``) holds the lock until the rows are in."""
        last = conn.exec_driver_sql("SELECT coalesce(max(fid), 0) FROM features").scalar_one()
        return range(last + 1, last + 1 + n)

    def _write_rows(
        self, conn: Connection, table: str, columns: Sequence[str], values: list[tuple]
    ) -> None:
        """One prepared statement, ``executemany`` (the R*Tree trigger runs per row)."""
        conn.exec_driver_sql(insert_sql(table, columns, "?"), values)

    def _window_clauses(self, filters: LayerFilter) -> list[sa.ColumnElement[bool]]:
        """R*Tree candidates over lon, lat and days, then the exact bbox test (points by
        their bbox columns, lines and polygons by shapely)."""
        c = self.t.features.c
        if filters.bboxes:
            return [
                sa.or_(
                    *(
                        sa.and_(c.fid.in_(self._candidates(filters, box)), *self._exact(box))
                        for box in filters.bboxes
                    )
                )
            ]
        if filters.start is not None or filters.end is not None:
            return [c.fid.in_(self._candidates(filters, None))]
        return []

    def _layer_columns(self, filters: LayerFilter) -> tuple[sa.ColumnElement, ...]:
        """With R*Tree candidates, ``+column`` keeps SQLite's planner off the kind and date
        indexes: it then walks the (few) candidates by rowid, in rowid order."""
        if not (filters.bboxes or filters.start is not None or filters.end is not None):
            return super()._layer_columns(filters)
        table = self.t.features.name
        return (
            sa.literal_column(f"+{table}.kind", sa.String),
            sa.literal_column(f"+{table}.date_start", sa.Date),
            sa.literal_column(f"+{table}.date_end", sa.Date),
        )

    def _candidates(self, filters: LayerFilter, box: BBox | None) -> sa.Select:
        r = self.rtree.c
        conditions = []
        if box is not None:
            minx, miny, maxx, maxy = box
            conditions += [
                r.min_lon <= maxx,
                r.max_lon >= minx,
                r.min_lat <= maxy,
                r.max_lat >= miny,
            ]
        if filters.start is not None:
            conditions.append(r.max_day >= (filters.start - EPOCH).days)
        if filters.end is not None:
            conditions.append(r.min_day <= (filters.end - EPOCH).days)
        return sa.select(r.id).where(*conditions)

    def _bbox_overlaps(self, box: BBox) -> sa.ColumnElement[bool]:
        """R*Tree candidates of the box (the R*Tree's bounds are rounded outwards)."""
        return self.t.features.c.fid.in_(self._candidates(LayerFilter(), box))

    def _intersects(self, box: BBox) -> sa.ColumnElement[bool]:
        """Lines and polygons by shapely (``geoevents_intersects``)."""
        return sa.func.geoevents_intersects(self.t.features.c.geometry, *box) == 1

    def _plain(self, column: sa.Column) -> sa.ColumnElement:
        """``+column``: SQLite's planner uses no index for a unary plus."""
        return sa.literal_column(f"+{column.table.name}.{column.name}", column.type)

    def _has_table(self, conn: Connection, name: str) -> bool:
        found = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).first()
        return found is not None
