"""Alembic migrations of the article store; run on start-up by app.store.migrate."""
