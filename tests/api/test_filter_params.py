"""Every route that reads stored features takes the same filters, declared once
(``app/api/params.py``): the same names, schemas and descriptions in the OpenAPI document,
and the events map applies all of them, not a subset."""

import json
import uuid

import pytest

from tests.maps.data import plain_events

JSON = {"Content-Type": "application/json"}
FILTERS = ("event_type", "actor", "country", "article_id", "min_score", "source_dataset")
V1_ROUTES = (
    "/v1/layers/{layer}",
    "/v1/layers/{layer}.{fmt}",
    "/v1/layers/events/aggregates",
    "/v1/events.csv",
    "/v1/maps/events",
    "/v1/maps/events/records",
    "/v1/maps/events/cells",
)
OGC_ROUTES = (
    "/ogc/collections/{collection_id}/items",
    "/ogc/collections/{collection_id}/tiles/{tile_matrix_set_id}/{z}/{y}/{x}",
)


@pytest.fixture(scope="module")
def parameters(client):
    """{path: {name: parameter object}} of the GET operations."""
    paths = client.get("/openapi.json").json()["paths"]
    return {
        path: {p["name"]: p for p in paths[path]["get"]["parameters"] if p["in"] == "query"}
        for path in V1_ROUTES + OGC_ROUTES
    }


def test_the_filters_are_the_same_everywhere(parameters):
    reference = parameters["/v1/layers/{layer}"]
    for path, declared in parameters.items():
        for name in FILTERS:
            assert declared[name] == reference[name], (path, name)
        dates = ("start", "end", "bbox") if path in V1_ROUTES else ("datetime",)
        for name in dates:
            assert name in declared, (path, name)
    for path in V1_ROUTES:
        for name in ("start", "end", "bbox"):
            assert parameters[path][name] == reference[name], (path, name)
    tile = parameters[OGC_ROUTES[1]]
    assert parameters[OGC_ROUTES[0]]["datetime"] == tile["datetime"]
    assert "bbox" not in tile  # a tile is its own area


def _article(client, text: str) -> str:
    body = {"text": f"{text} (report {uuid.uuid4().hex[:8]})"}
    r = client.post("/v1/articles", content=json.dumps(body), headers=JSON)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_the_events_map_applies_every_filter(client):
    """``article_id`` and ``min_score`` were ignored by the map routes before the filters
    were declared once: the page showed every article's events."""
    tag = uuid.uuid4().hex[:6]
    ids = []
    for k, score in enumerate((0.9, 0.2)):
        article_id = _article(client, f"Fighting in Homs, Syria, round {k}.")
        events = plain_events(6, seed=k, prefix=f"flt-{tag}-{k}")
        for e in events:
            e["properties"]["actors"] = [f"Column {tag}"]
            e["properties"]["score"] = score
        assert client.app.state.store.add_features(article_id, events) == 6
        ids.append(article_id)
    everything = client.get("/v1/maps/events", params={"actor": tag})
    assert everything.text.count(f"Column {tag}") == 12
    one = client.get("/v1/maps/events", params={"actor": tag, "article_id": ids[1]})
    assert one.status_code == 200 and one.text.count(f"Column {tag}") == 6
    assert f"article: {ids[1]}" in one.text  # the subtitle says what is shown
    records = client.get("/v1/maps/events/records", params={"actor": tag, "min_score": 0.5}).json()
    assert records["numberMatched"] == 6
    assert {r["u"] for r in records["records"]} == {f"/v1/articles/{ids[0]}"}
    cells = client.get(
        "/v1/maps/events/cells", params={"actor": tag, "article_id": ids[0], "zoom": 2}
    ).json()
    assert cells["numberMatched"] == 6


def test_the_ogc_items_and_the_tiles_take_every_layer_filter():
    from dataclasses import fields

    from app.services.layers import FILTER_PARAMS, LayerParams
    from app.services.ogc import ITEM_PARAMS
    from app.services.tiles import TILE_PARAMS

    spatial = {"bbox", "start", "end"}  # as bbox and datetime on the OGC side
    assert FILTER_PARAMS == {f.name for f in fields(LayerParams)} - spatial == set(FILTERS)
    assert FILTER_PARAMS <= ITEM_PARAMS and FILTER_PARAMS <= TILE_PARAMS
