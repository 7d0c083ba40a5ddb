"""PostgreSQL: a trigram index on the events' actors.

The ``actor`` filter is a case-insensitive part of a name (``actors LIKE '%sdf%'``), which
no b-tree serves: with a bbox, PostgreSQL read every event of the box and time window and
kept the ones naming the actor (at 5,000,000 events, about 150,000 rows read for 1,000
kept). A GIN index of ``pg_trgm`` trigrams answers the ``LIKE`` itself, and the planner
ANDs it with the GiST index of the box and window (p50 697 -> 375 ms on
``benchmarks/store.py``'s bbox + time + type + actor query at 5,000,000 events).

``pg_trgm`` ships with PostgreSQL (``postgresql-contrib``) and is a trusted extension: the
owner of the database may create it. Where it cannot be created the index is left out
(the filter still works, as fast as before) and a warning says why. SQLite has no such
index: its actor filter reads the rows the other filters select.

Revision ID: 0008
Revises: 0007
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEX = "features_actors_trgm"
log = logging.getLogger("app.store.migrations")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = _trigram_schema(bind)
    if schema is None:
        return
    opclass = f"{bind.dialect.identifier_preparer.quote(schema)}.gin_trgm_ops"
    op.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON features USING gin (actors {opclass})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {INDEX}")


_SCHEMA_OF = (
    "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
    "WHERE e.extname = %(name)s"
)


def _trigram_schema(bind: sa.engine.Connection) -> str | None:
    """The schema of pg_trgm, created beside PostGIS when missing (not in the store's own
    schema: the first of its search path, which may be dropped with the store); None,
    with a warning, where it cannot be created."""
    found = bind.exec_driver_sql(_SCHEMA_OF, {"name": "pg_trgm"}).scalar()
    if found:
        return found
    schema = bind.exec_driver_sql(_SCHEMA_OF, {"name": "postgis"}).scalar() or "public"
    quoted = bind.dialect.identifier_preparer.quote(schema)
    try:
        with bind.begin_nested():  # a failed CREATE must not abort the migration
            bind.exec_driver_sql(f"CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA {quoted}")
    except sa.exc.DBAPIError as exc:
        log.warning("no trigram index on actors: pg_trgm unavailable (%s)", str(exc.orig).strip())
        return None
    return schema
