"""The extent of a kind (``app/store/extents.py``) is computed once per store revision:
read again without a write it is the kept one, and any write (an article, added features,
an import) makes the next read compute it anew. Both backends."""

from __future__ import annotations

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
