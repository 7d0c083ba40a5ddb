"""API keys in the article store's database (table ``api_keys``, migrations 0003, 0004).

Only the key's id (its public prefix), a per-key salt and the salted hash are stored;
the secret part of a key is never written anywhere.

>>> keys = ApiKeyStore(repo.engine)   # doctest: +SKIP
>>> keys.add(StoredKey("k1a2b3c4", "ingest-bot", "9f..", "e3..", now))  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from app.core.errors import InvalidInput, StoreUnavailable


@dataclass(frozen=True, slots=True)
class StoredKey:
    id: str
    name: str
    salt: str
    key_hash: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None
    scopes: frozenset[str] = frozenset({"read", "write"})

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def _table() -> sa.Table:
    return sa.Table(
        "api_keys",
        sa.MetaData(),
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("salt", sa.String(64), nullable=False),
        sa.Column("key_hash", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        sa.Column("scopes", sa.Text, nullable=False, server_default="read write"),
    )


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or value.tzinfo:
        return value
    return value.replace(tzinfo=dt.UTC)


class ApiKeyStore:
    """Add, find, list and revoke keys; each write is one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.table = _table()

    @contextmanager
    def _conn(self, write: bool) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                if write:  # SQLite: take the write lock at BEGIN (see app.store.sqlite)
                    conn.execution_options(sqlite_begin="IMMEDIATE")
                with conn.begin():
                    yield conn
        except OperationalError as exc:
            raise StoreUnavailable(f"the key store failed: {exc.orig}") from exc

    def _key(self, row: sa.Row) -> StoredKey:
        return StoredKey(
            id=row.id,
            name=row.name,
            salt=row.salt,
            key_hash=row.key_hash,
            created_at=_aware(row.created_at),
            revoked_at=_aware(row.revoked_at),
            scopes=frozenset(row.scopes.split()),
        )

    def add(self, key: StoredKey) -> None:
        try:
            with self._conn(write=True) as conn:
                conn.execute(
                    sa.insert(self.table).values(
                        id=key.id,
                        name=key.name,
                        salt=key.salt,
                        key_hash=key.key_hash,
                        created_at=key.created_at,
                        revoked_at=key.revoked_at,
                        scopes=" ".join(sorted(key.scopes)),
                    )
                )
        except IntegrityError as exc:
            raise InvalidInput(f"a key with id {key.id!r} exists already") from exc

    def get(self, key_id: str) -> StoredKey | None:
        with self._conn(write=False) as conn:
            row = conn.execute(sa.select(self.table).where(self.table.c.id == key_id)).first()
        return None if row is None else self._key(row)

    def list(self) -> list[StoredKey]:
        t = self.table
        with self._conn(write=False) as conn:
            rows = conn.execute(sa.select(t).order_by(t.c.created_at, t.c.id)).all()
        return [self._key(row) for row in rows]

    def has_active(self) -> bool:
        t = self.table
        with self._conn(write=False) as conn:
            found = conn.execute(sa.select(t.c.id).where(t.c.revoked_at.is_(None)).limit(1))
            return found.first() is not None

    def revoke(self, id_or_name: str, when: dt.datetime) -> list[str]:
        """Revoke the active key with this id, or every active key with this name; the
        ids revoked (empty when none matched)."""
        t = self.table
        match = sa.and_(
            t.c.revoked_at.is_(None), sa.or_(t.c.id == id_or_name, t.c.name == id_or_name)
        )
        with self._conn(write=True) as conn:
            ids = list(conn.execute(sa.select(t.c.id).where(match)).scalars())
            if ids:
                conn.execute(sa.update(t).where(t.c.id.in_(ids)).values(revoked_at=when))
        return ids
