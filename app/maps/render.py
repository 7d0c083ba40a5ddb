"""``render_map``: a FeatureCollection of the geoparse contract as a Folium (Leaflet) page.

Places are drawn by geometry (points as circle markers, rivers and borders as lines,
areas as translucent polygons); events as markers shaped and coloured by event type,
with a legend. Events maps add marker clustering, a layer per event type, a time
slider and a heat map (off by default). For large layers the page fetches the events
of the visible area from the service instead of carrying them.

Every script and style sheet is served by the service (``app.maps.assets``). Article
data reaches the page only as JSON inside scripts, with ``<``, ``>`` and ``&`` escaped, and
the page script shows it with ``textContent``: a title or quote containing ``<script>``
is shown as text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import folium
import folium.plugins
from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template

from app.maps import assets
from app.maps.basemap import Basemap
from app.maps.records import (
    LinkFor,
    article_link,
    draw_order,
    event_records,
    geometry_bounds,
    place_feature,
    safe_link,
    split,
)
from app.maps.style import EVENT_STYLES, OTHER, styles_for_page

WORLD = (-170.0, -58.0, 175.0, 75.0)
CLUSTER_OPTIONS = {
    "chunked_loading": True,
    "show_coverage_on_hover": False,
    "max_cluster_radius": 45,
    "spiderfy_on_max_zoom": True,
}


@dataclass(frozen=True, slots=True)
class EventsView:
    """How the events of a map are shown.

    ``source_url``: fetch the events of the visible area from this URL (a JSON object
    with ``records``, ``numberMatched``, ``numberReturned``; query ``bbox``, ``limit`` and
    the pairs of ``query``) instead of writing them into the page. ``cells_url``: below
    zoom ``cells_below``, fetch the events of the area counted per grid cell from this
    URL instead (a JSON object with ``cells`` and ``numberMatched``; query ``bbox``,
    ``zoom`` and the pairs of ``query``), and draw the cells. In cell mode the legend's
    type toggles and the time slider re-request the cells (``event_type``, ``start``,
    ``end``, never wider than ``query``); ``dates``: the first and last day of the stored
    events (ISO dates), the slider's range when no events are drawn.
    """

    cluster: bool = False
    heat: bool = False
    slider: bool = False
    source_url: str | None = None
    query: Mapping[str, str] = field(default_factory=dict)
    limit: int = 5000
    cells_url: str | None = None
    cells_below: int = 0
    dates: tuple[str, str] | None = None


ARTICLE_VIEW = EventsView(slider=False)
EVENTS_VIEW = EventsView(cluster=True, heat=True, slider=True)


def js_json(value: object) -> str:
    """JSON that is safe inside an HTML ``<script>``: no ``</script>``, no ``<!--``."""
    return (
        json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def render_map(
    collection: dict,
    *,
    title: str,
    embed: bool = False,
    basemap: Basemap,
    view: EventsView = ARTICLE_VIEW,
    static_url: str = "/static",
    subtitle: str | None = None,
    links: Sequence[tuple[str, str]] = (),
    link: LinkFor | None = None,
    bounds: tuple[float, float, float, float] | None = None,
    records: list[dict] | None = None,
) -> str:
    """The HTML page of a map.

    ``collection``: a FeatureCollection of the geoparse contract (``kind`` ``place`` and
    ``event`` features; other kinds are ignored). ``embed``: no header, for iframes.
    ``links``: (label, URL) pairs for the header. ``link``: gives an event's article link
    (default: the event's own ``url``, else the collection's ``url``). ``bounds``: the
    initial view (min lon, min lat, max lon, max lat); default: fit the features.
    ``records``: the events as records already made (``records.event_records``), instead
    of the collection's events.

    >>> html = render_map({"type": "FeatureCollection", "features": []}, title="Empty",
    ...                   basemap=Basemap.offline("/v1/maps/basemap.geojson"))
    >>> "cdn" in html, html.count("/static/vendor/leaflet/leaflet.js")
    (False, 1)
    """
    parts = split(collection)
    places = draw_order(place_feature(f) for f in parts.places)
    if link is None:
        link = article_link(None, safe_link(collection.get("url")))
    if records is None:
        records = event_records(parts.events, parts.places, link, _title_of(collection))
    page = _Page(title, static_url)
    if not embed:
        page.add_header(title, subtitle, links)
    fmap = page.add_map(basemap)
    if places:
        data = js_json({"type": "FeatureCollection", "features": places})
        _Call("GeoEvents.places", data, name="Places").add_to(fmap)
    if records or view.source_url:
        _add_events(fmap, records, view, static_url, legend_places=bool(places))
    elif places:
        legend = _Call(
            "GeoEvents.placesLegend", name="Legend", control=False, show=False, with_map=True
        )
        legend.add_to(fmap)
    if places or records or view.source_url:
        folium.LayerControl(collapsed=embed, position="topright").add_to(fmap)
    view_bounds = bounds or _fit(places, records) or WORLD
    minx, miny, maxx, maxy = view_bounds
    fmap.fit_bounds([[miny, minx], [maxy, maxx]], max_zoom=9, padding=(24, 24))
    return page.figure.render()


def _title_of(collection: dict) -> str | None:
    title = collection.get("title")
    return title if isinstance(title, str) and title else None


def _fit(places: list[dict], records: list[dict]) -> tuple[float, float, float, float] | None:
    """Bounds of the events and of the places that are not countries (a country would
    zoom out to the whole of it); of everything when that leaves nothing."""
    boxes = [(r["p"][1], r["p"][0], r["p"][1], r["p"][0]) for r in records]
    small = [p for p in places if p["properties"].get("feature_type") != "country"]
    for feature in small or places:
        try:
            boxes.append(geometry_bounds(feature["geometry"]))
        except ValueError:
            continue
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _add_events(
    fmap: folium.Map, records: list[dict], view: EventsView, static_url: str, legend_places: bool
) -> None:
    cluster = heat = None
    if view.cluster:
        cluster = folium.plugins.MarkerCluster(name="Clusters", control=False, options=None)
        cluster.options.update(_camel(CLUSTER_OPTIONS))
        cluster.default_js = [("markerclusterjs", _url(static_url, assets.CLUSTER_JS))]
        cluster.default_css = [
            ("markerclustercss", _url(static_url, assets.CLUSTER_CSS)),
            ("markerclusterdefaultcss", _url(static_url, assets.CLUSTER_DEFAULT_CSS)),
        ]
        cluster.add_to(fmap)
    if view.heat:
        heat = folium.plugins.HeatMap(
            [], name="Heat map", show=False, overlay=True, radius=20, blur=16, min_opacity=0.35
        )
        heat.default_js = [("leaflet-heat.js", _url(static_url, assets.HEAT_JS))]
        heat.add_to(fmap)
    options = {
        "styles": styles_for_page(),
        "records": None if view.source_url else records,
        "legend": True,
        "placesLegend": legend_places,
        "slider": view.slider,
        "url": view.source_url,
        "query": dict(view.query),
        "limit": view.limit,
        "cells": {"url": view.cells_url, "below": view.cells_below} if view.cells_url else None,
        "dates": list(view.dates) if view.dates else None,
    }
    refs = ", ".join(
        f"{key}: {element.get_name() if element else 'null'}"
        for key, element in (("cluster", cluster), ("heat", heat))
    )
    events = _Call(
        "GeoEvents.events",
        f"Object.assign({js_json(options)}, {{{refs}}})",
        name="Events",
        control=False,
        show=False,
        with_map=True,
    )
    events.add_to(fmap)
    present = {r["t"] for r in records}
    for style in (*EVENT_STYLES, OTHER):
        if view.source_url or style.key in present:
            group = _Call(f"{events.get_name()}.group", js_json(style.key), name=style.name)
            group.add_to(fmap)


def _camel(options: dict) -> dict:
    def camel(key: str) -> str:
        head, *rest = key.split("_")
        return head + "".join(w.title() for w in rest)

    return {camel(k): v for k, v in options.items()}


def _url(static_url: str, path: str) -> str:
    return f"{static_url.rstrip('/')}/{path}"


class _Page:
    """The figure: the header (unless embedded), the map, then our script and style."""

    def __init__(self, title: str, static_url: str) -> None:
        from markupsafe import escape

        self.static_url = static_url
        self.figure = Figure(title=str(escape(title)))

    def add_header(self, title: str, subtitle: str | None, links: Sequence[tuple[str, str]]):
        safe = [(label, url) for label, url in links if safe_link(url)]
        self.figure.add_child(_Header(title, subtitle, safe))

    def add_map(self, basemap: Basemap) -> folium.Map:
        fmap = folium.Map(tiles=None, control_scale=True, world_copy_jump=False)
        fmap.options.update(minZoom=2, maxZoom=18)  # folium gives these to its tiles only
        fmap.default_js = [("leaflet", _url(self.static_url, assets.LEAFLET_JS))]
        fmap.default_css = [("leaflet_css", _url(self.static_url, assets.LEAFLET_CSS))]
        self.figure.add_child(fmap)
        page_assets = _Assets()  # after the map, so that Leaflet loads first
        page_assets.default_js = [("geoevents-js", _url(self.static_url, assets.PAGE_JS))]
        page_assets.default_css = [("geoevents-css", _url(self.static_url, assets.PAGE_CSS))]
        self.figure.add_child(page_assets)
        if basemap.tiles:
            folium.TileLayer(
                tiles=basemap.tiles,
                attr=basemap.attribution,
                name="Basemap",
                control=False,
                max_zoom=18,
            ).add_to(fmap)
        elif basemap.outlines is not None:
            _Call(
                "GeoEvents.outlines",
                js_json(basemap.outlines),
                js_json(basemap.attribution or ""),
                name="Land and borders",
                control=False,
                with_map=True,
            ).add_to(fmap)
        return fmap


class _Literal(Element):
    """Text that goes into the page exactly as given: never compiled as a template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _DataMacro(MacroElement):
    """A macro element whose rendered output is placed in the page as it is.

    branca's ``MacroElement.render`` wraps each rendered macro in ``Element(...)``, which
    compiles that text as a new Jinja2 template: any ``{{ }}`` or ``{% %}`` in the data
    a macro writes (article text, titles, query parameters) would be evaluated on the
    server. Our elements carry such data, so they render each macro once and add the
    result as a ``_Literal``."""

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        assert isinstance(figure, Figure), "render a map element inside a Figure"
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                target = getattr(figure, part)
                target.add_child(_Literal(str(macro(self, kwargs))), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class _Assets(JSCSSMixin, MacroElement):
    """Only the links to our page script and style (in the page header)."""

    _template = Template("")


class _Header(_DataMacro):
    """The page header: title, subtitle and links, all escaped."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <header class="ge-header">
          <h1>{{ this.title|e }}</h1>
          {% if this.subtitle %}<span class="ge-sub">{{ this.subtitle|e }}</span>{% endif %}
          <nav class="ge-links">
          {% for label, url in this.links %}<a href="{{ url|e }}">{{ label|e }}</a>{% endfor %}
          </nav>
        </header>
        {% endmacro %}
        """
    )

    def __init__(self, title: str, subtitle: str | None, links: Sequence[tuple[str, str]]):
        super().__init__()
        self._name = "Header"
        self.title, self.subtitle, self.links = title, subtitle, list(links)


class _Call(Layer, _DataMacro):
    """A layer (or any object) made by a function of the page script: ``var x = f(...)``.

    ``args`` are JavaScript expressions (JSON from ``js_json`` or variable names);
    ``with_map`` passes the map's variable first. As a ``Layer`` it is listed in the
    layer control when ``control`` is set, and added to the map when ``show`` is."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = {{ this.function }}({{ this.arguments() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        function: str,
        *args: str,
        name: str,
        control: bool = True,
        show: bool = True,
        with_map: bool = False,
    ) -> None:
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "GeoEvents"
        self.function = function
        self.args = args
        self.with_map = with_map

    def arguments(self) -> str:
        args = [self._parent.get_name(), *self.args] if self.with_map else list(self.args)
        return ", ".join(args)


__all__ = ["ARTICLE_VIEW", "EVENTS_VIEW", "Basemap", "EventsView", "render_map"]
