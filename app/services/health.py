"""Readiness: the gazetteer and the model loaded, the store reachable, and what an
orchestrator may be told about them (names and states, never paths or database URLs:
``/ready`` answers anyone, without a key)."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from app.core.errors import GeoeventsError
from app.gazetteer.checks import index_warnings


class NotReady(Exception):
    """Why the service cannot take work yet, scrubbed for anyone to read."""

    def __init__(self, detail: str) -> None:
        super().__init__(scrub(detail))
        self.detail = scrub(detail)


def readiness(
    geoparser: Any,
    store: Any,
    load_error: GeoeventsError | None = None,
    store_error: GeoeventsError | None = None,
) -> dict:
    """The readiness document; NotReady when the geoparser is not loaded or the store
    cannot be reached (``store.ping``, which may block: run it off the event loop)."""
    if geoparser is None:
        raise NotReady(load_error.detail if load_error is not None else "not loaded")
    if store is not None:
        try:
            store.ping()
        except GeoeventsError as exc:
            store_error = exc
    if store_error is not None or store is None:
        raise NotReady(store_error.detail if store_error is not None else "the store is not open")
    status = geoparser.gazetteer.status()
    warnings = index_warnings(status)
    gazetteer = asdict(status)
    for private in ("path", "extra"):  # where files are is nobody's business outside
        gazetteer.pop(private, None)
    gazetteer["sources"] = {
        name: "local" if _PATH.search(value) else value for name, value in status.sources.items()
    }
    return {
        "status": "ready",
        "gazetteer": {**gazetteer, "warnings": [scrub(w) for w in warnings]},
        "store": {"backend": store.backend, "status": "reachable"},
    }


_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S*?(?=[:,;.]?(?:\s|$))", re.IGNORECASE)
_PATH = re.compile(r"(?:^|(?<=[\s'\"(=]))(?:[A-Za-z]:)?[/\\][^\s'\",;)]*")


def scrub(text: str) -> str:
    """``text`` without URLs (database URLs name hosts and users) nor filesystem paths."""
    return _PATH.sub("<path>", _URL.sub("<url>", text))
