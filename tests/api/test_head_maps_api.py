"""HEAD on the map pages and their assets answers as GET does, without a body (link
checkers and proxies use it)."""

import pytest


@pytest.fixture(scope="module")
def article_id(client):
    r = client.post("/v1/articles", json={"text": "Protests in Aleppo (head check)."})
    assert r.status_code in (200, 201), r.text
    return r.json()["id"]


@pytest.mark.parametrize(
    "path",
    [
        "/v1/maps/events",
        "/v1/maps/articles/{id}",
        "/v1/maps/events/records",
        "/v1/maps/basemap.geojson",
        "/static/geoevents/geoevents-map.js",
    ],
)
def test_head_is_get_without_a_body(client, article_id, path):
    path = path.format(id=article_id)
    get = client.get(path)
    head = client.head(path)
    assert get.status_code == 200
    assert head.status_code == 200, head.text
    assert head.content == b""
    for name in ("content-type", "cache-control"):
        assert head.headers.get(name) == get.headers.get(name), name
    # each render has its own element ids, hence its own script hashes: a policy, not the same
    assert ("content-security-policy" in head.headers) == ("content-security-policy" in get.headers)


def test_head_of_a_missing_article_map_is_404(client):
    assert client.head("/v1/maps/articles/0000000000000000").status_code == 404
