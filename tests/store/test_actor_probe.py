"""The actor index (migration 0009, ``app.store.actors``) on both backends: an event query
with an actor and a box or window probes it, and answers exactly what ``LIKE '%part%'``
over ``features.actors`` answered (same rows, order, pages, ``numberMatched``); every
write and delete keeps it in step; the migration fills it from the stored events."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest
import sqlalchemy as sa

from app.store import actors
from app.store.actors import ACTOR_COLUMNS, actor_rows
from app.store.base import LayerFilter
from app.store.factory import open_repository
from app.store.migrate import current_revision, head_revision, upgrade
from tests.store.factories import collection, event, new_article, place
from tests.store.test_api_keys import upgrade_down
from tests.store.test_imports import acled

NAMES = (
    "Actor 1",
    "Actor 12",
    "ACTOR 2",
    "Military Forces of Syria (2000-)",
    "Civilians (Syria)",
    "100% Rebels_x",
    "Ḥayʼat Taḥrīr al-Shām",
)
TYPES = ("Battles", "Riots", "Explosions/Remote violence")
SQUARE = [[36.0, 35.0], [36.4, 35.0], [36.4, 35.4], [36.0, 35.4], [36.0, 35.0]]


def _events() -> list[dict]:
    """Points over 2 x 2 degrees and 60 days, one to three names each, some spans of
    several days, some undated, an area event and one without a geometry."""
    features = []
    for i in range(240):
        names = tuple(NAMES[(i * k) % len(NAMES)] for k in range(1, 2 + i % 3))
        start = dt.date(2020, 1, 1) + dt.timedelta(days=(i * 7) % 60)
        end = start + dt.timedelta(days=(0, 0, 1, 9)[i % 4])
        dated = i % 23 != 0
        features.append(
            event(
                f"e{i}",
                35 + (i * 37 % 200) / 100,
                34 + (i * 53 % 200) / 100,
                start.isoformat() if dated else None,
                end.isoformat() if dated else None,
                event_type=TYPES[i % 3],
                actors=names,
            )
        )
    polygon = event("area", 0, 0, "2020-01-20", "2020-01-20", actors=("Actor 12",))
    polygon["geometry"] = {"type": "Polygon", "coordinates": [SQUARE]}
    nowhere = event("nowhere", 0, 0, "2020-01-20", "2020-01-20", actors=("Actor 1",))
    nowhere["geometry"] = None
    untyped = event("untyped", 36.2, 35.2, "2020-01-20", None, event_type=None, actors=("Actor 2",))
    return [*features, polygon, nowhere, untyped]


def _filters() -> list[LayerFilter]:
    boxes = [
        ((35.5, 34.5, 36.5, 35.5),),
        ((36.1, 35.1, 36.2, 35.2),),
        ((35, 34, 35.6, 34.8), (36.3, 35, 37, 36)),
    ]
    windows = [
        (None, None),
        (dt.date(2020, 1, 10), dt.date(2020, 2, 1)),
        (dt.date(2020, 1, 28), None),
        (None, dt.date(2020, 1, 5)),
    ]
    parts = ["actor 1", "ACTOR 1", "or 12", "syria", "100%", "s_x", "ḥayʼat", "nobody", "r"]
    types = [(), ("Battles",), ("Riots", "Battles")]
    filters = []
    for actor, (bboxes, (start, end), event_types) in zip(
        itertools.cycle(parts), itertools.product(boxes + [()], windows, types), strict=False
    ):
        if bboxes or start or end:
            filters.append(LayerFilter(bboxes, start, end, event_types, actor))
    return filters


def _pages(repo, filters: LayerFilter, limit: int) -> tuple[list[str], int | None]:
    """Every page's ids in order (by the ``next`` keys) and the first page's count."""
    page = repo.query_events(filters, limit)
    ids, matched = [f["id"] for f in page.features], page.number_matched
    while page.next_key is not None:
        page = repo.query_events(filters, limit, after=page.next_key)
        ids += [f["id"] for f in page.features]
    return ids, matched


def _without_index(repo):
    """The same repository with the actor index never probed: ``LIKE`` over actors."""
    repo._actor_keys = lambda filters: None
    return repo


def _stored_rows(repo) -> list[tuple]:
    with repo.engine.connect() as conn:
        rows = conn.exec_driver_sql(f"SELECT {', '.join(ACTOR_COLUMNS)} FROM event_actors")
        return sorted(tuple(r) for r in rows)


def _expected_rows(repo) -> list[tuple]:
    """What the write path stores for the events now in ``features``."""
    query = (
        "SELECT fid, actors, event_type, date_start, date_end, geometry_type, min_lon, "
        "min_lat FROM features WHERE kind = 'event'"
    )
    with repo.engine.connect() as conn:
        events = conn.exec_driver_sql(query).all()
    rows = []
    for e in events:
        point = (e.min_lon, e.min_lat) if e.geometry_type == "Point" else None
        rows += actor_rows(e.fid, e.actors, e.event_type, e.date_start, e.date_end, point)
    return sorted(rows)


def _names(repo) -> set[tuple[str, str]]:
    with repo.engine.connect() as conn:
        return set(conn.exec_driver_sql("SELECT actor, event_type FROM actor_names").all())


def test_the_index_answers_what_like_answered(store_url):
    repo = open_repository(store_url)
    plain = _without_index(open_repository(store_url))
    try:
        repo.add_article(new_article("actors"), collection(place("g:1", 36, 35), *_events()))
        filters = _filters()
        assert len(filters) > 40
        probed = 0
        for f in filters:
            probed += repo._actor_keys(f) is not None
            expected = _pages(plain, f, 7)
            assert _pages(repo, f, 7) == expected, f
            assert repo.query_events(f, 1000).number_matched == expected[1] == len(expected[0])
        assert probed == len(filters)
    finally:
        repo.close()
        plain.close()


def test_too_many_names_or_entries_fall_back_to_like(repo, monkeypatch):
    repo.add_article(new_article("actors"), collection(*_events()))
    query = LayerFilter(bboxes=((35, 34, 37, 36),), actor="actor")
    probed = _pages(repo, query, 20)
    assert repo._actor_keys(query).names == ("actor 1", "actor 12", "actor 2")
    monkeypatch.setattr(actors, "MAX_KEYS", 2)
    assert repo._actor_keys(query) is None
    assert _pages(repo, query, 20) == probed and probed[1] > 20
    monkeypatch.setattr(actors, "MAX_KEYS", 2000)
    stored = [row[0] for row in _stored_rows(repo)]
    monkeypatch.setattr(actors, "PROBE_MAX", stored.count("actor 2"))  # of the three names
    assert repo._actor_keys(query) is None
    assert repo._actor_keys(dataclasses.replace(query, actor="actor 2")) is not None
    assert _pages(repo, query, 20) == probed


def test_a_part_of_a_name_matches_every_name_holding_it(repo):
    repo.add_article(
        new_article("parts"),
        collection(
            event("one", 36, 35, actors=("Actor 1",)),
            event("twelve", 36, 35, actors=("Civilians", "Actor 12")),
            event("two", 36, 35, actors=("ACTOR 2",)),
            event("both", 36, 35, actors=("actor 1", "Actor 12")),
        ),
    )
    box = ((35, 34, 37, 36),)

    def ids(actor: str) -> list[str]:
        page = repo.query_events(LayerFilter(bboxes=box, actor=actor), 10)
        assert page.number_matched == len(page.features)
        return [f["id"].split(":")[1] for f in page.features]

    assert ids("actor 1") == ["one", "twelve", "both"]  # 'actor 1' is in 'actor 12'
    assert ids("CTOR 12") == ["twelve", "both"]
    assert ids("actor") == ["one", "twelve", "two", "both"]
    assert ids("civ") == ["twelve"]
    assert ids("1\nactor") == ["both"]  # across two names: LIKE over the lines, no index
    assert repo._actor_keys(LayerFilter(bboxes=box, actor="1\nactor")) is None
    assert ids("actor 3") == []
    assert _stored_rows(repo) == _expected_rows(repo)
    assert len(_stored_rows(repo)) == 6  # 'actor 1' twice in one event is one row


def test_deletes_replacements_and_reimports_leave_no_stale_rows(repo):
    first, _ = repo.add_article(
        new_article("first"), collection(event("e1", 36, 35, actors=("Actor 1", "Army")))
    )
    second, _ = repo.add_article(
        new_article("second"), collection(event("e1", 36, 35, actors=("Actor 12",)))
    )
    repo.import_events("acled", [acled("X1"), acled("X2")])
    assert len(_stored_rows(repo)) == 5 and _stored_rows(repo) == _expected_rows(repo)

    new = collection(event("e1", 36, 35, actors=("Police",)), event("e2", 36, 35, actors=()))
    repo.replace_features(first, new, "text", "test-2")
    assert _stored_rows(repo) == _expected_rows(repo)
    assert {r[0] for r in _stored_rows(repo)} == {"police", "actor 12", "isis"}

    assert repo.delete_article(second)
    assert {r[0] for r in _stored_rows(repo)} == {"police", "isis"}

    renamed = acled("X1")
    renamed["properties"]["actors"] = [{"name": "Rioters"}]
    assert repo.import_events("acled", [renamed]) == 1
    assert _stored_rows(repo) == _expected_rows(repo)
    assert sorted(r[0] for r in _stored_rows(repo)) == ["isis", "police", "rioters"]

    query = LayerFilter(bboxes=((30, 30, 40, 40),), actor="actor 1")
    assert repo.query_events(query, 10).number_matched == 0  # stale names match nothing
    assert ("actor 12", "Battles") in _names(repo)
    assert repo.delete_article("acled")
    assert {r[0] for r in _stored_rows(repo)} == {"police"}
    assert repo.add_features(first, [event("e9", 36, 35, actors=("Army",))]) == 1
    assert _stored_rows(repo) == _expected_rows(repo)


def test_a_longer_span_widens_what_the_window_reads(repo):
    """An event starting well before the window still overlaps it."""
    repo.add_article(
        new_article("spans"),
        collection(
            event("short", 36, 35, "2020-03-01", "2020-03-01", actors=("Army",)),
            event("long", 36, 35, "2019-01-01", "2020-06-30", actors=("Army",)),
        ),
    )
    window = LayerFilter(start=dt.date(2020, 6, 1), end=dt.date(2020, 6, 2), actor="arm")
    assert repo._actor_keys(window).span == 546
    assert [f["id"].split(":")[1] for f in repo.query_events(window, 10).features] == ["long"]


@pytest.mark.parametrize("old", ["0001", "0008"])
def test_the_migration_fills_the_index_from_stored_events(store_url, old):
    repo = open_repository(store_url, migrate=False)
    plain = _without_index(open_repository(store_url, migrate=False))
    try:
        upgrade(repo.engine, old)
        repo.add_article(new_article("before"), collection(*_events()[:60]))
        if old == "0008":
            repo.import_events("acled", [acled("X1"), acled("X2")])
        upgrade(repo.engine)
        assert current_revision(repo.engine) == head_revision() == "0009"
        assert _stored_rows(repo) == _expected_rows(repo) != []
        query = LayerFilter(bboxes=((35, 34, 37, 36),), actor="actor 1")
        assert repo._actor_keys(query) is not None
        before = _pages(plain, query, 5)
        assert _pages(repo, query, 5) == before and before[1] > 5
        written = _stored_rows(repo)
        upgrade_down(repo.engine, "0008")
        assert "event_actors" not in sa.inspect(repo.engine).get_table_names()
        assert _pages(repo, query, 5) == before  # a store before 0009 is still read
        repo.add_article(new_article("between"), collection(event("b1", 36, 35)))
        upgrade(repo.engine)
        assert _stored_rows(repo) == _expected_rows(repo)
        assert set(written) < set(_stored_rows(repo))
    finally:
        repo.close()
        plain.close()
