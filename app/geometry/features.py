"""One feature of the geoevents GeoJSON contract, read once into typed values.

Features reach the store and the maps as GeoJSON: from the pipeline
(``services/geoparse.feature_collection`` writes them), from a client (``POST
/v1/maps/render``, ``geoevents import-events``) and back from the store.
:func:`read_feature` is the one place that knows how their properties are spelt and what
a client may send instead: actors as names or as objects with their surface forms,
fatalities as a number or as reports with a best count, dates as ISO strings or dates.
The store's columns (``app/store/features.py``), the map's records
(``app/maps/records.py``) and the ACLED rows (``app/events/acled.py``) take the
:class:`Feature` it returns and never guess a key.

>>> f = read_feature({"type": "Feature", "id": "e1",
...     "geometry": {"type": "Point", "coordinates": [40.9, 34.5]},
...     "properties": {"kind": "event", "event_type": "Battles", "date_start": "2018-06-10",
...                    "actors": [{"name": "Islamic State", "surface_forms": ["ISIS"]}],
...                    "fatalities": {"best": 4, "reports": [{"count": 4, "side": "SDF"}]}}})
>>> f.kind, f.event_type, f.date_start, f.actors, f.actor_forms, f.fatalities.best
('event', 'Battles', datetime.date(2018, 6, 10), ('Islamic State',), ('Islamic State', 'ISIS'), 4)
>>> f.position()
(40.9, 34.5)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_NAME_KEYS = ("name", "actor", "label", "normalized", "text")
"""Where an actor object holds its name, in order."""
_FORM_KEYS = ("surface_forms", "mentions", "aliases")
"""Where an actor object lists the other words the text used for it."""


@dataclass(frozen=True, slots=True)
class FatalityCount:
    """One report of dead ("about 35 (SAA)")."""

    count: int | float | str
    qualifier: str | None = None
    side: str | None = None

    def text(self) -> str:
        words = [self.qualifier or "", str(self.count)]
        part = " ".join(w for w in words if w)
        return f"{part} ({self.side})" if self.side else part


@dataclass(frozen=True, slots=True)
class Fatalities:
    """The dead of an event: the best count and the reports behind it (or, from a
    client, a text such as "dozens")."""

    best: int | None = None
    reports: tuple[FatalityCount, ...] = ()
    text: str | None = None

    def summary(self) -> str | None:
        """A line for a popup: the reports, else the best count, else the text."""
        parts = [r.text() for r in self.reports]
        if not parts and self.best is not None:
            parts.append(str(self.best))
        return "; ".join(parts) or self.text


@dataclass(frozen=True, slots=True)
class Feature:
    """A GeoJSON feature with the values the store, the maps and the exports read."""

    id: str | None
    kind: str
    """``place``, ``event``, or whatever a later stage or a client calls its features."""
    geometry: Mapping[str, Any] | None
    """The GeoJSON geometry as given (None when it is not an object)."""
    properties: Mapping[str, Any]
    """Every property as given: what is stored and returned."""
    name: str | None
    feature_type: str | None
    country_code: str | None
    role: str | None
    score: float | None
    gazetteer_id: str | None
    place_ids: tuple[str, ...]
    """The places an event happened at (ids of place features of the same article)."""
    mention_count: int
    event_type: str | None
    sub_event_type: str | None
    date_start: dt.date | None
    date_end: dt.date | None
    actors: tuple[str, ...]
    """The actors' names, each once."""
    actor_forms: tuple[str, ...]
    """The names and every other word the text used for the actors (what an actor
    search matches)."""
    fatalities: Fatalities
    label_point: tuple[float, float] | None
    """(lon, lat) a point-only client shows a line or an area at, when given."""

    def position(self) -> tuple[float, float] | None:
        """(lon, lat) to put a marker at: the point, else the label point, else the
        label point of the geometry (computed); None without a usable geometry."""
        geometry = self.geometry or {}
        if geometry.get("type") == "Point":
            return _lon_lat(geometry.get("coordinates"))
        if self.label_point is not None:
            return self.label_point
        if not geometry.get("type"):
            return None
        from shapely.geometry import shape

        from app.geometry.geojson import label_point

        try:
            return _lon_lat(label_point(shape(geometry)))
        except (TypeError, ValueError, IndexError, AttributeError, KeyError):
            return None


def read_feature(feature: Mapping[str, Any]) -> Feature:
    """The typed values of a GeoJSON feature; whatever is missing or malformed is None
    (or empty), never an error: a client's collection is stored and drawn as far as it
    can be."""
    props = feature.get("properties")
    props = props if isinstance(props, Mapping) else {}
    geometry = feature.get("geometry")
    mentions = props.get("mentions")
    place_ids = props.get("place_ids")
    start = parse_date(props.get("date_start"))
    end = parse_date(props.get("date_end"))
    names, forms = _actors(props.get("actors"))
    fid = feature.get("id")
    return Feature(
        id=str(fid) if fid not in (None, "") else None,
        kind=str(props.get("kind") or "place"),
        geometry=geometry if isinstance(geometry, Mapping) else None,
        properties=props,
        name=props.get("name") if isinstance(props.get("name"), str) else None,
        feature_type=_str(props.get("feature_type")),
        country_code=_str(props.get("country_code")),
        role=_str(props.get("role")),
        score=_float(props.get("score")),
        gazetteer_id=_str(props.get("gazetteer_id")) or None,
        place_ids=tuple(dict.fromkeys(str(i) for i in place_ids if isinstance(i, (str, int))))
        if isinstance(place_ids, list)
        else (),
        mention_count=len(mentions) if isinstance(mentions, list) else 0,
        event_type=_str(props.get("event_type")),
        sub_event_type=_str(props.get("sub_event_type")),
        date_start=start,
        date_end=end,
        actors=names,
        actor_forms=forms,
        fatalities=read_fatalities(props.get("fatalities")),
        label_point=_lon_lat(props.get("label_point")),
    )


def parse_date(value: object) -> dt.date | None:
    """An ISO date (or the date of an ISO datetime), else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def read_fatalities(value: object) -> Fatalities:
    """A number, a text, or ``{"best": n, "reports": [{"count", "qualifier", "side"}]}``
    (the best count, when missing, is the largest report's).

    >>> dead = read_fatalities({"reports": [{"count": 35, "qualifier": "about", "side": "SAA"}]})
    >>> dead.best, dead.summary()
    (35, 'about 35 (SAA)')
    """
    if isinstance(value, bool) or value is None:
        return Fatalities()
    if isinstance(value, (int, float)):
        return Fatalities(best=int(value))
    if isinstance(value, str):
        return Fatalities(text=value or None)
    if not isinstance(value, Mapping):
        return Fatalities()
    reports = tuple(
        FatalityCount(r["count"], _str(r.get("qualifier")) or None, _str(r.get("side")) or None)
        for r in value.get("reports") or []
        if isinstance(r, Mapping)
        and isinstance(r.get("count"), (int, float, str))
        and not isinstance(r.get("count"), bool)
    )
    best = value.get("best")
    if not isinstance(best, (int, float)) or isinstance(best, bool):
        counts = [r.count for r in reports if isinstance(r.count, (int, float))]
        best = max(counts) if counts else None
    return Fatalities(None if best is None else int(best), reports)


def _actors(actors: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(names, names and surface forms) of ``actors``: names, or objects with a name and
    the forms the text used (each actor's name, then its forms, in order)."""
    if isinstance(actors, (str, Mapping)):
        actors = [actors]
    names: list[str] = []
    forms: list[str] = []
    for actor in actors if isinstance(actors, list) else []:
        if isinstance(actor, str):
            names.append(actor)
            forms.append(actor)
            continue
        if not isinstance(actor, Mapping):
            continue
        name = next((actor[k] for k in _NAME_KEYS if isinstance(actor.get(k), str)), None)
        if name:
            names.append(name)
            forms.append(name)
        for key in _FORM_KEYS:
            value = actor.get(key)
            if isinstance(value, str):
                forms.append(value)
            elif isinstance(value, list):
                forms.extend(
                    v if isinstance(v, str) else str(v.get("text", ""))
                    for v in value
                    if isinstance(v, (str, Mapping))
                )
    return _unique(names), _unique(forms)


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(v for v in dict.fromkeys(v.strip() for v in values) if v)


def _lon_lat(value: object) -> tuple[float, float] | None:
    if not isinstance(value, (list, tuple)) or len(value) < 2:
        return None
    try:
        lon, lat = float(value[0]), float(value[1])
    except (TypeError, ValueError):
        return None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return None
    return lon, lat


def _float(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _str(value: object) -> str | None:
    return str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
