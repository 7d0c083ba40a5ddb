"""One document's failure is its own (issue 15, item 2): a stage that raises on one
document costs that stage's results for that document only. Over HTTP the document's
places come back with ``warnings`` naming the stage; `geoevents geoparse` writes every
document (the incomplete one with its warnings), reports it on stderr with its line
number and exits 1; `geoevents ingest` stores whole documents only, every other one, and
exits 1. A failure is injected into the events stage (and into the geoparser itself)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.cli import _register, cli
from app.core.config import Settings
from app.core.errors import GeoparseTimeout
from app.events.extract import EventExtractor
from app.geoparse.pipeline import Geoparser
from app.main import create_app
from app.services.geoparser import load_geoparser
from app.services.ingest import content_hash
from app.store.factory import open_repository
from tests.support import default_settings, need_file

OK_A = "Clashes were reported in Homs and Hama on Sunday, residents said."
FAILING = "Airstrikes killed three civilians in Idlib, Syria, on Monday, a monitor said."
OK_C = "Shelling killed two people near Aleppo on Tuesday, local sources said."
JSON = {"Content-Type": "application/json"}
REAL_EXTRACT = EventExtractor.extract


def _fail_on(word: str, error: type[BaseException] = RuntimeError):
    """An ``EventExtractor.extract`` that raises on documents containing ``word``."""

    def extract(self, result, published, doc=None):
        if word in result.text:
            raise error("injected failure")
        return REAL_EXTRACT(self, result, published, doc)

    return extract


def _names(collection: dict, kind: str) -> list[str]:
    return [
        f["properties"].get("name") or f["properties"].get("event_type")
        for f in collection["features"]
        if f["properties"].get("kind") == kind
    ]


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    settings = default_settings().model_copy(
        update={"database_url": f"sqlite:///{tmp_path_factory.mktemp('s') / 'store.sqlite'}"}
    )
    need_file(settings.gazetteer_path)
    return settings


@pytest.fixture(scope="module")
def client(settings):
    with TestClient(create_app(settings)) as client:
        yield client


def test_http_keeps_the_places_of_a_document_whose_events_stage_fails(client, monkeypatch):
    body = json.dumps({"id": "f", "text": FAILING})
    before = client.post("/v1/geoparse", content=body, headers=JSON).json()
    assert _names(before, "event") and "warnings" not in before  # events, normally

    monkeypatch.setattr(EventExtractor, "extract", _fail_on("Idlib"))
    r = client.post("/v1/geoparse", content=body, headers=JSON)
    assert r.status_code == 200, r.text
    collection = r.json()
    assert "Idlib" in _names(collection, "place") and _names(collection, "event") == []
    assert [w["stage"] for w in collection["warnings"]] == ["events"]
    assert "RuntimeError" in collection["warnings"][0]["detail"]
    places = [f for f in before["features"] if f["properties"]["kind"] != "event"]
    assert collection["features"] == places  # everything but the events, unchanged

    other = client.post("/v1/geoparse", content=json.dumps({"text": OK_C}), headers=JSON)
    assert other.status_code == 200 and "warnings" not in other.json()
    assert _names(other.json(), "event")

    page = client.post("/v1/maps/preview", content=body, headers=JSON)
    assert page.status_code == 200 and "Idlib" in page.text
    assert "the events stage failed" in page.text

    stored = client.post("/v1/articles", content=json.dumps({"text": FAILING}), headers=JSON)
    assert stored.status_code == 200, stored.text
    answer = stored.json()
    assert answer["status"] == "not_stored" and answer["created"] is False
    assert [w["stage"] for w in answer["warnings"]] == ["events"]
    assert "Idlib" in _names(answer["collection"], "place") and answer["places"] >= 1
    assert client.get(f"/v1/articles/{answer['id']}").status_code == 404  # nothing half-stored
    created = client.post("/v1/articles", content=json.dumps({"text": OK_A}), headers=JSON)
    assert created.status_code == 201 and "warnings" not in created.json()

    monkeypatch.undo()
    again = client.post("/v1/articles", content=json.dumps({"text": FAILING}), headers=JSON)
    assert again.status_code == 201 and again.json()["id"] == answer["id"]
    assert again.json()["events"] >= 1  # stored whole once the stage works


def test_a_timeout_inside_a_stage_is_still_a_timeout(client, monkeypatch):
    monkeypatch.setattr(EventExtractor, "extract", _fail_on("Idlib", GeoparseTimeout))
    r = client.post("/v1/geoparse", content=json.dumps({"text": FAILING}), headers=JSON)
    assert r.status_code == 408 and r.headers["content-type"] == "application/problem+json"


# -- the command line, in this process (so that the failure can be injected) ---------------
@pytest.fixture(scope="module")
def geoparser(settings) -> Geoparser:
    return load_geoparser(settings)


def _invoke(monkeypatch, geoparser, settings, *args: str, stdin: str):
    _register()
    monkeypatch.setattr("app.services.geoparser.load_geoparser", lambda *a, **k: geoparser)
    monkeypatch.setattr("app.core.config.get_settings", lambda: settings)
    return CliRunner().invoke(cli, list(args), input=stdin)


def _lines(*texts: str) -> str:
    return "".join(json.dumps({"id": "abc"[n], "text": t}) + "\n" for n, t in enumerate(texts))


@pytest.mark.parametrize("batch_size", ["32", "1"])
def test_cli_geoparse_writes_every_document_and_reports_the_failed_stage(
    monkeypatch, geoparser, settings, batch_size
):
    monkeypatch.setattr(EventExtractor, "extract", _fail_on("Idlib"))
    stdin = _lines(OK_A, FAILING, OK_C)
    result = _invoke(
        monkeypatch,
        geoparser,
        settings,
        "geoparse",
        "--jsonl",
        "--batch-size",
        batch_size,
        stdin=stdin,
    )
    assert result.exit_code == 1, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [c["id"] for c in out] == ["a", "b", "c"]
    assert "Idlib" in _names(out[1], "place") and out[1]["warnings"][0]["stage"] == "events"
    assert _names(out[2], "event") and "warnings" not in out[2]
    assert "line 2 (id b): the events stage failed (RuntimeError)" in result.stderr


@pytest.mark.parametrize("batch_size", ["32", "1"])
def test_cli_geoparse_skips_only_a_document_that_fails_as_a_whole(
    monkeypatch, geoparser, settings, batch_size
):
    original = Geoparser._resolve

    def resolve(self, draft):
        if "Idlib" in draft.doc.text:
            raise RuntimeError("injected failure")
        return original(self, draft)

    monkeypatch.setattr(Geoparser, "_resolve", resolve)
    stdin = _lines(OK_A, FAILING, OK_C)
    result = _invoke(
        monkeypatch,
        geoparser,
        settings,
        "geoparse",
        "--jsonl",
        "--batch-size",
        batch_size,
        stdin=stdin,
    )
    assert result.exit_code == 1, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a", "c"]
    assert "line 2 (id b): geoparsing failed (RuntimeError); skipped" in result.stderr


@pytest.mark.parametrize("batch_size", ["32", "1"])
def test_cli_ingest_stores_every_whole_document_and_not_the_incomplete_one(
    monkeypatch, geoparser, settings, tmp_path, batch_size
):
    url = f"sqlite:///{tmp_path / 'ingest.sqlite'}"
    local = settings.model_copy(update={"database_url": url})
    monkeypatch.setattr(EventExtractor, "extract", _fail_on("Idlib"))
    stdin = "".join(json.dumps({"text": t}) + "\n" for t in (OK_A, FAILING, OK_C))
    args = ("ingest", "--jsonl", "--batch-size", batch_size)
    result = _invoke(monkeypatch, geoparser, local, *args, stdin=stdin)
    assert result.exit_code == 1, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(o["input"], o["status"]) for o in out] == [
        ("stdin:1", "created"),
        ("stdin:3", "created"),
    ]
    assert "stdin:2: the events stage failed (RuntimeError)" in result.stderr
    assert "2 created, 0 existing, 1 failed" in result.stderr
    repo = open_repository(url)
    try:
        hashes = {t: repo.find_by_hash(content_hash(t, False)) for t in (OK_A, FAILING, OK_C)}
        assert hashes[FAILING] is None and hashes[OK_A] and hashes[OK_C]
        assert repo.get_article(hashes[OK_C]).event_count >= 1
    finally:
        repo.close()

    monkeypatch.setattr(EventExtractor, "extract", REAL_EXTRACT)
    rerun = _invoke(monkeypatch, geoparser, local, *args, stdin=stdin)
    assert rerun.exit_code == 0, rerun.output
    statuses = [json.loads(line)["status"] for line in rerun.stdout.splitlines()]
    assert statuses == ["existing", "created", "existing"]
