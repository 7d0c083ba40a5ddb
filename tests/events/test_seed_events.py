"""Acceptance on the seed article (issue 6): the events it reports, where, when, who,
how many, and who says so. Read from ../shared, never copied in."""

import datetime as dt

import pytest

from app.geoparse.types import Document
from app.services.geoparse import feature_collection
from tests.support import SEED, need_file

PUBLISHED = dt.date(2018, 6, 11)


@pytest.fixture(scope="module")
def result(geoparser):
    text = need_file(SEED).read_text(encoding="utf-8")
    return geoparser.parse(Document("seed", text, PUBLISHED))


@pytest.fixture(scope="module")
def collection(geoparser, result):
    text = need_file(SEED).read_text(encoding="utf-8")
    return feature_collection(geoparser, result, Document("seed", text, PUBLISHED), 0.005)


def _event_with(result, trigger):
    found = [e for e in result.events if any(t.text == trigger for t in e.triggers)]
    assert len(found) == 1, f"{trigger!r}: {[e.triggers for e in result.events]}"
    return found[0]


def _actors(event):
    return {a.name: a for a in event.actors}


def test_the_attacks_on_al_bukamal(result):
    event = _event_with(result, "attacks")
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert (event.date.start, event.date.end) == (dt.date(2018, 6, 8), dt.date(2018, 6, 10))
    assert event.date.precision == "range"
    assert event.location.span.text == "al-Bukamal"
    assert event.location.gazetteer_id == "geonames:174448"
    assert event.geometry_basis == "place"
    actors = _actors(event)
    assert actors["Islamic State"].role == "actor1"
    assert "ISIS" in actors["Islamic State"].surface_forms
    assert {"SAA", "Syrian Arab Army"} <= set(actors["Syrian Arab Army"].surface_forms)
    reports = {(f.count, f.qualifier, f.side): f.source for f in event.fatalities}
    assert reports == {
        (35, "about", "pro-government fighters"): "pro-opposition sources",
        (20, "up to", "ISIS members"): None,
    }
    assert "pro-opposition sources" in event.sources
    # the clashes of June 8-10 and the figures are the same event, not new ones
    assert any("from June 8 to and June 10" in s.text for s in event.supporting)


def test_the_sdf_advance_on_dashisha(result):
    event = _event_with(result, "capturing")
    assert (event.event_type, event.sub_event_type) == (
        "Battles",
        "Non-state actor overtakes territory",
    )
    assert [a.name for a in event.actors if a.role == "actor1"] == ["Syrian Democratic Forces"]
    names = [loc.span.text for loc in event.locations]
    assert set(names) == {"Dashisha", "Abu Hamdah", "Shamas", "Al-Hulwa"}
    # none of them is in the default gazetteer: the text is kept, the geometry is Syria's
    assert event.geometry_basis == "country" and event.geometry_country == "SY"
    assert "not in the gazetteer" in event.geometry_note


def test_the_iraqi_strikes_in_the_border_area(result):
    event = _event_with(result, "strikes")
    assert (event.event_type, event.sub_event_type) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert _actors(event)["Military Forces of Iraq"].role == "actor1"
    names = [loc.span.text for loc in event.locations]
    assert names[0] == "border area" and "Euphrates Valley" in names
    assert event.location.resolved  # the Syrian-Iraqi border line


def test_the_saa_operation_in_eastern_al_suwayda(result):
    event = _event_with(result, "liberating")
    assert (event.event_type, event.sub_event_type) == ("Battles", "Government regains territory")
    assert _actors(event)["Syrian Arab Army"].role == "actor1"
    names = [loc.span.text for loc in event.locations]
    assert {"Ar'ar", "Rasm Hatite"} <= set(names)
    assert event.location.span.text == "Ar'ar" and not event.location.resolved
    assert event.geometry_basis in ("enclosing", "nearby")
    assert "al-Suwayda" in next(loc.span.text for loc in event.locations if loc.resolved)
    (report,) = event.fatalities
    assert (report.count, report.side, report.source) == (12, "SAA soldiers", "Amaq")


def test_statements_and_speculation_are_not_events(result):
    assert len(result.events) == 4
    for event in result.events:
        for span in (event.evidence, *event.supporting):
            assert "Konashenkov" not in span.text
            assert "speculate" not in span.text


def test_offsets_are_true(result):
    for event in result.events:
        for span in (event.evidence, *event.supporting, *event.triggers):
            assert result.text[span.start : span.end] == span.text
        for loc in event.locations:
            assert result.text[loc.span.start : loc.span.end] == loc.span.text
        for report in event.fatalities:
            assert result.text[report.span.start : report.span.end] == report.span.text
        if event.date.span is not None:
            span = event.date.span
            assert result.text[span.start : span.end] == span.text


def test_event_features(collection):
    from geojson_pydantic import Feature

    features = collection["features"]
    events = [f for f in features if f["properties"]["kind"] == "event"]
    assert len(events) == 4
    ids = {f["id"] for f in features}
    for feature in events:
        Feature.model_validate(feature)
        props = feature["properties"]
        assert set(props["place_ids"]) <= ids, "linked places are features of the collection"
        assert props["evidence"]["text"]
        assert 0 < props["score"] <= 1
    battle = next(f for f in events if f["properties"]["location_text"] == "al-Bukamal")
    props = battle["properties"]
    assert battle["geometry"]["type"] == "Point"
    assert props["place_ids"][0] == "geonames:174448"
    assert (props["date_start"], props["date_end"], props["date_precision"]) == (
        "2018-06-08",
        "2018-06-10",
        "range",
    )
    assert props["fatalities"]["best"] == 55
    assert props["fatalities"]["reports"][0] == {
        "count": 35,
        "qualifier": "about",
        "side": "pro-government fighters",
        "source": "pro-opposition sources",
        "start": props["fatalities"]["reports"][0]["start"],
        "end": props["fatalities"]["reports"][0]["end"],
        "text": "about 35 pro-government fighters",
    }
    assert props["geo_precision"] == 1 and props["country_code"] == "SY"
    sdf = next(f for f in events if f["properties"]["location_text"] == "Dashisha")
    assert sdf["geometry"]["type"] in ("Polygon", "MultiPolygon")  # Syria, marked as such
    assert sdf["properties"]["geometry_basis"] == "country"
    assert sdf["properties"]["geo_precision"] == 3
