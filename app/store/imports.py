"""Events imported from another dataset (an ACLED export), stored beside the extracted ones.

Each dataset has one container article (id and ``source_dataset`` = the dataset's name,
e.g. ``acled``) that its events belong to, so the layers, tiles and exports read them
with the same queries as the geoparser's events (``features.source_dataset`` tells them
apart). An event's ``feature_id`` is the dataset's own id (ACLED's ``event_id_cnty``): the
items show it as ``acled:<event_id_cnty>``, and importing an id again replaces the event.

Mixed into :class:`~app.store.sql.SqlRepository`, as :mod:`app.store.tiles` is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.store.features import feature_rows


class DatasetImports:
    """The import method of :class:`~app.store.sql.SqlRepository` (mixed into it)."""

    def import_events(self, dataset: str, features: list[dict]) -> int:
        rows = [
            dataclasses.replace(row, columns={**row.columns, "source_dataset": dataset})
            for row in feature_rows({"features": features}, None)
            if row.columns["kind"] == "event"
        ]
        ids = [row.columns["feature_id"] for row in rows]
        with self._write() as conn:
            self._ensure_container(conn, dataset)
            replaced = self._delete_dataset_events(conn, dataset, ids)
            self._insert(conn, dataset, rows)
            a = self.t.articles
            # a changed article row moves the store's revision (tile ETags) by trigger
            conn.execute(sa.update(a).where(a.c.id == dataset).values(processed_at=_now()))
        return replaced

    def _ensure_container(self, conn: Connection, dataset: str) -> None:
        a = self.t.articles
        if conn.execute(sa.select(a.c.id).where(a.c.id == dataset)).first() is not None:
            return
        now = _now()
        conn.execute(
            sa.insert(a).values(
                id=dataset,
                content_hash=hashlib.sha256(f"dataset:{dataset}".encode()).hexdigest(),
                title=f"Events imported from {dataset.upper()}",
                source=dataset.upper(),
                body_format="text",
                body="",
                text="",
                meta={"source_dataset": dataset},
                ingested_at=now,
                processed_at=now,
                geoparser_version=f"import:{dataset}",
                source_dataset=dataset,
            )
        )

    def _delete_dataset_events(self, conn: Connection, dataset: str, ids: list[str]) -> int:
        """Delete the dataset's events with these ids: their rows are found first, then
        deleted by key (a ``DELETE ... IN (SELECT ...)`` let PostgreSQL scan the whole
        link table for each batch)."""
        f, ep = self.t.features, self.t.event_places
        replaced = 0
        for start in range(0, len(ids), 500):  # bounded IN lists
            fids = self._dataset_fids(conn, dataset, ids[start : start + 500])
            if fids:
                conn.execute(sa.delete(ep).where(ep.c.feature_fid.in_(fids)))
                self._delete_actors(conn, f.c.fid.in_(fids))
                replaced += conn.execute(sa.delete(f).where(f.c.fid.in_(fids))).rowcount
        return replaced

    def _dataset_fids(self, conn: Connection, dataset: str, ids: list[str]) -> list[int]:
        """The fids of the dataset's events with these ids, one probe of the unique
        (article, kind, feature id) index per id. On PostgreSQL the probes are spelled
        out (a ``LATERAL ... LIMIT 1`` per id): given ``feature_id IN (...)``, its planner
        read every event of the dataset and filtered them, 1-2 s a batch at 100,000."""
        if conn.dialect.name == "postgresql":
            return list(conn.execute(_PG_PROBE, {"ids": ids, "dataset": dataset}).scalars())
        f = self.t.features
        query = sa.select(f.c.fid).where(
            f.c.article_id == dataset, f.c.kind == "event", f.c.feature_id.in_(ids)
        )
        return list(conn.execute(query).scalars())


_PG_PROBE = sa.text(
    "SELECT p.fid FROM unnest(CAST(:ids AS text[])) AS i(id) CROSS JOIN LATERAL "
    "(SELECT fid FROM features WHERE article_id = :dataset AND kind = 'event' "
    "AND feature_id = i.id LIMIT 1) AS p"
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
