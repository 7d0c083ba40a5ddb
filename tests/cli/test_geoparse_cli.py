"""The CLI as a user runs it: a real subprocess, stdin in, JSON lines out."""

import json

import pytest

from tests.support import default_settings, need_file, run_cli


def run(*args, stdin="", env=None):
    return run_cli(*args, stdin=stdin, env=env)


@pytest.fixture(scope="module", autouse=True)
def _index():
    need_file(default_settings().gazetteer_path)


def test_jsonl_in_order_with_bad_lines_reported_and_skipped():
    lines = [
        json.dumps({"id": "a", "text": "Clashes in Homs and Hama."}),
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "text": ""}),
        json.dumps({"id": "d", "text": "Airstrikes near Idlib.", "published_at": "2018-06-11"}),
    ]
    proc = run("geoparse", "--jsonl", stdin="\n".join(lines) + "\n")
    assert proc.returncode == 1
    out = [json.loads(line) for line in proc.stdout.splitlines()]  # stdout: JSON lines only
    assert [fc["id"] for fc in out] == ["a", "d"]
    places = [f for f in out[0]["features"] if f["properties"]["kind"] == "place"]
    mentioned = {m["text"] for f in places for m in f["properties"]["mentions"]}
    assert mentioned == {"Homs", "Hama"}
    assert out[1]["published_at"] == "2018-06-11"
    assert "line 2: invalid JSON" in proc.stderr
    assert "line 3:" in proc.stderr and "text" in proc.stderr
    assert "line 4: the document has no text" in proc.stderr  # as on HTTP: 422


def test_clean_run_exits_zero():
    proc = run("geoparse", "--jsonl", stdin=json.dumps({"id": "x", "text": "Aleppo."}) + "\n")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["id"] == "x"


def test_missing_index_exits_2_with_the_command_to_run(tmp_path):
    import os

    env = {**os.environ, "GEOEVENTS_DATA_DIR": str(tmp_path)}
    proc = run("geocode", "Homs", env=env)
    assert proc.returncode == 2
    assert "geoevents gazetteer build" in proc.stderr


def test_geocode_prints_geojson():
    proc = run("geocode", "Abu Kamal", "--limit", "1")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["features"][0]["id"] == "geonames:174448"


@pytest.mark.parametrize(
    "args", [("geoparse",), ("geocode",), ("geocode", "Homs", "--limit", "0"), ("nonsense",)]
)
def test_usage_errors_exit_2_with_a_message_and_no_traceback(args):
    proc = run(*args)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip()
