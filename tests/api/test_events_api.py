"""Events over HTTP: in the geoparse output, in the store, and as ACLED CSV."""

import csv
import io
import json

from app.events.acled import ACLED_COLUMNS
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
    assert tuple(rows[0]) == ACLED_COLUMNS
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
