"""A revision of the store's content, for the ETags of vector tiles.

``store_state`` holds one row: a random ``instance`` id (a store made anew never repeats
an old store's ETags) and a ``revision`` that every committed change of an article (add,
re-process, delete) increments, by trigger, so that no write path can forget it.
PostgreSQL runs the trigger at commit (a deferred constraint trigger): concurrent
ingests wait on the row only for their commit, not for their whole transaction.

Revision ID: 0005
Revises: 0004
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_BUMP = "UPDATE store_state SET revision = revision + 1, changed_at = CURRENT_TIMESTAMP"
_EVENTS = ("insert", "update", "delete")


def upgrade() -> None:
    state = op.create_table(
        "store_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("instance", sa.String(32), nullable=False),
        sa.Column("revision", sa.BigInteger, nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True)),
    )
    op.bulk_insert(state, [{"id": 1, "instance": uuid.uuid4().hex, "revision": 0}])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION store_revision_bump() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {_BUMP} WHERE id = 1; RETURN NULL; END $$"
        )
        op.execute(
            "CREATE CONSTRAINT TRIGGER articles_revision AFTER INSERT OR UPDATE OR DELETE "
            "ON articles DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            "EXECUTE FUNCTION store_revision_bump()"
        )
        return
    for event in _EVENTS:
        op.execute(
            f"CREATE TRIGGER articles_revision_{event} AFTER {event.upper()} ON articles "
            f"BEGIN {_BUMP} WHERE id = 1; END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS articles_revision ON articles")
        op.execute("DROP FUNCTION IF EXISTS store_revision_bump()")
    else:
        for event in _EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS articles_revision_{event}")
    op.drop_table("store_state")
