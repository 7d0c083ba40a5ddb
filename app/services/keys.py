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
import ipaddress
import re
import secrets
from dataclasses import dataclass

from app.core.config import Settings
from app.core.errors import InvalidInput
from app.store.keys import ApiKeyStore, StoredKey

SCOPES = ("read", "write", "admin")
"""``read``: every GET (when reads need a key); ``write``: ingest, and delete the articles
the key stored; ``admin``: everything, deleting any article and reprocessing included.
``write`` implies ``read``."""
DEFAULT_SCOPES = frozenset({"read", "write"})
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


def check_scopes(scopes: object) -> frozenset[str]:
    """The scopes as a set; InvalidInput for an unknown one or none."""
    found = frozenset(str(s).strip().lower() for s in scopes or () if str(s).strip())
    unknown = sorted(found - set(SCOPES))
    if unknown or not found:
        raise InvalidInput(
            f"scopes are one or more of {', '.join(SCOPES)}"
            + (f"; not {', '.join(unknown)}" if unknown else "")
        )
    return found


def allows(record: StoredKey, scope: str) -> bool:
    """Whether a key may do what ``scope`` names (``admin`` may do everything, ``write``
    may read)."""
    held = record.scopes
    return scope in held or "admin" in held or (scope == "read" and "write" in held)


def create_key(store: ApiKeyStore, name: str, scopes: object = DEFAULT_SCOPES) -> CreatedKey:
    name = name.strip()
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise InvalidInput(f"a key name is 1 to {MAX_NAME} printable characters")
    granted = check_scopes(scopes)
    new_id = secrets.token_hex(6)
    key = f"{PREFIX}{new_id}_{secrets.token_urlsafe(32)}"
    salt = secrets.token_hex(16)
    record = StoredKey(
        id=new_id,
        name=name,
        salt=salt,
        key_hash=hash_key(key, salt),
        created_at=dt.datetime.now(dt.UTC),
        scopes=granted,
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


def key_store_of(store: object, cached: ApiKeyStore | None = None) -> ApiKeyStore | None:
    """The key table of an article store (None while the store is not open): ``cached``
    while it is still the table of that store's database, else a new one."""
    engine = getattr(store, "engine", None)
    if engine is None:
        return None
    if cached is not None and cached.engine is engine:
        return cached
    return ApiKeyStore(engine)


def is_loopback(host: str) -> bool:
    """Whether a bind address only takes connections from this machine."""
    if host.strip().lower() in ("localhost", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def writes_need_key(settings: Settings, store: ApiKeyStore | None) -> bool:
    """``auth=keys``: always; ``off``: never; ``auto``: once an active key exists, and
    always when the service listens on a non-loopback address (``host``): a published
    port with no keys must not take anyone's writes (``auth=off`` says so explicitly)."""
    if settings.auth == "off":
        return False
    if settings.auth == "keys" or store is None or not is_loopback(settings.host):
        return True
    return store.has_active()
