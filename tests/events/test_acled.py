"""ACLED's column layout for event features."""

import csv
import io
from pathlib import Path

import pandas as pd

from app.events.acled import ACLED_COLUMNS, COLUMNS, acled_csv, acled_row


def _feature(**props):
    base = {
        "kind": "event",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "date_start": "2018-06-08",
        "date_end": "2018-06-10",
        "date_precision": "range",
        "actors": [
            {
                "name": "Syrian Arab Army",
                "type": "state",
                "role": "actor2",
                "surface_forms": ["SAA"],
            },
            {"name": "Islamic State", "type": "rebel", "role": "actor1"},
            {"name": "US-led coalition", "type": "external", "role": "associated"},
        ],
        "fatalities": {
            "reports": [
                {
                    "count": 35,
                    "qualifier": "about",
                    "side": "pro-government fighters",
                    "source": "pro-opposition sources",
                },
                {"count": 20, "qualifier": "up to", "side": "ISIS members", "source": None},
            ],
            "best": 55,
        },
        "source_attribution": ["pro-opposition sources"],
        "location_text": "al-Bukamal",
        "country": "Syria",
        "admin1": "Deir ez-Zor",
        "geo_precision": 1,
        "evidence": {"start": 0, "end": 10, "text": "ISIS attacks on al-Bukamal."},
        "supporting_evidence": [{"start": 20, "end": 30, "text": "In clashes\nthat took place."}],
    }
    base.update(props)
    return {
        "type": "Feature",
        "id": "event-1",
        "geometry": {"type": "Point", "coordinates": [40.918543, 34.452264]},
        "properties": base,
    }


def test_row():
    row = acled_row(_feature(), source="South Front")
    assert list(row) == list(COLUMNS) and list(row)[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    assert (row["event_id_cnty"], row["event_date"], row["year"]) == (
        "event-1",
        "2018-06-08",
        "2018",
    )
    assert (row["time_precision"], row["disorder_type"]) == (2, "Political violence")
    assert (row["inter1"], row["inter2"], row["interaction"]) == (2, 1, "12")
    assert row["assoc_actor_1"] == "US-led coalition" and row["civilian_targeting"] == ""
    assert (row["date_end"], row["date_precision"]) == ("2018-06-10", "range")
    assert (row["event_type"], row["sub_event_type"]) == ("Battles", "Armed clash")
    assert (row["actor1"], row["actor2"]) == ("Islamic State", "Syrian Arab Army")
    assert (row["country"], row["admin1"], row["location"]) == (
        "Syria",
        "Deir ez-Zor",
        "al-Bukamal",
    )
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == (34.4523, 40.9185, 1)
    assert row["source"] == "South Front"  # the outlet; whom the text credits is in notes
    assert "[according to pro-opposition sources]" in row["notes"]
    assert row["fatalities"] == 55
    assert row["notes"].startswith("ISIS attacks on al-Bukamal. In clashes that took place.")
    assert "2018-06-08 to 2018-06-10" in row["notes"]
    assert "about 35 pro-government fighters (according to pro-opposition sources)" in row["notes"]


def test_row_without_geometry_or_roles():
    feature = _feature(
        actors=[{"name": "Gunmen"}, {"name": "Civilians (Nigeria)"}],
        fatalities={"reports": [], "best": None},
        geo_precision=None,
    )
    feature["geometry"] = None
    row = acled_row(feature)
    assert (row["actor1"], row["actor2"]) == ("Gunmen", "Civilians (Nigeria)")
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == ("", "", "")
    assert row["fatalities"] == 0


def test_polygon_uses_its_label_point():
    feature = _feature(label_point=[38.5, 35.0], geo_precision=3)
    feature["geometry"] = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    row = acled_row(feature)
    assert (row["longitude"], row["latitude"]) == (38.5, 35.0)


def test_csv():
    text = acled_csv([acled_row(_feature()), acled_row(_feature(event_type="Riots"))])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS
    assert [r["event_type"] for r in rows] == ["Battles", "Riots"]
    assert [r["disorder_type"] for r in rows] == ["Political violence", "Political violence"]


def test_our_csv_and_acleds_export_make_one_frame():
    """An analyst merges our rows with ACLED's export: ACLED's columns line up, ours come
    after (the export is a fixture written for the tests in ACLED's real layout)."""
    ours = pd.read_csv(io.StringIO(acled_csv([acled_row(_feature(), source="Wire")])))
    theirs = pd.read_csv(Path(__file__).parents[1] / "evaluation/data/acled_export.csv")
    assert list(theirs.columns) == list(ACLED_COLUMNS)
    merged = pd.concat([theirs, ours], ignore_index=True)
    assert list(merged.columns) == list(COLUMNS)
    assert len(merged) == len(theirs) + 1
    assert merged.loc[len(theirs), "actor1"] == "Islamic State"


def test_acled_codes_for_protests_riots_and_civilians():
    protest = acled_row(
        _feature(event_type="Protests", sub_event_type="Peaceful protest", date_end="2018-06-08")
    )
    assert (protest["disorder_type"], protest["time_precision"]) == ("Demonstrations", 1)
    force = acled_row(
        _feature(event_type="Protests", sub_event_type="Excessive force against protesters")
    )
    assert force["disorder_type"] == "Political violence; Demonstrations"
    attack = acled_row(
        _feature(
            event_type="Violence against civilians", sub_event_type="Attack", date_end="2018-07-30"
        )
    )
    assert attack["civilian_targeting"] == "Civilian targeting"
    assert attack["time_precision"] == 3
