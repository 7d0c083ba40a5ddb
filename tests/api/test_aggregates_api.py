"""The events counted per grid cell over HTTP, on SQLite and PostGIS: the GeoJSON layer
(/v1/layers/events/aggregates), the map's records (/v1/maps/events/cells), and the
vector tiles that carry cells in place of a crowded tile's events."""

import uuid

import pytest
from shapely.geometry import shape

from app.services import aggregates
from tests.api.test_geoparse_api import assert_valid_geojson
from tests.mvt import decode, tile_of
from tests.store.factories import collection, event, new_article

PROBLEM = "application/problem+json"
N = 60


@pytest.fixture(scope="module")
def crew(store_client):
    """``N`` events of one actor over 10 x 6 degrees of the South Atlantic."""
    tag = uuid.uuid4().hex[:8]
    features = [
        event(
            f"c{i}",
            -30 + (i % 10) + 0.5,
            -40 + (i // 10) + 0.5,
            "2019-04-01",
            "2019-04-02",
            "Battles" if i % 3 else "Riots",
            actors=(f"Crew {tag}",),
            fatalities={"best": i % 4},
        )
        for i in range(N)
    ]
    store = store_client.app.state.store
    store.add_article(new_article(f"aggregates {tag}"), collection(*features))
    return tag


def _aggregates(client, **params):
    r = client.get("/v1/layers/events/aggregates", params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/geo+json")
    return r.json()


def test_the_cells_add_up_to_the_layer(store_client, crew):
    body = _aggregates(store_client, actor=crew, zoom=3)
    assert_valid_geojson(body)
    layer = store_client.get("/v1/layers/events", params={"actor": crew, "limit": 1}).json()
    assert body["numberMatched"] == layer["numberMatched"] == N
    assert sum(f["properties"]["count"] for f in body["features"]) == N
    assert body["numberReturned"] == len(body["features"]) and body["cellZoom"] == 6
    assert sum(f["properties"]["fatalities"] for f in body["features"]) == sum(
        i % 4 for i in range(N)
    )
    for feature in body["features"]:
        props = feature["properties"]
        assert props["event_type"] in ("Battles", "Riots")
        assert shape(feature["geometry"]).covers(
            shape({"type": "Point", "coordinates": [props["lon"], props["lat"]]})
        )


def test_filters_and_areas(store_client, crew):
    riots = _aggregates(store_client, actor=crew, event_type="Riots", zoom=4)
    assert riots["numberMatched"] == sum(1 for i in range(N) if i % 3 == 0)
    assert {f["properties"]["event_type"] for f in riots["features"]} == {"Riots"}
    around = _aggregates(store_client, actor=crew, bbox="-31,-41,-19,-33", zoom=5)
    assert around["numberMatched"] == N
    elsewhere = _aggregates(store_client, actor=crew, bbox="100,10,110,20", zoom=5)
    assert elsewhere["numberMatched"] == 0 and elsewhere["features"] == []
    later = _aggregates(store_client, actor=crew, start="2019-05-01", zoom=2)
    assert later["numberMatched"] == 0


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"zoom": 21}, 400),  # the world in cells of zoom 24
        ({"zoom": 22}, 422),
        ({"bbox": "10,10,5,20"}, 400),
        ({"event_type": "Parade"}, 422),
    ],
)
def test_bad_requests(store_client, params, status):
    r = store_client.get("/v1/layers/events/aggregates", params=params)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM


def test_the_map_records(store_client, crew):
    r = store_client.get("/v1/maps/events/cells", params={"actor": crew, "zoom": 3})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["numberMatched"] == N == sum(c["n"] for c in body["cells"])
    cell = body["cells"][0]
    assert set(cell) == {"p", "b", "n", "f", "t", "e"} and cell["t"] in ("battles", "riots")


def _cells(client, **params):
    r = client.get("/v1/maps/events/cells", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_the_map_records_count_each_event_type(store_client, crew):
    riots = sum(1 for i in range(N) if i % 3 == 0)
    body = _cells(store_client, actor=crew, zoom=3)
    assert body["types"] == {"battles": N - riots, "riots": riots}
    assert sum(body["types"].values()) == body["numberMatched"] == N
    # the same filters and area as the cells: a type, the dates, a part of the area
    only = _cells(store_client, actor=crew, zoom=3, event_type="Riots,Protests")
    assert only["types"] == {"riots": riots} and only["numberMatched"] == riots
    assert _cells(store_client, actor=crew, zoom=3, start="2019-04-03")["types"] == {}
    dated = _cells(store_client, actor=crew, zoom=3, start="2019-04-02", end="2019-04-02")
    assert dated["types"] == body["types"]
    # the columns -30..-26 of the South Atlantic: events 0..4 of each row of ten
    west = _cells(store_client, actor=crew, zoom=6, bbox="-30,-40,-25.01,-34")
    inside = [i for i in range(N) if i % 10 < 5]
    assert west["numberMatched"] == sum(c["n"] for c in west["cells"]) == len(inside)
    assert west["types"] == {
        "battles": sum(1 for i in inside if i % 3),
        "riots": sum(1 for i in inside if i % 3 == 0),
    }


def test_a_crowded_tile_carries_cells(store_client, crew, monkeypatch):
    tile = tile_of(-25.0, -37.0, 3)
    url = f"/ogc/collections/events/tiles/WebMercatorQuad/{tile.z}/{tile.y}/{tile.x}"
    events = decode(store_client.get(url, params={"actor": crew}).content, "events", tile)
    assert len(events) == N  # not crowded: the events
    monkeypatch.setattr(aggregates, "TILE_EVENTS_BEFORE_AGGREGATES", N - 1)
    r = store_client.get(url, params={"actor": crew})
    assert r.status_code == 200 and "Geoevents-Aggregated" in r.headers
    cells = decode(r.content, "events_aggregates", tile)
    assert decode(r.content, "events", tile) == {}
    assert sum(props["count"] for props, _ in cells.values()) == N
    assert all(geometry.geom_type == "Polygon" for _, geometry in cells.values())
    deeper = tile_of(-25.0, -37.0, 8)  # from zoom 8: the events
    url = f"/ogc/collections/events/tiles/WebMercatorQuad/8/{deeper.y}/{deeper.x}"
    r = store_client.get(url, params={"actor": crew})
    assert "Geoevents-Aggregated" not in r.headers


def test_tilejson_announces_the_cells(store_client):
    r = store_client.get("/ogc/collections/events/tiles/WebMercatorQuad/tilejson.json")
    layers = {layer["id"]: layer for layer in r.json()["vector_layers"]}
    assert layers["events_aggregates"]["maxzoom"] == aggregates.AGGREGATE_BELOW_ZOOM - 1
    assert "count" in layers["events_aggregates"]["fields"]
