"""Vector tiles from the store on SQLite and PostGIS: the features of the layer query for
the tile's area, at their places; the revision that the ETags follow."""

import datetime as dt

import pytest
import shapely
from shapely.geometry import shape

from app.store.base import LayerFilter
from tests.mvt import decode, tile_of
from tests.store.factories import area, collection, event, new_article, place

TILE = tile_of(40.5, 34.5, 6)
"""Holds the points below: 39.375..45 E, 31.95..36.6 N."""


def _stored(repo):
    features = [
        place("test:a", 40.5, 34.5, name="A"),
        place("test:b", 41.9, 33.3, name="B"),
        place("test:far", 10, 10, name="Far"),
        area("test:area", [[38, 34], [41, 34], [41, 36], [38, 36], [38, 34]]),
    ]
    features += [
        event(
            f"e{i}",
            39.5 + i * 0.3,
            33.5 + i * 0.2,
            f"2020-01-{1 + i:02d}",
            None,
            "Battles" if i % 2 else "Riots",
            place_ids=("test:a",) if i % 2 else ("test:b",),
        )
        for i in range(8)
    ]
    features.append(event("far", 10, 10))
    article_id, _ = repo.add_article(new_article("tile test"), collection(*features))
    return article_id


def _compare(repo, layer, filters, limit=100):
    content = repo.tile(layer, filters, TILE, limit)
    query = repo.query_events if layer == "events" else repo.query_places
    page = query(LayerFilter(**{**_fields(filters), "bboxes": (TILE.bounds_4326(),)}), 1000)
    decoded = decode(content.data, layer, TILE)
    assert content.count == len(decoded) == len(page.features)
    assert set(decoded) == {f["id"] for f in page.features}
    for feature in page.features:
        props, geometry = decoded[feature["id"]]
        expected = shape(feature["geometry"])
        if expected.geom_type == "Point":
            assert geometry.distance(expected) < 0.02, (feature["id"], geometry, expected)
        else:
            clipped = shapely.clip_by_rect(expected, *TILE.bounds_4326())
            assert geometry.intersection(clipped).area > 0.9 * clipped.area
    return decoded, page


def _fields(filters):
    return {name: getattr(filters, name) for name in LayerFilter.__slots__}


def test_event_tile_has_the_features_of_the_layer_query(repo):
    _stored(repo)
    decoded, page = _compare(repo, "events", LayerFilter())
    assert len(decoded) == 8
    props, _ = decoded[page.features[1]["id"]]
    assert props["event_type"] == "Battles"
    assert props["date_start"] == props["date_end"] == "2020-01-02"
    assert props["fatalities"] == 3 and props["country_code"] == "SY"


def test_place_tile_aggregates_like_the_layer_query(repo):
    _stored(repo)
    decoded, page = _compare(repo, "places", LayerFilter())
    assert set(decoded) == {"test:a", "test:b", "test:area"}
    for feature in page.features:
        props, _ = decoded[feature["id"]]
        for key in ("name", "mention_count", "article_count", "event_count", "first_date"):
            assert props.get(key) == feature["properties"].get(key), key
    assert decoded["test:a"][0]["event_count"] == 4


@pytest.mark.parametrize(
    "filters",
    [
        LayerFilter(event_types=("Riots",)),
        LayerFilter(start=dt.date(2020, 1, 3), end=dt.date(2020, 1, 5)),
        LayerFilter(actor="isis", min_score=0.5),
    ],
)
def test_tile_filters_are_the_layer_filters(repo, filters):
    _stored(repo)
    events, _ = _compare(repo, "events", filters)
    places, _ = _compare(repo, "places", filters)
    if filters.event_types:
        assert {p["event_type"] for p, _ in events.values()} == {"Riots"}
        assert set(places) == {"test:b"}
    if filters.start:
        assert len(events) == 3


def test_a_tile_keeps_at_most_limit_features(repo):
    _stored(repo)
    content = repo.tile("events", LayerFilter(), TILE, 3)
    assert content.count == 3 and content.truncated
    decoded = decode(content.data, "events", TILE)
    first = [
        f["id"] for f in repo.query_events(LayerFilter(bboxes=(TILE.bounds_4326(),)), 3).features
    ]
    assert sorted(decoded) == sorted(first)
    assert not repo.tile("events", LayerFilter(), TILE, 8).truncated


def test_an_empty_tile_has_no_features(repo):
    _stored(repo)
    content = repo.tile("events", LayerFilter(), tile_of(-60, -60, 9), 100)
    assert (content.count, content.data) == (0, b"")


def test_the_revision_changes_with_every_write(repo):
    seen = [repo.revision()]
    article_id = _stored(repo)
    seen.append(repo.revision())
    repo.replace_features(article_id, collection(event("x", 40.5, 34.5)), "t", "test-2")
    seen.append(repo.revision())
    repo.add_features(article_id, [event("y", 40.6, 34.5)])
    seen.append(repo.revision())
    repo.add_article(new_article("tile test"), collection())  # the same content: no change
    assert repo.revision() == seen[-1]
    repo.delete_article(article_id)
    seen.append(repo.revision())
    assert len(set(seen)) == len(seen), seen
    assert decode(repo.tile("events", LayerFilter(), TILE, 10).data, "events", TILE) == {}
