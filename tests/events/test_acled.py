"""ACLED's column layout for event features."""

import csv
import io

from app.events.acled import ACLED_COLUMNS, acled_csv, acled_row


def _feature(**props):
    base = {
        "kind": "event",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "date_start": "2018-06-08",
        "date_end": "2018-06-10",
        "date_precision": "range",
        "actors": [
            {"name": "Syrian Arab Army", "role": "actor2", "surface_forms": ["SAA"]},
            {"name": "Islamic State", "role": "actor1", "surface_forms": ["ISIS"]},
            {"name": "US-led coalition", "role": "associated", "surface_forms": []},
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
    assert list(row) == list(ACLED_COLUMNS)
    assert row["event_date"] == "2018-06-08"
    assert (row["event_type"], row["sub_event_type"]) == ("Battles", "Armed clash")
    assert (row["actor1"], row["actor2"]) == ("Islamic State", "Syrian Arab Army")
    assert (row["country"], row["admin1"], row["location"]) == (
        "Syria",
        "Deir ez-Zor",
        "al-Bukamal",
    )
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == (34.4523, 40.9185, 1)
    assert row["source"] == "South Front; pro-opposition sources"
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
    assert tuple(rows[0]) == ACLED_COLUMNS
    assert [r["event_type"] for r in rows] == ["Battles", "Riots"]
