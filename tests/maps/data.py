"""Synthetic places and events for the map tests, written for them: an article-like
event with an XSS payload in every field an article controls, and many plain events
spread over Syria and Iraq across two months."""

from __future__ import annotations

import datetime as dt
import random

from app.events.types import EVENT_TYPES

XSS = '<script>window.__xss=1</script>"><img src=x onerror="window.__xss=2">'
"""In a title, a name, an actor, a quote: it must show as these characters."""

EVIDENCE = "ISIS fighters attacked al-Bukamal at dawn " + XSS
BUKAMAL_AT = EVIDENCE.index("al-Bukamal")


def bukamal_place(gid: str = "geonames:174448") -> dict:
    return {
        "type": "Feature",
        "id": gid,
        "geometry": {"type": "Point", "coordinates": [40.917, 34.452]},
        "properties": {
            "kind": "place",
            "name": "Albu Kamal " + XSS,
            "gazetteer_id": gid,
            "feature_type": "town",
            "country_code": "SY",
            "score": 0.93,
            "role": "place",
            "mentions": [{"start": BUKAMAL_AT, "end": BUKAMAL_AT + 10, "text": "al-Bukamal"}],
        },
    }


def xss_event(url: str = "javascript:window.__xss=3", place_id: str = "geonames:174448") -> dict:
    """A battle at al-Bukamal whose every text field carries the payload."""
    return {
        "type": "Feature",
        "id": "event-xss",
        "geometry": {"type": "Point", "coordinates": [40.917, 34.452]},
        "properties": {
            "kind": "event",
            "event_type": "Battles",
            "sub_event_type": "Armed clash " + XSS,
            "date_start": "2018-06-08",
            "date_end": "2018-06-10",
            "actors": [{"name": "ISIS " + XSS}, {"name": "Syrian Arab Army"}],
            "fatalities": {
                "reports": [
                    {"count": 35, "qualifier": "about", "side": "pro-government fighters"},
                    {"count": 20, "qualifier": "up to", "side": "ISIS members " + XSS},
                ],
                "best": 35,
            },
            "source_attribution": "pro-opposition sources " + XSS,
            "evidence": {"start": 0, "end": len(EVIDENCE), "text": EVIDENCE},
            "place_ids": [place_id],
            "url": url,
        },
    }


def plain_events(n: int, seed: int = 1, prefix: str = "event") -> list[dict]:
    """``n`` events of every type, one a day or so between 2018-05-01 and 2018-06-29."""
    rnd = random.Random(seed)
    base = dt.date(2018, 5, 1)
    events = []
    for i in range(n):
        day = base + dt.timedelta(days=rnd.randrange(60))
        events.append(
            {
                "type": "Feature",
                "id": f"{prefix}-{i}",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(rnd.uniform(36, 44), 4), round(rnd.uniform(32, 37), 4)],
                },
                "properties": {
                    "kind": "event",
                    "event_type": EVENT_TYPES[i % len(EVENT_TYPES)],
                    "date_start": day.isoformat(),
                    "date_end": day.isoformat(),
                    "actors": ["SDF"] if i % 2 else ["Syrian Arab Army"],
                    "fatalities": rnd.randrange(6),
                    "evidence": {"text": "Clashes were reported near the town."},
                },
            }
        )
    return events


def xss_collection(n_plain: int = 40) -> dict:
    return {
        "type": "FeatureCollection",
        "id": "synthetic",
        "title": "Synthetic " + XSS,
        "url": "https://example.org/article",
        "features": [bukamal_place(), xss_event(), *plain_events(n_plain)],
    }
