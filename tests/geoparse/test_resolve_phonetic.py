"""Names found only by their phonetic key are weak evidence: the resolver accepts them
when the text confirms them, and declines the false matches such a key makes."""

import pytest

from app.core.config import Settings
from app.geoparse.pipeline import Geoparser, load_nlp
from app.geoparse.types import Document
from tests.support import place, tiny_index


def _records():
    return [
        place("gn:syria", "Syria", 38.0, 35.0, feature_type="country", country_code="SY",
              population=22_000_000, importance=1.0),
        place("gn:hasakah", "Al-Hasakah", 40.75, 36.5, feature_type="city", country_code="SY",
              admin1="03", population=188_160, importance=0.75, names=("Al-Hasakah", "Hasakah")),
        place("gn:tall-tamr", "Tall Tamr", 40.38, 36.65, country_code="SY", admin1="03",
              population=7_000, importance=0.45),
        place("gn:shaddadah", "Ash Shaddādah", 40.73, 36.06, country_code="SY", admin1="03",
              population=15_800, importance=0.5),
        place("gn:homs", "Homs", 36.72, 34.73, feature_type="city", country_code="SY",
              admin1="11", population=775_404, importance=0.8),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def geoparser(tmp_path_factory):
    """A geoparser with the spaCy model: a name the gazetteer does not spell is
    recognised by the model's entities after a preposition ("in Tell Tamer")."""
    gazetteer = tiny_index(tmp_path_factory.mktemp("g") / "g.sqlite", _records())
    return Geoparser(gazetteer, lambda: load_nlp(Settings().spacy_model))


def _places(geoparser, text):
    result = geoparser.parse(Document("t", text))
    return {m.text: p.entry.gid for p in result.places for m in p.mentions}


def test_a_qualifier_confirms_a_phonetic_match(geoparser):
    places = _places(geoparser, "Fighting was reported in Tell Tamer, Syria, on Monday.")
    assert places["Tell Tamer"] == "gn:tall-tamr"


def test_a_nearby_place_confirms_a_phonetic_match(geoparser):
    text = "Shelling hit villages in Shaddadi and Hasakah on Monday, residents said."
    places = _places(geoparser, text)
    assert places["Shaddadi"] == "gn:shaddadah"
    assert places["Hasakah"] == "gn:hasakah"


def test_an_unconfirmed_phonetic_match_is_declined(geoparser):
    places = _places(geoparser, "Officials met in Tell Tamer on Monday.")
    assert "Tell Tamer" not in places


def test_a_key_many_places_share_needs_a_qualifier(tmp_path):
    records = _records() + [
        place(f"gn:tall-tamir-{i}", "Tall Tamir", 40.5 + i / 10, 36.6, country_code="SY",
              admin1="03", population=500, importance=0.3)
        for i in range(3)
    ]  # fmt: skip
    crowded = Geoparser(
        tiny_index(tmp_path / "g.sqlite", records), lambda: load_nlp(Settings().spacy_model)
    )
    text = "Shelling hit villages in Tell Tamer and Hasakah on Monday, residents said."
    assert "Tell Tamer" not in _places(crowded, text)
    places = _places(crowded, "Fighting was reported in Tell Tamer, Syria, on Monday.")
    assert places["Tell Tamer"] in {"gn:tall-tamr", *(f"gn:tall-tamir-{i}" for i in range(3))}
