"""The server backend: PostgreSQL with PostGIS, geometry(4326) with a GiST index.

Vector tiles are encoded in the database: the layer's tile select (``app.store.tiles``)
clipped to the buffered tile in lon/lat, then ``ST_Transform`` to EPSG:3857,
``ST_AsMVTGeom`` and ``ST_AsMVT``.
"""

from __future__ import annotations

import dataclasses
import struct
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import shapely
import sqlalchemy as sa
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from app.core import fastjson
from app.core.errors import StoreUnavailable
from app.geometry.geojson import BoundedCache
from app.geometry.tiles import BUFFER, EXTENT, Tile
from app.store.base import BBox, LayerFilter, TileContent
from app.store.bulk import copy_sql
from app.store.counts import TimeLimitReached
from app.store.schema import SRID
from app.store.sql import SqlRepository
from app.store.tiles import GEOMETRY, in_tile

_EWKB = BoundedCache(256, by_identity=True)
"""Hex EWKB of the geometries written lately, by identity."""
POSTGIS_HINT = (
    "install PostGIS for the server's major version (Debian: apt-get install "
    "postgresql-15-postgis-3, or `make postgis`) and run CREATE EXTENSION postgis as a superuser"
)


def postgis_engine(url: str) -> Engine:
    engine = sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)

    @event.listens_for(engine, "connect")
    def _connect(dbapi, _record: object) -> None:
        from psycopg.types.json import set_json_loads

        set_json_loads(fastjson.loads, dbapi)  # feature properties, by the thousand
        # Layer pages are small, indexed queries: starting parallel workers costs more
        # (tens of ms on two cores) than it saves. psycopg prepares a statement run five
        # times, and PostgreSQL then may plan it once for any parameters: a generic plan
        # cannot see how few rows a bbox, a window or a batch of ids selects (one probe of
        # an import's ids went from 2 ms to 5 s), so every execution is planned for its
        # values (planning costs well under a millisecond).
        autocommit = dbapi.autocommit
        dbapi.autocommit = True
        with dbapi.cursor() as cursor:
            cursor.execute("SET max_parallel_workers_per_gather = 0")
            cursor.execute("SET plan_cache_mode = force_custom_plan")
            cursor.execute("SET jit = off")  # compiling took longer than the queries ran
        dbapi.autocommit = autocommit

    return engine


def ensure_postgis(engine: Engine) -> None:
    """Create the PostGIS extension when it is missing (needs the privilege to do so)."""
    with engine.connect() as conn:
        present = conn.exec_driver_sql(
            "SELECT 1 FROM pg_extension WHERE extname = 'postgis'"
        ).scalar()
    if present:
        return
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
    except sa.exc.DBAPIError as exc:
        raise StoreUnavailable(
            f"PostGIS is not available in {engine.url.render_as_string(hide_password=True)}: "
            f"{str(exc.orig).strip()}; {POSTGIS_HINT}"
        ) from exc


def _ewkb(geometry: BaseGeometry) -> str:
    return shapely.to_wkb(shapely.set_srid(geometry, SRID), hex=True, include_srid=True)


_SET_TIMEOUT = "SELECT set_config('statement_timeout', %(v)s, true)"
"""For this transaction only."""
_POINT_EWKB = struct.pack("<BII", 1, 1 | 0x20000000, SRID).hex().upper()
"""Little-endian, type Point with the SRID flag, then the SRID: what shapely writes."""


def _point_ewkb(point: Point) -> str:
    return _POINT_EWKB + struct.pack("<dd", point.x, point.y).hex().upper()


class PostGISRepository(SqlRepository):
    backend = "postgis"
    spatial = True

    def _geometry_params(self, geometries: list[BaseGeometry | None]) -> Sequence[object]:
        """Hex EWKB with the SRID (what ``COPY`` reads into a geometry column): points
        packed directly; a country stored again and again is written once
        (``from_geojson`` reuses its geometry)."""
        return [
            None
            if g is None
            else _point_ewkb(g)
            if isinstance(g, Point)
            else _EWKB.get(g, lambda g=g: _ewkb(g))
            for g in geometries
        ]

    def _new_fids(self, conn: Connection, n: int) -> Sequence[int]:
        """Drawn from the ``fid`` sequence in one round trip."""
        fids = conn.exec_driver_sql(
            "SELECT nextval(pg_get_serial_sequence('features', 'fid')) "
            "FROM generate_series(1, %(n)s)",
            {"n": n},
        ).scalars()
        return sorted(fids)

    def _write_rows(
        self, conn: Connection, table: str, columns: Sequence[str], values: list[tuple]
    ) -> None:
        """``COPY ... FROM STDIN`` on the transaction's connection (text format: the
        geometry goes as hex EWKB); the driver's errors become SQLAlchemy's, as the
        other statements' are."""
        import psycopg

        cursor = conn.connection.driver_connection.cursor()
        statement = copy_sql(table, columns)
        try:
            with cursor.copy(statement) as copy:
                for row in values:
                    copy.write_row(row)
        except psycopg.IntegrityError as exc:
            raise sa.exc.IntegrityError(statement, None, exc) from exc
        except psycopg.OperationalError as exc:
            raise sa.exc.OperationalError(statement, None, exc) from exc
        finally:
            cursor.close()

    def _wkb(self, column: sa.Column) -> sa.ColumnElement:
        """``ST_AsEWKB`` read as plain bytes: GeoAlchemy's element per row (a page reads
        a thousand) is skipped."""
        return sa.type_coerce(sa.func.ST_AsEWKB(column), sa.LargeBinary).label(column.name)

    @contextmanager
    def _time_limit(self, conn: Connection, ms: int) -> Iterator[None]:
        """``statement_timeout`` for the transaction (the caller's savepoint undoes it
        when it fires), set back to what it was afterwards."""
        from psycopg.errors import QueryCanceled

        before = conn.exec_driver_sql("SELECT current_setting('statement_timeout')").scalar()
        conn.exec_driver_sql(_SET_TIMEOUT, {"v": f"{max(1, int(ms))}ms"})
        try:
            yield
        except sa.exc.OperationalError as exc:
            if isinstance(exc.orig, QueryCanceled):
                raise TimeLimitReached from exc
            raise
        conn.exec_driver_sql(_SET_TIMEOUT, {"v": before})

    def _window_clauses(self, filters: LayerFilter) -> list[sa.ColumnElement[bool]]:
        """``ST_Intersects`` on the geometry and ``&&`` on the date range: both served by
        the GiST index over (geometry, daterange) (migration 0002)."""
        c = self.t.features.c
        clauses = []
        if filters.bboxes:
            clauses.append(
                sa.or_(
                    *(
                        sa.func.ST_Intersects(c.geometry, sa.func.ST_MakeEnvelope(*b, SRID))
                        for b in filters.bboxes
                    )
                )
            )
        if filters.start is not None or filters.end is not None:
            closed = sa.literal_column("'[]'")
            stored = sa.func.daterange(c.date_start, c.date_end, closed)
            window = sa.func.daterange(
                sa.cast(filters.start, sa.Date), sa.cast(filters.end, sa.Date), closed
            )
            clauses.append(stored.op("&&")(window))
        return clauses

    def _intersects(self, box: BBox) -> sa.ColumnElement[bool]:
        envelope = sa.func.ST_MakeEnvelope(*box, SRID)
        return sa.func.ST_Intersects(self.t.features.c.geometry, envelope)

    def _plain(self, column: sa.Column) -> sa.ColumnElement:
        """``column || ''`` or ``column + 0``: an expression no index is built on."""
        if isinstance(column.type, sa.Date):
            return column + 0
        return column.concat("")

    def _has_table(self, conn: Connection, name: str) -> bool:
        """In the schema the connection's search path finds first, as queries do."""
        return conn.exec_driver_sql("SELECT to_regclass(%(n)s) IS NOT NULL", {"n": name}).scalar()

    def _bbox_overlaps(self, box: BBox) -> sa.ColumnElement[bool]:
        """``&&``: the bounding boxes meet (served by the GiST index)."""
        return self.t.features.c.geometry.op("&&")(sa.func.ST_MakeEnvelope(*box, SRID))

    def _layer_columns(self, filters: LayerFilter) -> tuple[sa.ColumnElement, ...]:
        """With a bbox, ``kind`` and the dates as expressions no b-tree index serves:
        the GiST index over (geometry, date range) finds the candidates, and the planner
        no longer ANDs them with a scan of (kind, date_start, date_end), which read
        hundreds of thousands of entries for a year's window (100-400 ms at 2,000,000
        events)."""
        if not filters.bboxes:
            return super()._layer_columns(filters)
        c = self.t.features.c
        return c.kind.concat(""), c.date_start + 0, c.date_end + 0

    def _event_clauses(self, filters: LayerFilter, f: sa.FromClause) -> list:
        """With a bbox, the event type is hidden from the (kind, event_type) index too:
        ANDed with the GiST candidates, its scan read a third of all events."""
        if not filters.bboxes or f is not self.t.features or not filters.event_types:
            return super()._event_clauses(filters, f)
        clauses = super()._event_clauses(dataclasses.replace(filters, event_types=()), f)
        return [f.c.event_type.concat("").in_(filters.event_types), *clauses]

    def tile(self, layer: str, filters: LayerFilter, tile: Tile, limit: int) -> TileContent:
        """The same rows as on SQLite, encoded by PostGIS in one statement."""
        select, key = self._tile_select(layer, in_tile(filters, tile))
        rows = select.add_columns(sa.func.row_number().over(order_by=key).label("n"))
        rows = rows.order_by(key).limit(limit + 1).cte("rows")
        clip = sa.func.ST_MakeEnvelope(*tile.bounds_4326(BUFFER), SRID)
        mercator = sa.func.ST_Transform(sa.func.ST_ClipByBox2D(rows.c[GEOMETRY], clip), 3857)
        envelope = sa.func.ST_TileEnvelope(tile.z, tile.x, tile.y)
        mvt_geometry = sa.func.ST_AsMVTGeom(mercator, envelope, EXTENT, BUFFER, True)
        properties = [c for c in rows.c if c.name not in (GEOMETRY, "n")]
        t = (
            sa.select(*properties, mvt_geometry.label(GEOMETRY))
            .where(rows.c.n <= limit)
            .subquery("t")
        )
        query = sa.select(
            sa.func.ST_AsMVT(sa.literal_column("t"), layer, EXTENT, GEOMETRY),
            sa.func.count(),
            sa.select(sa.func.count()).select_from(rows).scalar_subquery(),
        ).where(t.c[GEOMETRY].is_not(None))
        with self._read() as conn:
            # PostGIS's function costs make the estimate large enough for JIT, whose
            # compilation takes longer (~350 ms) than the query itself
            conn.exec_driver_sql("SET LOCAL jit = off")
            data, count, matched = conn.execute(query).one()
        return TileContent(bytes(data or b""), int(count), truncated=matched > limit)
