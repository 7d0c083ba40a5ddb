"""Score geoparse FeatureCollections against ACLED's coding of the notes they came from.

The rules are those of the reference scorer ``../shared/tools/acled_score.py`` so that
the figures agree:

- an event is found when the collection has a feature of ``kind`` "event"; the chosen
  event is the one with the highest ``score`` (the first of equals);
- a feature's point is its ``label_point`` when it has one, else its geometry's point
  (a representative point for lines and polygons);
- the event is placed right within 25, 50 or 161 km of ACLED's point for ACLED's
  ``geo_precision`` 1, 2 or 3 (161 km when ACLED gives none), over all notes;
- fatalities are right when the event's ``fatalities.best`` equals ACLED's count, over
  the notes where ACLED counts more than 0;
- the date is right when ACLED's date lies inside ``date_start..date_end``;
- ACLED's pre-2019 event types count as the types they became (:data:`OLD_TYPES`).

Added here: sub-event type (over found events whose note ACLED gives one), the share of
events with a sub-event type, and actor1 (:func:`actor_matches`).

>>> outcome = score_note(note, collection)  # doctest: +SKIP
>>> Tally.of([outcome]).rates()["event_found"]  # doctest: +SKIP
1.0
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from shapely.geometry import shape

from app.evaluation.acled import AcledGold, AcledNote
from app.geometry.distance import haversine_km

OLD_TYPES: dict[str, frozenset[str]] = {
    "Battle-No change of territory": frozenset({"Battles"}),
    "Battle-Government regains territory": frozenset({"Battles"}),
    "Battle-Non-state actor overtakes territory": frozenset({"Battles"}),
    "Remote violence": frozenset({"Explosions/Remote violence"}),
    "Riots/Protests": frozenset({"Protests", "Riots"}),
    "Strategic development": frozenset({"Strategic developments"}),
    "Non-violent transfer of territory": frozenset({"Strategic developments"}),
    "Headquarters or base established": frozenset({"Strategic developments"}),
    "Violence against civilians": frozenset({"Violence against civilians"}),
}
"""ACLED's taxonomy before 2019, as the current one names it ("Riots/Protests" is either
of two), exactly as the reference scorer maps it."""

PLACED_KM = {1: 25.0, 2: 50.0}
"""The radius for ACLED's ``geo_precision`` 1 (the named town) and 2 (a nearby town
standing for part of a region); anything else (3, a larger area, or none) gets 161 km."""
WIDE_KM = 161.0
WITHIN_KM = (10, 25, 161)
ANY_PLACE_KM = 25.0

_YEARS = re.compile(r"\(\s*\d{4}\s*-\s*(\d{4})?\s*\)")
_PUNCT = re.compile(r"[^\w\s]+")


def point_of(feature: dict) -> tuple[float, float] | None:
    """The (lon, lat) a feature stands at: ``label_point``, else its geometry's point."""
    props = feature.get("properties") or {}
    label = props.get("label_point")
    if isinstance(label, (list, tuple)) and len(label) == 2:
        return float(label[0]), float(label[1])
    if not feature.get("geometry"):
        return None
    geometry = shape(feature["geometry"])
    if geometry.is_empty:
        return None
    if geometry.geom_type != "Point":
        geometry = geometry.representative_point()
    return geometry.x, geometry.y


def normalise_actor(name: str) -> str:
    """Lower case, without parenthesised years and punctuation.

    >>> normalise_actor("Military Forces of Afghanistan (2014-)")
    'military forces of afghanistan'
    """
    return " ".join(_PUNCT.sub(" ", _YEARS.sub(" ", name)).lower().split())


def actor_matches(gold_actor1: str, names: Iterable[str]) -> bool:
    """Whether any of ``names`` equals, contains or is contained in ACLED's actor1,
    once both are normalised."""
    gold = normalise_actor(gold_actor1)
    if not gold:
        return False
    ours = (normalise_actor(n) for n in names)
    return any(n and (n in gold or gold in n) for n in ours)


@dataclass(frozen=True, slots=True)
class ChosenEvent:
    """What the chosen event said, for the per-note details."""

    event_type: str | None
    sub_event_type: str | None
    point: tuple[float, float] | None
    distance_km: float | None
    fatalities: int | None
    location: str | None


@dataclass(frozen=True, slots=True)
class NoteOutcome:
    """The verdicts on one note. A field named ``x_of`` says whether the note counts in
    the denominator of ``x``."""

    country: str
    any_place25: bool
    found: bool
    type_of: bool = False
    type_ok: bool = False
    sub_type_of: bool = False
    sub_type_ok: bool = False
    has_sub_type: bool = False
    placed: bool = False
    within10: bool = False
    within25: bool = False
    within161: bool = False
    fatalities_of: bool = False
    fatalities_ok: bool = False
    date_ok: bool = False
    actor1_of: bool = False
    actor1_ok: bool = False
    failed: bool = False
    event: ChosenEvent | None = None


def score_note(note: AcledNote, collection: dict | None) -> NoteOutcome:
    """The verdicts on one note, given what the geoparser returned for it (``None``: the
    geoparser gave nothing, e.g. the document failed)."""
    gold = note.gold
    target = (gold.lon, gold.lat)
    features = (collection or {}).get("features") or []
    points = [p for p in (point_of(f) for f in features) if p]
    any_place25 = bool(points) and min(_km(p, target) for p in points) <= ANY_PLACE_KM
    events = [f for f in features if (f.get("properties") or {}).get("kind") == "event"]
    if not events:
        return NoteOutcome(gold.country, any_place25, False, failed=collection is None)
    chosen = max(events, key=lambda f: f["properties"].get("score") or 0)
    props = chosen["properties"]
    point = point_of(chosen)
    distance = None if point is None else _km(point, target)
    best = (props.get("fatalities") or {}).get("best")
    start, end = props.get("date_start"), props.get("date_end") or props.get("date_start")
    actors = [a.get("name") or "" for a in props.get("actors") or [] if isinstance(a, dict)]
    return NoteOutcome(
        country=gold.country,
        any_place25=any_place25,
        found=True,
        type_of=bool(gold.event_type),
        type_ok=bool(gold.event_type) and props.get("event_type") in accepted_types(gold),
        sub_type_of=bool(gold.sub_event_type),
        sub_type_ok=bool(gold.sub_event_type)
        and props.get("sub_event_type") == gold.sub_event_type,
        has_sub_type=bool(props.get("sub_event_type")),
        placed=_within(distance, PLACED_KM.get(gold.geo_precision or 3, WIDE_KM)),
        within10=_within(distance, WITHIN_KM[0]),
        within25=_within(distance, WITHIN_KM[1]),
        within161=_within(distance, WITHIN_KM[2]),
        fatalities_of=bool(gold.fatalities),
        fatalities_ok=bool(gold.fatalities) and best == gold.fatalities,
        date_ok=bool(start) and start <= note.date <= (end or start),
        actor1_of=bool(gold.actor1),
        actor1_ok=bool(gold.actor1) and actor_matches(gold.actor1 or "", actors),
        event=ChosenEvent(
            event_type=props.get("event_type"),
            sub_event_type=props.get("sub_event_type"),
            point=point,
            distance_km=distance,
            fatalities=best,
            location=props.get("location_text"),
        ),
    )


def accepted_types(gold: AcledGold) -> frozenset[str]:
    """The event types that count as right for ACLED's ``event_type``."""
    return OLD_TYPES.get(gold.event_type, frozenset({gold.event_type}))


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return haversine_km(a[0], a[1], b[0], b[1])


def _within(distance: float | None, limit: float) -> bool:
    return distance is not None and distance <= limit


COUNTED = tuple(f.name for f in fields(NoteOutcome) if f.type == "bool")

RATES: dict[str, tuple[str, str | None]] = {
    "event_found": ("found", None),
    "event_type": ("type_ok", "type_of"),
    "sub_event_type": ("sub_type_ok", "sub_type_of"),
    "with_sub_event_type": ("has_sub_type", "found"),
    "event_placed": ("placed", None),
    "within_10km": ("within10", None),
    "within_25km": ("within25", None),
    "within_161km": ("within161", None),
    "any_point_25km": ("any_place25", None),
    "fatalities": ("fatalities_ok", "fatalities_of"),
    "date": ("date_ok", "found"),
    "actor1": ("actor1_ok", "actor1_of"),
}
"""Each figure as (numerator, denominator); ``None`` counts over all rows."""


@dataclass(frozen=True, slots=True)
class Tally:
    """How many notes passed each verdict, out of ``rows``."""

    rows: int
    counts: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, outcomes: Sequence[NoteOutcome]) -> Tally:
        counts = tuple((name, sum(getattr(o, name) for o in outcomes)) for name in COUNTED)
        return cls(rows=len(outcomes), counts=counts)

    def count(self, name: str) -> int:
        return dict(self.counts)[name]

    def rates(self) -> dict[str, float | None]:
        """Each figure of :data:`RATES`, ``None`` where nothing counts."""
        out: dict[str, float | None] = {}
        for figure, (right, over) in RATES.items():
            total = self.rows if over is None else self.count(over)
            out[figure] = self.count(right) / total if total else None
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "counts": dict(self.counts), "rates": self.rates()}


def detail_row(note: AcledNote, outcome: NoteOutcome) -> dict[str, Any]:
    """One JSON-ready line for error analysis: ACLED's coding, our chosen event, the note."""
    gold, event = note.gold, outcome.event
    ours = None
    if event is not None:
        ours = {
            "event_type": event.event_type,
            "sub_event_type": event.sub_event_type,
            "lon_lat": None if event.point is None else [round(c, 5) for c in event.point],
            "distance_km": None if event.distance_km is None else round(event.distance_km, 1),
            "fatalities": event.fatalities,
            "location": event.location,
        }
    return {
        "id": note.id,
        "found": outcome.found,
        "type_ok": outcome.type_ok,
        "placed": outcome.placed,
        "gold": {
            "event_type": gold.event_type,
            "sub_event_type": gold.sub_event_type,
            "location": gold.location,
            "country": gold.country,
            "lat": gold.lat,
            "lon": gold.lon,
            "geo_precision": gold.geo_precision,
            "fatalities": gold.fatalities,
            "actor1": gold.actor1,
        },
        "ours": ours,
        "failed": outcome.failed,
        "text": note.text,
    }
