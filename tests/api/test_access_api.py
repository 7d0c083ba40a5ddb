"""API keys, the geoparse time limit and the rate limit over the real HTTP stack, on
SQLite and PostGIS. Each backend gets its own app (keys change who may write); settings
are switched per test on ``app.state.settings``."""

import json
import logging
import time
import uuid

import pytest
from fastapi.testclient import TestClient

from app.api.access import running_work
from app.main import create_app
from app.services.keys import create_key, revoke_key
from app.store.keys import ApiKeyStore
from tests.databases import BACKENDS, fresh_schema, postgis_server  # noqa: F401
from tests.slowdoc import slow_text
from tests.support import default_settings, need_file

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module", params=BACKENDS)
def app_client(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('keys') / 'geoevents.sqlite'}"
    else:
        url = fresh_schema(request.getfixturevalue("postgis_server"))
    settings = default_settings().model_copy(
        update={"max_text_chars": 20_000, "database_url": url, "auth": "auto"}
    )
    need_file(settings.gazetteer_path)
    with TestClient(create_app(settings)) as client:
        client.base_settings = settings
        yield client


@pytest.fixture
def client(app_client):
    """The app with its default access settings and no active key, after each test too."""
    app = app_client.app
    app.state.settings = app_client.base_settings
    app.state.rate_limiter = None
    yield app_client
    keys = ApiKeyStore(app.state.store.engine)
    for record in keys.list():
        if record.active:
            revoke_key(keys, record.id)
    app.state.settings = app_client.base_settings
    app.state.rate_limiter = None


def configure(client, **update):
    client.app.state.settings = client.base_settings.model_copy(update=update)
    client.app.state.rate_limiter = None


def new_key(client, name="test"):
    return create_key(ApiKeyStore(client.app.state.store.engine), name)


def post_article(client, headers=None, text=None):
    text = text or f"Shelling was reported in Homs, Syria (report {uuid.uuid4().hex[:8]})."
    return client.post(
        "/v1/articles",
        content=json.dumps({"text": text}),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def assert_problem(response, status):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_auto_mode_is_open_without_keys_and_keyed_once_one_exists(client):
    assert post_article(client).status_code == 201
    created = new_key(client, "bot")
    refused = post_article(client)
    body = assert_problem(refused, 401)
    assert "X-API-Key" in body["detail"] and created.key not in refused.text
    assert refused.headers["www-authenticate"].startswith("Bearer")
    ok = post_article(client, {"X-API-Key": created.key})
    assert ok.status_code == 201, ok.text
    article_id = ok.json()["id"]
    bearer = post_article(client, {"Authorization": f"Bearer {created.key}"})
    assert bearer.status_code == 201
    assert_problem(client.delete(f"/v1/articles/{article_id}"), 401)
    assert client.get(f"/v1/articles/{article_id}").status_code == 200  # reads stay open
    deleted = client.delete(f"/v1/articles/{article_id}", headers={"X-API-Key": created.key})
    assert deleted.status_code == 204
    assert client.get(f"/v1/articles/{article_id}").status_code == 404


def test_unknown_malformed_and_revoked_keys_get_401(client):
    created = new_key(client)
    wrong = created.key[:-4] + ("AAAA" if not created.key.endswith("AAAA") else "BBBB")
    for headers in (
        {"X-API-Key": wrong},
        {"X-API-Key": "hunter2"},
        {"Authorization": f"Bearer gek_{'0' * 12}_{'x' * 43}"},
    ):
        assert_problem(post_article(client, headers), 401)
        assert_problem(client.get("/v1/articles", headers=headers), 401)  # a bad key never passes
    assert post_article(client, {"X-API-Key": created.key}).status_code == 201
    revoke_key(ApiKeyStore(client.app.state.store.engine), created.record.id)
    assert_problem(post_article(client, {"X-API-Key": created.key}), 401)
    assert post_article(client).status_code == 201  # no active key left: auto mode is open


def test_keys_mode_refuses_writes_without_any_key_and_off_mode_allows_them(client):
    configure(client, auth="keys")
    assert_problem(post_article(client), 401)
    created = new_key(client)
    assert post_article(client, {"X-API-Key": created.key}).status_code == 201
    configure(client, auth="off")
    assert post_article(client).status_code == 201


def test_reads_can_require_a_key_except_health(client):
    configure(client, require_key_for_reads=True)
    created = new_key(client)
    for path in ("/v1/articles", "/v1/layers/events?limit=1", "/v1/geocode?q=Homs"):
        assert_problem(client.get(path), 401)
        assert client.get(path, headers={"X-API-Key": created.key}).status_code == 200
    geoparse = client.post("/v1/geoparse", json={"id": "d", "text": "Fighting in Homs."})
    assert_problem(geoparse, 401)
    assert client.get("/health").status_code == 200
    assert client.get("/health", headers={"X-API-Key": "stale"}).status_code == 200


def test_keys_never_reach_the_logs(client, caplog):
    created = new_key(client)
    wrong = created.key[:-1] + ("A" if created.key[-1] != "A" else "B")
    with caplog.at_level(logging.DEBUG):
        post_article(client, {"X-API-Key": created.key})
        post_article(client, {"X-API-Key": wrong})
        client.get("/v1/articles", headers={"Authorization": f"Bearer {wrong}"})
    secret = created.key.split("_", 2)[2]
    assert caplog.records  # logging was captured at all
    assert all(secret[:20] not in r.getMessage() for r in caplog.records)


def test_geoparse_over_the_time_limit_gets_408(client):
    text = " ".join(["Clashes were reported in Homs, Hama, Aleppo and Idlib."] * 150)
    configure(client, geoparse_timeout=0.001)
    body = assert_problem(client.post("/v1/geoparse", json={"id": "slow", "text": text}), 408)
    assert "0.001 s" in body["detail"]
    assert_problem(post_article(client, text=text + uuid.uuid4().hex), 408)
    configure(client, geoparse_timeout=30)
    assert client.post("/v1/geoparse", json={"id": "ok", "text": text}).status_code == 200


def _wait_for_workers(baseline, seconds=5.0):
    """Seconds until the worker threads of ``run_with_timeout`` are back to ``baseline``."""
    start = time.monotonic()
    while running_work() > baseline and time.monotonic() - start < seconds:
        time.sleep(0.01)
    return time.monotonic() - start


@pytest.mark.parametrize("route", ["/v1/geoparse", "/v1/articles", "/v1/maps/preview"])
def test_a_timed_out_document_stops_its_worker_soon_after_the_408(client, caplog, route):
    """The document takes about 10 s; the 408 comes at 0.3 s and the worker thread stops
    at its next deadline check instead of running on (an ingest stores nothing)."""
    text = slow_text(client.app.state.geoparser.gazetteer)
    baseline = running_work()
    stored = client.get("/v1/articles?limit=1").json()["numberMatched"]
    configure(client, geoparse_timeout=0.3)
    with caplog.at_level(logging.INFO, logger="geoevents"):
        started = time.monotonic()
        response = client.post(
            route,
            content=json.dumps({"id": "slow", "text": text}),
            headers={"Content-Type": "application/json"},
        )
        answered = time.monotonic() - started
        assert "0.3 s" in assert_problem(response, 408)["detail"]
        after_answer = _wait_for_workers(baseline)
    assert running_work() == baseline
    assert answered < 2 and after_answer < 2, (answered, after_answer)
    stopped = [r for r in caplog.records if "stopped at its deadline" in r.getMessage()]
    assert len(stopped) == 1  # the thread's own check raised: it did not run to the end
    configure(client, geoparse_timeout=30)
    assert client.get("/v1/articles?limit=1").json()["numberMatched"] == stored


def test_rate_limit_per_key_and_per_address(client):
    configure(client, rate_limit_per_minute=60, rate_limit_burst=3)
    anonymous = [client.get("/v1/articles?limit=1") for _ in range(4)]
    assert [r.status_code for r in anonymous[:3]] == [200, 200, 200]
    body = assert_problem(anonymous[3], 429)
    assert int(anonymous[3].headers["retry-after"]) >= 1 and "60" in body["detail"]
    assert all(client.get("/health").status_code == 200 for _ in range(5))  # probes pass
    created = new_key(client)
    keyed = [client.get("/v1/articles?limit=1", headers={"X-API-Key": created.key})]
    keyed += [client.get("/v1/articles?limit=1", headers={"X-API-Key": created.key})]
    assert [r.status_code for r in keyed] == [200, 200]  # its own bucket, not the address's
    configure(client, rate_limit_per_minute=0)
    assert all(client.get("/v1/articles?limit=1").status_code == 200 for _ in range(10))
