"""The bulk write path (``app.store.bulk``) and the indexes of migration 0007, on both
backends: ids in order, place links, geometries and dates as SQLAlchemy wrote them, ids
reused after a delete as SQLite numbers them, and 0007's up and down."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from app.store.base import LayerFilter
from app.store.factory import open_repository
from app.store.migrate import current_revision, head_revision, upgrade
from tests.store.factories import area, collection, event, new_article, place
from tests.store.test_api_keys import upgrade_down
from tests.store.test_imports import acled


def _fids(repo) -> list[tuple[int, str]]:
    with repo.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT fid, feature_id FROM features ORDER BY fid").all()


def test_bulk_rows_keep_their_order_links_geometry_and_dates(repo):
    features = [
        event(f"e{i}", 36 + i / 10, 35, "2018-06-08", "2018-06-10", place_ids=("g:1", f"g:{i}"))
        for i in range(1, 6)
    ]
    ring = [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]
    article_id, _ = repo.add_article(
        new_article("bulk"), collection(place("g:1", 36, 35), area("g:9", ring), *features)
    )
    assert [f for _, f in _fids(repo)] == ["g:1", "g:9", *(f"e{i}" for i in range(1, 6))]
    stored = repo.article_features(article_id)
    assert stored[1]["geometry"]["type"] == "Polygon"
    assert stored[2]["geometry"] == {"type": "Point", "coordinates": [36.1, 35.0]}
    page = repo.query_events(
        LayerFilter(bboxes=((36.15, 34, 36.35, 36),), start=dt.date(2018, 6, 10)), 10
    )
    assert [f["id"].split(":")[1] for f in page.features] == ["e2", "e3"]
    assert page.number_matched == 2
    assert page.features[0]["properties"]["date_start"] == "2018-06-08"
    places = repo.query_places(LayerFilter(event_types=("Battles",)), 10)
    assert {f["id"] for f in places.features} == {"g:1"}  # the only stored place linked
    assert places.features[0]["properties"]["event_count"] == 5
    assert repo.query_places(LayerFilter(bboxes=((1, 1, 3, 3),)), 10).features[0]["id"] == "g:9"


def test_ids_after_a_delete_and_imports_replacing_by_id(repo):
    first, _ = repo.add_article(new_article("one"), collection(event("a", 1, 1)))
    second, _ = repo.add_article(new_article("two"), collection(event("b", 2, 2)))
    repo.delete_article(second)
    repo.add_article(new_article("three"), collection(event("c", 3, 3), event("d", 4, 4)))
    fids = _fids(repo)
    assert [f for _, f in fids] == ["a", "c", "d"]
    assert len({fid for fid, _ in fids}) == 3
    assert repo.import_events("acled", [acled(f"X{i}") for i in range(1200)]) == 0
    assert repo.import_events("acled", [acled("X5", best=9), acled("Y1")]) == 1
    page = repo.query_events(LayerFilter(source_dataset="acled"), 2000)
    assert page.number_matched == 1201
    assert next(f for f in page.features if f["id"] == "acled:X5")["properties"]["fatalities"] == {
        "best": 9
    }
    assert repo.extent("event", "acled").count == 1201
    assert repo.query_events(LayerFilter(source_dataset="geoevents"), 10).number_matched == 3


def _indexes(engine) -> set[str]:
    return {i["name"] for i in sa.inspect(engine).get_indexes("features")}


def test_migration_0007_indexes_down_and_up(store_url, backend):
    repo = open_repository(store_url)
    try:
        repo.import_events("acled", [acled("Z1")])
        names = _indexes(repo.engine)
        assert "features_kind_source" in names and "features_article" not in names
        assert ("features_geometry_gist" in names) is False
        upgrade_down(repo.engine, "0006")
        names = _indexes(repo.engine)
        assert "features_article" in names and "features_kind_source" not in names
        assert ("features_geometry_gist" in names) is (backend == "postgis")
        upgrade(repo.engine)
        assert current_revision(repo.engine) == head_revision() == "0009"
        assert repo.query_events(LayerFilter(source_dataset="acled"), 5).number_matched == 1
    finally:
        repo.close()
