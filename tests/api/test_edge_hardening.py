"""Smaller holes of issue 15, item 6: links never come from an untrusted ``Host``, ``/ready``
shows names, versions and states only, a 500 says ``Connection: close``."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.support import default_settings, need_file

PROBLEM = "application/problem+json"


def app_with(tmp_path, **update):
    settings = default_settings().model_copy(
        update={"database_url": f"sqlite:///{tmp_path / 'store.sqlite'}", **update}
    )
    need_file(settings.gazetteer_path)
    return create_app(settings)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with TestClient(app_with(tmp_path_factory.mktemp("edge"))) as client:
        yield client


ROUTES = ["/v1/articles", "/ogc", "/ogc/collections/events/items", "/v1/layers/events"]


@pytest.mark.parametrize("path", ROUTES)
def test_an_unknown_host_is_refused(client, path):
    response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(PROBLEM)
    assert "evil.example" not in response.text
    assert "GEOEVENTS_ALLOWED_HOSTS" in response.json()["detail"]


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1", "[::1]:8000", "testserver"])
def test_local_hosts_are_answered(client, host):
    assert client.get("/ogc", headers={"Host": host}).status_code == 200


def test_allowed_hosts_and_the_public_url_host_are_answered(tmp_path):
    app = app_with(
        tmp_path,
        allowed_hosts="geo.internal, *.example.net",
        public_url="https://maps.example.org/geo/",
    )
    with TestClient(app) as client:
        for host in ("geo.internal", "a.example.net", "maps.example.org"):
            assert client.get("/ogc", headers={"Host": host}).status_code == 200, host
        assert client.get("/ogc", headers={"Host": "example.net.evil"}).status_code == 400


@pytest.mark.parametrize("path", ROUTES)
def test_links_start_with_the_public_url(tmp_path, path):
    app = app_with(tmp_path, public_url="https://maps.example.org/geo", allowed_hosts="*")
    with TestClient(app) as client:
        body = client.get(path, headers={"Host": "evil.example"}).json()
    hrefs = [link["href"] for link in body["links"]]
    assert hrefs and all(h.startswith("https://maps.example.org/geo/") for h in hrefs), hrefs
    assert "evil.example" not in json.dumps(body)


def test_an_ingest_answers_links_and_location_on_the_public_url(tmp_path):
    app = app_with(tmp_path, public_url="https://maps.example.org")
    with TestClient(app) as client:
        response = client.post("/v1/articles", json={"text": "Fighting in Aleppo on Monday."})
    assert response.status_code == 201, response.text
    assert response.headers["location"].startswith("https://maps.example.org/v1/articles/")
    assert all(
        link["href"].startswith("https://maps.example.org/") for link in response.json()["links"]
    )


def test_ready_shows_no_paths(client):
    response = client.get("/ready")
    assert response.status_code == 200
    gazetteer = response.json()["gazetteer"]
    assert "path" not in gazetteer
    text = response.text
    settings = client.app.state.settings
    assert str(settings.data_dir) not in text
    assert str(settings.gazetteer_path) not in text
    for value in json.loads(text)["gazetteer"]["sources"].values():
        assert "/" not in value, value
    assert set(response.json()["store"]) == {"backend", "status"}


def test_ready_when_not_ready_shows_no_path_nor_database_url(tmp_path):
    settings = default_settings().model_copy(
        update={
            "data_dir": tmp_path / "nowhere",
            "database_url": "postgresql://someone:secret@127.0.0.1:1/private_db",
        }
    )
    with TestClient(create_app(settings)) as client:
        response = client.get("/ready")
    assert response.status_code == 503
    detail = response.json()["detail"]
    assert str(tmp_path) not in detail and "private_db" not in detail, detail
    assert "someone" not in detail and "secret" not in detail, detail


def test_a_500_says_connection_close(tmp_path):
    app = app_with(tmp_path)

    @app.get("/v1/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/v1/boom")
    assert response.status_code == 500
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.headers["connection"] == "close"
