"""Where an event comes from: ``source_dataset`` on features and articles.

``geoevents`` for what the geoparser extracted (every row stored before), ``acled`` for
events imported from an ACLED export (``geoevents import-events``). Imported events hang
off one container article per dataset (id ``acled``), so the layers, tiles and exports
read them with the same queries; the column on ``articles`` keeps re-processing away
from that container.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _column() -> sa.Column:
    return sa.Column("source_dataset", sa.String(16), nullable=False, server_default="geoevents")


def upgrade() -> None:
    with op.batch_alter_table("features") as batch:
        batch.add_column(_column())
    with op.batch_alter_table("articles") as batch:
        batch.add_column(_column())


def downgrade() -> None:
    # not a batch: on SQLite that would rebuild ``features`` without its R*Tree triggers
    for table in ("articles", "features"):
        op.execute(f"ALTER TABLE {table} DROP COLUMN source_dataset")
