"""Throw-away stores for the benchmarks: a SQLite file in a temporary directory, or a new
PostgreSQL database with PostGIS on the local server, dropped afterwards."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from app.store.factory import normalize_url

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"


@contextmanager
def fresh_store(backend: str, server_url: str = DEFAULT_PG, prefix: str = "bench") -> Iterator[str]:
    """The URL of an empty store of ``backend`` ("sqlite" or "postgis")."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix=f"geoevents-{prefix}-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'store.sqlite'}"
        return
    admin = sa.create_engine(normalize_url(server_url), isolation_level="AUTOCOMMIT")
    name = f"geoevents_{prefix}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.make_url(normalize_url(server_url)).set(database=name)
    try:
        engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
        engine.dispose()
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
