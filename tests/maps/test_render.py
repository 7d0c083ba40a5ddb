"""render_map on its own: what the page loads, what it carries, and how it is escaped.
(What a browser makes of it is in test_pages_browser.py.)"""

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest

from app.maps.basemap import Basemap, outline_collection
from app.maps.csp import content_security_policy, script_hashes
from app.maps.render import EVENTS_VIEW, EventsView, js_json, render_map

PAYLOAD = '</script><script>alert(1)</script>"><img src=x onerror=alert(2)>'
OFFLINE = Basemap.offline("/v1/maps/basemap.geojson")


class _Tags(HTMLParser):
    """The resources a page loads and the text of its inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.inline: list[str] = []
        self.tags: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "script" and "src" in attrs:
            self.loads.append(attrs["src"])
        elif tag == "script":
            self._in_script = True
            self.inline.append("")
        elif tag == "link":
            self.loads.append(attrs.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.inline[-1] += data


def parse(html: str) -> _Tags:
    tags = _Tags()
    tags.feed(html)
    return tags


def collection(n_events: int = 3, text: str = "ISIS attacked al-Bukamal.") -> dict:
    start = text.index("al-Bukamal")
    place = {
        "type": "Feature",
        "id": "geonames:174448",
        "geometry": {"type": "Point", "coordinates": [40.917, 34.452]},
        "properties": {
            "kind": "place",
            "name": "Albu Kamal " + PAYLOAD,
            "feature_type": "town",
            "mentions": [{"start": start, "end": start + 10, "text": "al-Bukamal"}],
        },
    }
    river = {
        "type": "Feature",
        "id": "naturalearth:river:euphrates",
        "geometry": {"type": "LineString", "coordinates": [[38.0, 36.0], [40.9, 34.4]]},
        "properties": {"kind": "place", "name": "Euphrates", "feature_type": "river"},
    }
    events = [
        {
            "type": "Feature",
            "id": f"e{i}",
            "geometry": {"type": "Point", "coordinates": [40.9 + i / 1000, 34.4]},
            "properties": {
                "kind": "event",
                "event_type": ["Battles", "Protests", "Riots"][i % 3],
                "date_start": "2018-06-08",
                "actors": ["ISIS " + PAYLOAD],
                "evidence": {"start": 0, "end": len(text), "text": text + PAYLOAD},
                "place_ids": ["geonames:174448"],
            },
        }
        for i in range(n_events)
    ]
    return {
        "type": "FeatureCollection",
        "title": "Title " + PAYLOAD,
        "features": [place, river, *events],
    }


def test_every_resource_comes_from_the_service():
    html = render_map(collection(), title="t", basemap=OFFLINE, view=EVENTS_VIEW)
    loads = parse(html).loads
    assert loads and all(u.startswith("/static/") for u in loads), loads
    assert not re.search(r"(src|href)=\"?(https?:)?//", html)
    assert "cdn" not in html.lower()
    for expected in ("leaflet.js", "leaflet.markercluster.js", "leaflet-heat.js", "geoevents-map"):
        assert any(expected in u for u in loads), expected


def test_article_text_reaches_the_page_escaped():
    html = render_map(collection(), title="Title " + PAYLOAD, basemap=OFFLINE)
    tags = parse(html)
    assert "img" not in tags.tags
    assert "alert(1)</script>" not in html and "<img" not in html
    assert "<title>Title &lt;/script&gt;&lt;script&gt;alert(1)" in html
    assert "<h1>Title &lt;/script&gt;" in html
    # the data is JSON inside a script, with < > & escaped
    assert "\\u003c/script\\u003e" in html


def test_js_json_cannot_close_the_script_or_break_lines():
    out = js_json({"q": "</script><!-- \u2028 & '"})
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    assert json.loads(out) == {"q": "</script><!-- \u2028 & '"}


def test_policy_allows_exactly_the_inline_scripts_of_the_page():
    html = render_map(collection(), title="t", basemap=OFFLINE, view=EVENTS_VIEW)
    inline = parse(html).inline
    expected = {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in inline
    }
    assert set(script_hashes(html)) == expected and len(expected) >= 2
    policy = content_security_policy(html, ["'self'"])
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'self'" in policy and "default-src 'none'" in policy


def test_events_map_has_a_layer_per_type_present_and_a_hidden_heat_map():
    html = render_map(collection(6), title="t", basemap=OFFLINE, view=EVENTS_VIEW)
    overlays = html[html.index("overlays") :]
    for name in ("Battles", "Protests", "Riots", "Heat map", "Places"):
        assert f'"{name}" :' in overlays, name
    assert '"Violence against civilians" :' not in overlays
    assert "L.markerClusterGroup" in html and "L.heatLayer" in html
    heat = re.search(r"var (heat_map_\w+) = L\.heatLayer", html).group(1)
    assert f"{heat}.addTo(" not in html  # off until switched on


def test_article_map_has_no_cluster_slider_or_heat_map():
    html = render_map(collection(2), title="t", basemap=OFFLINE)
    assert "L.markerClusterGroup" not in html and "L.heatLayer" not in html
    assert '"slider":false' in html


def test_large_layers_are_fetched_not_carried():
    view = EventsView(cluster=True, source_url="/v1/maps/events/records", query={"actor": "x"})
    html = render_map(collection(50), title="t", basemap=OFFLINE, view=view)
    assert '"records":null' in html and '"url":"/v1/maps/events/records"' in html
    assert '"query":{"actor":"x"}' in html
    assert html.count("ISIS ") == 0  # no event data in the page


def test_embedded_page_has_no_header():
    full = render_map(collection(), title="t", basemap=OFFLINE, links=[("JSON", "/v1/x")])
    embedded = render_map(collection(), title="t", basemap=OFFLINE, embed=True)
    assert '<header class="ge-header">' in full and '<a href="/v1/x">JSON</a>' in full
    assert "ge-header" not in embedded.split("</head>")[1]


def test_header_drops_unsafe_links():
    html = render_map(
        collection(), title="t", basemap=OFFLINE, links=[("x", "javascript:alert(1)")]
    )
    assert "javascript:" not in html


def test_online_tiles_with_their_attribution():
    tiles = Basemap.online("https://{s}.tile.example.org/{z}/{x}/{y}.png", "(c) Example")
    html = render_map(collection(), title="t", basemap=tiles)
    assert "https://{s}.tile.example.org/{z}/{x}/{y}.png" in html and "(c) Example" in html
    assert "GeoEvents.outlines" not in html
    assert tiles.tile_origin() == "https://*.tile.example.org"


@pytest.mark.parametrize(
    "url,attribution",
    [
        ("ftp://t.example.org/{z}/{x}/{y}.png", "a"),
        ("https://t.example.org/{z}.png", "a"),
        ("https://t.example.org/{z}/{x}/{y}.png", " "),
    ],
)
def test_bad_tile_settings_are_refused(url, attribution):
    from app.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        Basemap.online(url, attribution)


def test_the_view_fits_the_places_but_not_whole_countries():
    syria = {
        "type": "Feature",
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[35.7, 32.3], [42.4, 32.3], [42.4, 37.3], [35.7, 37.3], [35.7, 32.3]]],
        },
        "properties": {"kind": "place", "name": "Syria", "feature_type": "country"},
    }
    fc = collection(0)
    fc["features"].append(syria)
    html = render_map(fc, title="t", basemap=OFFLINE)
    assert "[[34.4, 38.0], [36.0, 40.917]]" in html


def test_outline_collection_is_simplified_and_snapped():
    from shapely.geometry import Point

    circle = Point(10, 10).buffer(5, quad_segs=256)
    fc = outline_collection([("Round", circle)])
    ring = fc["features"][0]["geometry"]["coordinates"][0]
    assert 10 < len(ring) < 200
    assert all(round(x, 3) == x and round(y, 3) == y for x, y in ring)
