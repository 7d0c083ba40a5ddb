"""WebMercatorQuad tile math and the Python MVT encoder (the SQLite store's tiles)."""

import math

import pytest
import shapely
from shapely.geometry import LineString, Point, box

from app.core.errors import BadQuery, NotFound
from app.geometry.mvt import encode_layer
from app.geometry.tiles import MAX_LAT, WORLD, Tile, parse_tile, to_lon_lat, to_mercator
from tests.mvt import decode, tile_of


def test_zoom_zero_is_the_whole_mercator_world():
    assert Tile(0, 0, 0).bounds_3857() == (-WORLD, -WORLD, WORLD, WORLD)
    west, south, east, north = Tile(0, 0, 0).bounds_4326()
    assert (west, east) == (-180, 180)
    assert south == pytest.approx(-MAX_LAT) and north == pytest.approx(MAX_LAT)


def test_rows_count_from_the_north_and_columns_from_the_west():
    assert Tile(1, 0, 0).bounds_4326()[:2] == (-180, 0)
    west, south, east, north = Tile(2, 3, 3).bounds_4326()
    assert (west, east) == (90, 180)
    assert north == pytest.approx(-66.51326, abs=1e-5) and south == pytest.approx(-MAX_LAT)


def test_a_buffer_widens_the_tile_but_not_beyond_the_world():
    inner = Tile(3, 4, 2).bounds_3857()
    outer = Tile(3, 4, 2).bounds_3857(buffer=64)
    pad = (inner[2] - inner[0]) * 64 / 4096
    assert outer == pytest.approx((inner[0] - pad, inner[1] - pad, inner[2] + pad, inner[3] + pad))
    assert Tile(0, 0, 0).bounds_4326(buffer=64)[0] == -180


@pytest.mark.parametrize("lon,lat", [(0, 0), (40.918, 34.452), (-179.9, -84.9), (179.9, 85)])
def test_mercator_round_trip(lon, lat):
    assert to_lon_lat(*to_mercator(lon, lat)) == pytest.approx((lon, lat))


def test_tile_of_a_point_contains_it():
    for z in (0, 5, 12, 18):
        tile = tile_of(40.918, 34.452, z)
        assert box(*tile.bounds_4326()).contains(Point(40.918, 34.452))


@pytest.mark.parametrize(
    "z,y,x,error",
    [
        ("a", "0", "0", BadQuery),
        ("-1", "0", "0", BadQuery),
        ("1.5", "0", "0", BadQuery),
        ("٣", "0", "0", BadQuery),  # a digit, but not ASCII
        ("25", "0", "0", NotFound),
        ("3", "8", "0", NotFound),
        ("3", "0", "8", NotFound),
    ],
)
def test_bad_tile_indices(z, y, x, error):
    with pytest.raises(error):
        parse_tile(z, y, x)


def test_parse_tile_reads_row_then_column():
    assert parse_tile("3", "2", "7") == Tile(3, 7, 2)


def test_encoder_clips_to_the_buffered_tile_and_keeps_positions():
    tile = tile_of(40.918, 34.452, 8)
    west, south, east, north = tile.bounds_4326()
    inside = Point(40.918, 34.452)
    outside = Point(east + 5, north)
    line = LineString([(west - 10, (south + north) / 2), (east + 10, (south + north) / 2)])
    data, count = encode_layer(
        "events",
        tile,
        [inside, outside, line, None],
        [{"id": "in", "n": 1, "skip": None}, {"id": "out"}, {"id": "line"}, {"id": "none"}],
    )
    assert count == 2
    decoded = decode(data, "events", tile)
    assert set(decoded) == {"in", "line"}
    props, point = decoded["in"]
    assert props == {"id": "in", "n": 1}
    tolerance = (east - west) / 4096 * 2
    assert point.distance(inside) < tolerance
    _, clipped = decoded["line"]
    assert clipped.bounds[0] < west and clipped.bounds[2] > east
    assert clipped.bounds[2] - clipped.bounds[0] < (east - west) * (1 + 2 * 64 / 4096) * 1.01


def test_encoder_keeps_polygons_valid_after_clipping():
    tile = Tile(1, 1, 0)
    polygon = shapely.buffer(Point(0, 10), 30)
    data, count = encode_layer("places", tile, [polygon], [{"id": "p"}])
    _, geometry = decode(data, "places", tile)["p"]
    assert count == 1 and geometry.is_valid and geometry.geom_type == "Polygon"
    assert math.isclose(
        geometry.area,
        shapely.clip_by_rect(polygon, *tile.bounds_4326(buffer=64)).area,
        rel_tol=0.05,
    )
