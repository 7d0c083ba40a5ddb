"""Small synthetic articles and FeatureCollections for the store tests."""

from __future__ import annotations

import datetime as dt
import hashlib

from app.store.base import NewArticle


def new_article(text: str, published_at: dt.date | None = dt.date(2018, 6, 11), **kw) -> NewArticle:
    return NewArticle(
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        body=text,
        body_format="text",
        text=text,
        geoparser_version=kw.pop("version", "test-1"),
        published_at=published_at,
        **kw,
    )


def place(gid: str, lon: float, lat: float, name: str = "", country: str = "SY", **props) -> dict:
    return {
        "type": "Feature",
        "id": gid,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "kind": "place",
            "name": name or gid,
            "mentions": props.pop("mentions", [{"start": 0, "end": 4, "text": "name"}]),
            "gazetteer_id": gid,
            "feature_type": "town",
            "country_code": country,
            "score": props.pop("score", 0.9),
            **props,
        },
    }


def area(gid: str, ring: list[list[float]], country: str = "SY", **props) -> dict:
    return {
        "type": "Feature",
        "id": gid,
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {
            "kind": "place",
            "name": gid,
            "mentions": [],
            "gazetteer_id": gid,
            "feature_type": "country",
            "country_code": country,
            "score": 0.8,
            **props,
        },
    }


def event(
    eid: str,
    lon: float,
    lat: float,
    start: str | None = "2018-06-08",
    end: str | None = "2018-06-10",
    event_type: str = "Battles",
    actors: tuple[str, ...] = ("ISIS",),
    place_ids: tuple[str, ...] = (),
    score: float = 0.7,
    **props,
) -> dict:
    properties = {
        "kind": "event",
        "event_type": event_type,
        "sub_event_type": props.pop("sub_event_type", "Armed clash"),
        "actors": [{"name": a} for a in actors],
        "fatalities": props.pop("fatalities", {"reports": [{"count": 3}], "best": 3}),
        "place_ids": list(place_ids),
        "evidence": {"start": 0, "end": 10, "text": "evidence.."},
        "score": score,
        **props,
    }
    if start:
        properties["date_start"] = start
    if end:
        properties["date_end"] = end
    return {
        "type": "Feature",
        "id": eid,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }


def collection(*features: dict, **members) -> dict:
    return {"type": "FeatureCollection", "features": list(features), "unresolved": [], **members}
