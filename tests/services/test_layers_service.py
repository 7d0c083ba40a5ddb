"""Parsing of layer parameters, page tokens and flattening (pure functions)."""

import datetime as dt

import pytest

from app.core.errors import BadQuery, InvalidInput
from app.services import layers, ogc


def test_bbox_parsing():
    assert layers.parse_bbox("1, 2, 3, 4") == ((1.0, 2.0, 3.0, 4.0),)
    assert layers.parse_bbox("1,2,0,3,4,10") == ((1.0, 2.0, 3.0, 4.0),)  # heights dropped
    assert layers.parse_bbox("170,-10,-170,10", antimeridian=True) == (
        (170.0, -10.0, 180.0, 10.0),
        (-180.0, -10.0, -170.0, 10.0),
    )
    for bad in ("", "1,2,3", "1,2,3,4,5", "x,2,3,4", "inf,0,1,1", "0,0,1,91", "3,0,1,1"):
        with pytest.raises(BadQuery):
            layers.parse_bbox(bad)


def test_event_types_and_countries():
    assert layers.parse_event_types("battles, PROTESTS,Battles") == ("Battles", "Protests")
    assert layers.parse_event_types("explosions/remote violence") == ("Explosions/Remote violence",)
    assert layers.parse_countries("sy,IQ") == ("SY", "IQ")
    with pytest.raises(InvalidInput, match="Battle"):
        layers.parse_event_types("Battle")
    with pytest.raises(InvalidInput, match="XX"):
        layers.parse_countries("SY,XX")


def test_page_tokens_round_trip_and_refuse_garbage():
    for key in ("12345", "geonames:174448", "naturalearth:river:euphrates"):
        token = layers.encode_token(key)
        assert token.isascii() and "=" not in token and layers.decode_token(token) == key
    for bad in ("%%%", "a", "!!"):
        with pytest.raises(BadQuery):
            layers.decode_token(bad)
    assert layers.decode_token(None) is None


def test_url_with_keeps_other_parameters_in_order():
    params = [("bbox", "1,2,3,4"), ("limit", "5"), ("after", "old"), ("f", "json")]
    url = layers.url_with("http://h/x", params, after="new", offset=None)
    assert url == "http://h/x?bbox=1%2C2%2C3%2C4&limit=5&f=json&after=new"


def test_flatten_properties():
    props = {
        "name": "Albu Kamal",
        "mentions": [{"start": 0, "end": 4, "text": "Abu"}, {"start": 9, "end": 12, "text": "Bu"}],
        "actors": [{"name": "ISIS", "mentions": ["IS"]}, {"name": "SAA"}],
        "fatalities": {"reports": [{"count": 35}], "best": 35},
        "place_ids": ["geonames:1", "geonames:2"],
        "label_point": [40.9, 34.4],
        "evidence": {"start": 1, "end": 2, "text": "x"},
        "empty": [],
        "flag": True,
    }
    flat = layers.flatten_properties(props)
    assert all(not isinstance(v, (dict, list)) for v in flat.values())
    assert flat["mentions_text"] == "Abu; Bu" and flat["mentions_count"] == 2
    assert flat["actors_name"] == "ISIS; SAA"
    assert flat["fatalities_best"] == 35 and flat["fatalities_reports"] == '[{"count": 35}]'
    assert flat["place_ids"] == "geonames:1; geonames:2" and flat["label_point"] == "40.9; 34.4"
    assert flat["evidence_text"] == "x" and flat["empty"] == "" and flat["flag"] is True


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, (None, None)),
        ("2018-06-10", (dt.date(2018, 6, 10), dt.date(2018, 6, 10))),
        ("2018-06-10T23:30:00-02:00", (dt.date(2018, 6, 11), dt.date(2018, 6, 11))),
        ("2018-06-08/2018-06-10", (dt.date(2018, 6, 8), dt.date(2018, 6, 10))),
        ("../2018-06-10", (None, dt.date(2018, 6, 10))),
        ("2018-06-08T00:00:00Z/", (dt.date(2018, 6, 8), None)),
    ],
)
def test_ogc_datetime(value, expected):
    assert ogc.parse_datetime(value) == expected


@pytest.mark.parametrize("bad", ["yesterday", "../..", "2018-06-10/2018-06-01", "a/b/c"])
def test_ogc_datetime_errors(bad):
    with pytest.raises(BadQuery):
        ogc.parse_datetime(bad)
