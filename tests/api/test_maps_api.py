"""/v1/maps and /static over the real HTTP stack (FastAPI TestClient, real gazetteer,
real SQLite store). What the pages look like in a browser: tests/maps/test_pages_browser.py."""

import json
import re
import uuid

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.maps.data import XSS, bukamal_place, plain_events, xss_collection, xss_event
from tests.support import default_settings, need_file

PROBLEM = "application/problem+json"
JSON = {"Content-Type": "application/json"}


def _script_policy(response) -> str:
    policy = response.headers["content-security-policy"]
    return re.search(r"script-src ([^;]*)", policy).group(1)


def _article(client, text: str, **extra) -> str:
    body = {"text": f"{text} (report {uuid.uuid4().hex[:8]})", **extra}
    r = client.post("/v1/articles", content=json.dumps(body), headers=JSON)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_preview_is_a_self_contained_page_with_a_strict_policy(client):
    body = {"id": "p1", "text": "Shelling hit Homs and Deir ez-Zor on the Euphrates.", "title": XSS}
    r = client.post("/v1/maps/preview", content=json.dumps(body), headers=JSON)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    scripts = _script_policy(r)
    assert scripts.startswith("'self' 'sha256-") and "unsafe-inline" not in scripts
    policy = r.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in policy and "connect-src 'self'" in policy
    assert r.headers["x-content-type-options"] == "nosniff"
    page = r.text
    assert "Homs" in page and "Euphrates" in page
    assert "<img" not in page and "window.__xss=1</script>" not in page
    assert '<header class="ge-header">' in page


def test_preview_errors_are_problems(client):
    r = client.post("/v1/maps/preview", content="x", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415 and r.headers["content-type"] == PROBLEM
    r = client.post("/v1/maps/preview", content="{", headers=JSON)
    assert r.status_code == 400 and r.headers["content-type"] == PROBLEM
    r = client.post("/v1/maps/preview", content=json.dumps({"title": "no text"}), headers=JSON)
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    big = json.dumps({"text": "Homs. " * 2000})
    r = client.post("/v1/maps/preview", content=big, headers=JSON)
    assert r.status_code == 413 and r.headers["content-type"] == PROBLEM


def test_render_draws_a_posted_collection_and_refuses_anything_else(client):
    r = client.post("/v1/maps/render", content=json.dumps(xss_collection(5)), headers=JSON)
    assert r.status_code == 200 and "GeoEvents.events" in r.text
    assert "<img" not in r.text
    for bad in ([], {"type": "Feature"}, {"type": "FeatureCollection", "features": 3}):
        r = client.post("/v1/maps/render", content=json.dumps(bad), headers=JSON)
        assert r.status_code == 422 and r.headers["content-type"] == PROBLEM


def test_embedded_page_may_be_framed_by_the_configured_origins_only():
    settings = default_settings().model_copy(
        update={"map_frame_ancestors": "'self' https://wiki.example.org https://*.intra.example"}
    )
    client = TestClient(create_app(settings))  # no lifespan: /v1/maps/render needs no model
    body = json.dumps(xss_collection(2))
    embedded = client.post("/v1/maps/render?embed=1", content=body, headers=JSON)
    full = client.post("/v1/maps/render", content=body, headers=JSON)
    assert embedded.status_code == full.status_code == 200
    assert (
        "frame-ancestors 'self' https://wiki.example.org https://*.intra.example"
        in embedded.headers["content-security-policy"]
    )
    assert full.headers["content-security-policy"].endswith("frame-ancestors 'self'")
    assert "ge-header" not in embedded.text.split("</head>")[1]
    assert "ge-header" in full.text.split("</head>")[1]


def test_online_tiles_are_allowed_by_the_policy():
    settings = default_settings().model_copy(
        update={
            "map_tiles_url": "https://{s}.tiles.example.org/{z}/{x}/{y}.png",
            "map_tiles_attribution": "&copy; Example",
        }
    )
    client = TestClient(create_app(settings))
    r = client.post("/v1/maps/render", content=json.dumps(xss_collection(1)), headers=JSON)
    assert (
        "img-src 'self' data: https://*.tiles.example.org" in r.headers["content-security-policy"]
    )
    assert "https://{s}.tiles.example.org/{z}/{x}/{y}.png" in r.text


def test_article_map(client):
    article_id = _article(
        client, "ISIS attacked al-Bukamal on the Euphrates in Syria.", title="Raid " + XSS
    )
    store = client.app.state.store
    assert store.add_features(article_id, [xss_event()]) == 1
    r = client.get(f"/v1/maps/articles/{article_id}")
    assert r.status_code == 200, r.text
    assert "<title>Raid &lt;script&gt;" in r.text and "<img" not in r.text
    assert "Euphrates" in r.text and '"t":"battles"' in r.text
    assert f'href="/v1/articles/{article_id}"' in r.text  # the header link to the JSON
    missing = client.get("/v1/maps/articles/nope")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM


def test_events_map_carries_a_few_events_and_filters_them(client):
    article_id = _article(client, "Fighting in Homs, Syria.")
    tag = uuid.uuid4().hex[:6]
    events = plain_events(30, seed=7, prefix=f"ev-{tag}")
    for e in events:
        e["properties"]["actors"] = [f"Brigade {tag}"]
    client.app.state.store.add_features(article_id, events)
    r = client.get("/v1/maps/events", params={"actor": f"brigade {tag}"})
    assert r.status_code == 200, r.text
    assert r.text.count(f"Brigade {tag}") == 30  # each event once, in the page
    assert "30 events" in r.text and '"url":null' in r.text
    riots = client.get("/v1/maps/events", params={"actor": tag, "event_type": "Riots"})
    assert riots.text.count(f"Brigade {tag}") == 5
    none = client.get("/v1/maps/events", params={"actor": tag, "bbox": "0,0,1,1"})
    assert none.status_code == 200 and f"Brigade {tag}" not in none.text


def test_event_records_page_with_counts(client):
    article_id = _article(client, "Protests in Raqqa, Syria.")
    tag = uuid.uuid4().hex[:6]
    events = plain_events(12, seed=3, prefix=f"rec-{tag}")
    for e in events:
        e["properties"]["actors"] = [f"Group {tag}"]
    client.app.state.store.add_features(article_id, [bukamal_place(), *events])
    r = client.get("/v1/maps/events/records", params={"actor": tag, "limit": 5})
    assert r.status_code == 200
    body = r.json()
    assert body["numberMatched"] == 12 and body["numberReturned"] == 5
    assert body["complete"] is False
    assert all(rec["u"] == f"/v1/articles/{article_id}" for rec in body["records"])
    everything = client.get("/v1/maps/events/records", params={"actor": tag}).json()
    assert everything["complete"] is True and everything["numberReturned"] == 12


@pytest.mark.parametrize(
    "params,status",
    [
        ({"bbox": "1,2,3"}, 400),
        ({"bbox": "10,0,5,1"}, 400),
        ({"event_type": "Parades"}, 422),
        ({"start": "June"}, 422),
        ({"start": "2018-06-10", "end": "2018-06-01"}, 400),
    ],
)
def test_events_map_bad_queries(client, params, status):
    for path in ("/v1/maps/events", "/v1/maps/events/records"):
        r = client.get(path, params=params)
        assert r.status_code == status, (path, r.text)
        assert r.headers["content-type"] == PROBLEM


def test_records_limit_is_bounded(client):
    assert client.get("/v1/maps/events/records", params={"limit": 0}).status_code == 422
    assert client.get("/v1/maps/events/records", params={"limit": 10_001}).status_code == 422


def test_static_files_are_served_with_caching_and_nothing_else(client):
    r = client.get("/static/vendor/leaflet/leaflet.js")
    assert r.status_code == 200 and "Leaflet" in r.text[:500]
    assert r.headers["content-type"].startswith("text/javascript")
    assert "max-age" in r.headers["cache-control"]
    assert client.get("/static/vendor/leaflet.heat/leaflet-heat.js").status_code == 200
    assert client.get("/static/geoevents/geoevents-map.css").status_code == 200
    for path in ("/static/vendor/leaflet/leaflet.js.map", "/static/geoevents/../render.py"):
        r = client.get(path)
        assert r.status_code == 404 and r.headers["content-type"] == PROBLEM


def test_offline_basemap_is_gzipped_natural_earth(client):
    need_file(default_settings().gazetteer_path)
    r = client.get("/v1/maps/basemap.geojson", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
    assert r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()  # httpx decodes the gzip body
    names = {f["properties"]["name"] for f in fc["features"]}
    assert len(names) > 150 and {"Syria", "Iraq"} <= names
    assert int(r.headers["content-length"]) < len(r.content) / 2  # sent compressed


def test_large_pages_are_sent_compressed(client):
    body = json.dumps(xss_collection(300))
    r = client.post("/v1/maps/render", content=body, headers={**JSON, "Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip" and "GeoEvents.events" in r.text
    assert int(r.headers["content-length"]) < len(r.content) / 3
    plain = client.post("/v1/maps/render", content=body, headers={**JSON, "Accept-Encoding": ""})
    assert "content-encoding" not in plain.headers  # element ids differ between renders:
    assert abs(len(plain.content) - len(r.content)) < 200 and "GeoEvents.events" in plain.text


TEMPLATE_PAYLOADS = [
    "{{ 7*6 }}",
    '{{ "EVAL" ~ "UATED" }}',
    "{% raw %}",
    "{# x #}",
    "# for x in y\n",
]


def _literal(value: str, page: str) -> bool:
    from markupsafe import escape

    from app.maps.render import js_json

    return str(escape(value)) in page or js_json(value)[1:-1] in page


@pytest.mark.parametrize("value", TEMPLATE_PAYLOADS)
def test_template_syntax_in_any_map_field_is_shown_literally(client, value):
    """Query parameters, JSON body fields, stored article fields and FeatureCollection
    properties: never evaluated on the server, never a 500 (issue 15, item 1)."""
    pages = []
    r = client.get("/v1/maps/events", params={"actor": value})
    assert r.status_code == 200, r.text
    assert _literal(value, r.text) and "actor: 42" not in r.text
    pages.append(r.text)

    body = {"id": value, "text": f"Shelling hit Homs on Monday. {value}", "title": value}
    r = client.post("/v1/maps/preview", content=json.dumps(body), headers=JSON)
    assert r.status_code == 200, r.text
    assert _literal(value, r.text)
    pages.append(r.text)

    posted = xss_collection(2)
    posted["title"] = value
    for feature in posted["features"]:
        feature["properties"]["name"] = value
    r = client.post("/v1/maps/render", content=json.dumps(posted), headers=JSON)
    assert r.status_code == 200, r.text
    assert _literal(value, r.text)
    pages.append(r.text)

    tag = uuid.uuid4().hex[:8]
    article_id = _article(
        client,
        f"Fighting in Homs, Syria. {value}",
        title=value,
        url=f"https://example.org/{tag}?q={value}",
        source=value,
    )
    r = client.get(f"/v1/maps/articles/{article_id}")
    assert r.status_code == 200, r.text
    assert _literal(value, r.text)
    pages.append(r.text)
    r = client.get("/v1/maps/events")
    assert r.status_code == 200, r.text
    pages.append(r.text)
    for page in pages:
        assert "EVALUATED" not in page and ": 42<" not in page and '"42"' not in page
    client.delete(f"/v1/articles/{article_id}")
