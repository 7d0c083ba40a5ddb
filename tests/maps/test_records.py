"""Features of the geoparse contract made into what the map script draws."""

from app.maps.records import (
    article_link,
    attribution_text,
    draw_order,
    event_record,
    event_records,
    highlights,
    place_feature,
    safe_link,
    split,
)
from app.maps.style import OTHER, event_style, styles_for_page

TEXT = "On Friday ISIS fighters attacked al-Bukamal near the border; Albu Kamal fell."


def _place(gid, name, start, end, geometry=None):
    return {
        "type": "Feature",
        "id": gid,
        "geometry": geometry or {"type": "Point", "coordinates": [40.917, 34.452]},
        "properties": {
            "kind": "place",
            "name": name,
            "gazetteer_id": gid,
            "feature_type": "town",
            "mentions": [{"start": start, "end": end, "text": TEXT[start:end]}],
        },
    }


def _event(**props):
    base = {
        "kind": "event",
        "event_type": "Battles",
        "date_start": "2018-06-08",
        "date_end": "2018-06-10",
        "place_ids": ["geonames:174448"],
        "evidence": {"start": 10, "end": 59, "text": TEXT[10:59]},
    }
    base.update(props)
    return {
        "type": "Feature",
        "id": "e1",
        "geometry": {"type": "Point", "coordinates": [40.917, 34.452]},
        "properties": base,
    }


BUKAMAL = _place("geonames:174448", "Albu Kamal", TEXT.index("al-Bukamal"), 43)


def test_split_keeps_places_and_events_and_ignores_other_kinds():
    other = {"type": "Feature", "geometry": None, "properties": {"kind": "area"}}
    unknown = {**BUKAMAL, "properties": {**BUKAMAL["properties"], "kind": "derived"}}
    parts = split({"features": [BUKAMAL, _event(), other, unknown, "junk"]})
    assert [p["id"] for p in parts.places] == ["geonames:174448"]
    assert [e["id"] for e in parts.events] == ["e1"]


def test_evidence_highlights_the_mention_of_the_event_place():
    record = event_record(_event(), {"geonames:174448": BUKAMAL["properties"]}, lambda p: None)
    assert record["q"] == TEXT[10:59]
    (start, end), *rest = record["m"]
    assert record["q"][start:end] == "al-Bukamal" and rest == []
    assert record["l"] == ["Albu Kamal"]
    assert record["d"] == ["2018-06-08", "2018-06-10"]
    assert record["p"] == [34.452, 40.917]
    assert record["t"] == "battles"


def test_highlight_falls_back_to_names_when_offsets_are_outside_the_evidence():
    place = {"mentions": [{"start": 500, "end": 510, "text": "al-Bukamal"}], "name": "Albu Kamal"}
    ranges = highlights({"start": 0, "text": "ISIS took AL-BUKAMAL and Albu Kamal."}, [place], [])
    text = "ISIS took AL-BUKAMAL and Albu Kamal."
    assert [text[s:e] for s, e in ranges] == ["AL-BUKAMAL", "Albu Kamal"]


def test_overlapping_highlights_are_merged():
    ranges = highlights({"text": "Deir ez-Zor city"}, [], ["Deir ez-Zor", "ez-Zor city"])
    assert ranges == [[0, 16]]


def test_attribution_shapes():
    assert attribution_text(["Amaq", {"source": "local sources"}]) == "Amaq; local sources"
    assert attribution_text(None) is None


def test_links_are_http_or_paths_of_the_service_only():
    assert safe_link("https://example.org/a") == "https://example.org/a"
    assert safe_link("/v1/articles/x") == "/v1/articles/x"
    for bad in ("javascript:alert(1)", "//evil.example/x", "/\\evil.example", "data:text/html,x"):
        assert safe_link(bad) is None, bad
    link = article_link("/v1/articles/{id}", "https://default.example/")
    assert link({"url": "javascript:alert(1)", "article_id": "a/b"}) == "/v1/articles/a%2Fb"
    assert link({"article_url": "https://news.example/1"}) == "https://news.example/1"
    assert link({}) == "https://default.example/"


def test_events_without_a_position_are_left_out():
    bad = _event()
    bad["geometry"] = {"type": "Point", "coordinates": []}
    assert event_records([bad, _event()], [BUKAMAL], lambda p: None)[0]["i"] == "e1"
    assert len(event_records([bad], [], lambda p: None)) == 0


def test_undated_and_one_day_events():
    record = event_record(_event(date_start=None, date_end="2018-06-09"), {}, lambda p: None)
    assert record["d"] == ["2018-06-09", "2018-06-09"]
    assert "d" not in event_record(_event(date_start="June", date_end=None), {}, lambda p: None)


def test_place_popup_data_counts_mentions_without_offsets():
    feature = _place("g:1", "Albu Kamal", 33, 43)
    feature["properties"]["mentions"] += [
        {"start": 61, "end": 71, "text": "Albu Kamal"},
        {"start": 90, "end": 100, "text": "al-Bukamal"},
    ]
    slim = place_feature(feature)["properties"]
    assert slim["mentions"] == [["al-Bukamal", 2], ["Albu Kamal", 1]]
    assert slim["name"] == "Albu Kamal" and "kind" not in slim


def test_areas_are_drawn_under_lines_under_points():
    big = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]}
    small = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    line = {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}
    point = {"type": "Point", "coordinates": [0, 0]}
    features = [{"geometry": g, "id": n} for n, g in enumerate([point, small, line, big])]
    assert [f["id"] for f in draw_order(features)] == [3, 1, 2, 0]


def test_event_styles_cover_acled_types_and_other():
    assert event_style("Violence against civilians").key == "civilians"
    assert event_style(" explosions/remote VIOLENCE ").key == "explosions"
    assert event_style("Looting") is OTHER and event_style(None) is OTHER
    styles = styles_for_page()
    assert len({s["key"] for s in styles}) == len(styles) == 7
    assert len({(s["color"], s["shape"]) for s in styles}) == 7


def test_evidence_highlights_the_events_own_locations_without_places():
    """Issue 6's events say where the text names their location; stored events are drawn
    from those alone."""
    start = TEXT.index("al-Bukamal")
    props = {
        "locations": [{"start": start, "end": start + 10, "text": "al-Bukamal"}],
        "location_text": "al-Bukamal",
        "place_ids": ["geonames:174448"],
    }
    record = event_record(_event(**props), {}, lambda p: None)
    (s, e), *rest = record["m"]
    assert record["q"][s:e] == "al-Bukamal" and rest == []
    assert record["l"] == ["al-Bukamal"]
