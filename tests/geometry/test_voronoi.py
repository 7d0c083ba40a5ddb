"""Areas approximated from labelled points."""

import pytest
import shapely
from shapely.geometry import Point, box

from app.geometry.voronoi import voronoi_regions

COUNTRY = box(0.0, 0.0, 4.0, 1.0)


def test_two_labels_share_the_country_between_them():
    points = [(0.5, 0.2), (1.0, 0.8), (3.0, 0.2), (3.5, 0.8)]
    regions = voronoi_regions(points, ["a", "a", "b", "b"], COUNTRY)
    assert set(regions) == {"a", "b"}
    assert regions["a"].area + regions["b"].area == pytest.approx(COUNTRY.area)
    assert regions["a"].intersection(regions["b"]).area == pytest.approx(0.0, abs=1e-12)
    assert regions["a"].contains(Point(0.1, 0.5)) and regions["b"].contains(Point(3.9, 0.5))
    assert all(shapely.is_valid(r) and r.geom_type == "Polygon" for r in regions.values())


def test_distances_are_compared_east_west_scaled_by_latitude():
    # at 60 N a degree of longitude is half a degree of latitude: the boundary between
    # a point 1 degree west and one 1 degree east of the middle stays in the middle
    country = box(10.0, 59.0, 14.0, 61.0)
    regions = voronoi_regions([(11.0, 60.0), (13.0, 60.0)], ["w", "e"], country)
    assert regions["w"].bounds[2] == pytest.approx(12.0, abs=1e-6)


def test_one_label_gets_the_whole_country_and_repeated_points_keep_their_first_label():
    assert voronoi_regions([(1, 0.5), (2, 0.5)], ["a", "a"], COUNTRY) == {"a": COUNTRY}
    regions = voronoi_regions([(1, 0.5), (1, 0.5), (3, 0.5)], ["a", "b", "c"], COUNTRY)
    assert set(regions) == {"a", "c"}
    assert voronoi_regions([], [], COUNTRY) == {}


def test_far_parts_without_a_point_of_the_label_are_dropped():
    island = box(10.0, 0.0, 10.5, 0.5)
    country = COUNTRY.union(island)
    regions = voronoi_regions([(1.0, 0.5), (3.0, 0.5)], ["a", "b"], country)
    assert not regions["b"].intersects(island)
    kept = voronoi_regions([(1.0, 0.5), (3.0, 0.5)], ["a", "b"], country, keep_within=10)
    assert kept["b"].contains(island.centroid)
