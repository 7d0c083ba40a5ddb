"""Migration 0008: on PostGIS the actor filter (a part of a name, ``LIKE '%...%'``) is
answered by a trigram index that the planner can AND with the box-and-window GiST; on
SQLite the migration changes nothing. Same answers either way."""

from __future__ import annotations

import sqlalchemy as sa

from app.store.base import LayerFilter
from app.store.factory import open_repository
from app.store.migrate import current_revision, head_revision, upgrade
from tests.store.factories import collection, event, new_article
from tests.store.test_api_keys import upgrade_down

INDEX = "features_actors_trgm"


def _indexes(engine) -> set[str]:
    return {i["name"] for i in sa.inspect(engine).get_indexes("features")}


def _events(n: int) -> list[dict]:
    names = ("Islamic State", "Syrian Democratic Forces", "Hay'at Tahrir al-Sham")
    return [
        event(f"a{i}", 36 + (i % 40) / 10, 34 + (i % 30) / 10, actors=(names[i % 3], "Civilians"))
        for i in range(n)
    ]


def test_actor_filter_uses_the_trigram_index_on_postgis(store_url, backend):
    repo = open_repository(store_url)
    try:
        repo.add_article(new_article("actors"), collection(*_events(300)))
        assert (INDEX in _indexes(repo.engine)) is (backend == "postgis")
        query = LayerFilter(bboxes=((35, 33, 41, 38),), actor="democratic FORCES")
        page = repo.query_events(query, 500)
        assert page.number_matched == 100 and len(page.features) == 100
        if backend == "postgis":
            with repo.engine.connect() as conn:
                conn.exec_driver_sql("SET enable_seqscan = off")
                plan = "\n".join(
                    r[0]
                    for r in conn.execute(
                        sa.text("EXPLAIN SELECT fid FROM features WHERE actors LIKE :part"),
                        {"part": "%democratic forces%"},
                    )
                )
            assert INDEX in plan, plan
        upgrade_down(repo.engine, "0007")
        assert INDEX not in _indexes(repo.engine)
        assert repo.query_events(query, 500).number_matched == 100  # the same answer
        upgrade(repo.engine)
        assert current_revision(repo.engine) == head_revision() == "0009"
        assert (INDEX in _indexes(repo.engine)) is (backend == "postgis")
    finally:
        repo.close()
