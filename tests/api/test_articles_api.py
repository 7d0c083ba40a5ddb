"""POST/GET/DELETE /v1/articles over the real HTTP stack, on SQLite and PostGIS."""

import json
import uuid

import pytest

from tests.api.test_geoparse_api import assert_valid_geojson

PROBLEM = "application/problem+json"


def _post(client, body, **kw):
    return client.post(
        "/v1/articles",
        content=json.dumps(body),
        headers={"Content-Type": "application/json"},
        **kw,
    )


def _count(client) -> int:
    return client.get("/v1/articles", params={"limit": 1}).json()["numberMatched"]


def _unique(text: str) -> str:
    return f"{text} (report {uuid.uuid4().hex[:8]})"


def test_ingest_is_idempotent_and_the_article_reads_back(store_client):
    text = _unique("Clashes were reported in Homs and near Palmyra, Syria.")
    body = {
        "text": text,
        "title": "Clashes",
        "url": "https://example.org/clashes",
        "source": "Test Agency",
        "published_at": "2018-06-11",
    }
    first = _post(store_client, body)
    assert first.status_code == 201, first.text
    created = first.json()
    assert created["status"] == "created" and created["created"] is True
    assert created["places"] >= 2 and created["events"] == 1  # the clashes in Homs
    assert first.headers["location"].endswith(f"/v1/articles/{created['id']}")

    again = _post(store_client, {**body, "title": "Another title"})
    assert again.status_code == 200
    assert again.json()["id"] == created["id"] and again.json()["status"] == "existing"
    assert again.json()["places"] == created["places"]

    article = store_client.get(f"/v1/articles/{created['id']}")
    assert article.status_code == 200
    assert article.headers["content-type"].startswith("application/geo+json")
    fc = article.json()
    assert_valid_geojson(fc)
    assert fc["id"] == created["id"] and fc["title"] == "Clashes"
    assert fc["url"] == body["url"] and fc["source"] == "Test Agency"
    assert fc["published_at"] == "2018-06-11" and fc["text"] == text
    assert fc["geoparser_version"].startswith("geoevents ")
    names = {f["properties"]["name"] for f in fc["features"]}
    assert "Homs" in names
    for feature in fc["features"]:
        for m in feature["properties"]["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    assert isinstance(fc["unresolved"], list)


def test_list_pages_and_delete(store_client):
    ids = [
        _post(store_client, {"text": _unique(f"Protest number {i} in Aleppo.")}).json()["id"]
        for i in range(3)
    ]
    page = store_client.get("/v1/articles", params={"limit": 2}).json()
    assert [a["id"] for a in page["articles"]] == ids[::-1][:2]
    assert page["numberReturned"] == 2 and page["numberMatched"] >= 3
    following = next(link["href"] for link in page["links"] if link["rel"] == "next")
    second = store_client.get(following).json()
    assert second["articles"][0]["id"] == ids[0]
    summary = page["articles"][0]
    assert summary["places"] >= 1 and summary["ingested_at"].endswith("Z")

    gone = ids[0]
    assert store_client.delete(f"/v1/articles/{gone}").status_code == 204
    missing = store_client.get(f"/v1/articles/{gone}")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    assert store_client.delete(f"/v1/articles/{gone}").status_code == 404
    places = store_client.get("/v1/layers/places", params={"limit": 10000}).json()
    assert all(gone not in f["properties"]["article_ids"] for f in places["features"])


def test_html_body_decoded_by_its_declared_charset(store_client):
    marker = uuid.uuid4().hex[:8]
    page = (
        "<html><head><meta charset='windows-1252'><title>Caf\u00e9 shelled \u2013 "
        f"{marker}</title></head><body><article><p>Shelling destroyed a caf\u00e9 in Hama, "
        "Syria, on Friday, residents said. Government forces and rebels exchanged fire "
        "for several hours near the city.</p></article></body></html>"
    ).encode("cp1252")
    r = store_client.post(
        "/v1/articles",
        content=page,
        headers={"Content-Type": "text/html"},
        params={"source": "Local", "published_at": "2020-01-03"},
    )
    assert r.status_code == 201, r.text
    fc = store_client.get(f"/v1/articles/{r.json()['id']}").json()
    assert fc["title"] == f"Caf\u00e9 shelled \u2013 {marker}"
    assert "caf\u00e9 in Hama" in fc["text"] and "<p>" not in fc["text"]
    assert fc["source"] == "Local" and fc["published_at"] == "2020-01-03"
    mentioned = {m["text"] for f in fc["features"] for m in f["properties"]["mentions"]}
    assert "Hama" in mentioned


@pytest.mark.parametrize(
    ("content", "content_type", "detail"),
    [
        (b"<html><body>\xff\xfe caf\xe9</body></html>", "text/html", "not valid utf-8"),
        (b"<p>x</p>", "text/html; charset=klingon", "unknown charset"),
        (b"<article>Homs</article>", "application/xml", "application/json"),
    ],
)
def test_undecodable_or_unsupported_bodies_are_415(store_client, content, content_type, detail):
    before = _count(store_client)
    r = store_client.post("/v1/articles", content=content, headers={"Content-Type": content_type})
    assert r.status_code == 415
    assert r.headers["content-type"] == PROBLEM and detail in r.json()["detail"]
    assert _count(store_client) == before


def test_a_text_html_body_without_tags_is_stored_with_its_text(store_client):
    body = "Shelling hit Aleppo on Monday, killing two civilians. (no tags)"
    r = store_client.post("/v1/articles", content=body, headers={"Content-Type": "text/html"})
    assert r.status_code == 201, r.text
    article = store_client.get(f"/v1/articles/{r.json()['id']}").json()
    assert article["text"] == body
    assert r.json()["places"] >= 1


def test_an_html_page_without_text_is_422_and_not_stored(store_client):
    before = _count(store_client)
    page = "<html><head><title>Nothing</title></head><body><div> </div></body></html>"
    for r in (
        store_client.post("/v1/articles", content=page, headers={"Content-Type": "text/html"}),
        store_client.post("/v1/articles", json={"html": page}),
    ):
        assert r.status_code == 422, r.text
        assert r.headers["content-type"] == PROBLEM and "no text" in r.json()["detail"]
    assert _count(store_client) == before


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ("{not json", 400, "not valid JSON"),
        (json.dumps({"title": "no text"}), 422, "text"),
        (json.dumps({"text": "   "}), 422, "no text"),
        (json.dumps({"text": "Homs", "published_at": "yesterday"}), 422, "published_at"),
        (json.dumps({"text": "x" * 30_000}), 413, "characters"),
        (json.dumps({"text": "x" * 60_000}), 413, "bytes"),
        (json.dumps(["a list"]), 422, "JSON object"),
    ],
)
def test_bad_articles_are_rejected_and_nothing_is_stored(store_client, body, status, detail):
    before = _count(store_client)
    r = store_client.post(
        "/v1/articles", content=body, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM and detail in r.json()["detail"]
    assert _count(store_client) == before


def test_bad_article_ids_and_pages(store_client):
    assert store_client.get("/v1/articles/nope").status_code == 404
    bad = store_client.get("/v1/articles", params={"after": "!!!"})
    assert bad.status_code == 400 and bad.headers["content-type"] == PROBLEM
    assert store_client.get("/v1/articles", params={"limit": 0}).status_code == 422
