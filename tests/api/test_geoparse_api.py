import json

import pytest
import shapely
from geojson_pydantic import FeatureCollection
from shapely.geometry import shape

from tests.support import SEED, need_file

PROBLEM = "application/problem+json"


def _geoparse(client, body, **kw):
    return client.post(
        "/v1/geoparse", content=json.dumps(body), headers={"Content-Type": "application/json"}, **kw
    )


def assert_valid_geojson(collection):
    """RFC 7946: validated by geojson-pydantic, no crs, lon/lat ranges, CCW exteriors."""
    FeatureCollection.model_validate(collection)
    assert "crs" not in collection
    for feature in collection["features"]:
        geom = shape(feature["geometry"])
        assert shapely.is_valid(geom)
        minx, miny, maxx, maxy = geom.bounds
        assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
        for poly in getattr(geom, "geoms", [geom]):
            if poly.geom_type == "Polygon":
                assert poly.exterior.is_ccw, "RFC 7946: exterior rings counter-clockwise"


def test_contract_on_a_short_document(client):
    text = "Shelling hit Homs, Syria, and villages near Deir ez-Zor on the Euphrates."
    r = _geoparse(client, {"id": "doc-1", "text": text, "published_at": "2018-06-11"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert_valid_geojson(fc)
    assert fc["id"] == "doc-1"
    assert isinstance(fc["unresolved"], list)
    names = {f["properties"]["name"] for f in fc["features"]}
    assert {"Homs", "Syria", "Deir ez-Zor", "Euphrates"} <= names
    for f in fc["features"]:
        props = f["properties"]
        if props["kind"] == "event":  # the events of the text (issue 6), after the places
            continue
        assert props["kind"] == "place"
        assert props["gazetteer_id"].split(":")[0] in ("geonames", "naturalearth", "derived")
        assert 0 <= props["score"] <= 1
        assert props["feature_type"] and props["mentions"]
        for m in props["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
        if f["geometry"]["type"] != "Point":
            assert len(props["label_point"]) == 2
    syria = next(f for f in fc["features"] if f["properties"]["name"] == "Syria")
    assert syria["geometry"]["type"] in ("Polygon", "MultiPolygon")
    euphrates = next(f for f in fc["features"] if f["properties"]["name"] == "Euphrates")
    assert euphrates["geometry"]["type"] in ("LineString", "MultiLineString")


def test_full_geometry_is_more_detailed(client):
    body = {"id": "x", "text": "Fighting in Syria."}
    simple = _geoparse(client, body).json()["features"][0]["geometry"]
    full = _geoparse(client, body, params={"full_geometry": "true"}).json()
    full = full["features"][0]["geometry"]
    assert len(json.dumps(full)) > len(json.dumps(simple))


def test_seed_article_over_http(client):
    text = need_file(SEED).read_text(encoding="utf-8")
    # the test app has a 5,000 character limit; the seed article is longer than that
    r = _geoparse(client, {"id": "seed", "text": text[:4_900]})
    assert r.status_code == 200
    fc = r.json()
    assert_valid_geojson(fc)
    names = {f["properties"].get("gazetteer_id") for f in fc["features"]}  # events have none
    assert "geonames:174448" in names  # al-Bukamal = Albu Kamal
    assert any(u["text"] == "At Tanf" for u in fc["unresolved"]) or any(
        m["text"] == "At Tanf" for f in fc["features"] for m in f["properties"]["mentions"]
    )


def test_html_input_returns_the_extracted_text(client):
    html = (
        "<html><body><nav>Home | Donate</nav><article><p>Clashes were reported in Aleppo"
        " and Idlib on Monday, according to local sources, as families fled"
        " northwards.</p></article></body></html>"
    )
    fc = _geoparse(client, {"id": "h", "html": html}).json()
    text = fc["text"]
    assert "Aleppo" in text and "Donate" not in text
    for f in fc["features"]:
        for m in f["properties"]["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]


@pytest.mark.parametrize(
    "body",
    [
        {"id": "e", "text": ""},
        {"id": "e", "text": " \n\t "},
        {"id": "e", "html": "<html><body><div> </div><script>x()</script></body></html>"},
    ],
)
def test_an_empty_document_is_422(client, body):
    """One rule for HTTP and CLI, geoparse and ingest: a document without text is invalid."""
    r = _geoparse(client, body)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert "no text" in r.json()["detail"]


def test_html_without_tags_is_geoparsed_as_its_text(client):
    text = "Shelling hit Aleppo on Monday, killing two civilians."
    fc = _geoparse(client, {"id": "t", "html": text}).json()
    assert fc["text"] == text
    assert "Aleppo" in {f["properties"].get("name") for f in fc["features"]}


@pytest.mark.parametrize(
    "body, status",
    [
        ({"id": "m"}, 422),  # missing text
        ({"id": "m", "text": 5}, 422),
        ({"id": "m", "text": "a", "html": "<p>a</p>"}, 422),
        ({"id": "m", "text": "x", "published_at": "11/06/2018"}, 422),
        (["not", "an", "object"], 422),
        ({"id": "big", "text": "word " * 2_000}, 413),  # over the 5,000 character limit
    ],
)
def test_bad_documents_get_problem_json(client, body, status):
    r = _geoparse(client, body)
    assert r.status_code == status
    assert r.headers["content-type"].startswith(PROBLEM)
    problem = r.json()
    assert problem["status"] == status and problem["title"] and problem["detail"]


def test_malformed_json_and_wrong_media_type(client):
    r = client.post(
        "/v1/geoparse", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400 and r.headers["content-type"].startswith(PROBLEM)
    r = client.post(
        "/v1/geoparse",
        content=b"text=Homs",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 415 and r.headers["content-type"].startswith(PROBLEM)


def test_oversized_body_is_413(client):
    body = json.dumps({"id": "x", "text": "a" * 3_000_000})
    r = client.post("/v1/geoparse", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.headers["content-type"].startswith(PROBLEM)


def test_unknown_route_is_problem_json(client):
    r = client.get("/v1/nothing-here")
    assert r.status_code == 404 and r.headers["content-type"].startswith(PROBLEM)


JAPAN = "Protesters clashed with police across Japan on Tuesday, officials in Tokyo said."


@pytest.fixture(scope="module")
def gazetteer():
    from app.gazetteer.lookup import Gazetteer
    from tests.support import default_settings

    return Gazetteer.open(need_file(default_settings().gazetteer_path))


def test_label_point_is_the_reference_point(client, gazetteer):
    """Issue 17, item 1: an area's ``label_point`` is its entry's own point where the area
    covers it (Japan's on Honshu, not shapely's surface point on Hokkaido), for the place
    and for the event placed on it."""
    from app.geometry.points import reference_point

    fc = _geoparse(client, {"id": "jp", "text": JAPAN, "published_at": "2022-03-02"}).json()
    entry = gazetteer.country_entry("JP")
    expected = reference_point(gazetteer.geometry(entry), (entry.lon, entry.lat))
    expected = [round(expected.x, 6), round(expected.y, 6)]
    japan = [f for f in fc["features"] if f["properties"].get("gazetteer_id") == entry.gid]
    event = [f for f in fc["features"] if entry.gid in f["properties"].get("place_ids", [])]
    assert japan and event
    for feature in japan + event:
        assert feature["properties"]["label_point"] == expected
    assert expected[1] < 41.3  # south of the Tsugaru Strait: Honshu, not Hokkaido


def test_a_derived_areas_label_point_is_its_pole_of_inaccessibility(client):
    from shapely.ops import polylabel

    text = "ISIS fighters attacked army positions in eastern al-Suwayda on Monday."
    body = {"id": "sw", "text": text, "published_at": "2018-07-25"}
    fc = _geoparse(client, body, params={"full_geometry": "true"}).json()
    derived = next(f for f in fc["features"] if f["properties"]["name"] == "eastern al-Suwayda")
    area = shape(derived["geometry"])
    largest = max(getattr(area, "geoms", [area]), key=lambda g: g.area)
    label = shapely.Point(derived["properties"]["label_point"])
    assert area.contains(label)
    assert label.distance(polylabel(largest, 0.001)) < 0.02
