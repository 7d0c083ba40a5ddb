"""OGC API - Features Part 1 under /ogc, on SQLite and PostGIS."""

import uuid
from urllib.parse import parse_qs, urlsplit

import pytest

from app.services.ogc import CONFORMANCE
from tests.api.test_geoparse_api import assert_valid_geojson
from tests.store.factories import collection, event, new_article, place

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def ogc_article(store_client):
    """Ten events near 170..179 E (one across the antimeridian), a place, in 2016."""
    store = store_client.app.state.store
    features = [place("test:fiji", 178.4, -18.1, name="Suva", country="FJ")]
    features += [
        event(
            f"e{i}",
            170 + i,
            -18,
            f"2016-05-{1 + i:02d}",
            f"2016-05-{1 + i:02d}",
            place_ids=("test:fiji",),
            actors=("Police",),
        )
        for i in range(10)
    ]
    features.append(event("west", -179.5, -18, "2016-05-03", "2016-05-03"))
    text = f"ogc article {uuid.uuid4()}"
    article_id, _ = store.add_article(new_article(text), collection(*features))
    return article_id


def _items(client, collection_id="events", **params):
    return client.get(f"/ogc/collections/{collection_id}/items", params=params)


def _links(doc):
    return {(link["rel"], link["type"]): link["href"] for link in doc["links"]}


def test_landing_conformance_and_collections(store_client, ogc_article):
    landing = store_client.get("/ogc")
    assert landing.status_code == 200
    links = _links(landing.json())
    service_desc = next(href for (rel, _), href in links.items() if rel == "service-desc")
    assert store_client.get(urlsplit(service_desc).path).json()["paths"]
    for rel in ("conformance", "data"):
        assert any(r == rel for r, _ in links)
    conformance = store_client.get("/ogc/conformance").json()["conformsTo"]
    assert set(conformance) == set(CONFORMANCE)
    collections = store_client.get("/ogc/collections").json()["collections"]
    assert [c["id"] for c in collections] == [
        "events",
        "places",
        "events_flat",
        "places_flat",
        "acled_events",
    ]
    events = store_client.get("/ogc/collections/events").json()
    assert events["itemType"] == "feature"
    assert events["crs"] == ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"]
    minx, miny, maxx, maxy = events["extent"]["spatial"]["bbox"][0]
    assert minx <= -179.5 and maxx >= 179
    start, end = events["extent"]["temporal"]["interval"][0]
    assert start <= "2016-05-01T00:00:00Z" and end >= "2016-05-10T23:59:59Z"
    assert ("items", "application/geo+json") in _links(events)


def test_items_bbox_datetime_and_next_links_keep_every_parameter(store_client, ogc_article):
    params = {
        "bbox": "169.5,-19,180,-17",
        "datetime": "2016-05-02/2016-05-09",
        "limit": "3",
        "f": "json",
        "article_id": ogc_article,
    }
    page = _items(store_client, **params)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("application/geo+json")
    seen = []
    doc = page.json()
    while True:
        assert_valid_geojson(doc)
        assert doc["numberMatched"] == 8 and doc["numberReturned"] == len(doc["features"])
        seen += [f["id"] for f in doc["features"]]
        following = [link["href"] for link in doc["links"] if link["rel"] == "next"]
        if not following:
            break
        query = parse_qs(urlsplit(following[0]).query)
        for name, value in params.items():
            assert query[name] == [value]
        assert "after" in query
        doc = store_client.get(following[0]).json()
    assert [s.split(":")[1] for s in seen] == [f"e{i}" for i in range(1, 9)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-05-03", {"e2", "west"}),
        ("2016-05-03T12:00:00Z", {"e2", "west"}),
        ("2016-05-09/..", {"e8", "e9"}),
        ("../2016-05-01", {"e0"}),
        ("2016-05-09/", {"e8", "e9"}),
    ],
)
def test_datetime_instants_and_intervals(store_client, ogc_article, value, expected):
    doc = _items(store_client, datetime=value, article_id=ogc_article).json()
    assert {f["id"].split(":")[1] for f in doc["features"]} == expected


def test_bbox_across_the_antimeridian(store_client, ogc_article):
    doc = _items(store_client, bbox="178.5,-19,-179,-17", article_id=ogc_article).json()
    assert {f["id"].split(":")[1] for f in doc["features"]} == {"e9", "west"}
    rest = store_client.get("/v1/layers/events", params={"bbox": "178.5,-19,-179,-17"})
    assert rest.status_code == 400  # the REST layer wants min <= max


def test_single_items_and_html(store_client, ogc_article):
    feature = store_client.get(f"/ogc/collections/events/items/{ogc_article}:e4")
    assert feature.status_code == 200
    doc = feature.json()
    assert doc["id"] == f"{ogc_article}:e4" and doc["geometry"]["coordinates"] == [174, -18]
    assert ("collection", "application/json") in _links(doc)
    place_doc = store_client.get("/ogc/collections/places/items/test:fiji").json()
    assert place_doc["properties"]["event_count"] == 10
    flat = store_client.get("/ogc/collections/places_flat/items/test:fiji").json()
    assert flat["properties"]["article_ids"] == ogc_article
    page = _items(store_client, f="html", article_id=ogc_article, limit=2)
    assert page.headers["content-type"].startswith("text/html")
    assert f"{ogc_article}:e0" in page.text and "next page" in page.text
    browser = store_client.get("/ogc/collections", headers={"Accept": "text/html,*/*"})
    assert browser.headers["content-type"].startswith("text/html") and "events_flat" in browser.text
    missing = store_client.get("/ogc/collections/events/items/nope:e1")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM


def test_flat_collections_have_no_nested_values(store_client, ogc_article):
    doc = _items(store_client, "events_flat", article_id=ogc_article, limit=5).json()
    for feature in doc["features"]:
        assert all(not isinstance(v, (dict, list)) for v in feature["properties"].values())
    assert doc["features"][0]["properties"]["actors_name"] == "Police"


def test_limit_above_the_maximum_is_clamped(store_client, ogc_article):
    doc = _items(store_client, limit=50_000, article_id=ogc_article).json()
    assert doc["numberReturned"] == 11


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/ogc/collections/roads", {}, 404),
        ("/ogc/collections/roads/items", {}, 404),
        ("/ogc/collections/events/items", {"colour": "red"}, 400),
        ("/ogc/collections/events/items", {"bbox": "1,2,3"}, 400),
        ("/ogc/collections/events/items", {"datetime": "last week"}, 400),
        ("/ogc/collections/events/items", {"datetime": "2016-05-09/2016-05-01"}, 400),
        ("/ogc/collections/events/items", {"bbox-crs": "EPSG:3857", "bbox": "0,0,1,1"}, 400),
        ("/ogc/collections/events/items", {"limit": "0"}, 422),
        ("/ogc/collections/events/items", {"event_type": "Parade"}, 422),
    ],
)
def test_ogc_errors_are_problem_documents(store_client, path, params, status):
    r = store_client.get(path, params=params)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
