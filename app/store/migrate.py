"""Bring a store's schema to the newest revision (Alembic), as one transaction."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).with_name("migrations")
_LOCK = threading.Lock()
"""Alembic's ``context`` is process-global: one migration run at a time per process."""


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the pending migrations. Safe when several processes start at once: SQLite
    writers queue on ``BEGIN IMMEDIATE``, PostgreSQL ones on an advisory lock."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _LOCK, engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            config.attributes["connection"] = conn
            command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    """The newest migration's revision id."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()
