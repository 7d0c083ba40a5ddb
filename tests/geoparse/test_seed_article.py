"""The article that defines the product (read from ../shared, never copied in)."""

import pytest

from app.geometry.distance import haversine_km
from app.geoparse.types import Document
from tests.support import SEED, need_file

ABU_KAMAL = (40.91854, 34.45226)  # GeoNames 174448, for the distance check


@pytest.fixture(scope="module")
def result(geoparser):
    text = need_file(SEED).read_text(encoding="utf-8")
    return geoparser.parse(Document("seed", text))


def _by_mention(result):
    return {m.text: p for p in result.places for m in p.mentions}


def test_offsets_are_true(result):
    for p in result.places:
        for m in p.mentions:
            assert result.text[m.start : m.end] == m.text
    for u in result.unresolved:
        assert result.text[u.start : u.end] == u.text


def test_bukamal_suwayda_syria_iraq_euphrates(result):
    places = _by_mention(result)
    bukamal = places["al-Bukamal"].entry
    assert haversine_km(bukamal.lon, bukamal.lat, *ABU_KAMAL) < 10
    assert places["al-Suwayda"].entry.country_code == "SY"
    assert "Suwayd" in places["al-Suwayda"].entry.name
    assert places["Syria"].entry.feature_type == "country"
    assert places["Syria"].entry.country_code == "SY"
    assert places["Iraqi"].entry.country_code == "IQ"
    assert places["Iraqi"].role == "demonym"
    assert places["Euphrates"].entry.feature_type == "river"


@pytest.mark.parametrize(
    "name", ["Dashisha", "Abu Hamdah", "Shamas", "Al-Hulwa", "Rasm Hatite", "Ar'ar", "At Tanf"]
)
def test_small_places_are_resolved_or_reported(result, name):
    places = _by_mention(result)
    unresolved = {u.text: u.reason for u in result.unresolved}
    assert name in places or unresolved.get(name), f"{name} was silently dropped"
    if name in places:
        entry = places[name].entry
        assert entry.country_code == "SY", f"{name} resolved outside Syria: {entry}"


def test_no_place_from_boilerplate(result):
    texts = {m.text for p in result.places for m in p.mentions}
    texts |= {u.text for u in result.unresolved}
    for word in ("PayPal", "Facebook", "South Front", "Global Research", "Research", "Front"):
        assert word not in texts
    boilerplate_start = result.text.index("If you're able")
    assert all(m.start < boilerplate_start for p in result.places for m in p.mentions)


def test_us_led_is_not_a_location(result):
    us = [p for p in result.places if p.entry.country_code == "US"]
    assert all(p.role == "associative" for p in us)
