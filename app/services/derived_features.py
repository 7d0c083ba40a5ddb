"""GeoJSON features for derived places (river banks and valleys, parts of areas,
surroundings, shared borders): a ``FEATURE_BUILDERS`` entry of the geoparse service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.geometry.geojson import label_point, to_geojson
from app.geoparse.types import DerivedPlace, ParseResult

if TYPE_CHECKING:
    from app.geoparse.pipeline import Geoparser


def derived_features(
    geoparser: Geoparser, result: ParseResult, simplify: float | None
) -> list[dict]:
    """One ``kind: "place"`` feature per derived place, after the resolved places."""
    return [derived_feature(d, simplify) for d in result.derived]


def derived_feature(place: DerivedPlace, simplify: float | None) -> dict:
    """The feature of one derived place: the place properties of the geoparse contract,
    plus ``derivation`` ({rule, params, anchors}) saying how its geometry was made."""
    properties = {
        "kind": "place",
        "name": place.name,
        "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in place.mentions],
        "gazetteer_id": place.gazetteer_id or place.id,
        "feature_type": place.feature_type,
        "country_code": place.country_code,
        "admin1": None,
        "population": None,
        "score": place.score,
        "role": "place",
        "cues": [],
        "geometry_precision": place.geometry_precision,
        "geometry_source": place.geometry_source,
        "derivation": {
            "rule": place.rule,
            "params": {key: _json(value) for key, value in place.params},
            "anchors": list(place.anchors),
        },
    }
    if place.geometry.geom_type != "Point":
        properties["label_point"] = label_point(place.geometry)
    return {
        "type": "Feature",
        "id": place.id,
        "geometry": to_geojson(place.geometry, simplify),
        "properties": properties,
    }


def _json(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value
