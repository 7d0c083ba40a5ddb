"""The OpenAPI document lists, for every operation, the error statuses it answers, each
as RFC 9457 application/problem+json with the ``Problem`` schema; FastAPI's own 422
``HTTPValidationError`` (never sent) is gone."""

import importlib
import json

import pytest

from app.api.openapi import TIMED
from app.api.routes import ROUTERS

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def document(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def resolve(document, obj):
    while "$ref" in obj:
        node = document
        for part in obj["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        obj = node
    return obj


def errors_of(document, path, method):
    responses = document["paths"][path][method]["responses"]
    return {int(s): resolve(document, r) for s, r in responses.items() if int(s) >= 400}


def test_ingest_lists_its_errors_as_problems(document):
    errors = errors_of(document, "/v1/articles", "post")
    assert {400, 401, 403, 408, 413, 415, 422, 429, 503} == set(errors)
    for status, response in errors.items():
        assert list(response["content"]) == [PROBLEM], status
        assert response["content"][PROBLEM]["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert "WWW-Authenticate" in errors[401]["headers"]
    assert "Retry-After" in errors[429]["headers"]
    problem = document["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "instance", "errors"} <= set(problem["properties"])


def test_every_error_response_is_a_problem_and_fastapi_422_is_gone(document):
    assert "HTTPValidationError" not in json.dumps(document)
    assert "ValidationError" not in document["components"]["schemas"]
    for path, item in document["paths"].items():
        for method in item:
            for status, response in errors_of(document, path, method).items():
                assert list(response["content"]) == [PROBLEM], (method, path, status)


@pytest.mark.parametrize(
    ("method", "path", "expected", "absent"),
    [
        ("get", "/health", set(), {401, 429, 503}),
        ("get", "/ready", {503}, {401, 429}),
        ("post", "/v1/geoparse", {400, 401, 408, 413, 415, 422, 429, 503}, {404}),
        ("post", "/v1/maps/preview", {408, 413, 415}, {404}),
        ("post", "/v1/maps/render", {400, 408, 413, 415, 422}, {404}),
        ("get", "/v1/articles/{article_id}", {400, 401, 404, 429, 503}, {408, 413, 415, 422}),
        ("get", "/v1/geocode", {400, 422}, {404, 408, 413}),
        ("get", "/ogc/collections/{collection_id}/items", {400, 404, 422}, {408, 413}),
    ],
)
def test_statuses_follow_what_the_operation_does(document, method, path, expected, absent):
    statuses = set(errors_of(document, path, method))
    assert expected <= statuses and not (absent & statuses), statuses


def test_the_timeout_list_matches_the_routes_that_use_run_with_timeout():
    """``TIMED`` (408s besides the body time limit) is written by hand: this keeps it true."""
    timed = set()
    for name in ROUTERS:
        for route in importlib.import_module(f"app.api.routes.{name}").router.routes:
            if "run_with_timeout" in route.endpoint.__code__.co_names:
                timed |= {(m.lower(), route.path) for m in route.methods}
    assert timed == set(TIMED)


def test_a_validation_error_is_the_documented_problem(client, document):
    response = client.get("/v1/articles?limit=0")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    schema = document["components"]["schemas"]["Problem"]
    assert set(schema["required"]) <= set(body) <= set(schema["properties"])
    assert body["status"] == 422 and body["instance"] == "/v1/articles"
    assert body["errors"] and all(set(e) == {"loc", "msg"} for e in body["errors"])
    assert "422" in document["paths"]["/v1/articles"]["get"]["responses"]
