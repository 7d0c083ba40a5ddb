"""Vector tiles from the layer queries: one select per layer, two ways of encoding it.

The rows of a tile are the layer's features that intersect the tile, chosen by the same
clauses as the layer pages (``SqlRepository._clauses``), with a small set of flat
properties that a map can style and label by. SQLite encodes them in Python
(``app.geometry.mvt``); PostGIS overrides :meth:`TileQueries.tile` to encode the same
select in the database with ``ST_AsMVTGeom``/``ST_AsMVT``.

Events carry ``id`` (``article_id:feature_id``, as in the items), ``article_id``,
``event_type``, ``sub_event_type``, ``date_start``, ``date_end``, ``fatalities``,
``country_code``, ``name``, ``score`` and ``source_dataset``; places carry ``id`` (the
gazetteer id), ``name``, ``feature_type``, ``country_code``, ``mention_count``,
``article_count``, ``event_count``, ``score``, ``first_date`` and ``last_date``.
"""

from __future__ import annotations

import dataclasses

import shapely
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.geometry.tiles import Tile
from app.store.base import LayerFilter, TileContent

GEOMETRY = "geom"
"""The label of the geometry column in a tile select; every other column is a property."""


class TileQueries:
    """Tile methods of :class:`~app.store.sql.SqlRepository` (mixed into it)."""

    def revision(self) -> str:
        with self._read() as conn:
            return self._revision(conn)

    def _revision(self, conn: Connection) -> str:
        s = self.t.store_state
        row = conn.execute(sa.select(s.c.instance, s.c.revision).where(s.c.id == 1)).one()
        return f"{row.instance}-{row.revision}"

    def tile(self, layer: str, filters: LayerFilter, tile: Tile, limit: int) -> TileContent:
        from app.geometry.mvt import encode_layer

        query, key = self._tile_select(layer, in_tile(filters, tile))
        with self._read() as conn:
            rows = conn.execute(query.order_by(key).limit(limit + 1)).mappings().all()
        kept = rows[:limit]
        geometries = shapely.from_wkb([_wkb(r[GEOMETRY]) for r in kept])
        properties = [{k: v for k, v in r.items() if k != GEOMETRY} for r in kept]
        data, count = encode_layer(layer, tile, list(geometries), properties)
        return TileContent(data, count, truncated=len(rows) > limit)

    def _tile_select(self, layer: str, filters: LayerFilter) -> tuple[sa.Select, sa.ColumnElement]:
        """The layer's rows in the filters' window and their order key."""
        if layer == "events":
            return self._event_tile_select(filters)
        return self._place_tile_select(filters)

    def _event_tile_select(self, filters: LayerFilter) -> tuple[sa.Select, sa.ColumnElement]:
        f = self.t.features
        query = sa.select(
            f.c.article_id.concat(":").concat(f.c.feature_id).label("id"),
            f.c.article_id,
            f.c.event_type,
            f.c.sub_event_type,
            _text(f.c.date_start).label("date_start"),
            _text(f.c.date_end).label("date_end"),
            f.c.fatalities,
            f.c.country_code,
            f.c.name,
            f.c.score,
            f.c.source_dataset,
            f.c.geometry.label(GEOMETRY),
        ).where(*self._clauses(filters, "event"))
        return query, f.c.fid

    def _place_tile_select(self, filters: LayerFilter) -> tuple[sa.Select, sa.ColumnElement]:
        f, ep = self.t.features, self.t.event_places
        clauses = [*self._clauses(filters, "place"), f.c.gazetteer_id.is_not(None)]
        groups = self._place_groups(clauses).subquery("g")
        rep = f.alias("rep")
        e = f.alias("e")
        event_count = (
            sa.select(sa.func.count(ep.c.feature_fid.distinct()))
            .join(e, e.c.fid == ep.c.feature_fid)
            .where(ep.c.gazetteer_id == groups.c.gazetteer_id)
            .where(*self._linked_event_clauses(filters, e))
            .scalar_subquery()
        )
        query = sa.select(
            groups.c.gazetteer_id.label("id"),
            rep.c.name,
            rep.c.feature_type,
            rep.c.country_code,
            groups.c.mention_count,
            groups.c.article_count,
            event_count.label("event_count"),
            groups.c.score,
            _text(groups.c.first_date).label("first_date"),
            _text(groups.c.last_date).label("last_date"),
            rep.c.geometry.label(GEOMETRY),
        ).join(rep, rep.c.fid == groups.c.rep)
        return query, groups.c.gazetteer_id


def in_tile(filters: LayerFilter, tile: Tile) -> LayerFilter:
    """The filters with the tile's lon/lat bounds as the only bbox."""
    return dataclasses.replace(filters, bboxes=(tile.bounds_4326(),))


def _text(column: sa.ColumnElement) -> sa.ColumnElement:
    """A date as ``YYYY-MM-DD`` text on both backends."""
    return sa.cast(column, sa.Text)


def _wkb(value: object) -> bytes | None:
    if value is None:
        return None
    data = getattr(value, "data", value)
    return bytes.fromhex(data) if isinstance(data, str) else bytes(data)
