"""``--timeout`` of `geoevents geoparse` and `geoevents ingest` (real subprocesses): a
document over the limit is reported with its label and skipped (nothing stored), the
others go through, and the exit code is 1."""

import json
import time

import pytest

from app.gazetteer.lookup import Gazetteer
from app.services.ingest import content_hash
from app.store.factory import open_repository
from tests.databases import backend, fresh_schema, postgis_server  # noqa: F401
from tests.slowdoc import slow_text
from tests.support import default_settings, need_file, run_cli


@pytest.fixture(scope="module")
def slow() -> str:
    """About 10 s of geoparsing without a limit."""
    gazetteer = Gazetteer.open(need_file(default_settings().gazetteer_path))
    try:
        return slow_text(gazetteer)
    finally:
        gazetteer.db.close()


def run(*args, stdin="", env=None):
    return run_cli(*args, stdin=stdin, env=env)


@pytest.mark.parametrize("batch_size", ["32", "1"])
def test_geoparse_skips_a_document_over_the_timeout(slow, batch_size):
    lines = [
        json.dumps({"id": "a", "text": "Clashes in Homs and Hama."}),
        json.dumps({"id": "slow", "text": slow}),
        json.dumps({"id": "c", "text": "Airstrikes near Idlib."}),
    ]
    started = time.monotonic()
    args = ("geoparse", "--jsonl", "--timeout", "1", "--batch-size", batch_size)
    proc = run(*args, stdin="\n".join(lines) + "\n")
    elapsed = time.monotonic() - started
    assert proc.returncode == 1, proc.stderr
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == ["a", "c"]
    assert "line 2 (id slow): geoparsing the document took longer than 1 s; skipped" in (
        proc.stderr
    )
    assert "1 line(s) not geoparsed" in proc.stderr
    print(f"batch size {batch_size}: {elapsed:.1f} s")


def test_geoparse_timeout_defaults_to_the_setting(slow):
    env = {"GEOEVENTS_GEOPARSE_TIMEOUT": "0.5"}
    proc = run("geoparse", "--jsonl", stdin=json.dumps({"id": "s", "text": slow}) + "\n", env=env)
    assert proc.returncode == 1 and proc.stdout == ""
    assert "line 1 (id s): geoparsing the document took longer than 0.5 s" in proc.stderr
    ok = run("geoparse", "--jsonl", stdin=json.dumps({"id": "h", "text": "Homs."}) + "\n", env=env)
    assert ok.returncode == 0 and json.loads(ok.stdout)["id"] == "h"


@pytest.fixture
def database_url(backend, tmp_path, request):  # noqa: F811
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return fresh_schema(request.getfixturevalue("postgis_server"))


def test_ingest_skips_and_stores_nothing_of_an_article_over_the_timeout(
    slow, database_url, tmp_path
):
    (tmp_path / "a.txt").write_text("Clashes were reported in Homs and Hama.", encoding="utf-8")
    (tmp_path / "slow.txt").write_text(slow, encoding="utf-8")
    (tmp_path / "c.txt").write_text("Airstrikes near Idlib, Syria.", encoding="utf-8")
    files = [str(tmp_path / n) for n in ("a.txt", "slow.txt", "c.txt")]
    env = {"GEOEVENTS_DATABASE_URL": database_url}
    proc = run("ingest", "--timeout", "1", *files, env=env)
    assert proc.returncode == 1, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [line["input"].rsplit("/", 1)[-1] for line in lines] == ["a.txt", "c.txt"]
    assert [line["status"] for line in lines] == ["created", "created"]
    assert f"{tmp_path / 'slow.txt'}: geoparsing the document took longer than 1 s" in (proc.stderr)
    assert "2 created, 0 existing, 1 failed" in proc.stderr
    repo = open_repository(database_url)
    try:
        assert repo.list_articles(10).number_matched == 2
        assert repo.find_by_hash(content_hash(slow, False)) is None
    finally:
        repo.close()
