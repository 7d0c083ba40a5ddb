"""Time in the spatial index: layer queries combine a bbox with a date window.

SQLite: the R*Tree gets a third dimension, days since 1970 (undated features span every
day and are filtered by the exact date columns). PostgreSQL: a GiST index over the
geometry and the date range together.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

RTREE = "features_rtree"
EPOCH = 2440587.5  # julianday('1970-01-01')
NO_DAY = 1.0e7
_DAYS = (
    f"coalesce(julianday({{row}}.date_start) - {EPOCH}, -{NO_DAY}), "
    f"coalesce(julianday({{row}}.date_end) - {EPOCH}, {NO_DAY})"
)
_TRIGGERS = ("features_rtree_insert", "features_rtree_update", "features_rtree_delete")


def _sqlite_rtree(days: bool) -> list[str]:
    dims = ", min_day, max_day" if days else ""
    new = f", {_DAYS.format(row='new')}" if days else ""
    watched = ", date_start, date_end" if days else ""
    return [
        f"CREATE VIRTUAL TABLE {RTREE} USING rtree(id, min_lon, max_lon, min_lat, max_lat{dims})",
        f"""CREATE TRIGGER features_rtree_insert AFTER INSERT ON features
            WHEN new.min_lon IS NOT NULL
            BEGIN
                INSERT INTO {RTREE}
                VALUES (new.fid, new.min_lon, new.max_lon, new.min_lat, new.max_lat{new});
            END""",
        f"""CREATE TRIGGER features_rtree_update
            AFTER UPDATE OF min_lon, min_lat, max_lon, max_lat{watched} ON features
            BEGIN
                DELETE FROM {RTREE} WHERE id = old.fid;
                INSERT INTO {RTREE}
                SELECT new.fid, new.min_lon, new.max_lon, new.min_lat, new.max_lat{new}
                WHERE new.min_lon IS NOT NULL;
            END""",
        f"""CREATE TRIGGER features_rtree_delete AFTER DELETE ON features
            BEGIN
                DELETE FROM {RTREE} WHERE id = old.fid;
            END""",
    ]


def _rebuild_sqlite(days: bool) -> None:
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE IF EXISTS {RTREE}")
    for statement in _sqlite_rtree(days):
        op.execute(statement)
    extra = f", {_DAYS.format(row='features')}" if days else ""
    op.execute(
        f"INSERT INTO {RTREE} SELECT fid, min_lon, max_lon, min_lat, max_lat{extra} "
        "FROM features WHERE min_lon IS NOT NULL"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX features_geometry_dates_gist ON features "
            "USING gist (geometry, daterange(date_start, date_end, '[]'))"
        )
    else:
        _rebuild_sqlite(days=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS features_geometry_dates_gist")
    else:
        _rebuild_sqlite(days=False)
