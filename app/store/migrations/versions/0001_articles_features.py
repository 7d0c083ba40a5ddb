"""Articles, their features (places, events, any kind) and the event-place links.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

RTREE = "features_rtree"

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_SQLITE_RTREE = [
    f"CREATE VIRTUAL TABLE {RTREE} USING rtree(id, min_lon, max_lon, min_lat, max_lat)",
    f"""CREATE TRIGGER features_rtree_insert AFTER INSERT ON features
        WHEN new.min_lon IS NOT NULL
        BEGIN
            INSERT INTO {RTREE}
            VALUES (new.fid, new.min_lon, new.max_lon, new.min_lat, new.max_lat);
        END""",
    f"""CREATE TRIGGER features_rtree_update AFTER UPDATE OF min_lon, min_lat, max_lon, max_lat
        ON features
        BEGIN
            DELETE FROM {RTREE} WHERE id = old.fid;
            INSERT INTO {RTREE} SELECT new.fid, new.min_lon, new.max_lon, new.min_lat, new.max_lat
            WHERE new.min_lon IS NOT NULL;
        END""",
    f"""CREATE TRIGGER features_rtree_delete AFTER DELETE ON features
        BEGIN
            DELETE FROM {RTREE} WHERE id = old.fid;
        END""",
]


def id_type() -> sa.types.TypeEngine:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def json_type() -> sa.types.TypeEngine:
    return sa.JSON()


def geometry_type(spatial: bool) -> sa.types.TypeEngine:
    if spatial:
        from geoalchemy2 import Geometry

        return Geometry("GEOMETRY", srid=4326, spatial_index=False)
    return sa.LargeBinary()


def upgrade() -> None:
    spatial = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "articles",
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
    )
    op.create_table(
        "features",
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
        sa.UniqueConstraint("article_id", "kind", "feature_id", name="features_article_kind_id"),
    )
    op.create_table(
        "event_places",
        sa.Column(
            "feature_fid",
            id_type(),
            sa.ForeignKey("features.fid", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("gazetteer_id", sa.Text, primary_key=True),
    )
    op.create_index("features_article", "features", ["article_id"])
    op.create_index("features_kind_place", "features", ["kind", "gazetteer_id"])
    op.create_index("features_kind_dates", "features", ["kind", "date_start", "date_end"])
    op.create_index("features_kind_event_type", "features", ["kind", "event_type"])
    op.create_index("features_kind_country", "features", ["kind", "country_code"])
    op.create_index("event_places_place", "event_places", ["gazetteer_id"])
    op.create_index("articles_published", "articles", ["published_at"])
    if spatial:
        op.create_index("features_geometry_gist", "features", ["geometry"], postgresql_using="gist")
    else:
        for statement in _SQLITE_RTREE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        for name in ("features_rtree_insert", "features_rtree_update", "features_rtree_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(f"DROP TABLE IF EXISTS {RTREE}")
    op.drop_table("event_places")
    op.drop_table("features")
    op.drop_table("articles")
