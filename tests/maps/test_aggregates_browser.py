"""The events map over 200,000 events: zoomed out it draws every event counted per grid
cell (not a capped sample), zoomed in it draws the events themselves; zoomed out, the
legend's type toggles and the time slider count the cells again, and the legend shows
the counts per type.

A real server over its own SQLite store (written in bulk, in a few seconds) and headless
Chromium, as in ``test_pages_browser.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import sqlite3
import struct
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from app.maps.style import EVENT_STYLES, OTHER
from app.store.base import LayerFilter, NewArticle
from app.store.factory import open_repository
from tests.maps.conftest import OUTPUT, serve
from tests.maps.test_pages_browser import (
    BASEMAP_LOADED,
    CELL_TOTAL,
    LEGEND,
    MAP,
    MODE,
    _clean,
    _click,
    _popup,
    _toggle_layer,
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


CELLS = "/v1/maps/events/cells?"
DRAWN = "document.querySelector('.ge-legend-title').dataset.geEvents"


def _count(store_url: str, **filters) -> int:
    repo = open_repository(store_url)
    try:
        return repo.query_events(LayerFilter(**filters), 1).number_matched
    finally:
        repo.close()


def _cell_requests(page) -> list[dict[str, str]]:
    return [
        {k: v[0] for k, v in parse_qs(urlsplit(u).query).items()}
        for u in page.requests
        if CELLS in u
    ]


def _drawn(page, expected: int) -> None:
    """The page has drawn the cells of ``expected`` events: the title, the circles and the
    legend's rows agree."""
    page.wait_for(f"{DRAWN} === '{expected}'")
    page.pump(0.2)
    assert page.evaluate(CELL_TOTAL) == expected
    assert sum(page.evaluate(LEGEND).values()) == expected


def _day(value: str) -> int:
    return (dt.date.fromisoformat(value) - dt.date(1970, 1, 1)).days


def test_zoomed_out_the_toggles_and_the_slider_count_the_cells_again(big, page):
    server, count = big
    page.open(
        f"{server.url}/v1/maps/events",
        until=f"{MODE} === 'cells' && {DRAWN} === '{count}'",
    )
    names = [s.name for s in (*EVENT_STYLES, OTHER)]
    per_type = {t: _count(server.store_url, event_types=(t,)) for t in TYPES}
    # the legend's counts in cell mode are the store's
    assert page.evaluate(LEGEND) == {n: per_type.get(n, 0) for n in names}
    assert not page.evaluate("document.querySelector('.ge-slider').classList.contains('ge-hidden')")
    assert len(_cell_requests(page)) == 1

    _toggle_layer(page, "Riots")  # off: the cells of the other types
    kept = tuple(t for t in TYPES if t != "Riots")
    _drawn(page, _count(server.store_url, event_types=kept))
    last = _cell_requests(page)[-1]
    assert set(last["event_type"].split(",")) == {s.name for s in EVENT_STYLES} - {"Riots"}
    assert page.evaluate(LEGEND) == {n: per_type.get(n, 0) if n in kept else 0 for n in names}

    # the slider: a 30-day window ending 2020-06-30, dragged over a few days at once
    before = len(_cell_requests(page))
    page.evaluate(
        "(() => { const span = document.querySelector('.ge-span');"
        " span.value = '30'; span.dispatchEvent(new Event('change'));"
        " const range = document.querySelector('.ge-range');"
        f" for (const d of [{_day('2020-06-20')}, {_day('2020-06-25')}, {_day('2020-06-30')}])"
        " { range.value = d; range.dispatchEvent(new Event('input')); } })()"
    )
    start, end = dt.date(2020, 6, 1), dt.date(2020, 6, 30)
    window = _count(server.store_url, event_types=kept, start=start, end=end)
    assert 0 < window < count
    _drawn(page, window)
    requests = _cell_requests(page)[before:]
    assert len(requests) == 1, requests  # debounced: one request for the whole drag
    assert (requests[0]["start"], requests[0]["end"]) == (start.isoformat(), end.isoformat())
    legend = page.evaluate(LEGEND)
    for t in kept:
        assert legend[t] == _count(server.store_url, event_types=(t,), start=start, end=end)

    _toggle_layer(page, "Riots")  # on again: every type, in the window
    _drawn(page, _count(server.store_url, start=start, end=end))
    assert "event_type" not in _cell_requests(page)[-1]

    for name in names:  # every type off: no cells, and nothing to ask for
        _toggle_layer(page, name)
    _drawn(page, 0)
    assert page.evaluate("document.querySelectorAll('path.ge-cell').length") == 0
    page.screenshot(OUTPUT / "events-cells-filtered.png")
    _clean(page)
