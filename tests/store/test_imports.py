"""Imported datasets in the store: replaced by id, apart from re-processing, one revision
step per import (tile ETags)."""

from __future__ import annotations

from app.store.base import LayerFilter
from tests.store.factories import collection, event, new_article


def acled(event_id: str, lon: float = 36.6, lat: float = 35.9, best: int = 1) -> dict:
    feature = event(event_id, lon, lat, "2020-04-27", "2020-04-27", "Protests")
    feature["properties"].update(
        source_dataset="acled", event_id_cnty=event_id, fatalities={"best": best}
    )
    return feature


def test_imported_events_replace_by_id_and_stay_their_own_source(repo):
    repo.add_article(new_article("extracted"), collection(event("e1", 36.0, 35.0)))
    before = repo.revision()
    assert repo.import_events("acled", [acled("ZZT1"), acled("ZZT2")]) == 0
    assert repo.revision() != before
    assert repo.import_events("acled", [acled("ZZT1", best=7)]) == 1
    page = repo.query_events(LayerFilter(source_dataset="acled"), 10)
    assert page.number_matched == 2
    by_id = {f["id"]: f["properties"] for f in page.features}
    assert set(by_id) == {"acled:ZZT1", "acled:ZZT2"}
    assert by_id["acled:ZZT1"]["fatalities"]["best"] == 7
    extracted = repo.query_events(LayerFilter(source_dataset="geoevents"), 10).features
    assert [f["properties"]["source_dataset"] for f in extracted] == ["geoevents"]
    assert repo.get_event("acled:ZZT2")["properties"]["event_id_cnty"] == "ZZT2"


def test_the_import_container_is_not_reprocessed_and_deleting_it_drops_the_import(repo):
    repo.add_article(new_article("extracted"), collection(event("e1", 36.0, 35.0)))
    repo.import_events("acled", [acled("ZZT1")])
    assert "acled" not in {a.id for a in repo.iter_articles()}
    assert repo.get_article("acled").event_count == 1
    assert repo.delete_article("acled")
    assert repo.query_events(LayerFilter(source_dataset="acled"), 10).features == []
