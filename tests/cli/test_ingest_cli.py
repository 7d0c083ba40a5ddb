"""`geoevents ingest` and `geoevents reprocess` as a user runs them (real subprocesses), on
SQLite and PostGIS."""

import json

import pytest

from app.store.factory import open_repository
from tests.databases import backend, fresh_schema, postgis_server  # noqa: F401
from tests.support import default_settings, need_file, run_cli


@pytest.fixture
def database_url(backend, tmp_path, request):  # noqa: F811
    need_file(default_settings().gazetteer_path)
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return fresh_schema(request.getfixturevalue("postgis_server"))


def run(database_url, *args, stdin=""):
    return run_cli(*args, stdin=stdin, env={"GEOEVENTS_DATABASE_URL": database_url})


def test_ingest_files_twice_then_reprocess(database_url, tmp_path):
    (tmp_path / "a.txt").write_text("Clashes were reported in Homs and Hama.", encoding="utf-8")
    (tmp_path / "b.html").write_bytes(
        "<html><head><meta charset='windows-1252'><title>Caf\u00e9 report</title></head>"
        "<body><article><p>Shelling hit a caf\u00e9 in Daraa, Syria, residents said on "
        "Monday; several people were wounded.</p></article></body></html>".encode("cp1252")
    )
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"text": "Airstrikes near Idlib.", "title": "t", "source": "S"}) + "\n{broken\n",
        encoding="utf-8",
    )
    (tmp_path / "d.pdf").write_bytes(b"%PDF")
    files = [str(tmp_path / n) for n in ("a.txt", "b.html", "c.jsonl", "d.pdf")]
    files.append("examples/euphrates-report.json")
    first = run(database_url, "ingest", *files)
    assert first.returncode == 1, first.stderr  # the broken line and the .pdf are reported
    lines = [json.loads(line) for line in first.stdout.splitlines()]
    assert [line["status"] for line in lines] == ["created"] * 4
    assert [line["input"].rsplit("/", 1)[-1] for line in lines] == [
        "a.txt",
        "b.html",
        "c.jsonl:1",
        "euphrates-report.json",
    ]
    assert "c.jsonl:2: invalid JSON" in first.stderr and "d.pdf: unknown file type" in first.stderr
    assert "4 created, 0 existing, 2 failed" in first.stderr

    second = run(database_url, "ingest", *files[:3], files[4])
    assert second.returncode == 1 and "0 created, 4 existing, 1 failed" in second.stderr
    again = [json.loads(line) for line in second.stdout.splitlines()]
    assert [line["status"] for line in again] == ["existing"] * 4
    assert [line["id"] for line in again] == [line["id"] for line in lines]

    repo = open_repository(database_url)
    try:
        html = repo.get_article(lines[1]["id"])
        assert html.title == "Caf\u00e9 report" and "caf\u00e9 in Daraa" in html.text
        example = repo.get_article(lines[3]["id"])
        assert example.title == "Shelling and clashes along the Euphrates"
        assert example.published_at.isoformat() == "2024-03-02" and example.place_count >= 5
        assert repo.get_article(lines[2]["id"]).source == "S"
    finally:
        repo.close()

    reprocessed = run(database_url, "reprocess", "--all")
    assert reprocessed.returncode == 0, reprocessed.stderr
    assert "4 article(s) reprocessed" in reprocessed.stdout
    assert run(database_url, "reprocess").stdout.startswith("0 article(s)")


def test_ingest_jsonl_from_stdin(database_url):
    lines = [
        json.dumps({"text": "Protests in Aleppo.", "published_at": "2019-01-02"}),
        json.dumps({"text": "Protests in Aleppo.", "published_at": "2019-01-02"}),
        json.dumps({"title": "no text"}),
    ]
    proc = run(database_url, "ingest", "--jsonl", stdin="\n".join(lines) + "\n")
    assert proc.returncode == 1
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["status"] for o in out] == ["created", "existing"]
    assert out[0]["id"] == out[1]["id"] and out[0]["input"] == "stdin:1"
    assert "stdin:3:" in proc.stderr


def test_ingest_needs_input_and_a_reachable_store(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    assert run(url, "ingest").returncode == 2
    bad = run("postgresql://nobody@127.0.0.1:1/none", "ingest", "examples/euphrates-report.json")
    assert bad.returncode == 2 and bad.stderr.startswith("error: cannot open the store")
