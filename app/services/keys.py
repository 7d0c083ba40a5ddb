"""API keys: create (shown once), verify, list, revoke; and whether a write needs one.

A key reads ``gek_<id>_<secret>``: the id (12 hex digits) is public and finds the stored
record, the secret (``secrets.token_urlsafe(32)``, 256 bits) is only ever hashed, as
SHA-256 over a random per-key salt and the whole key. A key this random needs no slow
hash; the salt keeps equal hashes from revealing anything across databases.

>>> created = create_key(keys, "ingest-bot")   # doctest: +SKIP
>>> verify_key(keys, created.key).name         # doctest: +SKIP
'ingest-bot'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from app.core.config import Settings
from app.core.errors import InvalidInput
from app.store.keys import ApiKeyStore, StoredKey

PREFIX = "gek_"
_KEY = re.compile(r"^gek_([0-9a-f]{12})_([A-Za-z0-9_-]{20,200})$")
MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class CreatedKey:
    record: StoredKey
    key: str
    """The key itself: shown once, never stored."""


def hash_key(key: str, salt: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + key.encode("utf-8")).hexdigest()


def key_id(presented: str) -> str | None:
    """The id part of a well-formed key, else None (no lookup for garbage)."""
    match = _KEY.match(presented)
    return match.group(1) if match else None


def create_key(store: ApiKeyStore, name: str) -> CreatedKey:
    name = name.strip()
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise InvalidInput(f"a key name is 1 to {MAX_NAME} printable characters")
    new_id = secrets.token_hex(6)
    key = f"{PREFIX}{new_id}_{secrets.token_urlsafe(32)}"
    salt = secrets.token_hex(16)
    record = StoredKey(
        id=new_id,
        name=name,
        salt=salt,
        key_hash=hash_key(key, salt),
        created_at=dt.datetime.now(dt.UTC),
    )
    store.add(record)
    return CreatedKey(record, key)


def verify_key(store: ApiKeyStore, presented: str) -> StoredKey | None:
    """The active key record matching ``presented``, else None."""
    found_id = key_id(presented)
    if found_id is None:
        return None
    record = store.get(found_id)
    if record is None or not record.active:
        return None
    if not hmac.compare_digest(hash_key(presented, record.salt), record.key_hash):
        return None
    return record


def revoke_key(store: ApiKeyStore, id_or_name: str) -> list[str]:
    return store.revoke(id_or_name, dt.datetime.now(dt.UTC))


def writes_need_key(settings: Settings, store: ApiKeyStore | None) -> bool:
    """``auth=keys``: always; ``off``: never; ``auto``: once an active key exists."""
    if settings.auth == "off":
        return False
    if settings.auth == "keys" or store is None:
        return True
    return store.has_active()
