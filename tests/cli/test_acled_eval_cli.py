"""``geoevents events eval --acled`` as a user runs it, with the real geoparser."""

import json
from pathlib import Path

import pytest

from tests.support import default_settings, need_file, run_cli

DATA = Path(__file__).parents[1] / "evaluation" / "data"


@pytest.fixture(scope="module", autouse=True)
def _index():
    need_file(default_settings().gazetteer_path)


def test_csv_export_and_jsonl_scored_per_file_and_country(tmp_path):
    details = tmp_path / "details.jsonl"
    proc = run_cli(
        "events",
        "eval",
        "--acled",
        str(DATA / "acled_export.csv"),
        str(DATA / "acled_notes.jsonl"),
        "--json",
        "--details",
        str(details),
    )
    assert proc.returncode == 0, proc.stderr
    files = json.loads(proc.stdout)["files"]
    assert [f["file"] for f in files] == ["acled_export.csv", "acled_notes.jsonl"]
    export, notes = files
    assert export["rows"] == 3  # the two events sharing one note are left out
    assert sorted(export["countries"]) == ["Afghanistan", "Iraq", "Kenya"]
    # plain reports of an event in a known town: found, typed and placed
    assert export["counts"]["found"] == 3
    assert export["counts"]["placed"] == 3
    assert export["counts"]["failed"] == 0
    assert notes["rows"] == 2
    assert notes["countries"]["Bangladesh"]["counts"]["placed"] == 1
    assert export["docs_per_second"] > 0
    rows = [json.loads(line) for line in details.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == [
        "acled:IRQ91001",
        "acled:KEN92002",
        "acled:AFG93003",
        "acled:BGD95001",
        "acled:GHA96002",
    ]
    assert rows[0]["ours"]["location"] == "Mosul" and rows[0]["ours"]["distance_km"] < 10


def test_table_with_country_and_limit():
    proc = run_cli(
        "events", "eval", "--acled", str(DATA / "acled_export.csv"), "--country", "Kenya"
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split()[:4] == ["file", "/", "country", "rows"]
    assert lines[1].split()[:3] == ["acled_export.csv", "1", "100.0"]


def test_bad_input_is_a_clear_error(tmp_path):
    missing = run_cli("events", "eval", "--acled", str(tmp_path / "none.csv"))
    assert missing.returncode != 0
    assert "no ACLED file" in missing.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("id,text\n1,x\n", encoding="utf-8")
    wrong = run_cli("events", "eval", "--acled", str(bad))
    assert wrong.returncode != 0 and "missing column(s)" in wrong.stderr
    mixed = run_cli("events", "eval", str(DATA / "acled_notes.jsonl"), "--limit", "2")
    assert mixed.returncode != 0 and "--limit: only with --acled" in mixed.stderr
