"""``geoevents export --format acled-csv`` and ``geoevents events eval`` as a user runs them."""

import csv
import io
import json
from pathlib import Path

import pytest

from app.events.acled import COLUMNS
from tests.support import SEED, default_settings, need_file, run_cli

GOLD = Path(__file__).parents[1] / "events" / "gold"


def run(*args, stdin=""):
    return run_cli(*args, stdin=stdin)


@pytest.fixture(scope="module", autouse=True)
def _index():
    need_file(default_settings().gazetteer_path)


def test_acled_csv_of_documents_geoparsed_on_the_fly(tmp_path):
    seed = need_file(SEED).read_text(encoding="utf-8")
    lines = [
        json.dumps(
            {
                "id": "seed",
                "text": seed,
                "published_at": "2018-06-11",
                "title": "Syrian Army Repels Series of ISIS Attacks",
                "source": "Global Research",
            }
        ),
        json.dumps({"id": "calm", "text": "The talks in Geneva made progress."}),
    ]
    out = tmp_path / "events.csv"
    proc = run(
        "export", "--format", "acled-csv", "--jsonl", "-o", str(out), stdin="\n".join(lines) + "\n"
    )
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 4
    battle = next(r for r in rows if r["location"] == "al-Bukamal")
    assert (battle["event_date"], battle["event_type"], battle["sub_event_type"]) == (
        "2018-06-08",
        "Battles",
        "Armed clash",
    )
    assert (battle["actor1"], battle["actor2"]) == ("Islamic State", "Syrian Arab Army")
    assert battle["country"] == "Syria" and battle["geo_precision"] == "1"
    assert abs(float(battle["latitude"]) - 34.45) < 0.1
    assert battle["fatalities"] == "55"
    assert battle["source"] == "Global Research"  # the outlet, not the title
    assert {r["sub_event_type"] for r in rows} >= {
        "Non-state actor overtakes territory",
        "Air/drone strike",
        "Government regains territory",
    }


def test_export_needs_one_input():
    proc = run("export", "--format", "acled-csv")
    assert proc.returncode != 0
    assert "--jsonl" in proc.stderr


def test_events_eval_reports_the_figures(tmp_path):
    report = tmp_path / "scores.json"
    proc = run("events", "eval", str(GOLD / "dev.jsonl"), "--report", str(report))
    assert proc.returncode == 0, proc.stderr
    assert "place linking" in proc.stdout and "baseline" in proc.stdout
    scores = json.loads(report.read_text("utf-8"))
    assert scores["documents"] == 13 and scores["gold_events"] >= 15
    assert 0 <= scores["place_linking"]["rate"] <= 1
