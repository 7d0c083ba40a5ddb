"""API key scopes (``read``, ``write``, ``admin``), who may delete an article, and writes
on a non-loopback address without keys (issue 15, item 6), on SQLite and PostGIS."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from app.core.errors import InvalidInput
from app.main import create_app
from app.services.keys import create_key, revoke_key, verify_key
from app.store.factory import open_repository
from app.store.keys import ApiKeyStore
from app.store.migrate import upgrade
from tests.databases import BACKENDS, fresh_schema, postgis_server  # noqa: F401
from tests.support import default_settings, need_file

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module", params=BACKENDS)
def app_client(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('scopes') / 'geoevents.sqlite'}"
    else:
        url = fresh_schema(request.getfixturevalue("postgis_server"))
    settings = default_settings().model_copy(
        update={"max_text_chars": 20_000, "database_url": url, "auth": "auto"}
    )
    need_file(settings.gazetteer_path)
    with TestClient(create_app(settings)) as client:
        client.base_settings = settings
        client.database_url = url
        yield client


@pytest.fixture
def client(app_client):
    """The app with its own settings and no active key, after each test too."""
    app = app_client.app
    app.state.settings = app_client.base_settings
    yield app_client
    keys = ApiKeyStore(app.state.store.engine)
    for record in keys.list():
        if record.active:
            revoke_key(keys, record.id)
    app.state.settings = app_client.base_settings


def new_key(client, *scopes: str) -> str:
    keys = ApiKeyStore(client.app.state.store.engine)
    return create_key(keys, f"k-{'-'.join(scopes)}", scopes).key


def ingest(client, key: str | None):
    text = f"Gunmen attacked a checkpoint in Aleppo on Monday. {uuid.uuid4().hex}"
    headers = {"X-API-Key": key} if key else {}
    return client.post("/v1/articles", json={"text": text}, headers=headers)


def delete(client, article_id: str, key: str | None):
    headers = {"X-API-Key": key} if key else {}
    return client.delete(f"/v1/articles/{article_id}", headers=headers)


def test_a_read_key_cannot_write(client):
    reader = new_key(client, "read")
    response = ingest(client, reader)
    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert "write" in response.json()["detail"]
    assert client.get("/v1/articles", headers={"X-API-Key": reader}).status_code == 200


def test_a_write_key_deletes_what_it_stored_and_nothing_else(client):
    alice, bob = new_key(client, "write"), new_key(client, "read", "write")
    stored = ingest(client, alice)
    assert stored.status_code == 201, stored.text
    article_id = stored.json()["id"]
    refused = delete(client, article_id, bob)
    assert refused.status_code == 403, refused.text
    assert "admin" in refused.json()["detail"]
    assert client.get(f"/v1/articles/{article_id}").status_code == 200  # still there
    assert delete(client, article_id, alice).status_code == 204
    assert client.get(f"/v1/articles/{article_id}").status_code == 404


def test_an_admin_key_deletes_any_article(client):
    writer, admin = new_key(client, "write"), new_key(client, "admin")
    article_id = ingest(client, writer).json()["id"]
    assert delete(client, article_id, admin).status_code == 204


def test_an_article_stored_without_a_key_needs_an_admin_key_once_keys_exist(client):
    article_id = ingest(client, None).json()["id"]  # auth=auto, no key yet: open
    writer, admin = new_key(client, "write"), new_key(client, "admin")
    assert delete(client, article_id, writer).status_code == 403
    assert delete(client, article_id, admin).status_code == 204


def test_reads_need_the_read_scope_when_reads_need_a_key(client):
    client.app.state.settings = client.base_settings.model_copy(
        update={"require_key_for_reads": True}
    )
    writer = new_key(client, "write")  # write implies read
    assert client.get("/v1/articles", headers={"X-API-Key": writer}).status_code == 200
    assert client.get("/v1/articles").status_code == 401


def test_unknown_scopes_are_refused(client):
    keys = ApiKeyStore(client.app.state.store.engine)
    with pytest.raises(InvalidInput, match="scopes are one or more of"):
        create_key(keys, "x", ["root"])
    with pytest.raises(InvalidInput, match="scopes are one or more of"):
        create_key(keys, "x", [])


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10"])
def test_no_writes_without_keys_on_a_non_loopback_address(client, host):
    client.app.state.settings = client.base_settings.model_copy(update={"host": host})
    response = ingest(client, None)
    assert response.status_code == 401, response.text
    detail = response.json()["detail"]
    assert "geoevents keys create" in detail and "GEOEVENTS_AUTH=off" in detail
    assert delete(client, "0123456789abcdef", None).status_code == 401


def test_auth_off_lets_writes_in_on_a_non_loopback_address(client):
    client.app.state.settings = client.base_settings.model_copy(
        update={"host": "0.0.0.0", "auth": "off"}
    )
    assert ingest(client, None).status_code == 201


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_a_loopback_address_without_keys_still_takes_writes(client, host):
    client.app.state.settings = client.base_settings.model_copy(update={"host": host})
    assert ingest(client, None).status_code == 201


def test_keys_made_before_scopes_can_read_and_write(tmp_path):
    """Migration 0004: a key stored at revision 0003 gets ``read write``."""
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = sa.create_engine(url)
    upgrade(engine, "0003")
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO api_keys (id, name, salt, key_hash, created_at) "
                "VALUES ('0123456789ab', 'old', '00', 'x', '2026-01-01 00:00:00')"
            )
        )
    engine.dispose()
    repo = open_repository(url, 0)  # migrates to the head
    try:
        record = ApiKeyStore(repo.engine).get("0123456789ab")
        assert record is not None and record.scopes == {"read", "write"}
        created = create_key(ApiKeyStore(repo.engine), "new", ["admin"])
        assert verify_key(ApiKeyStore(repo.engine), created.key).scopes == {"admin"}
    finally:
        repo.close()
