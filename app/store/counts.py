"""``numberMatched`` of the layer pages: counted up to a cap and within a time limit, and
kept per layer, filters and store revision, so that the pages of one result are counted
once (``SqlRepository.query_events`` and ``query_places``).

A count that runs out of time is stopped in the database by the backend's
``_time_limit`` (PostgreSQL's ``statement_timeout``, SQLite's progress handler), inside a
savepoint, so the rest of the read goes on; the page then comes without
``numberMatched``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.store.base import LayerFilter

COUNTS_KEPT = 256
"""Layer counts kept per repository."""


class TimeLimitReached(Exception):
    """A statement was stopped by ``CountQueries._time_limit``."""


class CountQueries:
    """Count methods of :class:`~app.store.sql.SqlRepository` (mixed into it)."""

    @contextmanager
    def _time_limit(self, conn: Connection, ms: int) -> Iterator[None]:
        """Stop the statements run inside after ``ms`` milliseconds: the database stops
        working on them and :class:`TimeLimitReached` is raised."""
        raise NotImplementedError
        yield

    def _count(
        self, conn: Connection, kind: str, filters: LayerFilter, keys: sa.Select
    ) -> int | None:
        """``numberMatched``: the ``keys`` counted up to the cap and within ``count_ms``
        (None above either: a count that runs out of time is stopped in the database, in
        a savepoint, so the rest of the transaction goes on), once per layer, filters and
        store revision, so that walking the pages of a large result counts it once, not
        on every page."""
        if self.count_cap <= 0:
            return None

        def count() -> int | None:
            capped = keys.limit(self.count_cap + 1).subquery()
            statement = sa.select(sa.func.count()).select_from(capped)
            ms = self.count_ms
            limit = nullcontext() if ms is None else self._time_limit(conn, ms)
            try:
                with conn.begin_nested(), limit:
                    n = conn.execute(statement).scalar_one()
            except TimeLimitReached:
                return None
            return n if n <= self.count_cap else None

        # the revision first: a write committed after it makes a new key, never a stale one
        return self._counts.get((kind, filters, self._revision(conn)), count)
