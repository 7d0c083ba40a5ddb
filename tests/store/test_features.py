"""From GeoJSON features to stored rows, and stored WKB back to GeoJSON (pure functions)."""

import datetime as dt

import shapely

from app.store.features import feature_rows, wkb_to_geojson


def test_event_columns_are_extracted_when_present():
    collection = {
        "features": [
            {
                "type": "Feature",
                "id": "geonames:1",
                "geometry": {"type": "Point", "coordinates": [40.9, 34.4]},
                "properties": {"kind": "place", "gazetteer_id": "geonames:1", "country_code": "SY"},
            },
            {
                "type": "Feature",
                "id": "event-1",
                "geometry": {"type": "Point", "coordinates": [40.9, 34.4]},
                "properties": {
                    "kind": "event",
                    "event_type": "Battles",
                    "date_start": "2018-06-10",
                    "date_end": "2018-06-08",  # reversed: stored in order
                    "actors": [{"name": "ISIS", "mentions": ["Daesh", {"text": "IS"}]}, "SDF"],
                    "fatalities": {"reports": [{"count": 35}, {"count": 20}]},
                    "place_ids": ["geonames:1", "geonames:1"],
                    "score": 0.7,
                },
            },
        ]
    }
    place, event = feature_rows(collection, dt.date(2018, 6, 11))
    assert place.columns["date_start"] == dt.date(2018, 6, 11) and place.place_ids == ()
    c = event.columns
    assert (c["kind"], c["feature_id"], c["event_type"]) == ("event", "event-1", "Battles")
    assert (c["date_start"], c["date_end"]) == (dt.date(2018, 6, 8), dt.date(2018, 6, 10))
    assert c["actors"] == "isis\ndaesh\nis\nsdf" and c["fatalities"] == 35
    assert c["gazetteer_id"] == "geonames:1" and c["country_code"] == "SY"
    assert event.place_ids == ("geonames:1",)
    assert c["min_lon"] == c["max_lon"] == 40.9 and c["geometry_type"] == "Point"


def test_feature_ids_are_stable_and_unique_within_a_kind():
    features = [
        {"type": "Feature", "geometry": None, "properties": {"kind": "event"}},
        {"type": "Feature", "id": "x", "geometry": None, "properties": {"kind": "event"}},
        {"type": "Feature", "id": "x", "geometry": None, "properties": {"kind": "event"}},
        {"type": "Feature", "id": "x", "geometry": None, "properties": {}},
    ]
    rows = feature_rows({"features": features}, None)
    assert [(r.columns["kind"], r.columns["feature_id"]) for r in rows] == [
        ("event", "event-1"),
        ("event", "x"),
        ("event", "x-3"),
        ("place", "x"),
    ]
    assert rows[0].geometry is None and rows[0].columns["date_start"] is None


def test_wkb_to_geojson_reads_wkb_and_ewkb_in_both_byte_orders():
    point = shapely.set_srid(shapely.Point(40.1234567, -34.5), 4326)
    for srid in (False, True):
        for order in (0, 1):
            data = shapely.to_wkb(point, include_srid=srid, byte_order=order)
            assert wkb_to_geojson(data) == {"type": "Point", "coordinates": [40.123457, -34.5]}
    square = shapely.Polygon([(0, 0), (0, 1), (1, 1), (1, 0)])  # clockwise
    geojson = wkb_to_geojson(shapely.to_wkb(square))
    assert geojson["type"] == "Polygon"
    assert shapely.geometry.shape(geojson).exterior.is_ccw  # RFC 7946 winding
