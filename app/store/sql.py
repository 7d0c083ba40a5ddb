"""The repository over SQLAlchemy Core, shared by the SQLite and PostGIS backends.

A backend supplies the engine, how a geometry is written and read, and the spatial
filter; everything else (transactions, keyset paging, aggregation of places) is here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import shapely
import sqlalchemy as sa
from shapely.geometry.base import BaseGeometry
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.exc import IntegrityError, OperationalError

from app.core.errors import BadQuery, StoreUnavailable
from app.geometry.geojson import BoundedCache
from app.store.actor_queries import ActorQueries
from app.store.actors import like_pattern
from app.store.aggregates import AggregateQueries
from app.store.base import (
    ArticlePage,
    Extent,
    FeaturePage,
    LayerFilter,
    NewArticle,
    StoredArticle,
)
from app.store.bulk import LINK_COLUMNS, feature_columns, feature_values, link_values
from app.store.counts import COUNTS_KEPT, CountQueries
from app.store.extents import ExtentQueries
from app.store.features import FeatureRow, feature_rows, wkb_to_geojson
from app.store.imports import DatasetImports
from app.store.schema import build_tables
from app.store.tiles import TileQueries

_PER_ARTICLE = ("mentions", "score", "role", "cues")
"""Place properties that describe one article's mentions, not the place."""
MAX_ARTICLE_IDS = 1000
"""At most this many article ids per aggregated place (``article_count`` stays exact)."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class SqlRepository(
    ActorQueries, TileQueries, AggregateQueries, DatasetImports, ExtentQueries, CountQueries
):
    """An :class:`~app.store.base.ArticleRepository` on one SQLAlchemy engine."""

    backend = "sql"
    spatial = False

    def __init__(
        self, engine: Engine, count_cap: int = 1_000_000, count_ms: int | None = None
    ) -> None:
        self.engine = engine
        self.t = build_tables(self.spatial)
        self.count_cap = count_cap
        self.count_ms = count_ms
        """How long counting ``numberMatched`` may take (None: no limit)."""
        self._counts = BoundedCache(COUNTS_KEPT)
        """``numberMatched`` by (layer, filters, store revision) (``CountQueries``)."""
        self._extents: dict[tuple[str, str | None], tuple[str, Extent]] = {}
        """The last extent of each (kind, dataset), with the store revision it is of
        (``ExtentQueries.extent``)."""

    # backend hooks ------------------------------------------------------------------
    def _geometry_params(self, geometries: list[BaseGeometry | None]) -> Sequence[object]:
        """The stored values of the geometries (WKB here), None for None."""
        return shapely.to_wkb(np.asarray(geometries, dtype=object)).tolist()

    def _geometry(self, value: bytes | None) -> dict | None:
        """The GeoJSON geometry of a geometry read by ``_wkb``."""
        return None if value is None else wkb_to_geojson(bytes(value))

    def _wkb(self, column: sa.Column) -> sa.ColumnElement:
        """The geometry column as a select reads it for ``_geometry``: WKB (PostGIS: EWKB)
        bytes, no wrapper object."""
        return column

    def _window_clauses(self, filters: LayerFilter) -> list[sa.ColumnElement[bool]]:
        """The bbox and date-window conditions, written so the backend's index serves
        them; the exact date conditions come from ``_date_clauses``."""
        raise NotImplementedError

    def _date_clauses(self, filters: LayerFilter, f: sa.FromClause) -> list:
        """Overlap of the feature's [date_start, date_end] with [start, end]."""
        return self._overlap(filters, f.c.date_start, f.c.date_end)

    @staticmethod
    def _overlap(filters: LayerFilter, date_start: sa.ColumnElement, date_end: sa.ColumnElement):
        clauses = []
        if filters.start is not None:
            clauses.append(date_end >= filters.start)
        if filters.end is not None:
            clauses.append(date_start <= filters.end)
        return clauses

    def _layer_columns(self, filters: LayerFilter) -> tuple[sa.ColumnElement, ...]:
        """``kind``, ``date_start``, ``date_end`` of the features table as the layer
        filters use them (a backend may hide them from its planner)."""
        c = self.t.features.c
        return c.kind, c.date_start, c.date_end

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction."""
        with self._errors(), self.engine.begin() as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._errors(), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except OperationalError as exc:
            raise StoreUnavailable(f"the {self.backend} store failed: {exc.orig}") from exc

    def close(self) -> None:
        self.engine.dispose()

    def ping(self) -> None:
        """A round trip to the database; StoreUnavailable when it cannot be reached."""
        with self._read() as conn:
            conn.exec_driver_sql("SELECT 1")

    # articles -----------------------------------------------------------------------
    def find_by_hash(self, content_hash: str) -> str | None:
        a = self.t.articles
        with self._read() as conn:
            return conn.execute(
                sa.select(a.c.id).where(a.c.content_hash == content_hash)
            ).scalar_one_or_none()

    def add_article(self, article: NewArticle, collection: dict) -> tuple[str, bool]:
        a = self.t.articles
        article_id = article.content_hash[:16]
        now = utcnow()
        try:
            with self._write() as conn:
                found = conn.execute(
                    sa.select(a.c.id).where(a.c.content_hash == article.content_hash)
                ).scalar_one_or_none()
                if found is not None:
                    return found, False
                conn.execute(
                    sa.insert(a).values(
                        id=article_id,
                        content_hash=article.content_hash,
                        title=article.title,
                        url=article.url,
                        source=article.source,
                        published_at=article.published_at,
                        body_format=article.body_format,
                        body=article.body,
                        text=article.text,
                        meta=_collection_meta(collection),
                        ingested_at=now,
                        processed_at=now,
                        geoparser_version=article.geoparser_version,
                        # only when known: the insert also fits schemas before 0004
                        **({"stored_by": article.stored_by} if article.stored_by else {}),
                    )
                )
                self._insert(conn, article_id, feature_rows(collection, article.published_at))
        except IntegrityError:
            found = self.find_by_hash(article.content_hash)
            if found is None:
                raise
            return found, False
        return article_id, True

    def add_features(self, article_id: str, features: list[dict]) -> int:
        published = self._published_at(article_id)
        rows = feature_rows({"features": features}, published)
        state = self.t.store_state
        with self._write() as conn:
            self._insert(conn, article_id, rows)
            # no article row changes here, so its revision trigger does not fire
            conn.execute(sa.update(state).values(revision=state.c.revision + 1))
        return len(rows)

    def _published_at(self, article_id: str) -> dt.date | None:
        a = self.t.articles
        with self._read() as conn:
            return conn.execute(
                sa.select(a.c.published_at).where(a.c.id == article_id)
            ).scalar_one_or_none()

    def _insert(self, conn: Connection, article_id: str, rows: list[FeatureRow]) -> None:
        """The rows and their place links, in bulk (``app.store.bulk``)."""
        if not rows:
            return
        fids = self._new_fids(conn, len(rows))
        columns = feature_columns(rows)
        values = feature_values(fids, article_id, rows, self._geometry_params, columns)
        self._write_rows(conn, self.t.features.name, columns, values)
        links = link_values(fids, rows)
        if links:
            self._write_rows(conn, self.t.event_places.name, LINK_COLUMNS, links)
        self._write_actors(conn, fids, rows)

    def _new_fids(self, conn: Connection, n: int) -> Sequence[int]:
        """``n`` unused feature ids, ascending."""
        raise NotImplementedError

    def _write_rows(
        self, conn: Connection, table: str, columns: Sequence[str], values: list[tuple]
    ) -> None:
        raise NotImplementedError

    def replace_features(
        self,
        article_id: str,
        collection: dict,
        text: str,
        geoparser_version: str,
        fields: dict | None = None,
    ) -> None:
        a = self.t.articles
        fields = {
            k: v
            for k, v in (fields or {}).items()
            if k in ("title", "url", "source", "published_at")
        }
        with self._write() as conn:
            published = conn.execute(
                sa.select(a.c.published_at).where(a.c.id == article_id)
            ).one_or_none()
            if published is None:
                return
            date = fields["published_at"] if "published_at" in fields else published[0]
            self._delete_features(conn, article_id)
            self._insert(conn, article_id, feature_rows(collection, date))
            conn.execute(
                sa.update(a)
                .where(a.c.id == article_id)
                .values(
                    **fields,
                    text=text,
                    meta=_collection_meta(collection),
                    processed_at=utcnow(),
                    geoparser_version=geoparser_version,
                )
            )

    def _delete_features(self, conn: Connection, article_id: str) -> None:
        f, ep = self.t.features, self.t.event_places
        fids = sa.select(f.c.fid).where(f.c.article_id == article_id)
        conn.execute(sa.delete(ep).where(ep.c.feature_fid.in_(fids)))
        self._delete_actors(conn, f.c.article_id == article_id)
        conn.execute(sa.delete(f).where(f.c.article_id == article_id))

    def delete_article(self, article_id: str) -> bool:
        a = self.t.articles
        with self._write() as conn:
            self._delete_features(conn, article_id)
            return conn.execute(sa.delete(a).where(a.c.id == article_id)).rowcount > 0

    def _article_columns(self) -> list:
        a, f = self.t.articles, self.t.features

        def count(kind: str) -> sa.ScalarSelect:
            return (
                sa.select(sa.func.count())
                .where(f.c.article_id == a.c.id, f.c.kind == kind)
                .scalar_subquery()
            )

        return [a, count("place").label("place_count"), count("event").label("event_count")]

    def get_article(self, article_id: str) -> StoredArticle | None:
        a = self.t.articles
        with self._read() as conn:
            row = conn.execute(
                sa.select(*self._article_columns()).where(a.c.id == article_id)
            ).one_or_none()
        return _article(row) if row is not None else None

    def list_articles(self, limit: int, after: str | None = None) -> ArticlePage:
        a = self.t.articles
        query = sa.select(*self._article_columns()).order_by(a.c.seq.desc()).limit(limit + 1)
        if after is not None:
            query = query.where(a.c.seq < _int_key(after))
        with self._read() as conn:
            rows = conn.execute(query).all()
            total = conn.execute(sa.select(sa.func.count()).select_from(a)).scalar_one()
        next_key = str(rows[limit - 1].seq) if len(rows) > limit else None
        return ArticlePage([_article(r) for r in rows[:limit]], total, next_key)

    def iter_articles(self, outdated_for: str | None = None) -> Iterator[StoredArticle]:
        a = self.t.articles
        last = 0
        while True:
            query = sa.select(*self._article_columns()).where(a.c.seq > last)
            query = query.where(a.c.source_dataset == "geoevents")  # not import containers
            if outdated_for is not None:
                query = query.where(a.c.geoparser_version != outdated_for)
            with self._read() as conn:
                rows = conn.execute(query.order_by(a.c.seq).limit(100)).all()
            if not rows:
                return
            last = rows[-1].seq
            yield from (_article(r) for r in rows)

    def article_features(self, article_id: str) -> list[dict]:
        f = self.t.features
        query = (
            sa.select(f.c.feature_id, self._wkb(f.c.geometry), f.c.properties)
            .where(f.c.article_id == article_id)
            .order_by(f.c.fid)
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [
            _feature(r.feature_id, self._geometry(r.geometry), dict(r.properties)) for r in rows
        ]

    # layers ---------------------------------------------------------------------------
    def _clauses(self, filters: LayerFilter, kind: str) -> list[sa.ColumnElement[bool]]:
        c = self.t.features.c
        keys = self._actor_keys(filters) if kind == "event" else None
        if keys is not None:
            return self._probe_clauses(filters, keys)
        kind_column, date_start, date_end = self._layer_columns(filters)
        clauses: list[sa.ColumnElement[bool]] = [kind_column == kind]
        clauses += self._window_clauses(filters)
        clauses += self._overlap(filters, date_start, date_end)
        clauses += self._common_clauses(filters)
        if kind == "place":
            if filters.event_types or filters.actor:
                clauses.append(c.gazetteer_id.in_(self._places_of_events(filters)))
        else:
            clauses.extend(self._event_clauses(filters, self.t.features))
        return clauses

    def _common_clauses(self, filters: LayerFilter) -> list[sa.ColumnElement[bool]]:
        """Countries, article, score and dataset."""
        c = self.t.features.c
        clauses = []
        if filters.countries:
            clauses.append(c.country_code.in_(filters.countries))
        if filters.article_id is not None:
            clauses.append(c.article_id == filters.article_id)
        if filters.min_score is not None:
            clauses.append(c.score >= filters.min_score)
        if filters.source_dataset is not None:
            clauses.append(c.source_dataset == filters.source_dataset)
        return clauses

    def _event_clauses(self, filters: LayerFilter, f: sa.FromClause) -> list:
        clauses = []
        if filters.event_types:
            clauses.append(f.c.event_type.in_(filters.event_types))
        if filters.actor:
            clauses.append(f.c.actors.like(like_pattern(filters.actor), escape="\\"))
        return clauses

    def _linked_event_clauses(self, filters: LayerFilter, e: sa.FromClause) -> list:
        """The events counted for a place: type, actor, dates and article filters."""
        clauses = [e.c.kind == "event", *self._event_clauses(filters, e)]
        clauses += self._date_clauses(filters, e)
        if filters.article_id is not None:
            clauses.append(e.c.article_id == filters.article_id)
        return clauses

    def _places_of_events(self, filters: LayerFilter) -> sa.Select:
        ep = self.t.event_places
        e = self.t.features.alias("e")
        return (
            sa.select(ep.c.gazetteer_id)
            .join(e, e.c.fid == ep.c.feature_fid)
            .where(*self._linked_event_clauses(filters, e))
        )

    def query_events(
        self,
        filters: LayerFilter,
        limit: int,
        after: str | None = None,
        offset: int = 0,
        count: bool = True,
    ) -> FeaturePage:
        f = self.t.features
        clauses = self._clauses(filters, "event")
        query = self._event_select().where(*clauses)
        if after is not None:
            query = query.where(f.c.fid > _int_key(after))
        query = query.order_by(f.c.fid).offset(offset).limit(limit + 1)
        with self._read() as conn:
            rows = conn.execute(query).all()
            whole = after is None and not offset and len(rows) <= min(limit, self.count_cap)
            if count and whole and self.count_cap > 0:
                matched = len(rows)  # the first page is all there is: no second pass
            else:
                keys = sa.select(f.c.fid).where(*clauses)
                matched = self._count(conn, "event", filters, keys) if count else None
        next_key = str(rows[limit - 1].fid) if len(rows) > limit else None
        return FeaturePage([self._event(r) for r in rows[:limit]], matched, next_key)

    def _event_select(self) -> sa.Select:
        """Event features with the article fields their properties carry."""
        f, a = self.t.features, self.t.articles
        return sa.select(
            f.c.fid,
            f.c.article_id,
            f.c.feature_id,
            self._wkb(f.c.geometry),
            f.c.properties,
            f.c.source_dataset,
            a.c.title,
            a.c.url,
            a.c.source,
            a.c.published_at,
        ).join(a, a.c.id == f.c.article_id)

    def _event(self, row: Row) -> dict:
        """One event feature (a page builds a thousand: plain tuple and item access)."""
        _, article_id, feature_id, geometry, properties, dataset, title, url, source, date = row
        props = dict(properties)
        props.setdefault("source_dataset", dataset)
        props["article_id"] = article_id
        props["article_title"] = title
        props["article_url"] = url
        props["article_source"] = source
        props["published_at"] = date.isoformat() if date else None
        return _feature(f"{article_id}:{feature_id}", self._geometry(geometry), props)

    def get_event(self, item_id: str) -> dict | None:
        f = self.t.features
        article_id, _, feature_id = item_id.partition(":")
        query = self._event_select().where(
            f.c.kind == "event", f.c.article_id == article_id, f.c.feature_id == feature_id
        )
        with self._read() as conn:
            row = conn.execute(query).one_or_none()
        return self._event(row) if row is not None else None

    def query_places(
        self,
        filters: LayerFilter,
        limit: int,
        after: str | None = None,
        offset: int = 0,
        count: bool = True,
    ) -> FeaturePage:
        f = self.t.features
        clauses = [*self._clauses(filters, "place"), f.c.gazetteer_id.is_not(None)]
        keyed = list(clauses)
        if after is not None:
            keyed.append(f.c.gazetteer_id > _str_key(after))
        with self._read() as conn:
            groups = conn.execute(
                self._place_groups(keyed).order_by(f.c.gazetteer_id).offset(offset).limit(limit + 1)
            ).all()
            page = groups[:limit]
            features = self._place_features(conn, page, clauses, filters)
            matched = None
            if count:
                keys = sa.select(f.c.gazetteer_id).where(*clauses).distinct()
                matched = self._count(conn, "place", filters, keys)
        next_key = page[-1].gazetteer_id if len(groups) > limit else None
        return FeaturePage(features, matched, next_key)

    def get_place(self, gazetteer_id: str) -> dict | None:
        f = self.t.features
        clauses = [f.c.kind == "place", f.c.gazetteer_id == gazetteer_id]
        with self._read() as conn:
            groups = conn.execute(self._place_groups(clauses)).all()
            features = self._place_features(conn, groups, clauses, LayerFilter())
        return features[0] if features else None

    def _place_groups(self, clauses: list) -> sa.Select:
        c = self.t.features.c
        return (
            sa.select(
                c.gazetteer_id,
                sa.func.max(c.fid).label("rep"),
                sa.func.count(c.article_id.distinct()).label("article_count"),
                sa.func.sum(c.mention_count).label("mention_count"),
                sa.func.max(c.score).label("score"),
                sa.func.min(c.date_start).label("first_date"),
                sa.func.max(c.date_end).label("last_date"),
            )
            .where(*clauses)
            .group_by(c.gazetteer_id)
        )

    def _place_features(
        self, conn: Connection, groups: list[Row], clauses: list, filters: LayerFilter
    ) -> list[dict]:
        if not groups:
            return []
        f, ep = self.t.features, self.t.event_places
        gids = [g.gazetteer_id for g in groups]
        reps = {
            r.fid: r
            for r in conn.execute(
                sa.select(f.c.fid, self._wkb(f.c.geometry), f.c.properties).where(
                    f.c.fid.in_([g.rep for g in groups])
                )
            )
        }
        articles: dict[str, list[str]] = {gid: [] for gid in gids}
        for gid, article_id in conn.execute(
            sa.select(f.c.gazetteer_id, f.c.article_id)
            .where(*clauses, f.c.gazetteer_id.in_(gids))
            .distinct()
            .order_by(f.c.gazetteer_id, f.c.article_id)
        ):
            if len(articles[gid]) < MAX_ARTICLE_IDS:
                articles[gid].append(article_id)
        e = f.alias("e")
        event_clauses = [ep.c.gazetteer_id.in_(gids), *self._linked_event_clauses(filters, e)]
        events = dict(
            conn.execute(
                sa.select(ep.c.gazetteer_id, sa.func.count(ep.c.feature_fid.distinct()))
                .join(e, e.c.fid == ep.c.feature_fid)
                .where(*event_clauses)
                .group_by(ep.c.gazetteer_id)
            ).all()
        )
        return [
            self._place(g, reps[g.rep], articles[g.gazetteer_id], events.get(g.gazetteer_id, 0))
            for g in groups
        ]

    def _place(self, group: Row, rep: Row, article_ids: list[str], event_count: int) -> dict:
        props = {k: v for k, v in dict(rep.properties).items() if k not in _PER_ARTICLE}
        props.update(
            kind="place",
            gazetteer_id=group.gazetteer_id,
            mention_count=int(group.mention_count or 0),
            article_count=int(group.article_count),
            event_count=int(event_count),
            article_ids=article_ids,
            score=group.score,
            first_date=group.first_date.isoformat() if group.first_date else None,
            last_date=group.last_date.isoformat() if group.last_date else None,
        )
        return _feature(group.gazetteer_id, self._geometry(rep.geometry), props)


def _collection_meta(collection: dict) -> dict:
    skip = {"type", "features", "id", "title", "published_at", "text"}
    return {k: v for k, v in collection.items() if k not in skip}


def _feature(feature_id: str, geometry: dict | None, properties: dict) -> dict:
    return {"type": "Feature", "id": feature_id, "geometry": geometry, "properties": properties}


def _article(row: Row) -> StoredArticle:
    return StoredArticle(
        id=row.id,
        content_hash=row.content_hash,
        title=row.title,
        url=row.url,
        source=row.source,
        published_at=row.published_at,
        body=row.body,
        body_format=row.body_format,
        text=row.text,
        ingested_at=_aware(row.ingested_at),
        processed_at=_aware(row.processed_at),
        geoparser_version=row.geoparser_version,
        meta=dict(row.meta or {}),
        place_count=row.place_count,
        event_count=row.event_count,
        stored_by=row.stored_by,
    )


def _int_key(key: str) -> int:
    try:
        return int(key)
    except ValueError:
        raise BadQuery(f"invalid page token (key {key!r}): use the `next` link as given") from None


def _str_key(key: str) -> str:
    return key
