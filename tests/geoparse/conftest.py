import pytest

from app.geoparse.pipeline import Geoparser
from app.services.geoparser import load_geoparser
from tests.support import default_settings, need_file


@pytest.fixture(scope="session")
def geoparser() -> Geoparser:
    settings = default_settings()
    need_file(settings.gazetteer_path)
    return load_geoparser(settings)
