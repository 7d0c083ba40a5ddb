"""``GET /ready`` reports the gazetteer and the article store; 503 when the database
cannot be reached."""

from fastapi.testclient import TestClient

from app.main import create_app
from tests.databases import postgis_database
from tests.live_server import free_port
from tests.support import default_settings, need_file


def test_ready_reports_the_store(store_client):
    ready = store_client.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["store"] == {"backend": store_client.backend, "status": "reachable"}
    assert ready.json()["gazetteer"]["names"] > 0


def test_ready_is_503_when_the_database_is_unreachable():
    settings = default_settings().model_copy(
        update={"database_url": f"postgresql://postgres@127.0.0.1:{free_port()}/nothing"}
    )
    need_file(settings.gazetteer_path)
    with TestClient(create_app(settings)) as client:
        ready = client.get("/ready")
        assert ready.status_code == 503
        assert ready.headers["content-type"].startswith("application/problem+json")
        assert ready.json()["title"] == "Not ready"
        assert "cannot open the store" in ready.json()["detail"]
        assert client.get("/health").status_code == 200


def test_ready_is_503_when_the_database_goes_away():
    """A PostgreSQL database dropped under the running service (its connections ended)."""
    with postgis_database("geoevents_ready") as (admin, name, url):
        settings = default_settings().model_copy(update={"database_url": url})
        need_file(settings.gazetteer_path)
        with TestClient(create_app(settings)) as client:
            assert client.get("/ready").status_code == 200
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
            ready = client.get("/ready")
            assert ready.status_code == 503
            assert ready.headers["content-type"].startswith("application/problem+json")
            assert ready.json()["title"] == "Not ready"
            assert "postgis store failed" in ready.json()["detail"]
