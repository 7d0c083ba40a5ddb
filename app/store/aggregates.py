"""Events counted per grid cell in the database, for zoomed-out maps and tiles.

One statement on both backends: each matching event's cell (``app.geometry.cells``: the
WebMercatorQuad tile of the cell zoom holding its point, or the centre of its bounding
box) is computed from the bbox columns with ``floor``, ``ln`` and ``tan``, and the events
are grouped per cell and event type; those groups (at most the cells times the types)
are summed per cell here: count, fatalities, the most frequent type, and the mean
position, and per type, for a map legend (``count_cells``). Every matching event with a
geometry is in exactly one cell, so the counts of the cells and those of the types add
up to the number of matching events (events without a geometry are in none).
"""

from __future__ import annotations

import dataclasses
import math

import sqlalchemy as sa

from app.geometry.cells import Cell, CellRange
from app.geometry.tiles import MAX_LAT
from app.store.base import BBox, CellCounts, LayerFilter

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


def _reduce(rows: list, cells: CellRange) -> CellCounts:
    """Cells and type counts from the (cx, cy, event_type, n, f, sx, sy) groups, the
    groups of cells outside ``cells`` left out: the events near the range whose point
    lies beyond it. They are dropped here rather than in SQL: there the test repeated
    the cell's arithmetic per row and, its selectivity unknown to PostgreSQL's planner,
    turned a hash aggregate of 5,000,000 rows into a sort on disk (world zoom 13.3 ->
    4.4 s on one query)."""
    sums: dict[tuple[int, int], list] = {}
    types: dict[str | None, int] = {}
    for r in rows:
        if not (cells.min_x <= r.cx <= cells.max_x and cells.min_y <= r.cy <= cells.max_y):
            continue
        n, kind = int(r.n), r.event_type or ""
        types[kind or None] = types.get(kind or None, 0) + n
        cell = sums.setdefault((int(r.cy), int(r.cx)), [0, 0, 0.0, 0.0, (0, "")])
        cell[0] += n
        cell[1] += int(r.f or 0)
        cell[2] += float(r.sx)
        cell[3] += float(r.sy)
        best_n, best_kind = cell[4]
        if n > best_n or (n == best_n and kind < best_kind):
            cell[4] = (n, kind)
    found = [
        Cell(
            zoom=cells.zoom,
            x=x,
            y=y,
            count=n,
            fatalities=f,
            event_type=best[1] or None,
            lon=sx / n,
            lat=sy / n,
        )
        for (y, x), (n, f, sx, sy, best) in sorted(sums.items())
    ]
    return CellCounts(found, types)


class AggregateQueries:
    """Aggregate methods of :class:`~app.store.sql.SqlRepository` (mixed into it)."""

    def aggregate_events(self, filters: LayerFilter, cells: CellRange) -> list[Cell]:
        """The cells of ``cells`` that hold matching events (``filters.bboxes`` is
        ignored: the cell range is the area), north to south, west to east."""
        return self.count_cells(filters, cells).cells

    def count_cells(self, filters: LayerFilter, cells: CellRange) -> CellCounts:
        """The matching events counted per cell and per event type, from one GROUP BY
        (cell, event type) in the database: its rows (at most the cells times the types)
        are summed per cell here, the cell's type being its most frequent one (ties: the
        first by name, no type first), and per type for the legend."""
        p = self._cell_points(filters, cells)
        query = sa.select(
            p.c.cx,
            p.c.cy,
            p.c.event_type,
            sa.func.count().label("n"),
            sa.func.sum(p.c.fatalities).label("f"),
            sa.func.sum(p.c.lon).label("sx"),
            sa.func.sum(p.c.lat).label("sy"),
        ).group_by(p.c.cx, p.c.cy, p.c.event_type)
        with self._read() as conn:
            rows = conn.execute(query).all()
        return _reduce(rows, cells)

    def _cell_points(self, filters: LayerFilter, cells: CellRange) -> sa.Subquery:
        """The matching events near ``cells`` (``_reduce`` keeps those whose point lies
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

    def _bbox_overlaps(self, box: BBox) -> sa.ColumnElement[bool]:
        """The feature's bounding box meets ``box`` (a backend uses its spatial index)."""
        minx, miny, maxx, maxy = box
        c = self.t.features.c
        return sa.and_(c.min_lon <= maxx, c.max_lon >= minx, c.min_lat <= maxy, c.max_lat >= miny)
