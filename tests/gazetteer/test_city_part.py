"""ACLED's "City-Part" location names ("Beirut-Ras Beirut", "Bogota-La Candelaria"):
the part where it is known near the city, else the city (app/gazetteer/lookup.py)."""

import pytest

from app.gazetteer.lookup import split_city_part
from tests.support import place, tiny_index


@pytest.mark.parametrize(
    ("name", "split"),
    [
        ("Beirut-Ras Beirut", ("Beirut", "Ras Beirut")),
        ("Rio de Janeiro-North Zone", ("Rio de Janeiro", "North Zone")),
        ("Tehran-District 12", ("Tehran", "District 12")),
        ("Deh-e Now", None),  # the hyphen joins an izafe
        ("Pul-e Charkhi", None),
        ("Al-Qaim", None),  # an article
        ("Beirut", None),
    ],
)
def test_split(name, split):
    assert split_city_part(name) == split


@pytest.fixture()
def lebanon(tmp_path):
    records = [
        place("g:1", "Beirut", 35.50, 33.89, country_code="LB", population=1_900_000),
        place("g:2", "Ras Beirut", 35.48, 33.90, country_code="LB", population=20_000),
        place("g:3", "Ras Beirut", 36.10, 34.40, country_code="LB", population=500),  # far off
        place("g:4", "Franco", -3.0, 40.0, country_code="ES", population=800),
    ]
    return tiny_index(tmp_path / "g.sqlite", records)


def test_the_part_near_its_city(lebanon):
    [m] = lebanon.lookup("Beirut-Ras Beirut", country="LB")
    assert m.entry.gid == "g:2" and m.method == "qualified"


def test_the_city_when_the_part_is_unknown(lebanon):
    [m] = lebanon.lookup("Beirut-Mazraa", country="LB")
    assert m.entry.gid == "g:1" and m.method == "qualified" and m.quality < 0.7


def test_a_whole_name_wins_and_a_village_is_no_city(lebanon):
    assert [m.entry.gid for m in lebanon.lookup("Ras Beirut", country="LB")][0] == "g:2"
    assert lebanon.lookup("Franco-German", fuzzy=False) == []
