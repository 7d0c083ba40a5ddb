"""Open the article store a database URL names, migrated to the current schema.

``sqlite:///path/geoevents.sqlite`` (the default, under the data directory) or
``postgresql://user@host:5432/db`` (PostGIS). ``postgres://`` and ``postgresql://`` use the
psycopg 3 driver.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.core.errors import StoreUnavailable
from app.store.base import ArticleRepository


def normalize_url(url: str) -> str:
    """The SQLAlchemy URL for a user-facing database URL."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def display_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.make_url(normalize_url(url)).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "(invalid database URL)"


def open_repository(
    url: str, count_cap: int = 1_000_000, migrate: bool = True, count_ms: int | None = None
) -> ArticleRepository:
    """The repository for ``url``; runs the pending migrations first unless told not to.
    Layers count ``numberMatched`` up to ``count_cap`` features and for at most
    ``count_ms`` milliseconds (None: no time limit)."""
    from app.store import migrate as migrations

    url = normalize_url(url)
    try:
        backend = sa.make_url(url).get_backend_name()
    except sa.exc.ArgumentError as exc:
        raise StoreUnavailable(f"invalid database URL: {exc}") from exc
    try:
        if backend == "sqlite":
            from app.store.sqlite import SQLiteRepository, sqlite_engine

            engine = sqlite_engine(url)
            repo: ArticleRepository = SQLiteRepository(engine, count_cap, count_ms)
        elif backend == "postgresql":
            from app.store.postgis import PostGISRepository, ensure_postgis, postgis_engine

            engine = postgis_engine(url)
            ensure_postgis(engine)
            repo = PostGISRepository(engine, count_cap, count_ms)
        else:
            raise StoreUnavailable(
                f"unsupported database {backend!r}: use sqlite:///PATH or postgresql://..."
            )
        if migrate:
            migrations.upgrade(engine)
    except sa.exc.DBAPIError as exc:
        raise StoreUnavailable(f"cannot open the store {display_url(url)}: {exc.orig}") from exc
    return repo
