"""The actor filter through the actor index (``app.store.actors``): which queries probe
it and the clauses they then use. Mixed into :class:`~app.store.sql.SqlRepository`, as
:mod:`app.store.tiles` is; the backend supplies ``_intersects``, ``_plain`` and
``_has_table``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.store.actors import (
    ACTOR_COLUMNS,
    ACTOR_NAMES,
    EVENT_ACTORS,
    ActorKeys,
    actor_values,
    candidates,
    delete_rows,
    find_keys,
    like_pattern,
    name_spans,
    note_names,
    probe_too_large,
)
from app.store.base import BBox, LayerFilter
from app.store.features import FeatureRow


class ActorQueries:
    """Actor-index methods of :class:`~app.store.sql.SqlRepository` (mixed into it)."""

    def _write_actors(self, conn: Connection, fids: Sequence[int], rows: list[FeatureRow]) -> None:
        """The actor rows of freshly written feature rows, and their (name, type) pairs
        (not before migration 0009)."""
        values = actor_values(fids, rows)
        if values and self._has_table(conn, EVENT_ACTORS):
            self._write_rows(conn, EVENT_ACTORS, ACTOR_COLUMNS, values)
            note_names(conn, name_spans(values))

    def _delete_actors(self, conn: Connection, where: sa.ColumnElement[bool]) -> None:
        """The actor rows of the features ``where`` selects, before they are deleted."""
        if self._has_table(conn, EVENT_ACTORS):
            delete_rows(conn, self.t.features, self.t.event_actors, where)

    def _intersects(self, box: BBox) -> sa.ColumnElement[bool]:
        """The feature's geometry meets ``box`` (tested row by row, no index)."""
        raise NotImplementedError

    def _plain(self, column: sa.Column) -> sa.ColumnElement:
        """``column`` as an expression no index serves (the planner then follows the
        index the query means it to)."""
        raise NotImplementedError

    def _has_table(self, conn: Connection, name: str) -> bool:
        """Whether the store's schema has the table (a store before its migration is
        still read and written)."""
        raise NotImplementedError

    def _exact(self, box: BBox) -> list[sa.ColumnElement[bool]]:
        """The feature meets ``box``: points by their bbox columns, lines and polygons
        by the backend's geometry test."""
        minx, miny, maxx, maxy = box
        c = self.t.features.c
        return [
            c.min_lon <= maxx,
            c.max_lon >= minx,
            c.min_lat <= maxy,
            c.max_lat >= miny,
            sa.or_(c.geometry_type == "Point", self._intersects(box)),
        ]

    def _actor_keys(self, filters: LayerFilter) -> ActorKeys | None:
        """The actor index's keys for an event query with an actor and a box or a window
        (without either, reading events in id order until a page is full is quicker);
        None where the index does not serve it: a part spanning two names (a line
        break), too many matching names, ranges of more than ``PROBE_MAX`` entries (a
        name on most events), a store before migration 0009."""
        windowed = filters.bboxes or filters.start is not None or filters.end is not None
        if not filters.actor or not windowed or "\n" in filters.actor:
            return None
        with self._read() as conn:
            if not self._has_table(conn, ACTOR_NAMES):
                return None
            pattern = like_pattern(filters.actor)
            keys = find_keys(conn, self.t.actor_names, pattern, filters.event_types)
            if keys and keys.names and probe_too_large(conn, self.t.event_actors, keys, filters):
                return None
            return keys

    def _probe_clauses(self, filters: LayerFilter, keys: ActorKeys) -> list:
        """The event clauses when the actor index finds the candidates: the events
        whose (name, type, day) it holds inside the box, then every condition tested on
        their rows with no other index (the same conditions as without it, so the same
        rows, order and count)."""
        f = self.t.features
        c = f.c
        plain = self._plain
        clauses: list[sa.ColumnElement[bool]] = [plain(c.kind) == "event"]
        if not keys.names:
            return [*clauses, sa.false()]
        clauses.append(c.fid.in_(candidates(self.t.event_actors, keys, filters)))
        if filters.bboxes:
            clauses.append(sa.or_(*(sa.and_(*self._exact(box)) for box in filters.bboxes)))
        clauses += self._overlap(filters, plain(c.date_start), plain(c.date_end))
        clauses += self._common_clauses(filters)
        if filters.event_types:
            clauses.append(plain(c.event_type).in_(filters.event_types))
        pattern = like_pattern(filters.actor or "")
        clauses.append(plain(c.actors).like(pattern, escape="\\"))  # as without the index
        return clauses
