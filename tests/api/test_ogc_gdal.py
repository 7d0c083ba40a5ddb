"""GIS tools can add the layers: GDAL's own OAPIF client (and its MVT and OGC API - Tiles
readers) against a real uvicorn server on a loopback port, compared with the REST layer.
Both backends."""

import json
import os
import socket
import subprocess
import sys
import time
import uuid

import httpx
import pyogrio
import pytest

from app.geometry.tiles import to_mercator
from app.services.tiles import MVT
from app.store.factory import open_repository
from tests.databases import fresh_schema
from tests.mvt import tile_of
from tests.store.factories import collection, event, new_article, place
from tests.support import default_settings, need_file


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module", params=["sqlite", "postgis"])
def server(request, tmp_path_factory):
    """A uvicorn server on a store holding 37 events, two places and one ingested article."""
    need_file(default_settings().gazetteer_path)
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('gdal') / 'geoevents.sqlite'}"
    else:
        url = fresh_schema(request.getfixturevalue("postgis_server"))
    repo = open_repository(url)
    features = [place("test:a", 30.5, 10.5, name="A"), place("test:b", 31.5, 11.5, name="B")]
    features += [
        event(
            f"e{i}",
            30 + (i % 6) * 0.3,
            10 + (i // 6) * 0.3,
            f"2021-01-{1 + i % 28:02d}",
            None,
            "Battles" if i % 2 else "Riots",
            actors=("Army", "Rebels"),
            place_ids=("test:a",) if i % 3 else ("test:b",),
            fatalities={"reports": [{"count": i, "qualifier": "at least"}], "best": i},
        )
        for i in range(37)
    ]
    repo.add_article(new_article(f"gdal {uuid.uuid4()}"), collection(*features))
    repo.close()
    port = _free_port()
    env = {**os.environ, "GEOEVENTS_DATABASE_URL": url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory"]
        + ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/ready", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.3)
        # places of its own (Syria's polygon), no event: the 37 events are the layer's
        text = {"text": f"The road runs from Homs, Syria, to Deir ez-Zor. (ref {uuid.uuid4()})"}
        r = httpx.post(
            f"{base}/v1/articles",
            content=json.dumps(text),
            timeout=60,
            headers={"Content-Type": "application/json"},
        )
        assert r.status_code == 201, r.text
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _rest(base: str, layer: str, **params) -> dict:
    r = httpx.get(f"{base}/v1/layers/{layer}", params={"limit": 10000, **params}, timeout=60)
    assert r.status_code == 200
    return r.json()


def test_gdal_lists_the_collections(server):
    layers = {name for name, _ in pyogrio.list_layers(f"OAPIF:{server}/ogc")}
    assert layers == {"events", "places", "events_flat", "places_flat", "acled_events"}


def test_gdal_reads_the_events_layer_as_the_rest_layer_gives_it(server):
    # a small page size makes GDAL follow our next links (7 pages)
    frame = pyogrio.read_dataframe(f"OAPIF:{server}/ogc", layer="events", PAGE_SIZE=6)
    rest = _rest(server, "events")
    assert len(frame) == rest["numberMatched"] == 37
    assert list(frame["id"]) == [f["id"] for f in rest["features"]]
    for (x, y), feature in zip(
        zip(frame.geometry.x, frame.geometry.y, strict=True), rest["features"], strict=True
    ):
        assert [x, y] == pytest.approx(feature["geometry"]["coordinates"])
    assert list(frame["event_type"]) == [f["properties"]["event_type"] for f in rest["features"]]
    actors = frame["actors"].iloc[0]  # a JSON field: pyogrio may decode it already
    actors = json.loads(actors) if isinstance(actors, str) else actors
    assert actors == [{"name": "Army"}, {"name": "Rebels"}]


def test_gdal_spatial_filter_matches_the_rest_bbox(server):
    bbox = (30.2, 10.2, 31.0, 10.7)
    frame = pyogrio.read_dataframe(f"OAPIF:{server}/ogc", layer="events", bbox=bbox)
    rest = _rest(server, "events", bbox=",".join(map(str, bbox)))
    assert sorted(frame["id"]) == sorted(f["id"] for f in rest["features"])
    assert 0 < len(frame) < 37


def test_gdal_reads_places_and_flat_events(server):
    places = pyogrio.read_dataframe(f"OAPIF:{server}/ogc", layer="places")
    rest = _rest(server, "places")
    assert sorted(places["id"]) == sorted(f["id"] for f in rest["features"])
    assert {"test:a", "test:b"} <= set(places["id"])
    assert set(places.geometry.geom_type) & {"Polygon", "MultiPolygon"}  # Syria
    counts = dict(zip(places["id"], places["event_count"], strict=True))
    assert counts["test:a"] + counts["test:b"] == 37
    flat = pyogrio.read_dataframe(f"OAPIF:{server}/ogc", layer="events_flat")
    assert len(flat) == 37 and list(flat["actors_name"].unique()) == ["Army; Rebels"]
    assert flat["fatalities_best"].max() == 36


def _need_driver(name: str) -> None:
    if name not in pyogrio.list_drivers():
        reason = f"GDAL {pyogrio.__gdal_version_string__} has no {name} driver"
        print(f"skipping: {reason}", file=sys.stderr)
        pytest.skip(reason)


def test_gdal_mvt_driver_reads_a_fetched_tile(server, tmp_path):
    """A tile saved as z/x/y.pbf (where GDAL's MVT driver finds its place) reads back as
    the REST layer's features of the tile's area, at their places in EPSG:3857."""
    _need_driver("MVT")
    tile = tile_of(30.75, 11.0, 4)
    r = httpx.get(
        f"{server}/ogc/collections/events/tiles/WebMercatorQuad/{tile.z}/{tile.y}/{tile.x}",
        timeout=60,
    )
    assert r.status_code == 200 and r.headers["content-type"] == MVT
    path = tmp_path / str(tile.z) / str(tile.x) / f"{tile.y}.pbf"
    path.parent.mkdir(parents=True)
    path.write_bytes(r.content)
    frame = pyogrio.read_dataframe(path, layer="events")
    assert frame.crs.to_epsg() == 3857
    rest = _rest(server, "events", bbox=",".join(map(str, tile.bounds_4326())))
    assert len(frame) == len(rest["features"]) == 37
    placed = dict(
        zip(frame["id"], zip(frame.geometry.x, frame.geometry.y, strict=True), strict=True)
    )
    cell = (tile.bounds_3857()[2] - tile.bounds_3857()[0]) / 4096
    for feature in rest["features"]:
        x, y = to_mercator(*feature["geometry"]["coordinates"])
        assert placed[feature["id"]] == pytest.approx((x, y), abs=2 * cell)
    events = {f["id"]: f["properties"]["event_type"] for f in rest["features"]}
    assert dict(zip(frame["id"], frame["event_type"], strict=True)) == events


def test_gdal_ogcapi_driver_reads_the_tileset(server):
    """GDAL's OGC API client follows the tileset, its tile matrix set and the tile
    template, and reads every tile of a zoom level (empty ones are 204)."""
    _need_driver("OGCAPI")
    url = f"OGCAPI:{server}/ogc/collections/events"
    assert "Zoom level 2" in {name for name, _ in pyogrio.list_layers(url)}
    frame = pyogrio.read_dataframe(url, layer="Zoom level 2")
    rest = _rest(server, "events")
    assert sorted(frame["id"]) == sorted(f["id"] for f in rest["features"])
    riots = pyogrio.read_dataframe(url, layer="Zoom level 2", where="event_type = 'Riots'")
    assert len(riots) == sum(f["properties"]["event_type"] == "Riots" for f in rest["features"])
