"""Events over HTTP: in the geoparse output, in the store, and as ACLED CSV."""

import csv
import io
import json

import pytest

from app.events.acled import COLUMNS
from tests.api.test_geoparse_api import assert_valid_geojson

REPORT = (
    "Russian forces shelled residential areas of Kharkiv on Tuesday, killing at least 10 "
    "people, the regional governor said. Ukrainian officials said troops had repelled an "
    "attack near Mykolaiv."
)


def test_geoparse_returns_event_features(client):
    r = client.post(
        "/v1/geoparse",
        content=json.dumps({"id": "k", "text": REPORT, "published_at": "2022-03-02"}),
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 200
    body = r.json()
    assert_valid_geojson(body)
    events = [f for f in body["features"] if f["properties"]["kind"] == "event"]
    shelling = next(f for f in events if f["properties"]["location_text"] == "Kharkiv")
    props = shelling["properties"]
    assert props["sub_event_type"] == "Shelling/artillery/missile attack"
    assert props["date_start"] == props["date_end"] == "2022-03-01"
    assert props["fatalities"]["best"] == 10
    assert props["actors"][0]["name"] == "Military Forces of Russia"


def test_stored_events_as_acled_csv(store_client):
    text = REPORT + f" (events csv test {store_client.backend})"
    r = store_client.post(
        "/v1/articles",
        content=json.dumps({"text": text, "published_at": "2022-03-02", "source": "Wire"}),
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code in (200, 201), r.text
    article = r.json()["id"]
    csv_response = store_client.get("/v1/events.csv", params={"article_id": article})
    assert csv_response.status_code == 200
    assert csv_response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(csv_response.text)))
    assert tuple(rows[0]) == COLUMNS
    assert {r["source"] for r in rows} == {"Wire"}
    assert {r["location"] for r in rows} >= {"Kharkiv"}
    kharkiv = next(r for r in rows if r["location"] == "Kharkiv")
    assert (kharkiv["event_date"], kharkiv["fatalities"]) == ("2022-03-01", "10")
    assert kharkiv["country"] == "Ukraine"
    only_battles = store_client.get(
        "/v1/events.csv", params={"article_id": article, "event_type": "Battles"}
    )
    types = {r["event_type"] for r in csv.DictReader(io.StringIO(only_battles.text))}
    assert types == {"Battles"}
    bad = store_client.get("/v1/events.csv", params={"bbox": "1,2,3"})
    assert bad.status_code == 400
    assert bad.headers["content-type"] == "application/problem+json"


def test_an_area_events_acled_row_stands_at_the_areas_reference_point(store_client):
    """Issue 17, item 1: the ACLED CSV's latitude/longitude of an event placed on an area
    is the area's reference point, the ``label_point`` the API gives it."""
    from app.gazetteer.lookup import Gazetteer
    from app.geometry.points import reference_point
    from tests.support import default_settings

    text = "Protesters clashed with police across Japan on Tuesday." + (
        f" (area csv test {store_client.backend})"
    )
    r = store_client.post(
        "/v1/articles",
        content=json.dumps({"text": text, "published_at": "2022-03-02", "source": "Wire"}),
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code in (200, 201), r.text
    article = r.json()["id"]
    rows = list(
        csv.DictReader(
            io.StringIO(store_client.get("/v1/events.csv", params={"article_id": article}).text)
        )
    )
    japan = next(r for r in rows if r["location"] == "Japan")
    gazetteer = Gazetteer.open(default_settings().gazetteer_path)
    entry = gazetteer.country_entry("JP")
    point = reference_point(gazetteer.geometry(entry), (entry.lon, entry.lat))
    # ACLED writes 4 decimals
    assert (float(japan["longitude"]), float(japan["latitude"])) == (
        round(point.x, 4),
        round(point.y, 4),
    )
    assert float(japan["latitude"]) < 41.3  # Honshu, not Hokkaido
    layer = store_client.get("/v1/layers/events.csv", params={"article_id": article})
    assert layer.status_code == 200
    downloaded = next(
        r for r in csv.DictReader(io.StringIO(layer.text)) if r["location_text"] == "Japan"
    )
    assert (float(downloaded["lon"]), float(downloaded["lat"])) == (
        pytest.approx(point.x, abs=1e-6),
        pytest.approx(point.y, abs=1e-6),
    )
