"""The map pages as a person sees them: a real server, headless Chromium, the DOM.

Each test counts what was drawn (markers, paths, clusters), checks that no request left
127.0.0.1 and that no script failed, and saves a screenshot under tests/output/maps/.
``GEOEVENTS_UPDATE_DOCS=1`` also writes the seed article's map to docs/map.png.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid

import httpx
import pytest

from app.store.factory import open_repository
from tests.maps.conftest import INLINE_EVENTS, OUTPUT, REPO_ROOT
from tests.maps.data import EVIDENCE, XSS, bukamal_place, plain_events, xss_event
from tests.support import SEED, need_file

BASEMAP_LOADED = "document.querySelector('.folium-map').dataset.geBasemap === 'loaded'"
TOTAL_EVENTS = (
    "[...document.querySelectorAll('.marker-cluster')].reduce((n, c) => n + (+c.innerText), 0)"
    " + document.querySelectorAll('.ge-event').length"
)
MAP = "window[Object.keys(window).find(k => k.startsWith('map_'))]"
"""The page's Leaflet map (folium names it ``map_<id>``)."""
MODE = "document.querySelector('.folium-map').dataset.geMode"
"""``cells`` or ``events``: what a large events map shows."""
CELL_TOTAL = (
    "[...document.querySelectorAll('path.ge-cell')].reduce((n, p) => n + +p.dataset.count, 0)"
)
MARK = "document.querySelector('.leaflet-popup-content mark')?.textContent"
LEGEND = (
    "Object.fromEntries([...document.querySelectorAll('.ge-legend-row')]"
    ".filter(r => r.querySelector('.ge-legend-count'))"
    ".map(r => [r.querySelector('.ge-legend-name').textContent,"
    " +r.querySelector('.ge-legend-count').textContent.replace(/,/g, '')]))"
)


def _ingest(server, text: str, **extra) -> str:
    body = {"text": f"{text} (report {uuid.uuid4().hex[:8]})", **extra}
    r = httpx.post(f"{server.url}/v1/articles", json=body, timeout=60)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _add(server, article_id: str, features: list[dict]) -> None:
    repo = open_repository(server.store_url)
    try:
        assert repo.add_features(article_id, features) == len(features)
    finally:
        repo.close()


def _clean(page) -> None:
    """Nothing left the machine, no script failed, the policy blocked nothing."""
    assert page.outside_requests() == [], page.outside_requests()
    assert page.errors == [], page.errors
    assert [c for c in page.console if "Content Security Policy" in c] == []


def _click(page, selector: str, index: int = 0) -> None:
    page.evaluate(
        f"document.querySelectorAll({json.dumps(selector)})[{index}]"
        ".dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}))"
    )
    page.pump(0.3)


def _popup(page) -> str:
    return page.evaluate(
        "(document.querySelector('.leaflet-popup-content') || {}).textContent || ''"
    )


def _toggle_layer(page, name: str) -> None:
    page.evaluate(
        "[...document.querySelectorAll('.leaflet-control-layers-overlays label')]"
        f".find(l => l.textContent.trim() === {json.dumps(name)}).querySelector('input').click()"
    )
    page.pump(0.5)


def test_seed_article_map(server, page):
    text = need_file(SEED).read_text(encoding="utf-8")
    body = {"text": text, "title": "ISIS attacks on al-Bukamal", "published_at": "2018-06-11"}
    r = httpx.post(f"{server.url}/v1/articles", json=body, timeout=120)
    assert r.status_code in (200, 201), r.text
    article_id = r.json()["id"]
    url = f"{server.url}/v1/maps/articles/{article_id}"
    page.open(url, until=f"document.querySelector('.ge-place') && {BASEMAP_LOADED}")
    page.pump(1.0)
    lines = page.evaluate("document.querySelectorAll('path.ge-place-line').length")
    areas = page.evaluate("document.querySelectorAll('path.ge-place-area').length")
    points = page.evaluate("document.querySelectorAll('path.ge-place-point').length")
    assert lines >= 1, "the Euphrates is drawn as a line"
    assert areas >= 1, "Syria is drawn as an area"
    assert points >= 2, "al-Bukamal and other towns are drawn as points"
    lines_shown = []
    for i in range(lines):
        _click(page, "path.ge-place-line", i)
        lines_shown.append(_popup(page))
    assert any("Euphrates" in p and "river" in p for p in lines_shown), lines_shown
    assert any("border" in p for p in lines_shown), lines_shown  # the Syrian-Iraqi border
    areas_shown = page.evaluate(
        "[...document.querySelectorAll('path.ge-place-area')]"
        ".map(p => p.getAttribute('fill-opacity'))"
    )
    assert all(float(o) < 0.5 for o in areas_shown), areas_shown  # translucent
    area_popups = []
    for i in range(areas):
        _click(page, "path.ge-place-area", i)
        area_popups.append(_popup(page))
    assert any("eastern bank" in p for p in area_popups), area_popups
    # the offline basemap: a canvas of Natural Earth outlines, no tiles
    assert page.evaluate("document.querySelectorAll('.leaflet-tile').length") == 0
    assert page.evaluate("!!document.querySelector('.leaflet-ge-basemap-pane canvas')")
    popups = []
    for i in range(points):
        _click(page, "path.ge-place-point", i)
        popups.append(_popup(page))
    bukamal = [i for i, p in enumerate(popups) if "Kam" in p and "named as" in p]
    assert bukamal and "al-Bukamal" in popups[bukamal[0]], popups
    assert "Places" in page.evaluate("document.querySelector('.ge-legend').textContent")
    stored = httpx.get(f"{server.url}/v1/articles/{article_id}", timeout=30).json()
    events = sum(f["properties"].get("kind") == "event" for f in stored["features"])
    assert page.evaluate("document.querySelectorAll('.ge-event').length") == events  # markers
    marks = []
    for i in range(events):  # each event quotes its sentence, its place highlighted
        _click(page, ".ge-event", i)
        marks.append(page.evaluate(MARK))
    page.open(url, until=f"document.querySelector('.ge-place') && {BASEMAP_LOADED}")
    page.pump(0.5)  # the first view again, for the screenshot
    if events:  # the event extraction of issue 6 finds the attacks on al-Bukamal
        assert "al-Bukamal" in marks, marks
        _click(page, ".ge-event", marks.index("al-Bukamal"))  # open in the screenshot
        assert "Source: ISIS attacks on al-Bukamal" in _popup(page)
    shot = page.screenshot(OUTPUT / "seed-article.png")
    if os.environ.get("GEOEVENTS_UPDATE_DOCS") == "1":
        shutil.copyfile(shot, REPO_ROOT / "docs" / "map.png")
    _clean(page)


def test_article_text_renders_as_text(server, page):
    article_id = _ingest(server, EVIDENCE, title="Raid " + XSS)
    gid = "test:albu-kamal"  # besides the geoparser's own al-Bukamal
    _add(server, article_id, [bukamal_place(gid), xss_event(place_id=gid)])
    page.open(
        f"{server.url}/v1/maps/articles/{article_id}",
        until="document.querySelector('.ge-event') && document.querySelector('.ge-place')",
    )
    assert page.evaluate("document.title") == "Raid " + XSS
    assert page.evaluate("document.querySelector('.ge-header h1').textContent") == "Raid " + XSS
    for i in range(page.evaluate("document.querySelectorAll('.ge-event-battles').length")):
        _click(page, ".ge-event-battles", i)  # the geoparser finds a battle in the text too
        if "Armed clash " + XSS in _popup(page):
            break
    popup = _popup(page)
    assert "ISIS " + XSS in popup and "Armed clash " + XSS in popup
    assert "about 35 (pro-government fighters)" in popup
    assert "2018-06-08 – 2018-06-10" in popup
    assert page.evaluate("document.querySelector('.leaflet-popup-content mark').textContent") == (
        "al-Bukamal"
    )
    # the event's javascript: URL is not used: the link goes to the stored article
    href = page.evaluate("document.querySelector('.leaflet-popup-content a').getAttribute('href')")
    assert href == f"/v1/articles/{article_id}"
    for i in range(page.evaluate("document.querySelectorAll('path.ge-place-point').length")):
        _click(page, "path.ge-place-point", i)
        if "Albu Kamal" in _popup(page):
            assert "Albu Kamal " + XSS in _popup(page)
            break
    else:
        pytest.fail("no popup for the place Albu Kamal")
    assert page.evaluate("document.querySelectorAll('img[src=x], [onerror]').length") == 0
    assert page.evaluate("window.__xss") is None
    page.screenshot(OUTPUT / "escaped-article.png")
    _clean(page)


def test_preview_of_a_posted_text(server, page):
    body = {
        "id": "preview",
        "title": "Preview " + XSS,
        "text": "Shelling hit Deir ez-Zor and villages on the Euphrates near al-Bukamal, Syria.",
    }
    page.open_post(f"{server.url}/v1/maps/preview", body, until=f"{BASEMAP_LOADED}")
    page.pump(0.5)
    assert page.evaluate("document.querySelectorAll('path.ge-place-line').length") >= 1
    assert page.evaluate("document.querySelectorAll('path.ge-place-point').length") >= 2
    assert page.evaluate("document.title") == "Preview " + XSS
    page.screenshot(OUTPUT / "preview.png")
    _clean(page)


def test_events_map_clusters_types_slider_and_heat(server, page):
    tag = uuid.uuid4().hex[:8]
    article_id = _ingest(server, "Fighting across Syria.")
    events = plain_events(120, seed=11, prefix=f"ev-{tag}")
    for e in events:
        e["properties"]["actors"] = [f"Brigade {tag}"]
    _add(server, article_id, events)
    page.open(
        f"{server.url}/v1/maps/events?actor={tag}",
        until=f"document.querySelector('.marker-cluster') && {BASEMAP_LOADED}",
    )
    page.pump(0.5)
    assert page.evaluate(TOTAL_EVENTS) == 120
    legend = page.evaluate(LEGEND)
    assert legend["Battles"] == 20 and sum(legend.values()) == 120
    labels = page.evaluate(
        "[...document.querySelectorAll('.leaflet-control-layers-overlays label')]"
        ".map(l => l.textContent.trim())"
    )
    assert {"Battles", "Protests", "Riots", "Heat map"} <= set(labels)
    assert not any("records" in u for u in page.requests)  # carried in the page

    _toggle_layer(page, "Battles")
    assert page.evaluate(TOTAL_EVENTS) == 100
    assert page.evaluate(LEGEND)["Battles"] == 0

    page.evaluate(
        "const s = document.querySelector('.ge-span'); s.value = '7';"
        " s.dispatchEvent(new Event('change'))"
    )
    page.pump(0.5)
    last_week = page.evaluate(TOTAL_EVENTS)
    assert 0 < last_week < 100
    assert page.evaluate("document.querySelector('.ge-date').textContent").endswith("2018-06-29")

    assert page.evaluate("!!document.querySelector('canvas.leaflet-heatmap-layer')") is False
    _toggle_layer(page, "Heat map")
    assert page.evaluate("!!document.querySelector('canvas.leaflet-heatmap-layer')") is True
    page.screenshot(OUTPUT / "events.png")
    _clean(page)


def test_large_events_map_fetches_the_visible_area(server, page):
    tag = uuid.uuid4().hex[:8]
    article_id = _ingest(server, "Protests in Raqqa, Syria.")
    n = 1_200  # over the page's limit of 1,000 records a request
    events = plain_events(n, seed=5, prefix=f"big-{tag}")
    for e in events:
        e["properties"]["actors"] = [f"Front {tag}"]
    _add(server, article_id, events)
    assert n > INLINE_EVENTS
    page.open(f"{server.url}/v1/maps/events?actor={tag}", until=f"{MODE} === 'cells'")
    html = httpx.get(f"{server.url}/v1/maps/events", params={"actor": tag}).text
    assert len(html) < 60_000 and f"Front {tag}" not in html  # the page carries no events
    fetches = [u for u in page.requests if "/v1/maps/events/cells?" in u]
    assert len(fetches) == 1 and "bbox=" in fetches[0] and f"actor={tag}" in fetches[0]
    assert page.evaluate(f"{MAP}.getZoom()") < 8  # zoomed out: every event, per cell
    assert page.evaluate(CELL_TOTAL) == n
    title = page.evaluate("document.querySelector('.ge-legend-title').textContent")
    assert title.startswith(f"Aggregated: {n:,} events in ")
    page.evaluate(f"void {MAP}.setView([34.5, 40], 8)")  # zoom 8: the events, 1,000 at most
    page.wait_for("document.querySelector('.folium-map').dataset.geLoaded")
    fetches = [u for u in page.requests if "/v1/maps/events/records?" in u]
    assert len(fetches) == 1 and "bbox=" in fetches[0] and f"actor={tag}" in fetches[0]
    assert page.evaluate("+document.querySelector('.folium-map').dataset.geLoaded") == 1000
    assert page.evaluate("document.querySelectorAll('path.ge-cell').length") == 0
    note = page.evaluate("document.querySelector('.ge-legend-note').textContent")
    assert note == "showing 1,000 of 1,200 events here: zoom in for all"
    for _ in range(2):
        _click(page, ".leaflet-control-zoom-in")
        page.pump(0.6)
    page.wait_for(
        "performance.getEntriesByType('resource')"
        ".filter(e => e.name.includes('/events/records?')).length >= 2"
    )
    page.pump(0.5)
    shown = page.evaluate("+document.querySelector('.folium-map').dataset.geLoaded")
    assert 0 < shown < 1000
    assert page.evaluate("document.querySelector('.ge-legend-note').textContent") == ""
    page.screenshot(OUTPUT / "events-large.png")
    _clean(page)


def test_embedded_map_in_iframes(server, page, static_site):
    article_id = _ingest(server, "Clashes near Palmyra and Homs, Syria.")
    embed = f"{server.url}/v1/maps/articles/{article_id}?embed=1"
    frame = f'<iframe src="{embed}" width="900" height="560" style="border:0"></iframe>'
    html = f"<!doctype html><title>intranet</title><h1>Our report</h1>{frame}"
    allowed = static_site(server.parent_port, {"allowed.html": html})
    page.open(f"{allowed}/allowed.html")
    page.wait_for("true")
    frames = _frames(page)
    assert any(u.startswith(embed) for u in frames), frames
    page.pump(2.0)
    page.screenshot(OUTPUT / "embedded.png")
    assert page.outside_requests() == []

    other = free_port_site(static_site, {"other.html": html})
    page.open(f"{other}/other.html")
    page.pump(1.5)
    # another origin gets the browser's error page in place of the map
    assert _frames(page) == ["chrome-error://chromewebdata/"], _frames(page)


def free_port_site(static_site, files):
    from tests.maps.conftest import free_port

    return static_site(free_port(), files)


def _frames(page) -> list[str]:
    """URLs of the frames the page shows (a frame the policy refused shows an error page)."""
    tree = page.call("Page.getFrameTree")["frameTree"]
    urls = []

    def walk(node):
        for child in node.get("childFrames", []):
            urls.append(child["frame"].get("url", ""))
            walk(child)

    walk(tree)
    return urls
