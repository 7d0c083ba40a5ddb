"""Events counted per grid cell in the database, for zoomed-out maps and tiles.

One statement on both backends: each matching event's cell (``app.geometry.cells``: the
WebMercatorQuad tile of the cell zoom holding its point, or the centre of its bounding
box) is computed from the bbox columns with ``floor``, ``ln`` and ``tan``; the events are
grouped per cell and event type, the types ranked per cell by count (a window
function), and the cells summed: count, fatalities, the most frequent type, and the
mean position. Every matching event with a geometry is in exactly one cell, so the
counts of the cells add up to the number of matching events (events without a
geometry are in none). ``count_event_types`` counts the same events per event type (one
GROUP BY), for a map legend whose per-type counts add up to the cells'.
"""

from __future__ import annotations

import dataclasses
import math

import sqlalchemy as sa

from app.geometry.cells import Cell, CellRange
from app.geometry.tiles import MAX_LAT
from app.store.base import BBox, LayerFilter

_EPSILON = 1e-9
"""Degrees added around a cell range's box, so that floating point never drops an event
whose point lies on its edge (the cell test decides)."""


def _clamp(value: sa.ColumnElement, high: int) -> sa.ColumnElement:
    return sa.case((value < 0, 0), (value > high, high), else_=value)


def cell_columns(
    f: sa.FromClause, zoom: int
) -> tuple[sa.ColumnElement, sa.ColumnElement, sa.ColumnElement, sa.ColumnElement]:
    """Column, row, lon and lat of each feature's point (its bbox centre) at ``zoom``."""
    n = 2**zoom
    lon = (f.c.min_lon + f.c.max_lon) / 2.0
    lat = (f.c.min_lat + f.c.max_lat) / 2.0
    clamped = sa.case((lat > MAX_LAT, MAX_LAT), (lat < -MAX_LAT, -MAX_LAT), else_=lat)
    mercator = sa.func.ln(sa.func.tan(math.pi / 4 + clamped * (math.pi / 360.0)))
    column = sa.cast(sa.func.floor((lon + 180.0) * (n / 360.0)), sa.Integer)
    row = sa.cast(sa.func.floor((1.0 - mercator / math.pi) * (n / 2.0)), sa.Integer)
    return _clamp(column, n - 1), _clamp(row, n - 1), lon, lat


def _search_box(cells: CellRange) -> BBox:
    """The lon/lat box whose features may have their point in the cells: the cells'
    bounds, a little wider, and up to the pole from the first or the last row (they
    hold the points beyond ±85.05°)."""
    west, south, east, north = cells.bounds_4326()
    last = 2**cells.zoom - 1
    north = 90.0 if cells.min_y == 0 else north + _EPSILON
    south = -90.0 if cells.max_y == last else south - _EPSILON
    return (west - _EPSILON, south, east + _EPSILON, north)


def _inside(p: sa.Subquery, cells: CellRange) -> list[sa.ColumnElement[bool]]:
    """The points of ``p`` (``_cell_points``) whose cell is one of ``cells``."""
    return [p.c.cx.between(cells.min_x, cells.max_x), p.c.cy.between(cells.min_y, cells.max_y)]


class AggregateQueries:
    """Aggregate methods of :class:`~app.store.sql.SqlRepository` (mixed into it)."""

    def aggregate_events(self, filters: LayerFilter, cells: CellRange) -> list[Cell]:
        """The cells of ``cells`` that hold matching events (``filters.bboxes`` is
        ignored: the cell range is the area), north to south, west to east."""
        query = self._aggregate_select(filters, cells)
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [
            Cell(
                zoom=cells.zoom,
                x=int(r.cx),
                y=int(r.cy),
                count=int(r.n),
                fatalities=int(r.f or 0),
                event_type=r.event_type or None,
                lon=float(r.sx) / int(r.n),
                lat=float(r.sy) / int(r.n),
            )
            for r in rows
        ]

    def count_event_types(self, filters: LayerFilter, cells: CellRange) -> dict[str | None, int]:
        """The matching events of the cells counted per event type (``None``: no type),
        in one GROUP BY over the same events as ``aggregate_events``: the counts add up
        to the sum of its cells' counts."""
        p = self._cell_points(filters, cells)
        query = (
            sa.select(p.c.event_type, sa.func.count().label("n"))
            .where(*_inside(p, cells))
            .group_by(p.c.event_type)
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        return {(r.event_type or None): int(r.n) for r in rows}

    def _cell_points(self, filters: LayerFilter, cells: CellRange) -> sa.Subquery:
        """The matching events near ``cells`` (``_inside`` keeps those whose point lies
        in them): their cell (``cx``, ``cy``), type ('' for none), fatalities and point."""
        f = self.t.features
        clauses = self._clauses(dataclasses.replace(filters, bboxes=()), "event")
        clauses.append(f.c.min_lon.is_not(None))
        n = 2**cells.zoom
        if (cells.min_x, cells.min_y, cells.max_x, cells.max_y) != (0, 0, n - 1, n - 1):
            clauses.append(self._bbox_overlaps(_search_box(cells)))
        column, row, lon, lat = cell_columns(f, cells.zoom)
        points = sa.select(
            column.label("cx"),
            row.label("cy"),
            sa.func.coalesce(f.c.event_type, "").label("event_type"),
            sa.func.coalesce(f.c.fatalities, 0).label("fatalities"),
            lon.label("lon"),
            lat.label("lat"),
        ).where(*clauses)
        return points.subquery("p")

    def _aggregate_select(self, filters: LayerFilter, cells: CellRange) -> sa.Select:
        p = self._cell_points(filters, cells)
        per_type = (
            sa.select(
                p.c.cx,
                p.c.cy,
                p.c.event_type,
                sa.func.count().label("n"),
                sa.func.sum(p.c.fatalities).label("f"),
                sa.func.sum(p.c.lon).label("sx"),
                sa.func.sum(p.c.lat).label("sy"),
            )
            .where(*_inside(p, cells))
            .group_by(p.c.cx, p.c.cy, p.c.event_type)
            .subquery("t")
        )
        rank = sa.func.row_number().over(
            partition_by=(per_type.c.cx, per_type.c.cy),
            order_by=(per_type.c.n.desc(), per_type.c.event_type),
        )
        r = sa.select(per_type, rank.label("rank")).subquery("r")
        return (
            sa.select(
                r.c.cx,
                r.c.cy,
                sa.func.sum(r.c.n).label("n"),
                sa.func.sum(r.c.f).label("f"),
                sa.func.sum(r.c.sx).label("sx"),
                sa.func.sum(r.c.sy).label("sy"),
                sa.func.max(sa.case((r.c.rank == 1, r.c.event_type))).label("event_type"),
            )
            .group_by(r.c.cx, r.c.cy)
            .order_by(r.c.cy, r.c.cx)
        )

    def _bbox_overlaps(self, box: BBox) -> sa.ColumnElement[bool]:
        """The feature's bounding box meets ``box`` (a backend uses its spatial index)."""
        minx, miny, maxx, maxy = box
        c = self.t.features.c
        return sa.and_(c.min_lon <= maxx, c.max_lon >= minx, c.min_lat <= maxy, c.max_lat >= miny)
