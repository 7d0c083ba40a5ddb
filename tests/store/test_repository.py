"""The repository contract, against the real SQLite and PostGIS backends."""

import datetime as dt
import subprocess
import sys
import threading

import pytest
import shapely
from shapely.geometry import shape

from app.store.base import LayerFilter
from app.store.factory import open_repository
from app.store.migrate import current_revision, head_revision, upgrade
from tests.store.factories import area, collection, event, new_article, place

BUKAMAL = (40.918, 34.452)


def _ids(page):
    return [f["id"] for f in page.features]


def test_add_is_idempotent_by_content_hash(repo):
    coll = collection(place("geonames:1", *BUKAMAL), event("e1", *BUKAMAL))
    article_id, created = repo.add_article(new_article("ISIS attacked al-Bukamal."), coll)
    assert created and len(article_id) == 16
    again = repo.add_article(new_article("ISIS attacked al-Bukamal."), coll)
    assert again == (article_id, False)
    assert repo.find_by_hash(new_article("ISIS attacked al-Bukamal.").content_hash) == article_id
    stored = repo.get_article(article_id)
    assert (stored.place_count, stored.event_count) == (1, 1)
    assert repo.list_articles(10).number_matched == 1


def test_article_round_trip(repo):
    text = "Shelling hit Homs."
    coll = collection(
        place("geonames:169577", 36.72, 34.73, name="Homs"),
        area("naturalearth:country:SY", [[35, 32], [42, 32], [42, 37], [35, 37], [35, 32]]),
        unresolved=[{"text": "Xyz", "start": 1, "end": 4, "reason": "unknown"}],
    )
    article = new_article(text, title="T", url="https://example.org/a", source="Agency")
    article_id, _ = repo.add_article(article, coll)
    stored = repo.get_article(article_id)
    assert (stored.title, stored.url, stored.source) == ("T", "https://example.org/a", "Agency")
    assert stored.published_at == dt.date(2018, 6, 11)
    assert stored.text == text and stored.geoparser_version == "test-1"
    assert stored.ingested_at.tzinfo is not None
    assert stored.meta["unresolved"][0]["text"] == "Xyz"
    features = repo.article_features(article_id)
    assert [f["id"] for f in features] == ["geonames:169577", "naturalearth:country:SY"]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [36.72, 34.73]}
    assert list(features[0]["properties"]) == list(coll["features"][0]["properties"])
    polygon = shape(features[1]["geometry"])
    assert polygon.equals(shape(coll["features"][1]["geometry"]))
    assert polygon.exterior.is_ccw
    assert repo.get_article("0000000000000000") is None


def test_a_failing_feature_leaves_no_half_stored_article(repo):
    broken = {
        "type": "Feature",
        "id": "bad",
        "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]},  # 2-point ring
        "properties": {"kind": "place", "gazetteer_id": "x:bad"},
    }
    article = new_article("Broken article.")
    with pytest.raises(ValueError):
        repo.add_article(article, collection(place("geonames:9", 10, 10), broken))
    assert repo.find_by_hash(article.content_hash) is None
    assert repo.list_articles(10).number_matched == 0
    assert repo.query_places(LayerFilter(), 10).number_matched == 0


def test_delete_removes_features_and_links(repo):
    coll = collection(
        place("geonames:1", *BUKAMAL), event("e1", *BUKAMAL, place_ids=("geonames:1",))
    )
    keep, _ = repo.add_article(new_article("keep"), collection(place("geonames:2", 36, 35)))
    gone, _ = repo.add_article(new_article("gone"), coll)
    assert repo.delete_article(gone) is True
    assert repo.delete_article(gone) is False
    assert repo.get_article(gone) is None and repo.article_features(gone) == []
    assert repo.query_events(LayerFilter(), 10).number_matched == 0
    box = LayerFilter(bboxes=((40, 34, 41, 35),))
    assert repo.query_places(box, 10).number_matched == 0
    assert _ids(repo.query_places(LayerFilter(), 10)) == ["geonames:2"]
    assert repo.get_article(keep) is not None


def _events_fixture(repo):
    a, _ = repo.add_article(
        new_article("article a"),
        collection(
            place("geonames:1", *BUKAMAL, country="SY"),
            event("e1", *BUKAMAL, place_ids=("geonames:1",), actors=("ISIS", "Syrian Arab Army")),
            event(
                "e2",
                44.4,
                33.3,
                "2018-06-01",
                "2018-06-01",
                "Explosions/Remote violence",
                actors=("Iraqi Air Force",),
                country_code="IQ",
                score=0.4,
            ),
        ),
    )
    b, _ = repo.add_article(
        new_article("article b", published_at=dt.date(2018, 7, 2)),
        collection(
            event("e1", 36.2, 37.0, None, None, "Protests", actors=("Residents",)),
            event("e2", 41.0, 34.5, "2018-06-20", None, place_ids=("geonames:1",)),
        ),
    )
    return a, b


def test_event_filters(repo):
    a, b = _events_fixture(repo)
    every = repo.query_events(LayerFilter(), 100)
    assert every.number_matched == 4 and every.next_key is None
    assert _ids(every) == [f"{a}:e1", f"{a}:e2", f"{b}:e1", f"{b}:e2"]

    def ids(**kw):
        return set(_ids(repo.query_events(LayerFilter(**kw), 100)))

    assert ids(bboxes=((40, 34, 42, 35),)) == {f"{a}:e1", f"{b}:e2"}
    assert ids(bboxes=((40, 34, 42, 35), (44, 33, 45, 34))) == {f"{a}:e1", f"{a}:e2", f"{b}:e2"}
    # overlap of [date_start, date_end] with [start, end]
    assert ids(start=dt.date(2018, 6, 9), end=dt.date(2018, 6, 9)) == {f"{a}:e1"}
    assert ids(start=dt.date(2018, 6, 2)) == {f"{a}:e1", f"{b}:e1", f"{b}:e2"}
    assert ids(end=dt.date(2018, 6, 1)) == {f"{a}:e2"}
    # an event without dates is dated by its article
    assert ids(start=dt.date(2018, 7, 2), end=dt.date(2018, 7, 2)) == {f"{b}:e1"}
    assert ids(event_types=("Protests", "Explosions/Remote violence")) == {f"{b}:e1", f"{a}:e2"}
    assert ids(actor="syrian arab") == {f"{a}:e1"}
    assert ids(actor="100%_") == set()
    assert ids(countries=("IQ",)) == {f"{a}:e2"}
    # an event without country_code has its linked place's, from the same collection
    assert ids(countries=("SY",)) == {f"{a}:e1"}
    assert ids(article_id=b) == {f"{b}:e1", f"{b}:e2"}
    assert ids(min_score=0.5) == {f"{a}:e1", f"{b}:e1", f"{b}:e2"}
    assert ids(bboxes=((40, 34, 42, 35),), start=dt.date(2018, 6, 15), actor="isis") == {f"{b}:e2"}


def test_event_features_carry_article_and_properties(repo):
    a, _ = _events_fixture(repo)
    feature = repo.get_event(f"{a}:e1")
    props = feature["properties"]
    assert feature["id"] == f"{a}:e1"
    assert feature["geometry"]["coordinates"] == list(BUKAMAL)
    assert props["actors"] == [{"name": "ISIS"}, {"name": "Syrian Arab Army"}]
    assert props["fatalities"]["best"] == 3 and props["evidence"]["text"] == "evidence.."
    assert props["article_id"] == a and props["published_at"] == "2018-06-11"
    assert repo.get_event(f"{a}:nope") is None and repo.get_event("nope") is None


def test_keyset_paging_is_complete_and_stable(repo):
    features = [event(f"e{i}", 30 + i * 0.1, 30) for i in range(23)]
    repo.add_article(new_article("many events"), collection(*features))
    seen, after = [], None
    while True:
        page = repo.query_events(LayerFilter(), 5, after=after)
        assert page.number_matched == 23
        seen += _ids(page)
        if page.next_key is None:
            break
        after = page.next_key
    assert len(seen) == 23 == len(set(seen))
    assert seen == _ids(repo.query_events(LayerFilter(), 100))
    offset_page = repo.query_events(LayerFilter(), 5, offset=20)
    assert _ids(offset_page) == seen[20:]


def test_places_are_aggregated_across_articles(repo):
    mentions = [{"start": 0, "end": 3, "text": "a"}, {"start": 5, "end": 8, "text": "b"}]
    a, _ = repo.add_article(
        new_article("one"),
        collection(
            place("geonames:1", *BUKAMAL, mentions=mentions, score=0.6),
            place("geonames:2", 36.7, 34.7),
            event("e1", *BUKAMAL, place_ids=("geonames:1",), event_type="Battles"),
        ),
    )
    b, _ = repo.add_article(
        new_article("two", published_at=dt.date(2018, 7, 1)),
        collection(
            place("geonames:1", *BUKAMAL, score=0.95),
            event("x", *BUKAMAL, place_ids=("geonames:1",), event_type="Protests"),
        ),
    )
    page = repo.query_places(LayerFilter(), 10)
    assert page.number_matched == 2 and _ids(page) == ["geonames:1", "geonames:2"]
    props = page.features[0]["properties"]
    assert props["mention_count"] == 3 and props["article_count"] == 2
    assert sorted(props["article_ids"]) == sorted([a, b])
    assert props["event_count"] == 2 and props["score"] == 0.95
    assert (props["first_date"], props["last_date"]) == ("2018-06-11", "2018-07-01")
    assert "mentions" not in props
    assert repo.query_places(LayerFilter(), 10).features[1]["properties"]["event_count"] == 0
    # filters narrow the mentions that are aggregated
    only_b = repo.query_places(LayerFilter(article_id=b), 10)
    assert _ids(only_b) == ["geonames:1"]
    assert only_b.features[0]["properties"]["article_ids"] == [b]
    assert only_b.features[0]["properties"]["event_count"] == 1
    protests = repo.query_places(LayerFilter(event_types=("Protests",)), 10)
    assert _ids(protests) == ["geonames:1"]
    assert repo.get_place("geonames:2")["properties"]["article_ids"] == [a]
    assert repo.get_place("geonames:404") is None
    first = repo.query_places(LayerFilter(), 1)
    second = repo.query_places(LayerFilter(), 1, after=first.next_key)
    assert _ids(first) + _ids(second) == ["geonames:1", "geonames:2"]
    assert second.next_key is None


def test_bbox_is_exact_for_lines_and_polygons(repo):
    triangle = [[0, 0], [10, 0], [0, 10], [0, 0]]  # its bbox covers (9, 9); the shape does not
    river = {
        "type": "Feature",
        "id": "river",
        "geometry": {"type": "LineString", "coordinates": [[20, 0], [30, 10]]},
        "properties": {"kind": "place", "gazetteer_id": "x:river", "name": "River"},
    }
    repo.add_article(new_article("shapes"), collection(area("x:triangle", triangle), river))

    def ids(box):
        return _ids(repo.query_places(LayerFilter(bboxes=(box,)), 10))

    assert ids((8.5, 8.5, 9.5, 9.5)) == []
    assert ids((1, 1, 2, 2)) == ["x:triangle"]  # inside the polygon, no vertex in the box
    assert ids((-5, -5, 50, 50)) == ["x:river", "x:triangle"]
    assert ids((21, 8, 22, 9)) == []  # in the line's bbox, off the line
    assert ids((24, 4, 26, 6)) == ["x:river"]


def test_replace_features_keeps_the_id(repo):
    article_id, _ = repo.add_article(new_article("re"), collection(place("geonames:1", 1, 1)))
    repo.replace_features(
        article_id, collection(place("geonames:2", 2, 2), event("e1", 2, 2)), "re", "test-2"
    )
    stored = repo.get_article(article_id)
    assert stored.geoparser_version == "test-2" and stored.event_count == 1
    assert [f["id"] for f in repo.article_features(article_id)] == ["geonames:2", "e1"]
    assert repo.query_places(LayerFilter(bboxes=((0, 0, 1.5, 1.5),)), 10).number_matched == 0
    assert [a.id for a in repo.iter_articles(outdated_for="test-2")] == []
    assert [a.id for a in repo.iter_articles(outdated_for="test-3")] == [article_id]


def test_list_articles_newest_first_with_pages(repo):
    ids = [repo.add_article(new_article(f"text {i}"), collection())[0] for i in range(5)]
    first = repo.list_articles(3)
    assert [a.id for a in first.articles] == ids[::-1][:3] and first.number_matched == 5
    second = repo.list_articles(3, after=first.next_key)
    assert [a.id for a in second.articles] == ids[::-1][3:] and second.next_key is None


def test_extent_and_feature_ids(repo):
    assert repo.extent("event").bbox is None and repo.extent("event").count == 0
    coll = collection(
        event("e1", 10, 20, "2018-01-01", "2018-01-02"),
        event("e1", 12, 22, "2018-03-01", "2018-03-01"),  # a repeated id is made unique
        {"type": "Feature", "geometry": None, "properties": {"kind": "event"}},
    )
    article_id, _ = repo.add_article(new_article("extent"), coll)
    extent = repo.extent("event")
    assert extent.bbox == (10, 20, 12, 22) and extent.count == 3
    assert (extent.start, extent.end) == (dt.date(2018, 1, 1), dt.date(2018, 6, 11))
    ids = [f["id"] for f in repo.article_features(article_id)]
    assert ids[0] == "e1" and len(set(ids)) == 3
    assert repo.article_features(article_id)[2]["geometry"] is None


def test_number_matched_can_be_capped_or_off(store_url):
    capped = open_repository(store_url, count_cap=3)
    try:
        capped.add_article(
            new_article("cap"), collection(*[event(f"e{i}", i, i) for i in range(5)])
        )
        assert capped.query_events(LayerFilter(), 2).number_matched is None
        assert capped.query_events(LayerFilter(bboxes=((0, 0, 1, 1),)), 2).number_matched == 2
        assert capped.query_events(LayerFilter(), 2, count=False).number_matched is None
    finally:
        capped.close()
    off = open_repository(store_url, count_cap=0)
    try:
        assert off.query_events(LayerFilter(), 2).number_matched is None
    finally:
        off.close()


def test_migrations_run_once_and_reach_head(repo, store_url):
    assert current_revision(repo.engine) == head_revision() == "0009"
    again = open_repository(store_url)  # a second start-up: nothing to do, data intact
    try:
        article_id, _ = again.add_article(new_article("after restart"), collection())
        assert repo.get_article(article_id) is not None
    finally:
        again.close()


def test_upgrade_from_the_first_schema_keeps_and_indexes_the_data(store_url):
    repo = open_repository(store_url, migrate=False)
    try:
        upgrade(repo.engine, "0001")
        repo.add_article(new_article("old"), collection(event("e1", 5, 5, "2018-06-08", None)))
        upgrade(repo.engine)
        assert current_revision(repo.engine) == head_revision()
        window = LayerFilter(
            bboxes=((4, 4, 6, 6),), start=dt.date(2018, 6, 8), end=dt.date(2018, 6, 8)
        )
        assert repo.query_events(window, 10).number_matched == 1
        later = LayerFilter(bboxes=((4, 4, 6, 6),), start=dt.date(2018, 6, 9))
        assert repo.query_events(later, 10).number_matched == 0
    finally:
        repo.close()


def test_concurrent_start_ups_migrate_once(store_url):
    """Three processes starting at once on an empty store (like uvicorn workers)."""
    code = "import sys; from app.store.factory import open_repository; open_repository(sys.argv[1])"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, store_url], stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    errors = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    repo = open_repository(store_url, migrate=False)
    try:
        assert current_revision(repo.engine) == head_revision() == "0009"
    finally:
        repo.close()


def test_concurrent_ingests_of_the_same_content_store_one_article(store_url):
    repos = [open_repository(store_url) for _ in range(4)]
    results, errors = [], []
    barrier = threading.Barrier(len(repos))

    def add(r):
        try:
            barrier.wait()
            results.append(r.add_article(new_article("same text"), collection(place("g:1", 1, 1))))
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(r,)) for r in repos]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        assert len({article_id for article_id, _ in results}) == 1
        assert sum(created for _, created in results) == 1
        assert repos[0].list_articles(10).number_matched == 1
        page = repos[0].query_places(LayerFilter(), 10)
        assert page.features[0]["properties"]["article_count"] == 1
    finally:
        for r in repos:
            r.close()


def test_backend_specific_spatial_index(repo, backend):
    repo.add_article(new_article("index"), collection(place("g:1", 5, 6), place("g:2", 7, 8)))
    with repo.engine.connect() as conn:
        if backend == "sqlite":
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            rows = conn.exec_driver_sql("SELECT count(*) FROM features_rtree").scalar()
            assert rows == 2
        else:
            indexdef = conn.exec_driver_sql(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'features_geometry_dates_gist'"
            ).scalar()
            assert "gist" in indexdef.lower()
            srid = conn.exec_driver_sql("SELECT DISTINCT ST_SRID(geometry) FROM features").scalar()
            assert srid == 4326
    assert shapely.Point(5, 6).equals(
        shape(repo.query_places(LayerFilter(bboxes=((4, 5, 6, 7),)), 10).features[0]["geometry"])
    )
