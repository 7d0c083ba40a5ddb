import pytest

from app.store.factory import open_repository
from tests.databases import backend, postgis_server, store_url  # noqa: F401


@pytest.fixture
def repo(store_url):  # noqa: F811
    repository = open_repository(store_url)
    yield repository
    repository.close()
