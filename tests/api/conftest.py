import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.databases import BACKENDS, fresh_schema, postgis_server  # noqa: F401
from tests.support import default_settings, need_file


@pytest.fixture(scope="session")
def client(tmp_path_factory):
    settings = default_settings().model_copy(
        update={
            "max_text_chars": 5_000,
            "database_url": f"sqlite:///{tmp_path_factory.mktemp('store') / 'geoevents.sqlite'}",
        }
    )
    need_file(settings.gazetteer_path)
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="session", params=BACKENDS)
def store_client(request, tmp_path_factory):
    """The app on an empty store of each backend (SQLite file, PostGIS schema); the
    default gazetteer index."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'geoevents.sqlite'}"
    else:
        url = fresh_schema(request.getfixturevalue("postgis_server"))
    settings = default_settings().model_copy(
        update={"max_text_chars": 20_000, "max_request_bytes": 50_000, "database_url": url}
    )
    need_file(settings.gazetteer_path)
    with TestClient(create_app(settings)) as client:
        client.backend = request.param
        client.database_url = url
        yield client
