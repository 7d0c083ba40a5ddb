"""ACLED's column layout for event features, so analysts can merge them with ACLED data.

One row per event feature (of the geoparse output or the store), with ACLED's own 31
columns in ACLED's order, then ours (``date_end``, ``date_precision``,
``geometry_basis``, ``score``, ``url``). ``event_date`` is the first day (ISO) and
``time_precision`` ACLED's 1 (a day), 2 (within a week: a range of up to 7 days, or the
week before publication when the text names no date) or 3 (longer). ``actor1`` is who
acted, ``actor2`` the other side, the other actors ``assoc_actor_1``; ``inter1`` and
``inter2`` are ACLED's actor codes (1 state forces, 2 rebels, 3 political militias, 5
rioters, 6 protesters, 7 civilians, 8 external forces). ``geo_precision`` follows
ACLED: 1 the town or village itself, 2 near it or a part of a region, 3 only a region,
province, river or country. ``source`` is the reporting outlet; whom the text credits
is in ``notes``. ``fatalities`` is the conservative estimate (0 when none is reported).
Columns ACLED fills from its own records (``iso``, ``region``, ``admin2``, ``admin3``,
``source_scale``, ``tags``, ``timestamp``) stay empty.

Events imported from ACLED (``source_dataset: acled``) are written back as ACLED coded
them: their ``event_id_cnty``, ``time_precision``, actors, notes, source and the other
ACLED columns they kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

from app.geometry.features import read_feature

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
"""ACLED's export columns, in ACLED's order."""
EXTRA_COLUMNS = ("date_end", "date_precision", "geometry_basis", "score", "url")
"""Ours, after ACLED's."""
COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS

INTER_CODES = {
    "state": 1,
    "rebel": 2,
    "militia": 3,
    "unidentified": 3,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external": 8,
}
"""ACLED's actor codes by our actor types (unidentified armed groups are coded as
political militias, as ACLED does)."""


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type of an event type and sub-event type."""
    if event_type == "Strategic developments":
        return "Strategic developments"
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if event_type == "Protests" or sub_event_type == "Violent demonstration":
        return "Demonstrations"
    return "Political violence" if event_type else ""


def time_precision(props: dict) -> int | str:
    """ACLED's 1 (day), 2 (week) or 3 (month or longer) for the event's dates."""
    start, end = props.get("date_start"), props.get("date_end") or props.get("date_start")
    if not start:
        return ""
    try:
        days = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days
    except (TypeError, ValueError):
        return ""
    return 1 if days == 0 else 2 if days <= 7 else 3


def _actors(props: dict) -> tuple[dict, dict, list[dict]]:
    """actor1, actor2 and the associated actors."""
    actors = [a for a in props.get("actors") or [] if isinstance(a, dict) and a.get("name")]
    first = next((a for a in actors if a.get("role") == "actor1"), None)
    second = next((a for a in actors if a.get("role") == "actor2"), None)
    rest = [a for a in actors if a is not first and a is not second]
    first = first or (rest.pop(0) if rest else None)
    second = second or (rest.pop(0) if rest else None)
    return first or {}, second or {}, rest


def _inter(actor: dict) -> int | str:
    return INTER_CODES.get(actor.get("type") or "", "") if actor else ""


def _interaction(a: int | str, b: int | str) -> str:
    codes = sorted(c for c in (a, b) if isinstance(c, int))
    if not codes:
        return ""
    return f"{codes[0]}{codes[1]}" if len(codes) == 2 else f"{codes[0]}0"


def _notes(props: dict) -> str:
    parts = []
    credited = [s for s in props.get("source_attribution") or [] if s]
    evidence = props.get("evidence") or {}
    texts = [evidence.get("text", "")] + [
        s.get("text", "") for s in props.get("supporting_evidence") or [] if isinstance(s, dict)
    ]
    parts.append(" ".join(" ".join(t.split()) for t in texts if t))
    start, end = props.get("date_start"), props.get("date_end")
    if start and end and start != end:
        parts.append(f"[dates {start} to {end}, {props.get('date_precision') or 'range'}]")
    reports = (props.get("fatalities") or {}).get("reports") or []
    figures = []
    for r in reports:
        if not isinstance(r, dict):
            continue
        words = [
            r.get("qualifier"),
            str(r["count"]) if r.get("count") is not None else None,
            r.get("side"),
        ]
        figure = " ".join(w for w in words if w) or "fatalities"
        if r.get("source"):
            figure += f" (according to {r['source']})"
        figures.append(figure)
    if figures:
        parts.append("[fatalities: " + "; ".join(figures) + "]")
    if credited:
        parts.append("[according to " + "; ".join(dict.fromkeys(credited)) + "]")
    return " ".join(p for p in parts if p)


MAPPED = frozenset(
    {"event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type"}
    | {"actor1", "actor2", "location", "latitude", "longitude", "geo_precision", "fatalities"}
)
"""ACLED columns that an imported event maps onto the properties of our events."""
AS_GIVEN = tuple(c for c in ACLED_COLUMNS if c not in MAPPED)
"""ACLED columns an imported event keeps as given (properties of the same name, left out
when empty) and is written back with."""


def acled_row(feature: dict, source: str | None = None) -> dict:
    """The ACLED columns (and ours after them) of an event feature. ``source`` names the
    reporting outlet."""
    props = feature.get("properties") or {}
    row = _coded_row(feature, props, source)
    if props.get("source_dataset") == "acled":
        row.update({c: props.get(c, "") for c in AS_GIVEN})
        row["event_id_cnty"] = props.get("event_id_cnty") or row["event_id_cnty"]
        row["time_precision"] = props.get("time_precision") or row["time_precision"]
    return row


def _coded_row(feature: dict, props: dict, source: str | None) -> dict:
    actor1, actor2, associated = _actors(props)
    inter1, inter2 = _inter(actor1), _inter(actor2)
    values = read_feature(feature)
    point = values.position()
    event_type, sub = props.get("event_type", ""), props.get("sub_event_type", "")
    date = props.get("date_start") or props.get("published_at") or ""
    civilians = event_type == "Violence against civilians" or inter2 == 7
    return {
        "event_id_cnty": feature.get("id") or "",
        "event_date": date,
        "year": date[:4],
        "time_precision": time_precision(props),
        "disorder_type": disorder_type(event_type, sub),
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": actor1.get("name", ""),
        "assoc_actor_1": "; ".join(a["name"] for a in associated),
        "inter1": inter1,
        "actor2": actor2.get("name", ""),
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilians else "",
        "iso": "",
        "region": "",
        "country": props.get("country") or "",
        "admin1": props.get("admin1") or "",
        "admin2": "",
        "admin3": "",
        "location": props.get("location_text") or "",
        "latitude": round(point[1], 4) if point else "",
        "longitude": round(point[0], 4) if point else "",
        "geo_precision": props.get("geo_precision") or "",
        "source": source or "",
        "source_scale": "",
        "notes": _notes(props),
        "fatalities": values.fatalities.best or 0,
        "tags": "",
        "timestamp": "",
        "date_end": props.get("date_end") or "",
        "date_precision": props.get("date_precision") or "",
        "geometry_basis": props.get("geometry_basis") or "",
        "score": props.get("score") if props.get("score") is not None else "",
        "url": props.get("url") or "",
    }


def acled_csv(rows: Iterable[dict]) -> str:
    """CSV text with ACLED's header (then ours), one line per row of :func:`acled_row`."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()
