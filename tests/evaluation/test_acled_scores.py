"""Scoring hand-made FeatureCollections by the reference scorer's rules."""

import pytest

from app.evaluation.acled import AcledGold, AcledNote
from app.evaluation.acled_scores import (
    Tally,
    actor_matches,
    detail_row,
    normalise_actor,
    point_of,
    score_note,
)

# 0.1 degree of latitude is about 11.1 km
GOLD = AcledGold(
    lat=10.0,
    lon=20.0,
    location="Invented Town",
    country="Atlantis",
    event_type="Battles",
    sub_event_type="Armed clash",
    actors=("Military Forces of Atlantis (2014-)", "Rebels"),
    fatalities=3,
    geo_precision=1,
)


def note(**gold) -> AcledNote:
    from dataclasses import replace

    return AcledNote("n1", "Soldiers clashed with rebels.", "2020-05-02", replace(GOLD, **gold))


def point(lon, lat):
    return {"type": "Point", "coordinates": [lon, lat]}


def event(lon=20.0, lat=10.0, score=0.9, **props):
    base = {
        "kind": "event",
        "score": score,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "date_start": "2020-04-26",
        "date_end": "2020-05-02",
        "fatalities": {"best": 3, "reports": []},
        "actors": [{"name": "Military Forces of Atlantis", "role": "actor1"}],
        "location_text": "Invented Town",
    }
    base.update(props)
    return {"type": "Feature", "geometry": point(lon, lat), "properties": base}


def place(lon, lat, **props):
    return {
        "type": "Feature",
        "geometry": point(lon, lat),
        "properties": {"kind": "place", **props},
    }


def fc(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def test_everything_right():
    outcome = score_note(note(), fc(place(20.0, 10.0), event()))
    assert outcome.found and outcome.type_ok and outcome.sub_type_ok and outcome.has_sub_type
    assert outcome.placed and outcome.within10 and outcome.any_place25
    assert outcome.fatalities_of and outcome.fatalities_ok
    assert outcome.date_ok and outcome.actor1_ok
    assert outcome.event.distance_km == pytest.approx(0.0)


def test_no_event_counts_only_rows_and_any_point():
    outcome = score_note(note(), fc(place(20.0, 10.1)))
    assert not outcome.found and outcome.any_place25
    assert not (outcome.type_of or outcome.fatalities_of or outcome.actor1_of or outcome.date_ok)
    far = score_note(note(), fc(place(20.0, 11.0)))
    assert not far.any_place25
    assert score_note(note(), None).failed


def test_the_chosen_event_is_the_most_confident_first_of_equals():
    low = event(lon=20.0, lat=12.0, score=0.4, event_type="Riots")
    high = event(lon=20.0, lat=10.0, score=0.8)
    twin = event(lon=20.0, lat=13.0, score=0.8, event_type="Protests")
    outcome = score_note(note(), fc(low, high, twin))
    assert outcome.type_ok and outcome.within10
    assert outcome.event.event_type == "Battles"


@pytest.mark.parametrize(
    ("precision", "lat", "placed", "within25"),
    [
        (1, 10.2, True, True),  # 22 km
        (1, 10.3, False, False),  # 33 km
        (2, 10.4, True, False),  # 44 km
        (2, 10.5, False, False),  # 56 km
        (3, 11.4, True, False),  # 156 km
        (None, 11.4, True, False),  # no precision: as 3
        (3, 11.5, False, False),  # 167 km
    ],
)
def test_placed_by_acleds_precision(precision, lat, placed, within25):
    outcome = score_note(note(geo_precision=precision), fc(event(lat=lat)))
    assert (outcome.placed, outcome.within25) == (placed, within25)


def test_label_point_before_geometry_and_polygons_by_a_point_inside():
    square = {
        "type": "Polygon",
        "coordinates": [[[19, 9], [21, 9], [21, 11], [19, 11], [19, 9]]],
    }
    labelled = {"geometry": square, "properties": {"label_point": [5.0, 6.0]}}
    assert point_of(labelled) == (5.0, 6.0)
    lon, lat = point_of({"geometry": square, "properties": {}})
    assert 19 < lon < 21 and 9 < lat < 11
    assert point_of({"geometry": None, "properties": {}}) is None
    ev = event()
    ev["properties"]["label_point"] = [20.0, 12.0]
    assert not score_note(note(), fc(ev)).within25


def test_old_taxonomy_mapped_as_the_reference_maps_it():
    old = note(event_type="Riots/Protests", sub_event_type=None)
    assert score_note(old, fc(event(event_type="Riots"))).type_ok
    assert score_note(old, fc(event(event_type="Protests"))).type_ok
    assert not score_note(old, fc(event(event_type="Battles"))).type_ok
    assert not score_note(old, fc(event())).sub_type_of
    battle = note(event_type="Battle-No change of territory")
    assert score_note(battle, fc(event())).type_ok


def test_fatalities_only_where_acled_counts_some():
    assert not score_note(note(fatalities=0), fc(event())).fatalities_of
    wrong = score_note(note(fatalities=5), fc(event()))
    assert wrong.fatalities_of and not wrong.fatalities_ok


def test_date_inside_the_events_range():
    assert not score_note(note(), fc(event(date_start="2020-05-03", date_end=None))).date_ok
    assert score_note(note(), fc(event(date_start="2020-05-02", date_end=None))).date_ok
    assert not score_note(note(), fc(event(date_start=None, date_end=None))).date_ok


def test_actor_names_normalised_and_contained():
    assert normalise_actor("Military Forces of Afghanistan (2014-2021)") == (
        "military forces of afghanistan"
    )
    assert normalise_actor("NDS: National Directorate of Security") == (
        "nds national directorate of security"
    )
    assert actor_matches("Protesters (Bangladesh)", ["Protesters"])
    assert actor_matches("Taliban", ["Islamic State", "the Taliban movement"])
    assert not actor_matches("Taliban", ["Islamic State", ""])
    assert not actor_matches("", ["Taliban"])


def test_tally_rates_over_their_own_denominators():
    outcomes = [
        score_note(note(), fc(event())),
        score_note(note(fatalities=0), fc(event(event_type="Riots", sub_event_type=None))),
        score_note(note(), fc(place(0.0, 0.0))),
        score_note(note(sub_event_type=None), fc(event(lat=10.4))),
    ]
    tally = Tally.of(outcomes)
    rates = tally.rates()
    assert tally.rows == 4
    assert rates["event_found"] == 0.75
    assert rates["event_type"] == pytest.approx(2 / 3)
    assert rates["sub_event_type"] == 0.5  # two found events with ACLED's sub-type, one right
    assert rates["with_sub_event_type"] == pytest.approx(2 / 3)
    assert rates["event_placed"] == 0.5  # over all rows
    assert rates["fatalities"] == 1.0  # found, ACLED > 0: the first and the last
    assert rates["date"] == 1.0
    assert Tally.of([]).rates()["event_found"] is None


def test_detail_row_for_error_analysis():
    row = detail_row(note(), score_note(note(), fc(event(lat=10.1, fatalities={"best": 1}))))
    assert row["id"] == "n1" and row["text"] == "Soldiers clashed with rebels."
    assert row["gold"]["lat"] == 10.0 and row["gold"]["fatalities"] == 3
    assert row["ours"]["distance_km"] == pytest.approx(11.1, abs=0.1)
    assert row["ours"]["fatalities"] == 1 and row["ours"]["location"] == "Invented Town"
    assert detail_row(note(), score_note(note(), fc()))["ours"] is None
