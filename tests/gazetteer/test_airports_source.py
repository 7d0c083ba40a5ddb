"""Airports from the PyPI package ``airportsdata``: names and their short forms."""

import pytest

from app.gazetteer.sources import airports
from app.gazetteer.types import FEATURE_TYPES

PLACES = {"london", "toronto", "mississauga", "chicago", "ottawa", "dallas", "orly", "paris"}
LEXICON = frozenset({"love", "kennedy", "logan", "county", "field", "island", "hare"})


def _names(name, city):
    return airports.airport_names(name, city, PLACES, LEXICON)


def test_heathrow_gets_its_short_names():
    assert _names("London Heathrow Airport", "London") == (
        "London Heathrow Airport",
        "Heathrow Airport",
        "Heathrow",
    )


def test_a_surname_behind_a_place_other_than_the_served_city_is_no_bare_name():
    names = _names("Toronto Pearson International Airport", "Mississauga")
    assert "Pearson International Airport" in names
    assert "Pearson Airport" in names
    assert "Pearson" not in names


@pytest.mark.parametrize(
    ("name", "city", "word"),
    [
        ("John F Kennedy International Airport", "New York", "Kennedy"),
        ("General Edward Lawrence Logan International Airport", "Boston", "Logan"),
        ("Dallas Love Field", "Dallas", "Love"),
    ],
)
def test_no_bare_surname_or_common_word(name, city, word):
    names = _names(name, city)
    assert word not in names
    assert all(len(n.split()) > 1 for n in names)


def test_joined_names_and_apostrophes():
    names = _names("Ottawa / Macdonald-Cartier International Airport", "Ottawa")
    assert "Macdonald-Cartier International Airport" in names
    assert "Macdonald-Cartier" in names
    assert "O'Hare" in _names("Chicago O'Hare International Airport", "Chicago")
    assert "Orly" not in _names("Paris-Orly Airport", "Paris")  # a town of its own
    assert "County Airport" not in _names("Marion County/Brown Field", "Jasper")


def test_the_source_yields_valid_records():
    records = list(airports.airports())
    assert len(records) > 5000
    by_gid = {r.gid: r for r in records}
    heathrow = by_gid["airport:LHR"]
    assert heathrow.feature_type == "airport"
    assert heathrow.country_code == "GB"
    assert {"Heathrow Airport", "Heathrow"} <= set(heathrow.names)
    assert abs(heathrow.lat - 51.47) < 0.05 and abs(heathrow.lon + 0.46) < 0.05
    assert "Pearson" not in by_gid["airport:YYZ"].names
    assert "Pearson International Airport" in by_gid["airport:YYZ"].names
    for word, gid in [
        ("Kennedy", "airport:JFK"),
        ("Logan", "airport:BOS"),
        ("Love", "airport:DAL"),
    ]:
        assert word not in by_gid[gid].names
    for r in records:
        assert r.feature_type in FEATURE_TYPES
        assert r.gid.startswith("airport:") and r.name == r.names[0]
        assert -180 <= r.lon <= 180 and -90 <= r.lat <= 90
        assert r.population == 0 and 0 < r.importance < 1
        assert all(n.strip() for n in r.names)
        assert r.country_code is None or len(r.country_code) == 2
