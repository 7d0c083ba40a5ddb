"""Hostile input against the HTTP API on both stores (issue 15, item 4): template syntax,
deep nesting, NUL characters, huge numbers and malformed GeoJSON must each get a 4xx
problem+json (or a normal answer), never a 5xx.

The named cases are the ones that answered 500 before; Hypothesis then mixes the same
ingredients over every route's parameters and bodies (bounded, derandomized)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PROBLEM = "application/problem+json"
JSON_ENDPOINTS = ("/v1/geoparse", "/v1/maps/preview", "/v1/maps/render", "/v1/articles")
GET_ROUTES = (
    "/v1/articles",
    "/v1/events",
    "/v1/places",
    "/v1/events.csv",
    "/v1/maps/events",
    "/v1/maps/events/records",
    "/ogc/collections/events/items",
    "/ogc/collections/places/items",
)
QUERY_NAMES = ("actor", "event_type", "bbox", "after", "offset", "limit", "country", "datetime")
TEMPLATE = ("{{ 7*6 }}", "{% raw %}", "{# x #}", "# for x in y", "${7*6}")
NUL = ("\x00", "a\x00b", "%00")
HUGE = ("99999999999999999999", "-99999999999999999999", "1e400", "NaN", "Infinity", "-0")
INGREDIENTS = TEMPLATE + NUL + HUGE + ("", " ", "🙂", "'; DROP TABLE articles; --")


def no_server_error(response, where: str) -> None:
    assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:300]}"
    if response.status_code >= 400:
        media_type = response.headers.get("content-type", "")
        assert media_type.startswith(PROBLEM), f"{where}: {response.status_code} {media_type}"


def client_error(response, where: str) -> dict:
    """A 4xx problem+json; its body."""
    assert 400 <= response.status_code < 500, (
        f"{where}: {response.status_code} {response.text[:300]}"
    )
    assert response.headers["content-type"].startswith(PROBLEM), where
    return response.json()


def post_json(client, path: str, body: str | bytes):
    return client.post(path, content=body, headers={"Content-Type": "application/json"})


# -- deep nesting --------------------------------------------------------------------------
@pytest.mark.parametrize("path", JSON_ENDPOINTS)
@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deeply_nested_json_is_a_client_error(store_client, path, opener):
    body = opener * (45_000 // len(opener))  # under the fixture's 50,000-byte limit
    problem = client_error(post_json(store_client, path, body), f"{path} {opener!r}")
    assert "nest" in problem["detail"]


@pytest.mark.parametrize("path", JSON_ENDPOINTS)
def test_a_hundred_thousand_brackets_are_a_client_error(client, path):
    problem = client_error(post_json(client, path, "[" * 100_000), path)
    assert "nest" in problem["detail"]


@pytest.mark.parametrize("path", JSON_ENDPOINTS)
def test_moderately_nested_json_is_refused_before_it_reaches_the_services(store_client, path):
    body = '{"text": "Aleppo", "x": ' + "[" * 500 + "]" * 500 + "}"
    problem = client_error(post_json(store_client, path, body), path)
    assert "nest" in problem["detail"]


# -- malformed GeoJSON on /v1/maps/render --------------------------------------------------
def feature(geometry: object, properties: object = None) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": properties or {}}


def collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def nested_collections(depth: int) -> str:
    """A Point inside ``depth`` GeometryCollections, as JSON text (too deep for json.dumps)."""
    point = '{"type": "Point", "coordinates": [36.2, 37.1]}'
    inner = '{"type": "GeometryCollection", "geometries": [' * depth + point + "]}" * depth
    return (
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},'
        f' "geometry": {inner}}}]}}'
    )


MALFORMED = {
    "point of one number": collection(feature({"type": "Point", "coordinates": [1]})),
    "point of no numbers": collection(feature({"type": "Point", "coordinates": []})),
    "point of strings": collection(feature({"type": "Point", "coordinates": ["a", "b"]})),
    "properties a string": collection(
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": "x"}
    ),
    "properties a list": collection(
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": []}
    ),
    "polygon with no rings": collection(feature({"type": "Polygon", "coordinates": []})),
    "polygon with an empty ring": collection(feature({"type": "Polygon", "coordinates": [[]]})),
    "polygon ring not closed": collection(
        feature({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 2]]]})
    ),
    "line of one point": collection(feature({"type": "LineString", "coordinates": [[1, 2]]})),
    "unknown geometry type": collection(feature({"type": "Circle", "coordinates": [1, 2]})),
    "900 nested geometry collections": nested_collections(900),
    "2 nested geometry collections": nested_collections(2),
    "empty geometry collection": collection(
        feature({"type": "GeometryCollection", "geometries": []})
    ),
    "feature not an object": collection("x"),
    "latitude out of range": collection(feature({"type": "Point", "coordinates": [10, 95]})),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_geojson_is_422_saying_what_is_wrong(store_client, name):
    body = MALFORMED[name]
    body = body if isinstance(body, str) else json.dumps(body)
    response = post_json(store_client, "/v1/maps/render", body)
    problem = client_error(response, name)
    assert response.status_code in (400, 422), name
    assert problem["detail"] and problem["detail"] != "an unexpected error occurred"
    if response.status_code == 422:
        assert "features" in problem["detail"], problem["detail"]  # where the fault is
    else:
        assert "nested" in problem["detail"], problem["detail"]


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_coordinates_are_refused(store_client, number):
    body = (
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},'
        f' "geometry": {{"type": "Point", "coordinates": [{number}, 1]}}}}]}}'
    )
    problem = client_error(post_json(store_client, "/v1/maps/render", body), number)
    assert "finite" in problem["detail"], problem["detail"]


def test_a_valid_collection_still_renders(store_client):
    body = collection(
        feature({"type": "Point", "coordinates": [36.2, 37.1]}, {"name": "Aleppo"}),
        feature({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}),
        feature(None),
    )
    response = post_json(store_client, "/v1/maps/render", json.dumps(body))
    assert response.status_code == 200, response.text[:300]
    assert "fitBounds" in response.text and "NaN" not in response.text.split("fitBounds")[1][:80]


# -- NUL characters ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/v1/articles/%00",
        "/v1/maps/articles/%00",
        "/ogc/collections/events/items/%00",
        "/ogc/collections/places/items/a%00b",
        "/v1/events?actor=%00",
        "/v1/places?actor=a%00",
        "/v1/maps/events?actor=%00",
        "/v1/maps/events/records?event_type=%00",
        "/ogc/collections/events/items?actor=%00",
        "/ogc/collections/events/items?article_id=%00",
        "/v1/articles?after=AA",  # a page token that decodes to a NUL
        "/v1/events.csv?actor=%00",
    ],
)
def test_nul_in_a_path_or_query_is_a_client_error(store_client, path):
    client_error(store_client.get(path), path)


def test_nul_in_a_delete_path_is_a_client_error(store_client):
    client_error(store_client.delete("/v1/articles/%00"), "DELETE")


@pytest.mark.parametrize("field", ["text", "title", "url", "source"])
def test_nul_in_an_article_is_a_client_error_and_nothing_is_stored(store_client, field):
    before = store_client.get("/v1/articles").json()["numberMatched"]
    article = {"text": "Gunmen attacked a checkpoint in Aleppo on Monday.", "title": "t"}
    article[field] = "http://x.example/\x00" if field == "url" else f"Aleppo\x00{field}"
    response = post_json(store_client, "/v1/articles", json.dumps(article))
    assert "NUL" in client_error(response, field)["detail"]
    assert store_client.get("/v1/articles").json()["numberMatched"] == before


@pytest.mark.parametrize("media_type", ["text/plain", "text/html"])
def test_nul_in_a_raw_article_body_is_a_client_error(store_client, media_type):
    response = store_client.post(
        "/v1/articles?title=x",
        content=b"Fighting in Aleppo\x00 on Monday.",
        headers={"Content-Type": media_type},
    )
    client_error(response, media_type)


def test_nul_in_a_text_query_parameter_of_an_ingest_is_a_client_error(store_client):
    response = store_client.post(
        "/v1/articles?title=a%00b",
        content=b"Fighting in Aleppo on Monday.",
        headers={"Content-Type": "text/plain"},
    )
    client_error(response, "title")


# -- huge numbers --------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["99999999999999999999", "9223372036854775808", "-1"])
def test_huge_or_negative_offsets_are_client_errors(store_client, value):
    response = store_client.get(f"/ogc/collections/events/items?offset={value}")
    client_error(response, f"offset={value}")


@pytest.mark.parametrize("value", ["99999999999999999999", "9223372036854775808"])
def test_huge_limits_mean_the_largest_page(store_client, value):
    response = store_client.get(f"/ogc/collections/events/items?limit={value}")
    assert response.status_code == 200, response.text[:300]


def test_a_large_but_bounded_offset_is_an_empty_page(store_client):
    response = store_client.get("/ogc/collections/events/items?offset=1000000")
    assert response.status_code == 200
    assert response.json()["features"] == []


# -- Hypothesis over every route -----------------------------------------------------------
FUZZ = settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
values = st.one_of(
    st.sampled_from(INGREDIENTS),
    st.text(max_size=20),
    st.lists(st.sampled_from(INGREDIENTS), min_size=1, max_size=3).map("".join),
)


@FUZZ
@given(
    route=st.sampled_from(GET_ROUTES),
    query=st.dictionaries(st.sampled_from(QUERY_NAMES), values, max_size=3),
)
def test_get_routes_never_answer_5xx(store_client, route, query):
    no_server_error(store_client.get(route, params=query), f"GET {route} {query!r}")


@FUZZ
@given(segment=values, prefix=st.sampled_from(["/v1/articles/", "/ogc/collections/events/items/"]))
def test_path_parameters_never_answer_5xx(store_client, segment, prefix):
    from urllib.parse import quote

    path = prefix + quote(segment, safe="")
    no_server_error(store_client.get(path), f"GET {path}")


json_leaves = st.one_of(
    values,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.none(),
    st.booleans(),
)
json_values = st.recursive(
    json_leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["a", "type"]), inner)
    ),
    max_leaves=8,
)
geometry_types = st.sampled_from(
    ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "x"]
)
geometries = st.fixed_dictionaries({"type": geometry_types, "coordinates": json_values})
features = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["Feature", "x"]),
        "geometry": st.one_of(st.none(), geometries, json_values),
        "properties": st.one_of(st.none(), json_values, st.dictionaries(values, values)),
    }
)


@FUZZ
@given(
    features=st.lists(features, max_size=3),
    title=values,
    extra=st.sampled_from(["", "NaN", "Infinity", "1e999", "-1e999"]),
)
def test_render_never_answers_5xx(store_client, features, title, extra):
    body = json.dumps({"type": "FeatureCollection", "title": title, "features": features})
    if extra:  # a non-finite number, which json.dumps would not write
        body = body.replace(
            '"type": "FeatureCollection"', f'"n": {extra}, "type": "FeatureCollection"'
        )
    no_server_error(post_json(store_client, "/v1/maps/render", body), body[:300])


@FUZZ
@given(
    path=st.sampled_from(["/v1/geoparse", "/v1/maps/preview"]),
    fields=st.dictionaries(
        st.sampled_from(["text", "title", "id", "published_at", "html", "url"]), values
    ),
)
def test_document_bodies_never_answer_5xx(store_client, path, fields):
    no_server_error(post_json(store_client, path, json.dumps(fields)), f"{path} {fields!r}")


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    fields=st.dictionaries(
        st.sampled_from(["title", "url", "source", "published_at"]), values, max_size=2
    ),
    text=values,
)
def test_ingest_never_answers_5xx(store_client, fields, text):
    body = {"text": f"Fighting in Aleppo {text} on Monday.", **fields}
    no_server_error(post_json(store_client, "/v1/articles", json.dumps(body)), repr(body))
