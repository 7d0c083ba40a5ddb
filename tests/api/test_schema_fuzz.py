"""Schemathesis against the service's own OpenAPI document, in process (ASGI): no input
the schema allows (or breaks) may cause a 5xx, every error is problem+json, and every
error status is one the document lists for that operation.

Bounded: a few derandomized examples per operation, no deadline per example."""

import os
import shutil
import tempfile

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from app.main import create_app
from tests.support import default_settings, need_file

PROBLEM = "application/problem+json"
EXAMPLES = int(os.environ.get("GEOEVENTS_FUZZ_EXAMPLES", "15"))
"""Per operation; set higher for a longer exploratory run."""


STORE_DIR = tempfile.mkdtemp(prefix="geoevents-fuzz-")
APP = create_app(
    default_settings().model_copy(
        update={"max_text_chars": 5_000, "database_url": f"sqlite:///{STORE_DIR}/fuzz.sqlite"}
    )
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)  # cheap: no lifespan yet
schema.config.generation.update(modes=list(schemathesis.GenerationMode))  # valid and invalid


@pytest.fixture(scope="module", autouse=True)
def loaded_app():
    """The lifespan (gazetteer, model, store) for the whole module, then the store removed."""
    need_file(APP.state.settings.gazetteer_path)
    with TestClient(APP):
        yield APP
    shutil.rmtree(STORE_DIR, ignore_errors=True)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors_and_errors_are_problems(case):
    response = case.call()
    where = f"{case.method} {case.formatted_path} {case.query or ''}"
    assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:500]}"
    if response.status_code >= 400:
        content_type = response.headers.get("content-type", [""])
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        assert content_type.startswith(PROBLEM), f"{where}: {response.status_code} {content_type}"
        operation = APP.openapi()["paths"][case.operation.path].get(case.method.lower())
        if operation is None:  # a method the path does not have (schemathesis tries some)
            assert response.status_code == 405, where
        else:
            assert str(response.status_code) in operation["responses"], (
                f"{where}: {response.status_code} is not documented"
            )
