"""The tables of the article store, as SQLAlchemy Core objects for one backend.

The schema itself is created by the Alembic migrations in ``app/store/migrations``; these
objects describe it for queries. The geometry column is a PostGIS ``geometry(4326)`` with
a GiST index, or WKB in a BLOB on SQLite, where an R*Tree over the bbox columns (kept in
step by triggers) is the spatial index.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

SRID = 4326
RTREE = "features_rtree"


def json_type() -> sa.types.TypeEngine:
    """JSON text on both backends: properties keep their key order (JSONB would sort)."""
    return sa.JSON()


def id_type() -> sa.types.TypeEngine:
    """64-bit on PostgreSQL; INTEGER PRIMARY KEY (the rowid) on SQLite."""
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def geometry_type(spatial: bool) -> sa.types.TypeEngine:
    if spatial:
        from geoalchemy2 import Geometry

        return Geometry("GEOMETRY", srid=SRID, spatial_index=False)
    return sa.LargeBinary()


@dataclass(frozen=True)
class Tables:
    articles: sa.Table
    features: sa.Table
    event_places: sa.Table
    store_state: sa.Table
    event_actors: sa.Table
    actor_names: sa.Table


def build_tables(spatial: bool) -> Tables:
    """Table objects for a PostGIS (``spatial``) or SQLite database."""
    metadata = sa.MetaData()
    articles = sa.Table(
        "articles",
        metadata,
        sa.Column("seq", id_type(), primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(32), nullable=False, unique=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("published_at", sa.Date),
        sa.Column("body_format", sa.String(8), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("meta", json_type(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("geoparser_version", sa.Text, nullable=False),
        sa.Column("stored_by", sa.String(32)),  # the API key's id (migration 0004)
        sa.Column("source_dataset", sa.String(16), nullable=False),  # migration 0006
    )
    features = sa.Table(
        "features",
        metadata,
        sa.Column("fid", id_type(), primary_key=True, autoincrement=True),
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("feature_id", sa.Text, nullable=False),
        sa.Column("gazetteer_id", sa.Text),
        sa.Column("name", sa.Text),
        sa.Column("feature_type", sa.Text),
        sa.Column("country_code", sa.String(8)),
        sa.Column("role", sa.Text),
        sa.Column("score", sa.Float),
        sa.Column("mention_count", sa.Integer, nullable=False),
        sa.Column("event_type", sa.Text),
        sa.Column("sub_event_type", sa.Text),
        sa.Column("date_start", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("actors", sa.Text),
        sa.Column("fatalities", sa.Integer),
        sa.Column("geometry_type", sa.String(32)),
        sa.Column("geometry", geometry_type(spatial)),
        sa.Column("min_lon", sa.Float),
        sa.Column("min_lat", sa.Float),
        sa.Column("max_lon", sa.Float),
        sa.Column("max_lat", sa.Float),
        sa.Column("properties", json_type(), nullable=False),
        sa.Column("source_dataset", sa.String(16), nullable=False),  # migration 0006
        sa.UniqueConstraint("article_id", "kind", "feature_id", name="features_article_kind_id"),
    )
    event_places = sa.Table(
        "event_places",
        metadata,
        sa.Column(
            "feature_fid",
            id_type(),
            sa.ForeignKey("features.fid", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("gazetteer_id", sa.Text, primary_key=True),
    )
    store_state = sa.Table(
        "store_state",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("instance", sa.String(32), nullable=False),
        sa.Column("revision", sa.BigInteger, nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True)),
    )  # one row: the content's revision, for ETags (migration 0005)
    event_actors = sa.Table(  # migration 0009 (app.store.actors)
        "event_actors",
        metadata,
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("day", sa.Integer, nullable=False),
        sa.Column("fid", id_type(), nullable=False),
        sa.Column("day_end", sa.Integer, nullable=False),
        sa.Column("lon", sa.Float),
        sa.Column("lat", sa.Float),
    )
    actor_names = sa.Table(
        "actor_names",
        metadata,
        sa.Column("actor", sa.Text, primary_key=True),
        sa.Column("event_type", sa.Text, primary_key=True),
        sa.Column("max_span", sa.Integer, nullable=False),
    )
    return Tables(articles, features, event_places, store_state, event_actors, actor_names)
