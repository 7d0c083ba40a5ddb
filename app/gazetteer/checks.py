"""Sanity checks on a loaded index, so that a wrong or empty index is obvious at a glance."""

from __future__ import annotations

from app.gazetteer.types import POPULATED_PLACES, IndexStatus

MIN_COUNTRIES = 200
MIN_POPULATED_PLACES = 100_000
"""The default sources give ~250 countries and ~235,000 populated places."""


def index_warnings(status: IndexStatus) -> list[str]:
    """Human-readable problems of an index; empty when it looks complete."""
    warnings = []
    types = status.counts_by_feature_type
    countries = types.get("country", 0)
    places = sum(types.get(t, 0) for t in POPULATED_PLACES)
    if countries < MIN_COUNTRIES:
        warnings.append(f"only {countries} countries (expected >= {MIN_COUNTRIES})")
    if places < MIN_POPULATED_PLACES:
        warnings.append(f"only {places:,} populated places (expected >= {MIN_POPULATED_PLACES:,})")
    if "naturalearth" not in status.sources:
        warnings.append(
            "no Natural Earth data: countries have no polygons and rivers are missing; "
            "run `geoevents gazetteer download` then `geoevents gazetteer build`"
        )
    if not types.get("river"):
        warnings.append("no rivers in the index")
    return warnings
