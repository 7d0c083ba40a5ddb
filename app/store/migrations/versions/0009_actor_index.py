"""The actor index (``app.store.actors``): ``event_actors``, one row per (event, actor
name), keyed (actor, event_type, day) with the day's end and the point read from the same
index entry; ``actor_names``, the (name, type) pairs with their longest span. Both are
filled from the stored events.

SQLite: ``event_actors`` is a ``WITHOUT ROWID`` table whose primary key (actor,
event_type, day, fid) is the index, the other columns stored beside it. PostgreSQL: a
heap table and a b-tree on (actor, event_type, day) ``INCLUDE`` (day_end, lon, lat, fid)
for index-only scans. No index on ``fid``: an event's rows are deleted by their keys
(``app.store.actors.delete_rows``).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

from app.store.actors import ACTOR_COLUMNS, actor_rows, name_spans, note_names

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

BATCH = 20_000

_SQLITE = [
    """CREATE TABLE event_actors (
        actor TEXT NOT NULL, event_type TEXT NOT NULL, day INTEGER NOT NULL,
        fid INTEGER NOT NULL, day_end INTEGER NOT NULL, lon REAL, lat REAL,
        PRIMARY KEY (actor, event_type, day, fid)
    ) WITHOUT ROWID""",
]
_POSTGRESQL = [
    """CREATE TABLE event_actors (
        actor text NOT NULL, event_type text NOT NULL, day integer NOT NULL,
        fid bigint NOT NULL, day_end integer NOT NULL, lon double precision,
        lat double precision
    )""",
    "CREATE INDEX event_actors_key ON event_actors (actor, event_type, day) "
    "INCLUDE (day_end, lon, lat, fid)",
]
_COMMON = [
    """CREATE TABLE actor_names (
        actor TEXT NOT NULL, event_type TEXT NOT NULL, max_span INTEGER NOT NULL,
        PRIMARY KEY (actor, event_type)
    )""",
]
_EVENTS = sa.text(
    "SELECT fid, actors, event_type, date_start, date_end, geometry_type, min_lon, min_lat "
    "FROM features WHERE kind = 'event' AND fid > :last ORDER BY fid LIMIT :n"
)
_INSERT = sa.text(
    f"INSERT INTO event_actors ({', '.join(ACTOR_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in ACTOR_COLUMNS)})"
)


def upgrade() -> None:
    bind = op.get_bind()
    statements = _POSTGRESQL if bind.dialect.name == "postgresql" else _SQLITE
    for statement in [*statements, *_COMMON]:
        op.execute(statement)
    _backfill(bind)
    if bind.dialect.name == "postgresql":
        op.execute("ANALYZE event_actors")  # the planner's estimates of the new rows


def _backfill(bind: sa.engine.Connection) -> None:
    """The rows of every stored event, in batches by id (the write path's function)."""
    spans: dict[tuple[str, str], int] = {}
    last = 0
    while True:
        events = bind.execute(_EVENTS, {"last": last, "n": BATCH}).all()
        if not events:
            break
        last = events[-1].fid
        values = []
        for e in events:
            point = (e.min_lon, e.min_lat) if e.geometry_type == "Point" else None
            values += actor_rows(e.fid, e.actors, e.event_type, e.date_start, e.date_end, point)
        if values:
            bind.execute(_INSERT, [dict(zip(ACTOR_COLUMNS, v, strict=True)) for v in values])
            for key, span in name_spans(values).items():
                spans[key] = max(spans.get(key, 0), span)
    note_names(bind, spans)


def downgrade() -> None:
    op.execute("DROP TABLE actor_names")
    op.execute("DROP TABLE event_actors")
