"""ACLED's column layout for event features, so analysts can merge them with ACLED data.

One row per event feature (of the geoparse output or the store): ``event_date`` is the
first day (ISO); a range is spelled out in ``notes``. ``actor1`` is who acted, ``actor2``
the other side. ``geo_precision`` follows ACLED: 1 the town or village itself, 2 near it
or a part of a region, 3 only a region, province, river or country.
``fatalities`` is the conservative estimate (0 when none is reported).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

ACLED_COLUMNS = (
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)


def _actors(props: dict) -> tuple[str, str]:
    actors = [a for a in props.get("actors") or [] if isinstance(a, dict) and a.get("name")]
    first = next((a for a in actors if a.get("role") == "actor1"), None)
    second = next((a for a in actors if a.get("role") == "actor2"), None)
    rest = [a for a in actors if a is not first and a is not second]
    first = first or (rest.pop(0) if rest else None)
    second = second or (rest.pop(0) if rest else None)
    return (first or {}).get("name", ""), (second or {}).get("name", "")


def _point(feature: dict) -> tuple[float, float] | None:
    props = feature.get("properties") or {}
    geometry = feature.get("geometry") or {}
    if geometry.get("type") == "Point":
        lon, lat = geometry["coordinates"][:2]
        return float(lon), float(lat)
    label = props.get("label_point")
    if isinstance(label, list) and len(label) == 2:
        return float(label[0]), float(label[1])
    return None


def _best(fatalities: object) -> int:
    if isinstance(fatalities, dict) and isinstance(fatalities.get("best"), int):
        return fatalities["best"]
    if isinstance(fatalities, int) and not isinstance(fatalities, bool):
        return fatalities
    return 0


def _notes(props: dict) -> str:
    parts = []
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
    return " ".join(p for p in parts if p)


def acled_row(feature: dict, source: str | None = None) -> dict:
    """The ACLED columns of an event feature. ``source`` names the publication (it is
    joined with the sources the text attributes the event to)."""
    props = feature.get("properties") or {}
    actor1, actor2 = _actors(props)
    point = _point(feature)
    sources = [s for s in [source, *(props.get("source_attribution") or [])] if s]
    return {
        "event_date": props.get("date_start") or props.get("published_at") or "",
        "event_type": props.get("event_type", ""),
        "sub_event_type": props.get("sub_event_type", ""),
        "actor1": actor1,
        "actor2": actor2,
        "country": props.get("country") or "",
        "admin1": props.get("admin1") or "",
        "location": props.get("location_text") or "",
        "latitude": round(point[1], 4) if point else "",
        "longitude": round(point[0], 4) if point else "",
        "geo_precision": props.get("geo_precision") or "",
        "source": "; ".join(dict.fromkeys(sources)),
        "notes": _notes(props),
        "fatalities": _best(props.get("fatalities")),
    }


def acled_csv(rows: Iterable[dict]) -> str:
    """CSV text with ACLED's header, one line per row of :func:`acled_row`."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()
