"""The events map over 200,000 events: zoomed out it draws every event counted per grid
cell (not a capped sample), zoomed in it draws the events themselves.

A real server over its own SQLite store (written in bulk, in a few seconds) and headless
Chromium, as in ``test_pages_browser.py``.
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import struct

import httpx
import pytest

from app.store.base import LayerFilter, NewArticle
from app.store.factory import open_repository
from tests.maps.conftest import OUTPUT, serve
from tests.maps.test_pages_browser import (
    BASEMAP_LOADED,
    CELL_TOTAL,
    MAP,
    MODE,
    _clean,
    _click,
    _popup,
)

EVENTS = 200_000
TYPES = ("Battles", "Protests", "Riots", "Explosions/Remote violence")
_INSERT = (
    "INSERT INTO features (article_id, kind, feature_id, mention_count, properties,"
    " source_dataset, event_type, sub_event_type, date_start, date_end, fatalities,"
    " geometry_type, geometry, min_lon, min_lat, max_lon, max_lat, score)"
    " VALUES (?, 'event', ?, 0, ?, 'geoevents', ?, ?, ?, ?, ?, 'Point', ?, ?, ?, ?, ?, ?)"
)


def _rows(article_id: str, n: int, seed: int = 20):
    """Events over the inhabited world: the columns the layers read, a point as WKB."""
    rng = random.Random(seed)
    for i in range(n):
        lon, lat = round(rng.uniform(-175, 175), 4), round(rng.uniform(-55, 70), 4)
        event_type = TYPES[rng.randrange(len(TYPES))]
        day = f"2020-{1 + i % 12:02d}-{1 + i % 28:02d}"
        props = {"kind": "event", "event_type": event_type, "date_start": day, "date_end": day}
        yield (
            article_id,
            f"event-{i}",
            json.dumps(props),
            event_type,
            "Armed clash",
            day,
            day,
            i % 4,
            struct.pack("<BIdd", 1, 1, lon, lat),
            lon,
            lat,
            lon,
            lat,
            0.8,
        )


def bulk_store(url: str, n: int) -> int:
    """A store of ``n`` synthetic events: the schema and the article through the
    repository, the events by one ``executemany`` (the R*Tree triggers keep the spatial
    index). The number of events the layer counts."""
    repo = open_repository(url)
    try:
        text = "synthetic events"
        article = NewArticle(
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
            body=text,
            body_format="text",
            text=text,
            geoparser_version="test",
        )
        article_id, _ = repo.add_article(article, {"features": []})
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            conn.executemany(_INSERT, _rows(article_id, n))
        return repo.query_events(LayerFilter(), 1).number_matched
    finally:
        repo.close()


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    store = tmp_path_factory.mktemp("maps-big") / "geoevents.sqlite"
    count = bulk_store(f"sqlite:///{store}", EVENTS)
    with serve(store, tmp_path_factory) as running:
        yield running, count


def test_world_zoom_shows_every_event_in_cells_then_markers(big, page):
    server, count = big
    assert count == EVENTS
    page.open(
        f"{server.url}/v1/maps/events",
        until=f"{MODE} === 'cells' && {BASEMAP_LOADED}",
    )
    page.pump(0.5)
    assert page.evaluate(f"{MAP}.getZoom()") <= 2  # the world
    html = httpx.get(f"{server.url}/v1/maps/events", timeout=30).text
    assert len(html) < 60_000  # the page carries no events
    cells = page.evaluate("document.querySelectorAll('path.ge-cell').length")
    drawn = page.evaluate(CELL_TOTAL)
    assert cells > 100 and drawn == count
    title = page.evaluate("document.querySelector('.ge-legend-title').textContent")
    assert title == f"Aggregated: {count:,} events in {cells:,} cells"
    assert page.evaluate("document.querySelectorAll('.ge-event, .marker-cluster').length") == 0
    _click(page, "path.ge-cell", 0)
    assert "events" in _popup(page) and "fatalities" in _popup(page)
    page.screenshot(OUTPUT / "events-cells.png")

    page.evaluate(f"void {MAP}.setView([30, 40], 9)")
    page.wait_for(f"{MODE} === 'events' && document.querySelector('.ge-event')")
    page.pump(0.5)
    assert page.evaluate("document.querySelectorAll('path.ge-cell').length") == 0
    assert page.evaluate("document.querySelector('.ge-legend-title').textContent") == "Events"
    markers = page.evaluate("document.querySelectorAll('.ge-event').length")
    loaded = page.evaluate("+document.querySelector('.folium-map').dataset.geLoaded")
    assert 0 < markers <= loaded < 1000
    page.screenshot(OUTPUT / "events-cells-zoomed-in.png")

    page.evaluate(f"void {MAP}.setZoom(3)")  # and out again: cells
    page.wait_for(f"{MODE} === 'cells' && document.querySelector('path.ge-cell')")
    assert page.evaluate("document.querySelectorAll('.ge-event').length") == 0
    _clean(page)
