"""Derived geometries on small hand-made shapes; distances checked on the ellipsoid."""

import pytest
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point, box

from app.geometry import derive
from app.geometry.geojson import to_geojson

GEOD = Geod(ellps="WGS84")
TOWN = Point(36.0, 34.0)


def moved(point, bearing, km):
    """The point ``km`` from ``point`` towards ``bearing`` (degrees from north)."""
    lon, lat, _ = GEOD.fwd(point.x, point.y, bearing, km * 1000)
    return Point(lon, lat)


def assert_clean(area):
    assert area.geom_type in ("Polygon", "MultiPolygon")
    assert not area.is_empty
    assert shapely.is_valid(area)
    geojson = to_geojson(area)
    rings = geojson["coordinates"] if geojson["type"] == "Polygon" else geojson["coordinates"][0]
    assert shapely.LinearRing(rings[0]).is_ccw, "RFC 7946: exterior counter-clockwise"


def test_core_radius_grows_with_population_within_bounds():
    assert derive.core_radius_km(0) == 1.0
    assert derive.core_radius_km(1_000_000) == 5.0
    assert derive.core_radius_km(10**9) == 15.0


def test_near_a_village_reaches_ten_km_beyond_its_edge():
    area = derive.near(TOWN)
    assert_clean(area)
    assert area.contains(moved(TOWN, 90, 10.5)) and area.contains(moved(TOWN, 200, 10.5))
    assert not area.contains(moved(TOWN, 90, 11.5))


def test_outskirts_are_a_ring_around_the_built_up_area():
    area = derive.outskirts(TOWN, population=250_000)  # built-up radius 2.5 km
    assert_clean(area)
    assert not area.contains(TOWN) and not area.contains(moved(TOWN, 0, 2.0))
    assert area.contains(moved(TOWN, 0, 4.0))
    assert not area.contains(moved(TOWN, 0, 8.0))
    east = derive.outskirts(TOWN, population=250_000, bearing=90)
    assert east.contains(moved(TOWN, 90, 4.0)) and not east.contains(moved(TOWN, 270, 4.0))


def test_countryside_of_a_town_and_of_an_area():
    area = derive.countryside(TOWN)
    assert_clean(area)
    assert area.contains(moved(TOWN, 45, 20)) and not area.contains(moved(TOWN, 45, 0.5))
    assert not area.contains(moved(TOWN, 45, 32))
    province = box(35.5, 33.5, 36.5, 34.5)
    assert derive.countryside(province).symmetric_difference(province).area < 1e-9


def test_north_of_a_town_is_a_sector_beyond_it():
    area = derive.beyond(TOWN, derive.BEARINGS["north"])
    assert_clean(area)
    assert area.contains(moved(TOWN, 0, 15)) and area.contains(moved(TOWN, 30, 15))
    assert not area.contains(moved(TOWN, 180, 15))
    assert not area.contains(moved(TOWN, 90, 15))  # east is outside the 90 degree sector
    assert not area.contains(moved(TOWN, 0, 40)) and not area.contains(TOWN)


def test_north_of_an_area_starts_at_its_edge():
    province = box(35.5, 33.5, 36.5, 34.5)
    area = derive.beyond(province, derive.BEARINGS["north"])
    assert not area.intersection(province).area > 1e-9
    assert area.contains(moved(Point(36.0, 34.5), 0, 10))
    assert not area.contains(moved(Point(36.0, 33.5), 180, 10))


def test_at_a_distance_and_direction():
    area = derive.at_distance(TOWN, derive.BEARINGS["south"], 20)
    assert_clean(area)
    assert area.contains(moved(TOWN, 180, 20)) and area.contains(moved(TOWN, 180, 23.5))
    assert not area.contains(moved(TOWN, 180, 25)) and not area.contains(TOWN)


def test_eastern_part_of_an_area_is_its_eastern_half():
    province = box(36.0, 33.0, 37.0, 34.0)
    east = derive.part_of(province, derive.BEARINGS["east"])
    assert_clean(east)
    assert east.area == pytest.approx(province.area / 2, rel=0.02)
    assert province.buffer(1e-7).contains(east)
    assert east.contains(Point(36.9, 33.5)) and not east.contains(Point(36.1, 33.5))
    north_east = derive.part_of(province, derive.BEARINGS["north-east"])
    assert north_east.contains(Point(36.9, 33.9)) and not north_east.contains(Point(36.1, 33.1))


def test_eastern_part_of_a_town_is_half_its_built_up_disk():
    east = derive.part_of(TOWN, derive.BEARINGS["east"], population=1_000_000)
    assert east.contains(moved(TOWN, 90, 4)) and not east.contains(moved(TOWN, 270, 1))
    assert not east.contains(moved(TOWN, 90, 6))


RIVER_SOUTHWARDS = LineString([(36.0, 35.0), (36.02, 34.6), (35.98, 34.3), (36.0, 34.0)])


@pytest.mark.parametrize("river", [RIVER_SOUTHWARDS, RIVER_SOUTHWARDS.reverse()])
def test_eastern_bank_is_east_of_the_river_whichever_way_it_is_drawn(river):
    middle = Point(36.0, 34.45)
    east = derive.river_bank(river, derive.BEARINGS["east"])
    west = derive.river_bank(river, derive.BEARINGS["west"])
    assert_clean(east)
    assert east.contains(moved(middle, 90, 7)) and east.contains(moved(middle, 90, 20))
    assert not east.contains(moved(middle, 270, 10)) and not east.contains(moved(middle, 90, 30))
    assert west.contains(moved(middle, 270, 10)) and not west.contains(moved(middle, 90, 7))
    assert east.intersection(west).area < 1e-9


def test_left_and_right_bank_face_downstream():
    left = derive.river_bank(RIVER_SOUTHWARDS, "left")  # flowing south: left is east
    right = derive.river_bank(RIVER_SOUTHWARDS, "right")
    assert left.contains(Point(36.1, 34.5)) and right.contains(Point(35.9, 34.5))


def test_banks_of_a_meandering_river_split_its_buffer():
    meanders = LineString([(36.0 + (0.03 if i % 2 else -0.03), 35.0 - i * 0.05) for i in range(21)])
    east = derive.river_bank(meanders, derive.BEARINGS["east"], km=15)
    west = derive.river_bank(meanders, derive.BEARINGS["west"], km=15)
    whole = derive.river_valley(meanders, km=15)
    assert east.intersection(west).area < 1e-6 * whole.area
    assert (east.area + west.area) == pytest.approx(whole.area, rel=0.02)


def test_bank_and_valley_are_clipped_to_the_focus_area():
    focus = box(35.0, 34.0, 37.0, 34.6)
    east = derive.river_bank(RIVER_SOUTHWARDS, derive.BEARINGS["east"], within=focus)
    valley = derive.river_valley(RIVER_SOUTHWARDS, within=focus)
    for area in (east, valley):
        assert_clean(area)
        assert focus.buffer(1e-6).contains(area)
    assert valley.contains(moved(Point(36.0, 34.45), 90, 9))
    assert not valley.contains(moved(Point(36.0, 34.45), 90, 11.5))


def test_bank_of_a_river_known_as_a_point_is_a_half_disk():
    east = derive.river_bank(TOWN, derive.BEARINGS["east"])
    assert east.contains(moved(TOWN, 90, 10)) and not east.contains(moved(TOWN, 270, 10))


def test_shared_border_of_two_neighbours():
    a, b = box(35.0, 33.0, 37.0, 36.0), box(37.0, 34.0, 39.0, 37.0)
    border = derive.shared_border(a, b)
    assert border.geom_type == "LineString"
    assert border.length == pytest.approx(2.0)
    assert derive.shared_border(a, box(40, 40, 41, 41)).is_empty


def test_areas_across_the_antimeridian_stay_valid_and_in_range():
    islands = shapely.MultiPolygon(
        [box(178.0, -18.0, 180.0, -16.0), box(-180.0, -17.0, -179.0, -16.0)]
    )
    east = derive.part_of(islands, derive.BEARINGS["east"])
    assert_clean(east)
    assert east.contains(Point(-179.5, -16.5)) and not east.contains(Point(178.2, -17.0))
    near_the_line = derive.near(Point(179.95, -17.0))
    assert_clean(near_the_line)
    minx, _, maxx, _ = near_the_line.bounds
    assert minx >= -180 and maxx <= 180 and near_the_line.geom_type == "MultiPolygon"
    assert near_the_line.contains(Point(-179.97, -17.0))
