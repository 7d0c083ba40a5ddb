"""Alembic environment: migrations run on the connection ``app.store.migrate`` passes in.

On PostgreSQL a transaction-scoped advisory lock serialises concurrent start-ups (several
workers); on SQLite the caller's ``BEGIN IMMEDIATE`` does the same.
"""

from alembic import context

MIGRATION_LOCK = 0x6765_6F65  # "geoe"

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
    context.run_migrations()
