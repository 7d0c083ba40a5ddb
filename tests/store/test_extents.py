"""The extent of a kind (``app/store/extents.py``) and a layer's ``numberMatched`` are
computed once per store revision: read again without a write they are the kept ones, and
any write (an article, added features, an import) makes the next read compute them anew.
Both backends."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from app.store.base import LayerFilter
from tests.store.factories import collection, event, new_article


def test_the_extent_is_kept_until_the_store_changes(repo, monkeypatch):
    article_id, _ = repo.add_article(new_article("extent"), collection(event("x1", 36.0, 35.0)))
    computed = []
    real = repo._extent

    def counting(kind, source_dataset):
        computed.append((kind, source_dataset))
        return real(kind, source_dataset)

    monkeypatch.setattr(repo, "_extent", counting)
    first = repo.extent("event")
    assert repo.extent("event") == first and len(computed) == 1
    assert first.count == repo.query_events(LayerFilter(), 10).number_matched
    repo.add_features(article_id, [event("x2", 44.0, 38.0, "2019-01-01", "2019-01-02")])
    second = repo.extent("event")
    assert len(computed) == 2 and second.count == first.count + 1
    assert second.bbox[2] == 44.0 and second.end.isoformat() == "2019-01-02"
    repo.extent("place")  # another kind is its own
    assert len(computed) == 3 and repo.extent("event") == second and len(computed) == 3


def test_number_matched_is_counted_once_while_paging_until_the_store_changes(repo):
    events = [event(f"c{i}", 36.0 + i / 10, 35.0) for i in range(5)]
    article_id, _ = repo.add_article(new_article("counted"), collection(*events))
    counts: list[str] = []

    def seen(_conn, _cursor, statement, *_rest) -> None:
        if "count(" in statement.lower():
            counts.append(statement)

    sa.event.listen(repo.engine, "before_cursor_execute", seen)
    try:
        pages, after = [], None
        for _ in range(3):  # two by two: 2 + 2 + 1
            page = repo.query_events(LayerFilter(), 2, after=after)
            pages.append(page.number_matched)
            after = page.next_key
        assert pages == [5, 5, 5] and after is None
        assert len(counts) == 1  # the later pages reuse the first page's count
        window = LayerFilter(start=dt.date(2018, 6, 1), end=dt.date(2018, 6, 30))
        assert repo.query_events(window, 2).number_matched == 5
        assert len(counts) == 2  # other filters: counted on their own
        repo.add_features(article_id, [event("c9", 44.0, 38.0)])
        assert repo.query_events(LayerFilter(), 2).number_matched == 6
        assert len(counts) == 3  # a write: counted anew
        assert repo.query_events(LayerFilter(), 2, count=False).number_matched is None
        assert len(counts) == 3
    finally:
        sa.event.remove(repo.engine, "before_cursor_execute", seen)
