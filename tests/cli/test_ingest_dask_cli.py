"""`geoevents ingest --dask local` as a user runs it (a real subprocess starting a
LocalCluster of 2 worker processes), into PostGIS; and a scheduler that is not there."""

import json

from app.evaluation.corpora import read_corpus
from app.services.ingest import content_hash
from app.store.factory import open_repository
from tests.databases import fresh_schema, postgis_server  # noqa: F401
from tests.support import SHARED, default_settings, need_file, run_cli


def run(*args, stdin="", env=None):
    return run_cli(*args, stdin=stdin, env=env)


def test_ingest_on_a_local_cluster_twice(postgis_server):  # noqa: F811
    need_file(default_settings().gazetteer_path)
    corpus = need_file(SHARED / "corpora" / "LGL.xml")
    docs = sorted(read_corpus(corpus, limit=60), key=lambda d: len(d.text))[:20]
    lines = [json.dumps({"text": d.text, "title": d.doc_id}) for d in docs]
    lines.insert(7, "{broken")
    stdin = "\n".join(lines) + "\n"
    url = fresh_schema(postgis_server)
    env = {"GEOEVENTS_DATABASE_URL": url}
    args = ["ingest", "--jsonl", "--dask", "local", "--dask-workers", "2", "--partition-size", "4"]

    first = run(*args, stdin=stdin, env=env)
    assert first.returncode == 1, first.stderr  # the broken line
    assert "stdin:8: invalid JSON" in first.stderr
    assert "20 created, 0 existing, 1 failed" in first.stderr
    assert "Traceback" not in first.stderr
    out = [json.loads(line) for line in first.stdout.splitlines()]
    # any order (partitions finish when they finish), each input once, ids by content
    expected = {
        f"stdin:{n}": content_hash(json.loads(line)["text"], False)[:16]
        for n, line in enumerate(lines, start=1)
        if line != "{broken"
    }
    assert {o["input"]: o["id"] for o in out} == expected and len(out) == 20
    assert {o["status"] for o in out} == {"created"}
    assert all(o["places"] >= 0 and o["events"] >= 0 for o in out)

    second = run(*args, stdin=stdin, env=env)
    assert second.returncode == 1 and "0 created, 20 existing, 1 failed" in second.stderr
    again = [json.loads(line) for line in second.stdout.splitlines()]
    again = {o["input"]: (o["id"], o["status"]) for o in again}
    assert again == {label: (id_, "existing") for label, id_ in expected.items()}

    repo = open_repository(url)
    try:
        stored = {a.id: (a.place_count, a.event_count) for a in repo.iter_articles(None)}
    finally:
        repo.close()
    assert stored == {o["id"]: (o["places"], o["events"]) for o in out}


def test_unreachable_scheduler_exits_with_a_message():
    result = run(
        "ingest",
        "--dask",
        "tcp://127.0.0.1:9",
        "examples/euphrates-report.json",
        env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"},
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "error: cannot connect to the Dask scheduler 'tcp://127.0.0.1:9'" in result.stderr
    assert "Traceback" not in result.stderr
