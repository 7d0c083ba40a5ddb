"""Indexes for a store of millions of events.

* ``features_article`` goes: the unique (article_id, kind, feature_id) index starts with
  the same column and serves every lookup by article (and the delete cascade), so the
  second index only cost every write.
* ``features_kind_source`` (kind, source_dataset): the ``acled`` collection and
  ``source_dataset=`` filter on it, and its extent counts it; without an index both read
  every event.
* PostgreSQL: ``features_geometry_gist`` goes. The GiST index over (geometry, date range)
  of 0002 leads with the geometry and serves a bbox alone as well; keeping both made
  every insert update two GiST trees.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("features_article", table_name="features")
    op.create_index("features_kind_source", "features", ["kind", "source_dataset"])
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("features_geometry_gist", table_name="features")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("features_geometry_gist", "features", ["geometry"], postgresql_using="gist")
    op.drop_index("features_kind_source", table_name="features")
    op.create_index("features_article", "features", ["article_id"])
