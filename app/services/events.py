"""Event features of the geoparse output, and their ACLED export.

An event feature's ``mentions`` are the words that report it ("attacks", "clashes"), its
``name`` a label ("Armed clash, al-Bukamal"). Its geometry is the geometry of the place it
happened at (a gazetteer place or a derived area); when that place's name is not in the
gazetteer, the resolved place or area named with it (``geometry_basis: enclosing`` or
``nearby``), else the country the article is about (``country``), else none (``null``
geometry, with the reason in ``geometry_note``). ``location_text`` is always the text's
own name for the place.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from shapely.geometry.base import BaseGeometry

from app.events.acled import acled_csv, acled_row
from app.events.actors import country_names
from app.events.fatalities import best_estimate
from app.events.types import Event, Span
from app.gazetteer.types import SETTLEMENTS, Entry
from app.geometry.geojson import label_point, to_geojson
from app.geoparse.pipeline import Geoparser
from app.geoparse.types import ParseResult


def _span(span: Span) -> dict:
    return {"start": span.start, "end": span.end, "text": span.text}


def _geometry(
    geoparser: Geoparser, result: ParseResult, event: Event
) -> tuple[BaseGeometry | None, Entry | None, str | None]:
    """The geometry, the gazetteer entry it comes from (if any) and its feature type."""
    if event.geometry_basis == "country":
        entry = geoparser.gazetteer.country_entry(event.geometry_country)
        if entry is None:
            return None, None, None
        return geoparser.gazetteer.geometry(entry), entry, "country"
    gid = event.geometry_id
    if gid is None:
        return None, None, None
    for derived in result.derived:
        if derived.id == gid:
            return derived.geometry, None, derived.feature_type
    entry = next((p.entry for p in result.places if p.entry.gid == gid), None)
    entry = entry or geoparser.gazetteer.entry(gid)
    if entry is None:
        return None, None, None
    return geoparser.gazetteer.geometry(entry), entry, entry.feature_type


def geo_precision(event: Event, feature_type: str | None) -> int | None:
    """ACLED's spatial precision: 1 the settlement itself, 2 near it or part of a region,
    3 a region, province, river, border or the country."""
    if event.geometry_basis == "none":
        return None
    if event.geometry_basis in ("country", "enclosing"):
        return 3
    if event.geometry_basis == "nearby":
        return 2
    location = event.location
    if location is not None and location.feature_id is not None:
        return 2 if feature_type == "area" else 3
    return 1 if feature_type in SETTLEMENTS else 3


def _admin(
    geoparser: Geoparser, event: Event, entry: Entry | None, point: list[float] | None
) -> tuple[str | None, str | None]:
    """Country code and admin-1 name of where the event is (not for a whole country)."""
    gazetteer = geoparser.gazetteer
    if entry is not None and entry.feature_type == "country":
        return entry.country_code, None
    if entry is not None and entry.feature_type == "admin1":
        return entry.country_code, entry.name
    if point is None:
        return (event.location.country_code if event.location else None), None
    found = gazetteer.reverse(point[0], point[1])
    country = entry.country_code if entry is not None else None
    if country is None and found.country is not None:
        country = found.country.country_code
    admin1 = found.admin1.name if found.admin1 is not None else None
    if entry is not None and entry.admin1:
        area = gazetteer.admin1_entry(entry.country_code, entry.admin1, entry.lon, entry.lat)
        admin1 = area.name if area is not None else admin1
    return country, admin1


def event_feature(
    geoparser: Geoparser, result: ParseResult, event: Event, simplify: float | None
) -> dict:
    geometry, entry, feature_type = _geometry(geoparser, result, event)
    location = event.location
    point = None
    if geometry is not None:
        point = (
            [round(geometry.x, 6), round(geometry.y, 6)]
            if geometry.geom_type == "Point"
            else label_point(geometry, None if entry is None else (entry.lon, entry.lat))
        )
    country, admin1 = _admin(geoparser, event, entry, point)
    place_name = location.span.text if location else None
    properties = {
        "kind": "event",
        "name": f"{event.sub_event_type}, {place_name}" if place_name else event.sub_event_type,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "date_start": event.date.start.isoformat() if event.date.start else None,
        "date_end": event.date.end.isoformat() if event.date.end else None,
        "date_precision": event.date.precision,
        "date_basis": event.date.basis,
        "date_text": event.date.span.text if event.date.span else None,
        "actors": [
            {"name": a.name, "type": a.type, "role": a.role, "surface_forms": list(a.surface_forms)}
            for a in event.actors
        ],
        "fatalities": {
            "reports": [
                {
                    "count": f.count,
                    "qualifier": f.qualifier,
                    "side": f.side,
                    "source": f.source,
                    **_span(f.span),
                }
                for f in event.fatalities
            ],
            "best": best_estimate(event.fatalities),
        },
        "source_attribution": list(event.sources),
        "place_ids": list(event.place_ids),
        "location_text": place_name,
        "locations": [
            {
                **_span(loc.span),
                "gazetteer_id": loc.gazetteer_id,
                "feature_id": loc.feature_id,
                "link": loc.link,
                "named": loc.named,
            }
            for loc in event.locations
        ],
        "geometry_basis": event.geometry_basis if geometry is not None else "none",
        "geometry_note": event.geometry_note,
        "geo_precision": geo_precision(event, feature_type) if geometry is not None else None,
        "country_code": country,
        "country": country_names().get(country) if country else None,
        "admin1": admin1,
        "mentions": [_span(t) for t in event.triggers],
        "evidence": _span(event.evidence),
        "supporting_evidence": [_span(s) for s in event.supporting],
        "score": event.score,
    }
    if geometry is not None and geometry.geom_type != "Point":
        properties["label_point"] = point
    first = event.triggers[0].start if event.triggers else event.evidence.start
    return {
        "type": "Feature",
        "id": f"event-{first}",
        "geometry": to_geojson(geometry, simplify) if geometry is not None else None,
        "properties": properties,
    }


def event_features(geoparser: Geoparser, result: ParseResult, simplify: float | None) -> list[dict]:
    """The feature builder of the geoparse output (``FEATURE_BUILDERS``)."""
    return [event_feature(geoparser, result, e, simplify) for e in result.events]


def acled_rows(collections: Iterable[dict]) -> Iterator[dict]:
    """ACLED rows of the event features of geoparse FeatureCollections (or of stored event
    features, which carry their article's source)."""
    for collection in collections:
        source = collection.get("source")  # the outlet, never the title
        for feature in collection.get("features", []):
            props = feature.get("properties") or {}
            if props.get("kind") == "event":
                yield acled_row(feature, props.get("article_source") or source)


def acled_export(collections: Iterable[dict]) -> str:
    return acled_csv(acled_rows(collections))
