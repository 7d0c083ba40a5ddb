"""The GeoJSON contract read once (``app/geometry/features.py``): what the store's
columns, the map's records and the ACLED rows all take, whatever shape a client sent."""

import datetime as dt

import pytest

from app.geometry.features import read_fatalities, read_feature


def _event(**props):
    return {
        "type": "Feature",
        "id": "e1",
        "geometry": {"type": "Point", "coordinates": [40.9, 34.5]},
        "properties": {"kind": "event", **props},
    }


def test_actors_as_names_or_objects_with_their_forms():
    actors = [
        {"name": "Syrian Arab Army", "surface_forms": ["SAA", "regime forces"]},
        "ISIS",
        {"name": "ISIS", "mentions": [{"text": "Daesh"}]},
        " ISIS ",
        3,
        {"label": "SDF"},
    ]
    f = read_feature(_event(actors=actors))
    assert f.actors == ("Syrian Arab Army", "ISIS", "SDF")
    assert f.actor_forms == ("Syrian Arab Army", "SAA", "regime forces", "ISIS", "Daesh", "SDF")
    assert read_feature(_event(actors="SDF")).actors == ("SDF",)
    assert read_feature(_event(actors=None)).actors == ()


@pytest.mark.parametrize(
    ("value", "best", "summary"),
    [
        (12, 12, "12"),
        (None, None, None),
        (True, None, None),
        ("dozens", None, "dozens"),
        ({"best": 4}, 4, "4"),
        ({"reports": []}, None, None),
        (
            {
                "reports": [
                    {"count": 35, "qualifier": "about", "side": "pro-government fighters"},
                    {"count": 20, "qualifier": "up to", "side": "ISIS members"},
                ],
                "best": 35,
            },
            35,
            "about 35 (pro-government fighters); up to 20 (ISIS members)",
        ),
        ({"reports": [{"count": 3}, {"count": 7, "side": "SDF"}]}, 7, "3; 7 (SDF)"),
    ],
)
def test_fatalities_as_number_text_or_reports(value, best, summary):
    dead = read_fatalities(value)
    assert (dead.best, dead.summary()) == (best, summary)


def test_dates_scores_and_ids():
    f = read_feature(
        _event(
            date_start="2018-06-10T12:00:00Z", date_end="June", score=True, place_ids=[1, "a", 1]
        )
    )
    assert f.date_start == dt.date(2018, 6, 10) and f.date_end is None
    assert f.score is None and f.place_ids == ("1", "a")
    assert read_feature(_event(date_start=dt.date(2018, 6, 1))).date_start == dt.date(2018, 6, 1)
    assert read_feature({"id": 0, "properties": []}).kind == "place"


def test_position_is_the_point_the_label_point_or_computed():
    line = {"type": "LineString", "coordinates": [[40, 34], [42, 34]]}
    assert read_feature({"geometry": line, "properties": {}}).position() == (41.0, 34.0)
    labelled = {"geometry": line, "properties": {"label_point": [41.5, 34.5]}}
    assert read_feature(labelled).position() == (41.5, 34.5)
    for bad in ([200, 0], ["x"], None):
        assert read_feature({"geometry": {"type": "Point", "coordinates": bad}}).position() is None
    assert read_feature({"geometry": None, "properties": {}}).position() is None


def test_the_readers_of_the_contract_agree():
    """The store's columns, the map's record and the ACLED row of one event carry the same
    actors, dead and position (before this reader each spelt them its own way)."""
    from app.events.acled import acled_row
    from app.maps.records import event_record
    from app.store.features import feature_rows

    event = _event(
        event_type="Battles",
        date_start="2018-06-10",
        actors=[{"name": "Islamic State", "surface_forms": ["ISIS"]}],
        fatalities={"reports": [{"count": 4, "side": "SDF"}]},
    )
    (row,) = feature_rows({"features": [event]}, None)
    record = event_record(event, {}, lambda props: None)
    acled = acled_row(event)
    assert row.columns["fatalities"] == record["n"] == acled["fatalities"] == 4
    assert row.columns["actors"] == "islamic state\nisis"
    assert record["a"] == ["Islamic State"] and acled["actor1"] == "Islamic State"
    assert record["p"] == [34.5, 40.9] and (acled["longitude"], acled["latitude"]) == (40.9, 34.5)
