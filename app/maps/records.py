"""Features of the geoparse contract made into what the page script draws.

Places stay GeoJSON features with the properties a popup shows. Events become small
records (short keys: a map may carry thousands of them), with the evidence sentence and
the ranges in it to highlight: the mentions of the event's places.

Record keys: ``i`` id, ``p`` [lat, lon], ``t`` style key, ``e`` event type, ``s`` sub-event
type, ``d`` [date_start, date_end], ``a`` actors, ``f`` fatalities as text, ``n`` best
fatality count, ``c`` who reported it, ``q`` evidence text, ``m`` [[start, end], ...] to
highlight in ``q``, ``l`` place names, ``u`` link to the article, ``ut`` its title.

Nothing here escapes HTML: the page script puts every value in with ``textContent``,
and the data reaches the page as JSON with ``<``, ``>`` and ``&`` escaped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote

from app.geometry.cells import Cell
from app.geometry.features import read_feature
from app.maps.style import event_style

_SAFE_URL = re.compile(r"^(https?://|/(?![/\\]))", re.IGNORECASE)
PLACE_KEYS = ("name", "feature_type", "country_code", "admin1", "score", "role", "gazetteer_id")

LinkFor = Callable[[dict], "str | None"]


@dataclass(frozen=True, slots=True)
class Split:
    """A collection's features by kind: places (drawn as geometries) and events."""

    places: list[dict]
    events: list[dict]


def split(collection: dict) -> Split:
    """Places and events of a collection; features of other kinds are left out."""
    places, events = [], []
    for feature in collection.get("features") or []:
        if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
            continue
        kind = (feature.get("properties") or {}).get("kind", "place")
        if kind == "event":
            events.append(feature)
        elif kind == "place":
            places.append(feature)
    return Split(places, events)


def safe_link(url: object) -> str | None:
    """An http(s) URL or a path on this service; None for anything else (javascript:...)."""
    if isinstance(url, str) and _SAFE_URL.match(url.strip()):
        return url.strip()
    return None


def article_link(template: str | None, default: str | None = None) -> LinkFor:
    """The link of an event: its own ``url``, else ``template`` filled with its
    ``article_id`` (``/v1/articles/{id}``), else ``default``."""

    def link(props: dict) -> str | None:
        own = safe_link(props.get("url") or props.get("article_url"))
        if own:
            return own
        article_id = props.get("article_id")
        if template and article_id not in (None, ""):
            return template.format(id=quote(str(article_id), safe=""))
        return default

    return link


# ---------------------------------------------------------------- places


def place_feature(feature: dict) -> dict:
    """The feature with only what its popup shows: mention texts counted, not offsets."""
    props = feature.get("properties") or {}
    counts = Counter(
        str(m.get("text", "")) for m in props.get("mentions") or [] if isinstance(m, dict)
    )
    slim = {k: props[k] for k in PLACE_KEYS if props.get(k) not in (None, "")}
    slim["mentions"] = [[text, n] for text, n in counts.most_common() if text]
    return {"type": "Feature", "geometry": feature["geometry"], "properties": slim}


def draw_order(places: Iterable[dict]) -> list[dict]:
    """Areas first (largest at the bottom), then lines, then points, so that nothing big
    covers something small and every feature can be clicked."""

    def key(feature: dict) -> tuple[int, float]:
        gtype = feature["geometry"].get("type", "")
        if "Polygon" in gtype:
            minx, miny, maxx, maxy = geometry_bounds(feature["geometry"])
            return 0, -(maxx - minx) * (maxy - miny)
        return (1 if "LineString" in gtype else 2), 0.0

    return sorted(places, key=key)


def geometry_bounds(geometry: dict) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of a GeoJSON geometry."""
    xs, ys = [], []

    def walk(coords: object) -> None:
        if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
            xs.append(float(coords[0]))
            ys.append(float(coords[1]))
        elif isinstance(coords, (list, tuple)):
            for c in coords:
                walk(c)

    if geometry.get("type") == "GeometryCollection":
        for g in geometry.get("geometries") or []:
            walk(g.get("coordinates"))
    else:
        walk(geometry.get("coordinates"))
    if not xs:
        raise ValueError("empty geometry")
    return min(xs), min(ys), max(xs), max(ys)


# ---------------------------------------------------------------- events


def event_records(
    events: Iterable[dict], places: Iterable[dict], link: LinkFor, title: str | None = None
) -> list[dict]:
    """One record per event that has a position."""
    by_id = _places_by_id(places)
    records = []
    for feature in events:
        record = event_record(feature, by_id, link, title)
        if record is not None:
            records.append(record)
    return records


def _places_by_id(places: Iterable[dict]) -> dict[str, dict]:
    by_id: dict[str, dict] = {}
    for feature in places:
        props = feature.get("properties") or {}
        for key in (feature.get("id"), props.get("gazetteer_id"), props.get("place_id")):
            if key not in (None, ""):
                by_id[str(key)] = props
    return by_id


def event_record(
    feature: dict, places: dict[str, dict], link: LinkFor, title: str | None = None
) -> dict | None:
    values = read_feature(feature)
    props = values.properties
    position = values.position()
    if position is None:
        return None
    linked = [places[p] for p in values.place_ids if p in places]
    names = _names(props, linked)
    evidence = props.get("evidence")
    record: dict = {
        "p": [round(position[1], 6), round(position[0], 6)],
        "t": event_style(values.event_type).key,
    }
    _put(record, "i", values.id if values.id is not None else props.get("id"))
    _put(record, "e", values.event_type)
    _put(record, "s", values.sub_event_type)
    dates = [_iso(values.date_start), _iso(values.date_end)]
    if dates[0] or dates[1]:
        record["d"] = [dates[0] or dates[1], dates[1] or dates[0]]
    _put(record, "a", list(values.actors))
    _put(record, "f", values.fatalities.summary())
    _put(record, "n", values.fatalities.best)
    _put(record, "c", attribution_text(props.get("source_attribution")))
    spans = [{"mentions": _locations(props)}, *linked]
    if isinstance(evidence, dict) and isinstance(evidence.get("text"), str):
        record["q"] = evidence["text"]
        _put(record, "m", highlights(evidence, spans, names))
    elif isinstance(evidence, str):
        record["q"] = evidence
        _put(record, "m", highlights({"text": evidence}, [], names))
    _put(record, "l", names)
    _put(record, "u", link(props))
    _put(record, "ut", _text(props.get("article_title")) or title)
    return record


def _put(record: dict, key: str, value: object) -> None:
    if value not in (None, "", [], {}):
        record[key] = value


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def attribution_text(value: object) -> str | None:
    if isinstance(value, str):
        return value or None
    if isinstance(value, dict):
        value = [value]
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict):
                item = item.get("source") or item.get("name") or item.get("text")
            if item:
                parts.append(str(item))
        return "; ".join(parts) or None
    return None


def _names(props: dict, linked: list[dict]) -> list[str]:
    """The places' gazetteer names; else the words the text used for them."""
    names = [str(p["name"]) for p in linked if p.get("name")]
    if names:
        return list(dict.fromkeys(names))
    for location in props.get("locations") or []:
        if isinstance(location, dict) and isinstance(location.get("text"), str):
            names.append(location["text"])
    for key in ("location_text", "location", "place_name"):
        if isinstance(props.get(key), str) and not names:
            names.append(props[key])
    return list(dict.fromkeys(n for n in names if n))


def _locations(props: dict) -> list[dict]:
    """Where the text names the event's location (``locations`` of issue 6's events)."""
    return [loc for loc in props.get("locations") or [] if isinstance(loc, dict)]


def highlights(evidence: dict, places: list[dict], names: list[str]) -> list[list[int]]:
    """Ranges of ``evidence["text"]`` naming the event's places: the mentions (``{start,
    end, text}`` in the article) of ``places`` inside the evidence span when offsets are
    known, else the mention texts and ``names`` found in the text."""
    text = evidence["text"]
    start = evidence.get("start")
    ranges: set[tuple[int, int]] = set()
    if isinstance(start, int):
        for place in places:
            for m in place.get("mentions") or []:
                if not isinstance(m, dict):
                    continue
                s, e = m.get("start"), m.get("end")
                if (
                    isinstance(s, int)
                    and isinstance(e, int)
                    and start <= s < e <= start + len(text)
                ):
                    ranges.add((s - start, e - start))
    if not ranges:
        words = {str(m.get("text")) for p in places for m in p.get("mentions") or []}
        words |= {str(p["name"]) for p in places if p.get("name")} | set(names)
        for word in sorted(w for w in words if w and w != "None"):
            for match in re.finditer(re.escape(word), text, re.IGNORECASE):
                ranges.add((match.start(), match.end()))
    return [list(r) for r in _disjoint(sorted(ranges))]


def _disjoint(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in ranges:
        if out and s < out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
            continue
        out.append((s, e))
    return out


def cell_record(cell: Cell) -> dict:
    """The compact record of an aggregate cell the page script draws: ``p`` its
    events' mean [lat, lon], ``b`` its square [south, west, north, east], ``n`` the
    count, ``f`` the fatalities, ``t`` the style key and ``e`` the name of its most
    frequent event type.

    >>> cell_record(Cell(5, 20, 12, 3, 0, "Riots", 45.0, 10.0))["t"]
    'riots'
    """
    west, south, east, north = cell.bounds_4326()
    return {
        "p": [round(cell.lat, 5), round(cell.lon, 5)],
        "b": [round(south, 5), round(west, 5), round(north, 5), round(east, 5)],
        "n": cell.count,
        "f": cell.fatalities,
        "t": event_style(cell.event_type).key,
        "e": cell.event_type,
    }


def type_counts(counts: dict[str | None, int]) -> dict[str, int]:
    """Counts per event type (``None``: no type) as counts per style key, the legend's
    rows: types outside ACLED's taxonomy and missing ones count as ``other``.

    >>> type_counts({"Battles": 3, "Parade": 1, None: 2})
    {'battles': 3, 'other': 3}
    """
    keys: dict[str, int] = {}
    for event_type, n in counts.items():
        key = event_style(event_type).key
        keys[key] = keys.get(key, 0) + n
    return keys
