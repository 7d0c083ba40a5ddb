"""CORS: off by default (no headers, preflight refused), on for the configured origins."""

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app
from tests.support import default_settings

PREFLIGHT = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "x-api-key"}


def app_client(tmp_path, origins: str) -> TestClient:
    settings = default_settings().model_copy(
        update={"cors_origins": origins, "database_url": f"sqlite:///{tmp_path / 's.sqlite'}"}
    )
    return TestClient(create_app(settings))  # no lifespan: CORS needs no gazetteer


def test_off_by_default(tmp_path):
    client = app_client(tmp_path, Settings().cors_origins)
    response = client.options(
        "/v1/articles", headers={"Origin": "https://evil.example", **PREFLIGHT}
    )
    assert response.status_code == 405
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "access-control-allow-origin" not in response.headers
    plain = client.get("/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in plain.headers


def test_configured_origin_allowed_and_others_refused(tmp_path):
    client = app_client(tmp_path, "https://maps.example.org, http://localhost:3000")
    allowed = client.options(
        "/v1/articles", headers={"Origin": "https://maps.example.org", **PREFLIGHT}
    )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://maps.example.org"
    assert "POST" in allowed.headers["access-control-allow-methods"]
    assert "x-api-key" in allowed.headers["access-control-allow-headers"].lower()
    denied = client.options("/v1/articles", headers={"Origin": "https://evil.example", **PREFLIGHT})
    assert denied.status_code == 400
    assert denied.headers["content-type"].startswith("application/problem+json")
    assert denied.json()["status"] == 400 and "origin" in denied.json()["detail"].lower()
    assert "access-control-allow-origin" not in denied.headers
    simple = client.get("/health", headers={"Origin": "http://localhost:3000"})
    assert simple.headers["access-control-allow-origin"] == "http://localhost:3000"
    other = client.get("/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


@pytest.mark.parametrize("bad", ["evil.example", "https://*", "ftp://x.org", "https://a.org/path"])
def test_bad_origins_are_refused_at_start_up(bad):
    with pytest.raises(ValueError):
        Settings(cors_origins=bad)
