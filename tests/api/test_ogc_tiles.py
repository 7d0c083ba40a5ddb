"""OGC API - Tiles under /ogc: vector tiles of the events and places, on SQLite and PostGIS.

A tile is read back with a decoder and compared with the items of the same area and
filters; ETags answer 304 until the store changes."""

import json
import uuid

import pytest

from app.services.ogc import CONFORMANCE
from app.services.tiles import MVT
from tests.mvt import decode, tile_of
from tests.store.factories import collection, event, new_article, place

PROBLEM = "application/problem+json"
TILE = tile_of(-128.0, 41.0, 7)
"""A tile in the Pacific that no other test's article reaches."""
TILESETS = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"


def _at(fx: float, fy: float) -> tuple[float, float]:
    """The point at fractions of the tile's width and height from its south-west corner."""
    west, south, east, north = TILE.bounds_4326()
    return west + fx * (east - west), south + fy * (north - south)


@pytest.fixture(scope="module")
def tiles_article(store_client):
    """Nine events and two places inside the tile, one event and one place outside it."""
    store = store_client.app.state.store
    features = [
        place("test:tiles-a", *_at(0.3, 0.3), name="Tile A", country="US"),
        place("test:tiles-b", *_at(0.8, 0.6), name="Tile B", country="US"),
        place("test:tiles-out", *_at(1.5, 0.5), name="Outside", country="US"),
        event("out", *_at(-0.5, 0.5), "2019-03-01", None, "Riots"),
    ]
    features += [
        event(
            f"e{i}",
            *_at(0.1 + i * 0.1, 0.9 - i * 0.1),
            f"2019-03-{1 + i:02d}",
            None,
            "Battles" if i % 3 else "Riots",
            actors=("Coast Guard",) if i % 2 else ("Fishermen",),
            place_ids=("test:tiles-a",) if i % 2 else ("test:tiles-b",),
        )
        for i in range(9)
    ]
    article_id, _ = store.add_article(new_article(f"tiles {uuid.uuid4()}"), collection(*features))
    return article_id


def _tile_url(collection_id: str = "events", tile=TILE) -> str:
    return f"/ogc/collections/{collection_id}/tiles/WebMercatorQuad/{tile.z}/{tile.y}/{tile.x}"


def _items(client, collection_id, **params):
    bbox = ",".join(str(v) for v in TILE.bounds_4326())
    r = client.get(
        f"/ogc/collections/{collection_id}/items", params={"bbox": bbox, "limit": 1000, **params}
    )
    assert r.status_code == 200, r.text
    return r.json()["features"]


def _compare(client, collection_id, **params):
    """The tile and the items of its area: same ids, properties and positions."""
    r = client.get(_tile_url(collection_id), params=params)
    assert r.status_code in (200, 204), r.text
    if r.status_code == 200:
        assert r.headers["content-type"] == MVT
    decoded = decode(r.content, collection_id, TILE)
    items = _items(client, collection_id, **params)
    assert set(decoded) == {f["id"] for f in items}
    west, _, east, _ = TILE.bounds_4326()
    tolerance = (east - west) / 4096 * 2
    for item in items:
        props, point = decoded[item["id"]]
        lon, lat = item["geometry"]["coordinates"]
        assert abs(point.x - lon) < tolerance and abs(point.y - lat) < tolerance, item["id"]
        for key in ("event_type", "name", "date_start", "article_count", "event_count"):
            if key in item["properties"]:
                assert props.get(key) == item["properties"][key], key
    return decoded


@pytest.mark.parametrize("collection_id", ["events", "places"])
def test_a_tile_has_the_items_of_its_area(store_client, tiles_article, collection_id):
    decoded = _compare(store_client, collection_id)
    if collection_id == "events":
        assert {f"{tiles_article}:e{i}" for i in range(9)} <= set(decoded)
        assert f"{tiles_article}:out" not in decoded
    else:
        assert {"test:tiles-a", "test:tiles-b"} <= set(decoded)
        assert "test:tiles-out" not in decoded


@pytest.mark.parametrize(
    "params",
    [
        {"event_type": "Riots"},
        {"datetime": "2019-03-02/2019-03-04"},
        {"actor": "coast guard", "event_type": "Battles"},
    ],
)
@pytest.mark.parametrize("collection_id", ["events", "places"])
def test_tiles_take_the_filters_of_the_items(store_client, tiles_article, collection_id, params):
    params = {**params, "article_id": tiles_article}
    decoded = _compare(store_client, collection_id, **params)
    # places are dated by their article (2018-06-11), events by their own dates
    assert bool(decoded) == (collection_id == "events" or "datetime" not in params)
    if collection_id == "events" and "event_type" in params:
        assert {p["event_type"] for p, _ in decoded.values()} == {params["event_type"]}
    if "datetime" in params and collection_id == "events":
        assert len(decoded) == 3


def test_etag_answers_304_until_an_ingest(store_client, tiles_article):
    url = _tile_url("events")
    first = store_client.get(url)
    etag = first.headers["etag"]
    assert first.status_code == 200 and etag.startswith('"')
    assert first.headers["cache-control"] == "public, no-cache"
    again = store_client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    for header in (f"W/{etag}", f'"other", {etag}', "*"):
        assert store_client.get(url, headers={"If-None-Match": header}).status_code == 304
    assert store_client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    riots = store_client.get(url, params={"event_type": "Riots"}).headers["etag"]
    assert riots != etag
    places = store_client.get(_tile_url("places")).headers["etag"]

    text = f"Fighting was reported in Aleppo. (tiles {uuid.uuid4().hex[:8]})"
    ingested = store_client.post(
        "/v1/articles",
        content=json.dumps({"text": text}),
        headers={"Content-Type": "application/json"},
    )
    assert ingested.status_code == 201, ingested.text
    changed = store_client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert store_client.get(_tile_url("places")).headers["etag"] != places

    store = store_client.app.state.store
    added, _ = store.add_article(
        new_article(f"tiles more {uuid.uuid4()}"), collection(event("new", *_at(0.5, 0.5)))
    )
    latest = store_client.get(url, headers={"If-None-Match": changed.headers["etag"]})
    assert latest.status_code == 200
    assert f"{added}:new" in decode(latest.content, "events", TILE)


def test_an_empty_tile_is_204_with_its_etag(store_client, tiles_article):
    far = tile_of(60.0, -60.0, 9)
    r = store_client.get(_tile_url("events", far), params={"article_id": tiles_article})
    assert r.status_code == 204 and r.content == b""
    assert r.headers["etag"] and r.headers["cache-control"]
    again = store_client.get(
        _tile_url("events", far),
        params={"article_id": tiles_article},
        headers={"If-None-Match": r.headers["etag"]},
    )
    assert again.status_code == 304


def test_tilesets_are_linked_and_described(store_client, tiles_article):
    conformance = store_client.get("/ogc/conformance").json()["conformsTo"]
    assert set(conformance) == set(CONFORMANCE)
    assert "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt" in conformance
    for collection_id, tiled in [("events", True), ("places", True), ("events_flat", False)]:
        links = store_client.get(f"/ogc/collections/{collection_id}").json()["links"]
        assert any(link["rel"] == TILESETS for link in links) == tiled

    listed = store_client.get("/ogc/collections/events/tiles", params={"event_type": "Riots"})
    assert listed.status_code == 200
    (summary,) = listed.json()["tilesets"]
    assert summary["dataType"] == "vector"
    self_link = next(link for link in summary["links"] if link["rel"] == "self")
    assert self_link["href"].endswith(
        "/ogc/collections/events/tiles/WebMercatorQuad?event_type=Riots"
    )

    tileset = store_client.get("/ogc/collections/events/tiles/WebMercatorQuad").json()
    assert tileset["tileMatrixSetURI"].endswith("/WebMercatorQuad")
    item = next(link for link in tileset["links"] if link["rel"] == "item")
    assert item["type"] == MVT and item["templated"]
    assert item["href"].endswith(
        "/ogc/collections/events/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}"
    )
    assert tileset["layers"][0]["id"] == "events"
    assert "event_type" in tileset["layers"][0]["propertiesSchema"]["properties"]
    scheme = next(link for link in tileset["links"] if link["rel"].endswith("tiling-scheme"))
    matrix_set = store_client.get(scheme["href"].split("testserver", 1)[1]).json()
    assert len(matrix_set["tileMatrices"]) == 25
    assert matrix_set["tileMatrices"][7]["matrixWidth"] == 128

    tilejson = store_client.get(
        "/ogc/collections/places/tiles/WebMercatorQuad/tilejson.json",
        params={"event_type": "Riots", "datetime": "2018-01-01/.."},
    ).json()
    assert tilejson["tilejson"] == "3.0.0"
    (template,) = tilejson["tiles"]
    path = template.split("testserver", 1)[1]
    assert path.startswith("/ogc/collections/places/tiles/WebMercatorQuad/{z}/{y}/{x}?")
    assert "event_type=Riots" in path and "datetime=2018-01-01%2F.." in path
    assert tilejson["vector_layers"][0]["id"] == "places"
    filled = path.replace("{z}", str(TILE.z)).replace("{y}", str(TILE.y))
    r = store_client.get(filled.replace("{x}", str(TILE.x)))
    assert r.status_code == 200 and decode(r.content, "places", TILE)


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/ogc/collections/events/tiles/WebMercatorQuad/3/8/0", {}, 404),
        ("/ogc/collections/events/tiles/WebMercatorQuad/3/0/8", {}, 404),
        ("/ogc/collections/events/tiles/WebMercatorQuad/25/0/0", {}, 404),
        ("/ogc/collections/events/tiles/WebMercatorQuad/z/0/0", {}, 400),
        ("/ogc/collections/events/tiles/WebMercatorQuad/-1/0/0", {}, 400),
        ("/ogc/collections/events/tiles/WebMercatorQuad/1/0/1.5", {}, 400),
        ("/ogc/collections/events/tiles/WorldCRS84Quad/1/0/0", {}, 404),
        ("/ogc/collections/events/tiles/WorldCRS84Quad", {}, 404),
        ("/ogc/collections/roads/tiles", {}, 404),
        ("/ogc/collections/events_flat/tiles/WebMercatorQuad/0/0/0", {}, 404),
        ("/ogc/tileMatrixSets/WorldCRS84Quad", {}, 404),
        ("/ogc/collections/events/tiles/WebMercatorQuad/0/0/0", {"bbox": "0,0,1,1"}, 400),
        ("/ogc/collections/events/tiles/WebMercatorQuad/0/0/0", {"datetime": "soon"}, 400),
        ("/ogc/collections/events/tiles/WebMercatorQuad/0/0/0", {"event_type": "Parade"}, 422),
        ("/ogc/collections/events/tiles/WebMercatorQuad/tilejson.json", {"colour": "red"}, 400),
    ],
)
def test_bad_tile_requests_are_problem_documents(store_client, path, params, status):
    r = store_client.get(path, params=params)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    assert r.json()["status"] == status


def test_head_on_a_tile_answers_as_get_without_a_body(store_client, tiles_article):
    """Tile caches and proxies ask with HEAD: the same status, type and ETag, no body."""
    get = store_client.get(_tile_url())
    head = store_client.head(_tile_url())
    assert get.status_code == head.status_code == 200, head.text
    assert head.content == b""
    for name in ("content-type", "etag", "cache-control"):
        assert head.headers.get(name) == get.headers.get(name), name
    tilejson = "/ogc/collections/events/tiles/WebMercatorQuad/tilejson.json"
    assert store_client.head(tilejson).status_code == 200
    assert store_client.head(_tile_url("nowhere")).status_code == 404


def test_a_map_views_tiles_pass_under_the_request_rate_limit(store_client, tiles_article):
    """A map view loads tens of tiles at once: each takes a small share of the client's
    rate limit, so 40 tiles pass where 4 API requests would not."""
    app = store_client.app
    base = app.state.settings
    app.state.settings = base.model_copy(
        update={"rate_limit_per_minute": 60, "rate_limit_burst": 3}
    )
    app.state.rate_limiter = None
    try:
        statuses = {store_client.get(_tile_url()).status_code for _ in range(40)}
        assert statuses == {200}
        requests = [store_client.get("/ogc/collections/events/items?limit=1") for _ in range(4)]
        assert requests[-1].status_code == 429
    finally:
        app.state.settings = base
        app.state.rate_limiter = None
