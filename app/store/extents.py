"""The extent of the stored features of a kind: their bounding box, first and last
dates and count, for the events map's first view and slider and the OGC collection
documents.

Computed over every feature of the kind (1.5-2 s at 5,000,000 events on PostGIS), so
kept until the store's revision changes (``revision()``: one row read): every events map
over a large store and every OGC collection document asks for it.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.store.base import Extent


class ExtentQueries:
    """Extent methods of :class:`~app.store.sql.SqlRepository` (mixed into it)."""

    def extent(self, kind: str, source_dataset: str | None = None) -> Extent:
        revision = self.revision()
        cached = self._extents.get((kind, source_dataset))
        if cached is not None and cached[0] == revision:
            return cached[1]
        extent = self._extent(kind, source_dataset)
        self._extents[(kind, source_dataset)] = (revision, extent)
        return extent

    def _extent(self, kind: str, source_dataset: str | None) -> Extent:
        c = self.t.features.c
        counted = c.gazetteer_id.distinct() if kind == "place" else c.fid
        query = sa.select(
            sa.func.min(c.min_lon),
            sa.func.min(c.min_lat),
            sa.func.max(c.max_lon),
            sa.func.max(c.max_lat),
            sa.func.min(c.date_start),
            sa.func.max(c.date_end),
            sa.func.count(counted),
        ).where(c.kind == kind)
        if source_dataset is not None:
            query = query.where(c.source_dataset == source_dataset)
        with self._read() as conn:
            row = conn.execute(query).one()
        bbox = tuple(row[:4]) if row[0] is not None else None
        return Extent(bbox=bbox, start=row[4], end=row[5], count=row[6])
