"""API key scopes (``read``, ``write``, ``admin``) and the key that stored each article.

Existing keys get ``read write``: they keep ingesting and reading, and delete the
articles they store from now on; deleting any other article needs an ``admin`` key
(``geoevents keys create --scope admin``). Articles stored before have no storing key.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        batch.add_column(sa.Column("scopes", sa.Text, nullable=False, server_default="read write"))
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("stored_by", sa.String(32)))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("stored_by")
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("scopes")
