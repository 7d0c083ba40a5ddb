"""`geoevents keys create | list | revoke` as a user runs them (real subprocesses), on
SQLite and PostGIS."""

import json

import pytest

from app.services.keys import verify_key
from app.store.factory import open_repository
from app.store.keys import ApiKeyStore
from tests.databases import backend, fresh_schema, postgis_server  # noqa: F401
from tests.support import run_cli


@pytest.fixture
def database_url(backend, tmp_path, request):  # noqa: F811
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return fresh_schema(request.getfixturevalue("postgis_server"))


def run(database_url, *args):
    return run_cli("keys", *args, env={"GEOEVENTS_DATABASE_URL": database_url}, timeout=120)


def test_create_list_revoke(database_url):
    created = run(database_url, "create", "--name", "ingest bot")
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    assert key.startswith("gek_") and "\n" not in key and "shown only once" in created.stderr
    repo = open_repository(database_url)
    try:
        record = verify_key(ApiKeyStore(repo.engine), key)
        assert record is not None and record.name == "ingest bot"
        listed = run(database_url, "list", "--json")
        rows = [json.loads(line) for line in listed.stdout.splitlines()]
        assert [(r["id"], r["name"], r["revoked_at"]) for r in rows] == [
            (record.id, "ingest bot", None)
        ]
        assert key not in listed.stdout and key.split("_", 2)[2] not in listed.stdout
        revoked = run(database_url, "revoke", record.id)
        assert revoked.returncode == 0 and record.id in revoked.stdout
        assert verify_key(ApiKeyStore(repo.engine), key) is None
        assert "revoked" in run(database_url, "list").stdout
        again = run(database_url, "revoke", record.id)
        assert again.returncode == 1 and again.stderr.startswith("error: no active key")
    finally:
        repo.close()
    assert run(database_url, "create", "--name", " ").returncode == 1
