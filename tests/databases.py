"""Real databases for the store tests: a SQLite file, or a fresh PostgreSQL database with
PostGIS (one per test session, a fresh schema per test), dropped at the end.

The PostgreSQL server is ``GEOEVENTS_TEST_POSTGRES_URL`` (default
``postgresql://postgres@127.0.0.1:5432/test``, trust auth, as on the development and CI
machines). When it cannot be reached or has no PostGIS, the PostGIS tests are skipped with
the reason printed, and fail under ``CI=true``.

Import the fixtures into a ``conftest.py``::

    from tests.databases import backend, postgis_server, store_url  # noqa: F401
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from app.store.factory import normalize_url

POSTGRES_URL = os.environ.get(
    "GEOEVENTS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
BACKENDS = ("sqlite", "postgis")


def unavailable(reason: str) -> None:
    """Skip (locally, with the reason printed) or fail (CI=true)."""
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"PostGIS is required under CI=true: {reason}", pytrace=False)
    print(f"skipping PostGIS tests: {reason}", file=sys.stderr)
    pytest.skip(f"PostGIS unavailable: {reason}")


def with_database(url: str, database: str) -> str:
    return sa.make_url(normalize_url(url)).set(database=database).render_as_string(False)


def with_schema(url: str, schema: str) -> str:
    """The URL whose connections use ``schema`` first (PostGIS stays in ``public``)."""
    parsed = sa.make_url(url)
    return parsed.update_query_dict({"options": f"-csearch_path={schema},public"}).render_as_string(
        False
    )


@contextmanager
def postgis_database(prefix: str) -> Iterator[tuple[sa.Engine, str, str]]:
    """A new database with PostGIS: (admin engine on the server, its name, its URL),
    dropped at the end. Skips (or fails under CI=true) when it cannot be made."""
    admin = sa.create_engine(normalize_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.DBAPIError as exc:
        admin.dispose()
        unavailable(f"cannot create a database on {POSTGRES_URL}: {str(exc.orig).strip()}")
    url = with_database(POSTGRES_URL, name)
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
    except sa.exc.DBAPIError as exc:
        engine.dispose()
        _drop(admin, name)
        unavailable(
            f"CREATE EXTENSION postgis failed: {str(exc.orig).strip()} "
            "(install it with `make postgis`)"
        )
    engine.dispose()
    try:
        yield admin, name, url
    finally:
        _drop(admin, name)


@pytest.fixture(scope="session")
def postgis_server() -> Iterator[tuple[sa.Engine, str]]:
    """A fresh database with PostGIS for this session: (engine on it, its URL)."""
    with postgis_database("geoevents_test") as (_, _, url):
        engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            yield engine, url
        finally:
            engine.dispose()


def _drop(admin: sa.Engine, name: str) -> None:
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def fresh_schema(server: tuple[sa.Engine, str]) -> str:
    """A new empty schema in the session database; the URL that uses it."""
    engine, url = server
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    return with_schema(url, schema)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def store_url(backend: str, tmp_path, request: pytest.FixtureRequest) -> str:
    """An empty store of the backend under test: a new SQLite file or PostgreSQL schema."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'geoevents.sqlite'}"
    return fresh_schema(request.getfixturevalue("postgis_server"))
