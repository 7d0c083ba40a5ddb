"""API keys in the store (migration 0003), on SQLite and PostGIS: only salted hashes at
rest, verification, revocation, downgrade."""

import sqlalchemy as sa

from app.core.config import Settings
from app.services.keys import create_key, hash_key, revoke_key, verify_key, writes_need_key
from app.store.factory import open_repository
from app.store.keys import ApiKeyStore
from app.store.migrate import upgrade


def test_created_key_is_stored_hashed_and_verifies(repo):
    keys = ApiKeyStore(repo.engine)
    created = create_key(keys, "  ingest bot  ")
    assert created.key.startswith(f"gek_{created.record.id}_")
    assert len(created.key) > 50
    with repo.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT id, name, salt, key_hash FROM api_keys").all()
    assert len(rows) == 1
    stored = rows[0]
    assert stored.name == "ingest bot"
    secret = created.key.split("_", 2)[2]  # the token itself may contain "_"
    assert created.key not in "".join(map(str, stored)) and secret not in stored.key_hash
    assert stored.key_hash == hash_key(created.key, stored.salt) != hash_key(created.key, "00")
    assert verify_key(keys, created.key) == created.record
    assert verify_key(keys, created.key[:-1] + ("A" if created.key[-1] != "A" else "B")) is None
    assert verify_key(keys, "not a key") is None
    assert verify_key(keys, f"gek_{'0' * 12}_{'x' * 43}") is None


def test_two_keys_same_name_get_distinct_salts_and_revoke_together(repo):
    keys = ApiKeyStore(repo.engine)
    first, second = create_key(keys, "bot"), create_key(keys, "bot")
    other = create_key(keys, "analyst")
    assert first.record.salt != second.record.salt and first.key != second.key
    assert sorted(revoke_key(keys, "bot")) == sorted([first.record.id, second.record.id])
    assert verify_key(keys, first.key) is None and verify_key(keys, second.key) is None
    assert verify_key(keys, other.key) is not None
    assert revoke_key(keys, "bot") == []
    assert [k.active for k in keys.list()].count(True) == 1
    assert revoke_key(keys, other.record.id) == [other.record.id]
    assert not keys.has_active()
    assert all(k.revoked_at is not None and k.revoked_at.tzinfo for k in keys.list())


def test_auth_policy_follows_the_setting_and_the_keys(repo):
    keys = ApiKeyStore(repo.engine)
    auto, always, off = (Settings(auth=mode) for mode in ("auto", "keys", "off"))
    assert not writes_need_key(auto, keys) and writes_need_key(always, keys)
    created = create_key(keys, "k")
    assert writes_need_key(auto, keys) and not writes_need_key(off, keys)
    revoke_key(keys, created.record.id)
    assert not writes_need_key(auto, keys)


def test_key_names_are_checked(repo):
    import pytest

    from app.core.errors import InvalidInput

    keys = ApiKeyStore(repo.engine)
    for bad in ("", "   ", "x" * 201, "tab\there"):
        with pytest.raises(InvalidInput):
            create_key(keys, bad)
    assert keys.list() == []


def test_migration_0003_downgrades_and_upgrades(store_url):
    repo = open_repository(store_url)
    try:
        create_key(ApiKeyStore(repo.engine), "k")
        upgrade_down(repo.engine, "0002")
        assert "api_keys" not in sa.inspect(repo.engine).get_table_names()
        upgrade(repo.engine)
        assert ApiKeyStore(repo.engine).list() == []
    finally:
        repo.close()


def upgrade_down(engine, revision):
    from alembic import command
    from alembic.config import Config

    from app.store.migrate import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn, conn.begin():
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
