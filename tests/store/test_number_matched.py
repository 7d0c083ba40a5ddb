"""``numberMatched`` within a time limit (``count_ms``): a count that takes longer is
stopped in the database, the page comes without it, and the read goes on. Both backends."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from app.store.base import LayerFilter
from app.store.factory import open_repository
from tests.store.factories import collection, event, new_article


@pytest.fixture
def timed_repo(store_url):
    repository = open_repository(store_url, count_ms=200)
    yield repository
    repository.close()


def endless() -> sa.Select:
    """Numbers from 1 to a billion: a count of them takes minutes."""
    n = sa.select(sa.literal(1).label("i")).cte("n", recursive=True)
    n = n.union_all(sa.select((n.c.i + 1).label("i")).where(n.c.i < 10**9))
    return sa.select(n.c.i)


def test_a_count_over_its_time_is_stopped_and_the_transaction_goes_on(timed_repo):
    timed_repo.count_cap = 10**9  # the row cap would end it first
    with timed_repo._read() as conn:
        before = timed_repo._revision(conn)
        t0 = time.perf_counter()
        assert timed_repo._count(conn, "event", LayerFilter(), endless()) is None
        assert time.perf_counter() - t0 < 5
        assert timed_repo._revision(conn) == before  # the same transaction still reads
        if timed_repo.backend == "postgis":  # the limit was for the count only
            assert conn.exec_driver_sql("SHOW statement_timeout").scalar() == "0"
    # the stopped count is kept like a finished one: the next page does not wait again
    with timed_repo._read() as conn:
        t0 = time.perf_counter()
        assert timed_repo._count(conn, "event", LayerFilter(), endless()) is None
        assert time.perf_counter() - t0 < 0.2


def test_counts_within_their_time_are_exact(timed_repo):
    events = [event(f"t{i}", 36.0 + i / 10, 35.0) for i in range(5)]
    timed_repo.add_article(new_article("timed"), collection(*events))
    page = timed_repo.query_events(LayerFilter(), 2)
    assert page.number_matched == 5 and len(page.features) == 2
    places = timed_repo.query_places(LayerFilter(), 1)
    assert places.number_matched == 0
    with timed_repo._read() as conn:
        if timed_repo.backend == "postgis":
            assert conn.exec_driver_sql("SHOW statement_timeout").scalar() == "0"
