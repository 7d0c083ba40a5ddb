"""GET /v1/layers/{events,places}[.fmt] over HTTP on SQLite and PostGIS.

Events come from issue 6's stage later; here they are stored through the real repository
(the same code path ingestion uses) with the properties issue 6 specifies.
"""

import csv
import io
import json
import uuid

import pyogrio
import pytest

from tests.api.test_geoparse_api import assert_valid_geojson
from tests.store.factories import collection, event, new_article

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def events_article(store_client):
    """An article with 12 events around (10..11, -40..-39) and 3 elsewhere."""
    store = store_client.app.state.store
    features = [
        event(
            f"e{i}",
            10 + i / 12,
            -40 + i / 12,
            f"2019-03-{1 + i:02d}",
            f"2019-03-{2 + i:02d}",
            "Battles" if i % 2 else "Protests",
            actors=("Syrian Arab Army", "ISIS") if i % 3 == 0 else ("Residents",),
            score=0.3 + i * 0.05,
            country_code="SY",
        )
        for i in range(12)
    ]
    features += [
        event("far1", 100, 10, "2019-03-05", "2019-03-05", actors=(), country_code="TH"),
        event("far2", -70, -30, "2019-03-05", "2019-03-05", actors=(), country_code="CL"),
        event("nodate", 10.2, -39.9, None, None, "Riots", actors=()),
    ]
    article = new_article(f"events article {uuid.uuid4()}", published_at=None)
    article_id, _ = store.add_article(article, collection(*features))
    return article_id


def _get(client, layer="events", **params):
    return client.get(f"/v1/layers/{layer}", params=params)


def _ids(response):
    return [f["id"].split(":", 1)[1] for f in response.json()["features"]]


def test_events_layer_filters(store_client, events_article):
    a = {"article_id": events_article}
    everything = _get(store_client, **a)
    assert everything.status_code == 200
    assert everything.headers["content-type"].startswith("application/geo+json")
    fc = everything.json()
    assert_valid_geojson(fc)
    assert fc["numberMatched"] == fc["numberReturned"] == 15
    assert _ids(_get(store_client, bbox="9.9,-40.1,10.3,-39.7", **a)) == [
        "e0",
        "e1",
        "e2",
        "e3",
        "nodate",
    ]
    window = _get(store_client, start="2019-03-05", end="2019-03-06", **a)
    assert _ids(window) == ["e3", "e4", "e5", "far1", "far2"]
    assert set(_ids(_get(store_client, event_type="protests,riots", **a))) == {
        "e0",
        "e2",
        "e4",
        "e6",
        "e8",
        "e10",
        "nodate",
    }
    assert _ids(_get(store_client, actor="ISIS", **a)) == ["e0", "e3", "e6", "e9"]
    assert _ids(_get(store_client, country="th,CL", **a)) == ["far1", "far2"]
    assert _ids(_get(store_client, min_score=0.8, **a)) == ["e10", "e11"]
    combined = _get(
        store_client, bbox="9,-41,12,-38", start="2019-03-04", event_type="Battles", **a
    )
    assert _ids(combined) == ["e3", "e5", "e7", "e9", "e11"]
    props = everything.json()["features"][0]["properties"]
    assert props["actors"][0] == {"name": "Syrian Arab Army"}
    assert props["fatalities"]["best"] == 3 and props["article_id"] == events_article


def test_paging_follows_next_links_with_every_parameter(store_client, events_article):
    params = {"article_id": events_article, "bbox": "9,-41,12,-38", "limit": 4}
    first = _get(store_client, **params).json()
    seen, url, pages = [], None, 0
    page = first
    while True:
        pages += 1
        assert page["numberMatched"] == 13
        seen += [f["id"] for f in page["features"]]
        links = {link["rel"]: link["href"] for link in page["links"] if link["rel"] != "alternate"}
        if "next" not in links:
            break
        url = links["next"]
        assert "bbox=9%2C-41%2C12%2C-38" in url and f"article_id={events_article}" in url
        assert "limit=4" in url
        page = store_client.get(url).json()
    assert pages == 4 and len(seen) == len(set(seen)) == 13
    whole = _get(store_client, article_id=events_article, bbox="9,-41,12,-38").json()
    assert seen == [f["id"] for f in whole["features"]]
    r = _get(store_client, article_id=events_article, limit=4)
    assert 'rel="next"' in r.headers["link"]


def test_flattened_properties(store_client, events_article):
    fc = _get(store_client, article_id=events_article, flat="true", limit=2).json()
    for feature in fc["features"]:
        assert all(not isinstance(v, (dict, list)) for v in feature["properties"].values())
    props = fc["features"][0]["properties"]
    assert props["actors_name"] == "Syrian Arab Army; ISIS"
    assert props["fatalities_best"] == 3 and props["evidence_text"] == "evidence.."
    assert json.loads(props["actors"]) == [{"name": "Syrian Arab Army"}, {"name": "ISIS"}]


CONTRACT = "Shelling hit Homs, Syria, and villages near Deir ez-Zor on the Euphrates."
"""The sentence of the geoparse contract test: Homs (point), Syria (polygon), Euphrates (line)."""


def test_places_are_one_feature_per_place_across_articles(store_client):
    tag = uuid.uuid4().hex[:6]
    ids, mentions = [], 0
    for text in (f"{CONTRACT} ({tag} a)", f"{CONTRACT} Homs was shelled again. ({tag} b)"):
        r = store_client.post(
            "/v1/articles",
            content=json.dumps({"text": text, "published_at": "2017-02-02"}),
            headers={"Content-Type": "application/json"},
        )
        assert r.status_code == 201
        ids.append(r.json()["id"])
        fc = store_client.get(f"/v1/articles/{ids[-1]}").json()
        homs = next(f for f in fc["features"] if f["properties"]["name"] == "Homs")
        mentions += len(homs["properties"]["mentions"])
    for article_id in ids:
        assert_valid_geojson(_get(store_client, "places", article_id=article_id).json())
    everywhere = _get(
        store_client, "places", bbox="36,34,37.5,35.5", start="2017-02-02", end="2017-02-02"
    )
    feature = next(f for f in everywhere.json()["features"] if f["id"] == homs["id"])
    props = feature["properties"]
    assert sorted(props["article_ids"]) == sorted(ids)
    assert props["article_count"] == 2 and props["mention_count"] == mentions >= 2
    assert props["event_count"] == 2 and "mentions" not in props  # the shelling of Homs


@pytest.mark.parametrize(
    ("params", "status", "detail"),
    [
        ({"bbox": "1,2,3"}, 400, "4 numbers"),
        ({"bbox": "a,b,c,d"}, 400, "numbers"),
        ({"bbox": "10,0,5,1"}, 400, "minlon"),
        ({"bbox": "0,10,1,5"}, 400, "minlat"),
        ({"bbox": "0,0,181,1"}, 400, "-180..180"),
        ({"bbox": "0,-91,1,1"}, 400, "-90..90"),
        ({"bbox": "nan,0,1,1"}, 400, "finite"),
        ({"start": "2019-03-05", "end": "2019-03-01"}, 400, "after end"),
        ({"after": "%%%"}, 400, "page token"),
        ({"event_type": "Battles,Fisticuffs"}, 422, "Fisticuffs"),
        ({"country": "ZZ"}, 422, "ZZ"),
        ({"min_score": "1.5"}, 422, "min_score"),
        ({"start": "2019-02-30"}, 422, "start"),
        ({"limit": "0"}, 422, "limit"),
        ({"limit": "10001"}, 422, "limit"),
        ({"article_id": "0000000000000000"}, 404, "not found"),
    ],
)
def test_bad_layer_queries(store_client, params, status, detail):
    r = _get(store_client, **params)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    assert detail in r.json()["detail"]


def test_unknown_layer_and_format(store_client):
    assert store_client.get("/v1/layers/roads").status_code == 422
    assert store_client.get("/v1/layers/events.shp").status_code == 422


def test_downloads(store_client, events_article, tmp_path):
    query = {"article_id": events_article, "bbox": "9,-41,12,-38"}
    layer = _get(store_client, **query).json()
    ids = [f["id"] for f in layer["features"]]

    geojson = store_client.get("/v1/layers/events.geojson", params=query)
    assert geojson.status_code == 200
    assert 'filename="geoevents-events.geojson"' in geojson.headers["content-disposition"]
    assert [f["id"] for f in geojson.json()["features"]] == ids

    text = store_client.get("/v1/layers/events.csv", params=query)
    assert text.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(text.text)))
    assert [r["id"] for r in rows] == ids
    assert rows[0]["lon"] == "10.0" and rows[0]["lat"] == "-40.0"
    assert rows[0]["wkt"] == "POINT (10 -40)" and rows[0]["actors_name"] == "Syrian Arab Army; ISIS"

    for fmt in ("gpkg", "kml"):
        r = store_client.get(f"/v1/layers/events.{fmt}", params=query)
        assert r.status_code == 200, r.text
        path = tmp_path / f"events.{fmt}"
        path.write_bytes(r.content)
        frame = pyogrio.read_dataframe(path)
        assert len(frame) == len(ids)
        if fmt == "gpkg":
            assert list(frame["id"]) == ids
            assert frame["fatalities_best"].tolist() == [3] * len(ids)
        else:
            assert frame["Name"].tolist()[:2] == ["Protests", "Battles"]
        assert frame.geometry.iloc[0].x == pytest.approx(10.0)

    capped = store_client.get("/v1/layers/events.csv", params={**query, "limit": 2})
    assert len(capped.text.strip().splitlines()) == 3
    assert "geoevents-truncated" in capped.headers


def test_places_download_mixed_geometries(store_client, tmp_path):
    r = store_client.post(
        "/v1/articles",
        content=json.dumps({"text": f"{CONTRACT} {uuid.uuid4()}"}),
        headers={"Content-Type": "application/json"},
    )
    article_id = r.json()["id"]
    gpkg = store_client.get("/v1/layers/places.gpkg", params={"article_id": article_id})
    path = tmp_path / "places.gpkg"
    path.write_bytes(gpkg.content)
    frame = pyogrio.read_dataframe(path)
    kinds = set(frame.geometry.geom_type)
    assert {"Polygon", "MultiPolygon"} & kinds and {"LineString", "MultiLineString"} & kinds
    assert "article_ids" in frame.columns and frame["article_ids"].iloc[0] == article_id
