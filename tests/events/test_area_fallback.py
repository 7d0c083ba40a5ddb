"""An event at a place the gazetteer does not hold goes to the county or district named
with it, on the real index: Kenya's counties are Natural Earth's polygons that its
labels (Kenya's former provinces) do not claim (``app.gazetteer.areas``)."""

import datetime as dt

import pytest
from shapely.geometry import Point

from app.geoparse.types import Document


def _event(geoparser, text):
    result = geoparser.parse(Document("k", text, published_at=dt.date(2019, 5, 1)))
    (event,) = result.events
    return event


@pytest.mark.parametrize(
    "text, area",
    [
        (
            "At least seven Pokot were killed by police during a security operation in "
            "Tiaty, Baringo County.",
            "naturalearth:admin1-polygon:KE-01",
        ),
        (
            "Two herders were killed by bandits during an overnight raid at Chari-Hashe, "
            "Turkana District.",
            "naturalearth:admin1-polygon:KE-43",
        ),
    ],
)
def test_an_unknown_village_goes_to_the_county_or_district_named_with_it(geoparser, text, area):
    event = _event(geoparser, text)
    assert (event.geometry_id, event.geometry_basis) == (area, "enclosing")
    assert "not in the gazetteer" in event.geometry_note


def test_a_county_named_alone_is_the_county_and_its_town_alone_is_the_town(geoparser):
    county = _event(
        geoparser, "Five police officers were killed by an IED on a road in Garissa County."
    )
    town = _event(geoparser, "Five police officers were killed by an IED in Garissa.")
    assert county.geometry_id == "naturalearth:admin1-polygon:KE-07"
    assert town.geometry_id == "geonames:197745"
    gazetteer = geoparser.gazetteer
    shape = gazetteer.geometry(gazetteer.entry(county.geometry_id))
    assert shape.contains(Point(39.64, -0.45))  # Garissa town


def test_an_abbreviated_month_is_no_place(geoparser):
    event = _event(geoparser, "On 17 Sept 2018, a vendor was shot dead by the police in Nyeri.")
    assert [loc.span.text for loc in event.locations] == ["Nyeri"]


@pytest.mark.parametrize(
    "text, country",
    [
        ("Ethiopian raiders clashed with Kenyan police on Monday.", "KE"),
        ("Ugandan soldiers crossed the border and attacked Kenyan herders on Monday.", "KE"),
        ("Ethiopian raiders killed two herders on Monday.", "ET"),
    ],
)
def test_a_nationality_that_says_where_raiders_came_from_is_not_where(geoparser, text, country):
    """Named only by nationality words, an event is in the country whose word names no
    raiders' or border crossers' origin; the origin only when it is all there is."""
    event = _event(geoparser, text)
    assert (event.geometry_basis, event.geometry_country) == ("country", country)
