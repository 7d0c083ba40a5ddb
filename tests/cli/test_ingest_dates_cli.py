"""A .txt article keeps its date: ``geoevents ingest`` of the seed article (dated only by
its byline) exports events of June 2018; ``--published-at`` gives the date instead."""

import csv
import io
import json

import pytest

from app.store.factory import open_repository
from tests.support import SEED, default_settings, need_file, run_cli


@pytest.fixture(scope="module", autouse=True)
def _index():
    need_file(default_settings().gazetteer_path)
    need_file(SEED)


def run(url: str, *args: str):
    return run_cli(*args, env={"GEOEVENTS_DATABASE_URL": url})


def test_the_seed_txt_exports_events_dated_june_2018(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    proc = run(url, "ingest", str(SEED))
    assert proc.returncode == 0, proc.stderr
    article_id = json.loads(proc.stdout)["id"]
    proc = run(url, "export", "--store")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert rows and all(r["event_date"].startswith("2018-06") for r in rows), rows
    repo = open_repository(url)
    try:
        article = repo.get_article(article_id)
    finally:
        repo.close()
    assert article.published_at.isoformat() == "2018-06-11"
    assert article.meta["date_basis"] == "byline"


def test_published_at_is_given_on_the_command_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    report = tmp_path / "report.txt"
    report.write_text("Shelling hit Aleppo on Monday, killing two civilians.", encoding="utf-8")
    proc = run(url, "ingest", "--published-at", "2019-03-06", str(report))
    assert proc.returncode == 0, proc.stderr
    repo = open_repository(url)
    try:
        article = repo.get_article(json.loads(proc.stdout)["id"])
    finally:
        repo.close()
    assert article.published_at.isoformat() == "2019-03-06"
    assert article.meta["date_basis"] == "given"
    assert run(url, "ingest", "--published-at", "6 March", str(report)).returncode == 2
