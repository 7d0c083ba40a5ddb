import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.support import default_settings, need_file


@pytest.fixture(scope="session")
def client():
    settings = default_settings().model_copy(update={"max_text_chars": 5_000})
    need_file(settings.gazetteer_path)
    with TestClient(create_app(settings)) as client:
        yield client
