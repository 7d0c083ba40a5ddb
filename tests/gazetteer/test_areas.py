"""Areas derived at build time: approximate admin-1 polygons and shared borders."""

import pytest
import shapely
from pyproj import Geod
from shapely.geometry import Point, box

from app.gazetteer.areas import (
    ADMIN1_SOURCE,
    CODE_AREA_PREFIX,
    border_gid,
    border_records,
    with_admin1_areas,
)
from app.gazetteer.rows import to_row
from tests.support import SHARED, need_file, place

COUNTRY = box(35.0, 33.0, 37.0, 34.0)
PLACES = {
    "TA": [(35.2, 33.5, "01"), (35.6, 33.2, "01"), (36.4, 33.5, "02"), (36.8, 33.8, "02")],
}


def _admin1(gid, lon, lat, code, country="TA"):
    return to_row(
        place(
            gid, gid, lon, lat, feature_type="admin1", country_code=country, admin1=code,
            geometry_precision="centroid", geometry_source="naturalearth:label",
        )
    )  # fmt: skip


def test_admin1_rows_get_the_cells_of_their_code_clipped_to_the_country():
    rows = [
        _admin1("west", 35.3, 33.5, "01"),
        _admin1("east", 36.6, 33.5, "02"),
        _admin1("nocode", 36.0, 33.5, None),
        _admin1("elsewhere", 10.0, 10.0, "01", country="XX"),
    ]
    out = {r.gid: r for r in with_admin1_areas(rows, lambda c: PLACES.get(c, []), {"TA": COUNTRY})}
    west, east = (shapely.from_wkb(out[g].geometry_wkb) for g in ("west", "east"))
    assert west.area + east.area == pytest.approx(COUNTRY.area)
    assert west.contains(Point(35.1, 33.9)) and east.contains(Point(36.9, 33.1))
    for gid in ("west", "east"):
        assert out[gid].geometry_precision == "approximate"
        assert out[gid].geometry_source == ADMIN1_SOURCE
        assert out[gid].bbox == shapely.from_wkb(out[gid].geometry_wkb).bounds
    assert out["nocode"] == rows[2] and out["elsewhere"] == rows[3]


def test_areas_sharing_a_code_divide_its_area_between_them():
    rows = [_admin1("north", 35.4, 33.8, "01"), _admin1("south", 35.4, 33.2, "01")]
    out = list(with_admin1_areas(rows, lambda c: PLACES[c], {"TA": COUNTRY}))
    north, south = (shapely.from_wkb(r.geometry_wkb) for r in out)
    assert north.intersection(south).area < 1e-12
    assert north.contains(Point(35.4, 33.9)) and south.contains(Point(35.4, 33.1))


def test_borders_from_natural_earth_land_boundaries():
    lines = need_file(
        SHARED / "geodata" / "naturalearth" / "ne_10m_admin_0_boundary_lines_land.geojson"
    )
    borders = {r.gid: r for r in border_records(lines.parent)}
    syria_iraq = borders[border_gid("SY", "IQ")]
    assert syria_iraq.gid == "naturalearth:border:IQ-SY"
    assert syria_iraq.feature_type == "border" and syria_iraq.country_code is None
    assert set(syria_iraq.names) == {"Iraq–Syria border", "Syria–Iraq border"}
    assert syria_iraq.geometry.geom_type in ("LineString", "MultiLineString")
    km = Geod(ellps="WGS84").geometry_length(syria_iraq.geometry) / 1000
    assert 550 < km < 700  # 599 km (CIA World Factbook)
    assert border_gid("FR", "ES") in borders  # France has ISO_A2 -99 in Natural Earth
    assert not any(gid.endswith("-99") for gid in borders)


def test_an_admin1_area_is_placed_at_its_middle_not_where_its_places_crowd():
    rows = [_admin1("west", 35.0, 33.0, "01")]  # the label point sits in a corner
    (out,) = with_admin1_areas(rows, lambda c: PLACES[c], {"TA": COUNTRY})
    cell = shapely.from_wkb(out.geometry_wkb)
    assert cell.contains(Point(out.lon, out.lat))
    assert (out.lon, out.lat) == pytest.approx((cell.centroid.x, cell.centroid.y))


def test_the_whole_of_a_split_code_keeps_the_whole_area():
    rows = [
        _admin1("north", 35.4, 33.8, "01"),
        _admin1("south", 35.4, 33.2, "01"),
        _admin1(f"{CODE_AREA_PREFIX}TA:01", 35.4, 33.5, "01"),
    ]
    out = {r.gid: r for r in with_admin1_areas(rows, lambda c: PLACES[c], {"TA": COUNTRY})}
    whole = shapely.from_wkb(out[f"{CODE_AREA_PREFIX}TA:01"].geometry_wkb)
    parts = [shapely.from_wkb(out[g].geometry_wkb) for g in ("north", "south")]
    assert whole.area == pytest.approx(sum(p.area for p in parts))
