"""GeoJSON writing and reading: rounding, winding, caches that must not change results."""

import json

import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, shape

from app.geometry.geojson import BoundedCache, from_geojson, to_geojson

SQUARE = Polygon([(0, 0), (0, 1), (1, 1), (1, 0)], [[(0.2, 0.2), (0.4, 0.2), (0.4, 0.4)]])


def test_points_are_rounded_and_polygons_wound_counter_clockwise():
    assert to_geojson(Point(36.12345678, 34.9)) == {
        "type": "Point",
        "coordinates": [36.123457, 34.9],
    }
    written = to_geojson(SQUARE, None)
    assert written["type"] == "Polygon"
    read = shapely.from_geojson(json.dumps(written))
    assert read.exterior.is_ccw and not read.interiors[0].is_ccw
    assert read.equals(SQUARE)


def test_each_call_returns_its_own_dict_sharing_only_coordinates():
    first, second = to_geojson(SQUARE), to_geojson(SQUARE)
    assert first == second and first is not second
    first["type"] = "changed"
    assert to_geojson(SQUARE)["type"] == "Polygon"


@pytest.mark.parametrize(
    "geometry",
    [
        SQUARE,
        MultiPolygon([SQUARE, Polygon([(5, 5), (6, 5), (6, 6)])]),
        shapely.LineString([(0, 0), (1, 2), (3, 3)]),
        shapely.MultiLineString([[(0, 0), (1, 1)], [(2, 2), (3, 5)]]),
        Point(1, 2),
    ],
)
def test_from_geojson_reads_what_shape_reads(geometry):
    written = to_geojson(geometry, None)
    assert from_geojson(written).equals_exact(shape(written), 0)
    # read twice from the shared coordinates: the same geometry object
    assert from_geojson(to_geojson(geometry, None)).equals_exact(shape(written), 0)


def test_from_geojson_of_ragged_coordinates_falls_back_to_shapely():
    ragged = {"type": "LineString", "coordinates": [[0, 0], [1, 1, 1, 1]]}
    with pytest.raises(Exception) as raised:
        shape(ragged)
    with pytest.raises(type(raised.value)):
        from_geojson(ragged)


def test_bounded_cache_drops_the_oldest_and_compares_keys_by_identity():
    cache = BoundedCache(2)
    calls = []
    for key in ["a", "b", "a", "c", "a"]:
        cache.get(key, lambda key=key: calls.append(key) or key.upper())
    assert calls == ["a", "b", "c", "a"]  # "a" was dropped when "c" came in

    by_identity = BoundedCache(4, by_identity=True)
    one, other = [1, 2], [1, 2]
    assert by_identity.get(one, lambda: "first") == "first"
    assert by_identity.get(one, lambda: "again") == "first"
    assert by_identity.get(other, lambda: "second") == "second"  # equal, not the same
