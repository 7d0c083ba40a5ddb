import pytest

from app.geoparse.pipeline import Geoparser
from app.services.geoparser import load_geoparser
from tests.support import default_settings, need_file


@pytest.fixture(scope="session")
def geoparser() -> Geoparser:
    settings = default_settings()
    need_file(settings.gazetteer_path)
    return load_geoparser(settings)


@pytest.fixture(scope="session")
def nlp():
    """The parsing pipeline the event stage uses (tagger and parser of the default model)."""
    import spacy

    return spacy.load(default_settings().spacy_model, exclude=["ner", "lemmatizer"])
