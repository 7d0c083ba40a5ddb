"""Template syntax in any data of a map page is shown as text, never evaluated.

branca compiles the rendered output of each ``MacroElement`` macro as a new Jinja2
template; our elements place their output in the page without that second pass. Each
field a page draws from (title, subtitle, links, place names, event actors, quotes,
the collection's title and URL, the view's query) carries the payloads here."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.maps.basemap import Basemap
from app.maps.render import EVENTS_VIEW, EventsView, js_json, render_map

OFFLINE = Basemap.offline("/v1/maps/basemap.geojson")

PAYLOADS = [
    "{{ 7*6 }}",
    '{{ "EVAL" ~ "UATED" }}',
    '{% set x = "EVAL" ~ "UATED" %}{{ x }}',
    "{{ lipsum.__globals__.os.getcwd() }}",
    "{% raw %}",
    "{% endraw %}",
    "{% if true %}yes{% endif %}",
    "{# x #}",
    "{#",
    "# for x in range(3)\n",
    "## comment\n",
    "{{",
    "}}{%",
]


def _collection(value: str) -> dict:
    text = f"Shelling hit Homs {value}"
    return {
        "type": "FeatureCollection",
        "title": f"Title {value}",
        "url": f"https://example.org/a?q={value}",
        "features": [
            {
                "type": "Feature",
                "id": "geonames:169577",
                "geometry": {"type": "Point", "coordinates": [36.72, 34.73]},
                "properties": {
                    "kind": "place",
                    "name": f"Homs {value}",
                    "feature_type": "city",
                    "mentions": [{"start": 13, "end": 17, "text": "Homs"}],
                },
            },
            {
                "type": "Feature",
                "id": "e1",
                "geometry": {"type": "Point", "coordinates": [36.72, 34.73]},
                "properties": {
                    "kind": "event",
                    "event_type": "Explosions/Remote violence",
                    "sub_event_type": f"Shelling {value}",
                    "date_start": "2018-06-08",
                    "actors": [{"name": f"Army {value}"}],
                    "source_attribution": f"sources {value}",
                    "evidence": {"start": 0, "end": len(text), "text": text},
                    "place_ids": ["geonames:169577"],
                },
            },
        ],
    }


def _page(value: str, view: EventsView = EVENTS_VIEW) -> str:
    return render_map(
        _collection(value),
        title=f"Map {value}",
        subtitle=f"actor: {value}",
        links=[(f"JSON {value}", f"/v1/articles/x?y={value}")],
        basemap=OFFLINE,
        view=view,
    )


def _shown(value: str, html: str) -> int:
    """How many times the value appears in the page, as HTML text or as JSON."""
    from markupsafe import escape

    as_json = js_json(value)[1:-1]
    return html.count(str(escape(value))) + (html.count(as_json) if as_json != value else 0)


@pytest.mark.parametrize("value", PAYLOADS)
def test_template_syntax_is_shown_literally(value):
    html = _page(value)
    assert "EVALUATED" not in html and "/work" not in html
    assert "yes" not in html.replace(js_json(value)[1:-1], "").replace(value, "")
    # title (twice: <title> and <h1>), subtitle, link label, place name, event fields,
    # the collection's title: each is in the page as it was given
    assert _shown(value, html) >= 8, html


def test_the_view_query_is_data_too():
    view = EventsView(
        cluster=True, source_url="/v1/maps/events/records", query={"actor": "{{ 7*6 }}"}
    )
    html = _page("x", view)
    assert '"actor":"{{ 7*6 }}"' in html


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["{{", "}}", "{%", "%}", "{#", "#}", " raw ", "7*6", "-", "\n", "#"])
        | st.text(max_size=3),
        min_size=1,
        max_size=12,
    ).map("".join)
)
def test_any_text_renders_without_error_and_is_not_evaluated(value):
    html = _page(value)
    assert _shown(value, html) >= 1
