"""Issue 17, item 1: every feature has one reference point, the gazetteer entry's own
point where it lies on the geometry, else the pole of inaccessibility; never an
arbitrary surface point. The same point is the API's ``label_point``."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box
from shapely.ops import polylabel

from app.geometry.distance import haversine_km
from app.geometry.geojson import label_point
from app.geometry.points import LINE_TOLERANCE, reference_point
from tests.support import default_settings, need_file

# A "C" open to the east: its centroid (and a gazetteer point put there) lies in the
# gap, outside the polygon; its widest inside is the western bar.
C_SHAPE = Polygon([(0, 0), (10, 0), (10, 2), (3, 2), (3, 8), (10, 8), (10, 10), (0, 10)])


def test_an_area_keeps_its_entry_point_when_it_lies_inside():
    assert reference_point(C_SHAPE, (1.0, 5.0)).equals(Point(1.0, 5.0))
    assert reference_point(C_SHAPE, (3.0, 5.0)).equals(Point(3.0, 5.0))  # on the edge


def test_an_area_whose_entry_point_lies_outside_gets_its_pole_of_inaccessibility():
    outside = C_SHAPE.centroid
    assert not C_SHAPE.contains(outside)
    found = reference_point(C_SHAPE, (outside.x, outside.y))
    assert C_SHAPE.contains(found)
    assert found.distance(polylabel(C_SHAPE, 0.05)) < 0.1
    # the pole is in the western bar, 1.5 from the nearest edge; the surface point
    # shapely picks is elsewhere, and no farther from an edge
    assert found.x == pytest.approx(1.5, abs=0.1)
    assert C_SHAPE.exterior.distance(found) >= C_SHAPE.exterior.distance(
        C_SHAPE.representative_point()
    )


def test_an_area_without_an_entry_point_gets_its_pole_of_inaccessibility():
    # a derived area ("eastern al-Suwayda") has no gazetteer point
    assert reference_point(C_SHAPE).distance(polylabel(C_SHAPE, 0.05)) < 0.1


def test_a_multipolygon_uses_its_largest_part():
    islands = MultiPolygon([box(0, 0, 1, 1), box(10, 10, 14, 14)])
    found = reference_point(islands, (5.0, 5.0))
    assert (round(found.x, 6), round(found.y, 6)) == (12.0, 12.0)
    # an entry point on the small island is still the entry's own point
    assert reference_point(islands, (0.5, 0.5)).equals(Point(0.5, 0.5))


def test_a_line_keeps_a_point_near_it_else_its_nearest_point_else_its_middle():
    river = LineString([(0, 0), (10, 0)])
    near = (4.0, LINE_TOLERANCE / 2)
    assert reference_point(river, near).equals(Point(near))
    assert reference_point(river, (4.0, 3.0)).equals(Point(4.0, 0.0))
    assert reference_point(river).equals(Point(5.0, 0.0))


def test_a_point_is_itself():
    assert reference_point(Point(3.0, 4.0), (9.0, 9.0)).equals(Point(3.0, 4.0))


def test_label_point_is_the_reference_point_rounded():
    outside = C_SHAPE.centroid
    found = reference_point(C_SHAPE, (outside.x, outside.y))
    assert label_point(C_SHAPE, (outside.x, outside.y)) == [
        round(found.x, 6),
        round(found.y, 6),
    ]
    assert label_point(C_SHAPE, (1.0, 5.0)) == [1.0, 5.0]


@pytest.fixture(scope="module")
def gazetteer():
    from app.gazetteer.lookup import Gazetteer

    return Gazetteer.open(need_file(default_settings().gazetteer_path))


def _country_point(gazetteer, code: str) -> Point:
    entry = gazetteer.country_entry(code)
    return reference_point(gazetteer.geometry(entry), (entry.lon, entry.lat))


def test_japans_reference_point_is_on_honshu_not_hokkaido(gazetteer):
    japan = _country_point(gazetteer, "JP")
    assert japan.y < 41.3  # Hokkaido lies north of the Tsugaru Strait (41.3N)
    assert haversine_km(japan.x, japan.y, 139.69, 35.69) < 300  # Tokyo
    geometry = gazetteer.geometry(gazetteer.country_entry("JP"))
    assert geometry.covers(japan)
    # what label_point used to be: shapely's surface point, on Hokkaido
    assert geometry.representative_point().y > 41.3


def test_canadas_reference_point_is_its_own_point_not_northern_alberta(gazetteer):
    entry = gazetteer.country_entry("CA")
    canada = _country_point(gazetteer, "CA")
    assert canada.equals(Point(entry.lon, entry.lat))
    in_northern_alberta = -120 <= canada.x <= -110 and 55 <= canada.y <= 60
    assert not in_northern_alberta
    assert haversine_km(canada.x, canada.y, -110.43, 56.83) > 500
