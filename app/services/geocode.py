"""Forward and reverse geocoding over the gazetteer, as GeoJSON."""

from __future__ import annotations

from app.core.errors import BadQuery
from app.gazetteer.lookup import Gazetteer
from app.gazetteer.types import Entry, Match
from app.geometry.geojson import SIMPLIFY_TOLERANCE, label_point, to_geojson
from app.geoparse.priors import TYPE_PRIOR

MAX_QUERY_CHARS = 200
MAX_LIMIT = 50


def rank(matches: list[Match]) -> list[tuple[float, Match]]:
    """Name match quality first, then importance and feature type."""
    scored = [
        (
            round(
                0.6 * m.quality
                + 0.3 * m.entry.importance
                + 0.1 * TYPE_PRIOR.get(m.entry.feature_type, 0.4),
                4,
            ),
            m,
        )
        for m in matches
    ]
    return sorted(scored, key=lambda x: -x[0])


def entry_feature(
    gazetteer: Gazetteer, entry: Entry, properties: dict, geometry: bool = False
) -> dict:
    """A feature for an entry: its reference point (its ``label_point`` when it is a line
    or an area), or its full geometry when asked for."""
    shape = gazetteer.geometry(entry)
    props = {
        "gazetteer_id": entry.gid,
        "name": entry.name,
        "feature_type": entry.feature_type,
        "country_code": entry.country_code,
        "admin1": entry.admin1,
        "population": entry.population or None,
        "geometry_precision": entry.geometry_precision,
        "geometry_source": entry.geometry_source,
        **properties,
    }
    point = [entry.lon, entry.lat]
    if shape.geom_type != "Point":
        point = props["label_point"] = label_point(shape, (entry.lon, entry.lat))
    geojson = (
        to_geojson(shape, SIMPLIFY_TOLERANCE)
        if geometry
        else {"type": "Point", "coordinates": point}
    )
    return {"type": "Feature", "id": entry.gid, "geometry": geojson, "properties": props}


def geocode(
    gazetteer: Gazetteer,
    q: str,
    country: str | None = None,
    limit: int = 5,
    geometry: bool = False,
) -> dict:
    """Ranked candidates for a place name as a FeatureCollection."""
    q = q.strip()
    if not q:
        raise BadQuery("the query 'q' is empty")
    if len(q) > MAX_QUERY_CHARS:
        raise BadQuery(f"the query 'q' is longer than {MAX_QUERY_CHARS} characters")
    ranked = rank(gazetteer.lookup(q, country=country))[:limit]
    features = [
        entry_feature(
            gazetteer,
            m.entry,
            {
                "matched_name": m.matched_name,
                "match": m.kind,
                "match_method": m.method,
                "score": score,
            },
            geometry,
        )
        for score, m in ranked
    ]
    return {"type": "FeatureCollection", "query": q, "features": features}


def reverse(gazetteer: Gazetteer, lon: float, lat: float) -> dict:
    """The nearest populated place and the country and admin-1 area of a point."""
    found = gazetteer.reverse(lon, lat)
    features = []
    if found.place is not None:
        features.append(
            entry_feature(
                gazetteer,
                found.place,
                {"role": "nearest_place", "distance_km": round(found.distance_km or 0.0, 3)},
            )
        )
    for role, entry in (("admin1", found.admin1), ("country", found.country)):
        if entry is not None:
            features.append(entry_feature(gazetteer, entry, {"role": role}))
    return {"type": "FeatureCollection", "query": {"lon": lon, "lat": lat}, "features": features}
