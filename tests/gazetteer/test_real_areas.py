"""Real areas: Natural Earth's admin-1 polygons and seas, OpenSyria's districts and
subdistricts (issue 17, item 2)."""

import json

import pytest
import shapely
from pyproj import Geod
from shapely.geometry import Point, box

from app.gazetteer.areas import (
    ADMIN1_SOURCE,
    CODE_AREA_PREFIX,
    EXACT_ADMIN1_SOURCE,
    match_admin1_polygons,
    newer_division_rows,
    with_admin1_areas,
    with_exact_admin1,
)
from app.gazetteer.lookup import Gazetteer
from app.gazetteer.normalize import name_key
from app.gazetteer.rows import to_row
from app.gazetteer.sources import naturalearth as ne
from app.gazetteer.sources import opensyria
from app.gazetteer.syria import (
    CELLS,
    Shape,
    governorate_codes,
    governorate_names,
    governorate_shapes,
    subdivision_records,
)
from tests.support import SHARED, default_settings, need_file, place

NATURALEARTH = SHARED / "geodata" / "naturalearth"
WEST, EAST = box(35.0, 33.0, 36.0, 34.0), box(36.0, 33.0, 37.0, 34.0)


def _label(gid, name, points, country="TA"):
    record = place(
        f"naturalearth:admin1:{gid}", name, *points[0], feature_type="admin1",
        country_code=country, names=tuple(ne.split_names(name)),
    )  # fmt: skip
    return ne.Admin1Label(record, tuple(points), tuple(points[:1]))


def _polygon(name, geometry, country="TA", code=None):
    return ne.Admin1Polygon(name, f"{country}-{name[:2].upper()}", country, code, geometry)


def test_admin1_polygons_are_matched_by_name_within_the_country():
    labels = [_label("A-1", "Aleppo (Halab)", [(36.5, 33.5)])]  # its point is in the east
    polygons = [_polygon("Aleppo", WEST), _polygon("Homs", EAST), _polygon("Aleppo", EAST, "XX")]
    found = match_admin1_polygons(labels, polygons)
    assert found["naturalearth:admin1:A-1"].geometry is WEST


def test_admin1_polygons_are_matched_by_place_only_under_a_similar_name():
    labels = [
        _label("A-1", "Vavuniya", [(35.5, 33.5)]),  # Natural Earth's newer "Vavuniyāva"
        _label("A-2", "Fingal", [(36.5, 33.5)]),  # merged into "Dublin" since
    ]
    polygons = [_polygon("Vavuniyāva", WEST), _polygon("Dublin", EAST)]
    found = match_admin1_polygons(labels, polygons)
    assert found["naturalearth:admin1:A-1"].geometry is WEST
    assert "naturalearth:admin1:A-2" not in found


def test_admin1_polygons_follow_natural_earths_codes_when_the_file_has_them():
    labels = [_label("TA-7", "Somewhere", [(35.5, 33.5)])]
    polygons = [_polygon("Elsewhere", EAST, code="TA-7"), _polygon("Somewhere", WEST)]
    assert match_admin1_polygons(labels, polygons)["naturalearth:admin1:TA-7"].geometry is EAST


def test_a_polygon_two_areas_claim_goes_to_the_one_whose_label_it_holds():
    labels = [_label("C-1", "Cork", [(38.0, 38.0)]), _label("C-2", "Cork", [(35.5, 33.5)])]
    found = match_admin1_polygons(labels, [_polygon("Cork", WEST)])
    assert set(found) == {"naturalearth:admin1:C-2"}


def test_polygons_no_label_claims_are_areas_where_they_divide_the_country_more_finely():
    north, south = box(35.0, 34.0, 36.0, 35.0), box(35.0, 33.0, 36.0, 34.0)
    polygons = [
        _polygon("Garissa", north), _polygon("Murang`a", south),  # newer counties
        _polygon("Apart", WEST, "UB"), _polygon("Sool سول", box(2, 2, 3, 3), "UB"),
        _polygon("One", EAST, "UB"), _polygon("Two", box(0, 0, 1, 1), "UB"),
        _polygon("Three", box(4, 4, 5, 5), "UB"),
    ]  # fmt: skip
    claimed = polygons[4:]  # UB: two of five unclaimed, its labels lack them
    places = {"TA": [(35.5, 34.5, "16"), (35.6, 34.6, "16"), (35.5, 33.5, "21")]}
    known = {"UB": {name_key("Apart")}}  # a town of UB is called Apart: its name stays the town's
    rows = list(newer_division_rows(polygons, claimed, lambda c: places.get(c, []), known))
    assert [r.name for r in rows] == ["Garissa", "Murang`a", "Sool"]
    garissa, muranga, sool = rows
    assert garissa.gid == "naturalearth:admin1-polygon:TA-GA"
    assert garissa.feature_type == "admin2" and garissa.admin1 == "16"
    assert garissa.geometry_precision == "exact" and garissa.geometry_source == EXACT_ADMIN1_SOURCE
    assert north.contains(Point(garissa.lon, garissa.lat))
    assert {"Murang'a", "Muranga"} <= {n[2] for n in muranga.names}
    assert muranga.admin1 == "21"
    assert sool.feature_type == "admin1" and {"Sool", "سول"} <= {n[2] for n in sool.names}


def _row(gid, lon, lat, code):
    return to_row(
        place(
            gid, gid, lon, lat, feature_type="admin1", country_code="TA", admin1=code,
            geometry_precision="centroid",
        )
    )  # fmt: skip


def test_an_exact_polygon_replaces_the_approximate_cell_and_the_rest_stay_approximate():
    places = [(35.2, 33.5, "01"), (36.8, 33.5, "02"), (35.5, 33.2, "03")]
    rows = [_row("west", 35.3, 33.5, "01"), _row("east", 36.6, 33.5, "02")]
    cells = with_admin1_areas(rows, lambda c: places, {"TA": box(35.0, 33.0, 37.0, 34.0)})
    out = {r.gid: r for r in with_exact_admin1(cells, {"west": WEST})}
    west = shapely.from_wkb(out["west"].geometry_wkb)
    assert west.equals(WEST)
    assert (out["west"].geometry_precision, out["west"].geometry_source) == (
        "exact",
        EXACT_ADMIN1_SOURCE,
    )
    assert (out["west"].lon, out["west"].lat) == pytest.approx((35.5, 33.5))  # its middle
    assert out["east"].geometry_precision == "approximate"
    assert out["east"].geometry_source == ADMIN1_SOURCE


def test_the_whole_of_a_split_code_is_the_union_of_its_areas_real_polygons():
    whole = f"{CODE_AREA_PREFIX}TA:01"
    rows = [
        _row("west", 35.5, 33.5, "01"),
        _row("east", 36.5, 33.5, "01"),
        _row(whole, 36, 33.5, "01"),
    ]
    out = {r.gid: r for r in with_exact_admin1(rows, {"west": WEST, "east": EAST})}
    assert shapely.from_wkb(out[whole].geometry_wkb).area == pytest.approx(2.0)
    assert out[whole].geometry_precision == "exact"
    partial = {r.gid: r for r in with_exact_admin1(rows, {"west": WEST})}
    assert partial[whole] == rows[2]  # not every part is known: no union


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("SYRIAN DESERT", "Syrian Desert"),
        ("GULF OF  ADEN", "Gulf of Aden"),
        ("ÎLES DE LA SOCIÉTÉ", "Îles de la Société"),
        ("Caribbean  Sea", "Caribbean Sea"),
        ("Bo Hai", "Bo Hai"),
    ],
)
def test_natural_earth_capitals_are_title_cased(raw, shown):
    assert ne.display_name(raw) == shown


def test_seas_are_polygons_without_the_oceans():
    need_file(NATURALEARTH / "ne_10m_geography_marine_polys.geojson")
    seas = {r.name: r for r in ne.seas(NATURALEARTH)}
    red = seas["Red Sea"]
    assert red.feature_type == "sea" and red.geometry.geom_type in ("Polygon", "MultiPolygon")
    assert red.geometry.contains(Point(38.5, 20.0))
    black = seas["Black Sea"]  # at the centroid, 74 km from GeoNames' point (LGL's gold)
    assert Geod(ellps="WGS84").inv(black.lon, black.lat, 35.0, 43.0)[2] < 161_000
    assert "Persian Gulf" in seas and "Bab el Mandeb" in seas and "Gulf of Aden" in seas
    assert "Arabian Gulf" in seas["Persian Gulf"].names
    assert not any("Ocean" in name for name in seas)
    assert "Kaliningrad" not in seas  # a lagoon Natural Earth names after the city
    assert len([r for r in ne.seas(NATURALEARTH) if r.name == "Mediterranean Sea"]) == 1


# -- OpenSyria -----------------------------------------------------------------------


def _unit_json(uid, en, ar, lon, lat, **extra):
    return {
        "id": uid, "name": {"en": en, "ar": ar},
        "aliases": [
            {"value": f"{en} Subdistrict", "language": "en", "type": "formal"},
            {"value": f"ناحية {ar}", "language": "ar", "type": "formal"},
            {"value": en.lower().replace(" ", ""), "language": "en", "type": "alternate_spelling"},
        ],
        "centroid": {"latitude": lat, "longitude": lon},
        "population": {"value": 1000, "year": 2004},
        "externalIds": {"ochaPcode": uid.upper()},
        **extra,
    }  # fmt: skip


@pytest.fixture
def opensyria_dir(tmp_path):
    """OpenSyria's three files in their real layout: one governorate of two districts,
    the first with two subdistricts, the second with none."""
    files = {
        "governorates.json": [
            {**_unit_json("sy-g", "Gov", "محافظة", 36.0, 33.5), "iso31662": "SY-GV"}
        ],
        "districts.json": [
            _unit_json("sy-g-a", "Alpha", "ألفا", 35.5, 33.5, governorateId="sy-g"),
            _unit_json("sy-g-b", "Beta", "بيتا", 36.5, 33.5, governorateId="sy-g"),
        ],
        "subdistricts.json": [
            _unit_json("sy-g-a-1", "Al Mayadin", "مركز الميادين", 35.3, 33.5,
                       governorateId="sy-g", districtId="sy-g-a"),
            _unit_json("sy-g-a-2", "Ashara", "العشارة", 35.7, 33.5,
                       governorateId="sy-g", districtId="sy-g-a"),
        ],
    }  # fmt: skip
    for name, rows in files.items():
        (tmp_path / name).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_opensyria_units_keep_their_arabic_names_and_drop_machine_spellings(opensyria_dir):
    units = {u.uid: u for u in opensyria.units(opensyria_dir)}
    mayadin = units["sy-g-a-1"]
    assert (mayadin.level, mayadin.parent, mayadin.governorate) == (3, "sy-g-a", "sy-g")
    assert mayadin.names[0] == "Al Mayadin" and "مركز الميادين" in mayadin.names
    assert "ناحية مركز الميادين" in mayadin.names
    assert "almayadin" not in mayadin.names
    assert units["sy-g"].iso_3166_2 == "SY-GV" and units["sy-g-a"].parent == "sy-g"


def _same(a, b) -> bool:
    return a.symmetric_difference(b).area < 1e-9


def test_subdistricts_are_cells_inside_their_governorate_and_districts_their_union(
    opensyria_dir,
):
    units = opensyria.units(opensyria_dir)
    governorate = box(35.0, 33.0, 37.0, 34.0)
    shapes = governorate_shapes(units[:1], {"SY-GV": governorate}, None, EXACT_ADMIN1_SOURCE)
    assert shapes["sy-g"].geometry is governorate
    records = {r.gid: r for r in subdivision_records(units, shapes, {"sy-g": "07"})}
    assert set(records) == {f"opensyria:{u}" for u in ("sy-g-a", "sy-g-b", "sy-g-a-1", "sy-g-a-2")}
    mayadin, ashara = records["opensyria:sy-g-a-1"], records["opensyria:sy-g-a-2"]
    alpha, beta = records["opensyria:sy-g-a"], records["opensyria:sy-g-b"]
    assert (mayadin.feature_type, alpha.feature_type) == ("admin3", "admin2")
    assert {r.geometry_precision for r in records.values()} == {"approximate"}
    assert mayadin.geometry_source == f"{CELLS}:{EXACT_ADMIN1_SOURCE}"
    # Beta has no subdistricts: its own centroid (36.5) meets Ashara's (35.7) at 36.1
    assert _same(alpha.geometry, box(35.0, 33.0, 36.1, 34.0))
    assert _same(alpha.geometry, mayadin.geometry.union(ashara.geometry))
    assert _same(beta.geometry, box(36.1, 33.0, 37.0, 34.0))
    assert _same(mayadin.geometry, box(35.0, 33.0, 35.5, 34.0))
    assert (mayadin.lon, mayadin.lat) == (35.3, 33.5)  # OpenSyria's centroid
    assert mayadin.admin1 == "07" and mayadin.country_code == "SY"
    assert mayadin.source == "opensyria"


def test_without_admin1_polygons_governorates_are_cells_of_syria_and_without_it_points(
    opensyria_dir,
):
    units = opensyria.units(opensyria_dir)
    syria = box(34.0, 32.0, 38.0, 35.0)
    shapes = governorate_shapes(units[:1], {}, syria)
    assert shapes["sy-g"].geometry.equals(syria)
    assert shapes["sy-g"].source.startswith(CELLS)
    points = list(subdivision_records(units, {}, {}))
    assert {r.geometry_precision for r in points} == {"centroid"}
    assert all(r.geometry is None for r in points)


def test_a_governorates_code_is_the_code_most_of_its_places_carry():
    units = [opensyria.Unit("sy-g", 1, None, "sy-g", "Gov", ("Gov",), 35.5, 33.5)]
    shapes = {"sy-g": Shape(WEST, "")}
    places = [(35.2, 33.2, "07"), (35.8, 33.8, "07"), (35.5, 33.1, "01"), (36.5, 33.5, "01")]
    assert governorate_codes(units, shapes, places) == {"sy-g": "07"}
    assert governorate_codes(units, {}, places) == {"sy-g": "01"}  # the nearest place's
    names = ("Gov", "Gov Governorate", "غوف", "محافظة غوف")
    unit = opensyria.Unit("sy-g", 1, None, "sy-g", "Gov", names, 0, 0, iso_3166_2="SY-GV")
    found = governorate_names([unit], {"SY-GV": "naturalearth:admin1:SYR-1"})
    assert found == {"naturalearth:admin1:SYR-1": ("Gov Governorate", "محافظة غوف")}


# -- the default index -----------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    need_file(NATURALEARTH / "ne_10m_admin_1_states_provinces.geojson")
    return Gazetteer.open(need_file(default_settings().gazetteer_path))


def _of_type(gazetteer, name, feature_type):
    return [m.entry for m in gazetteer.lookup(name) if m.entry.feature_type == feature_type]


def test_deir_ez_zor_governorate_is_its_real_polygon(real):
    (governorate,) = _of_type(real, "Deir ez-Zor Governorate", "admin1")
    assert governorate.geometry_precision == "exact"
    assert governorate.geometry_source == EXACT_ADMIN1_SOURCE
    shape = real.geometry(governorate)
    assert shape.contains(Point(40.14, 35.33))  # the city of Deir ez-Zor
    assert shape.contains(Point(40.92, 34.45))  # Abu Kamal, on the Iraqi border
    km2 = abs(Geod(ellps="WGS84").geometry_area_perimeter(shape)[0]) / 1e6
    assert 25_000 < km2 < 36_000  # 26,700 km² as Natural Earth draws it, 33,060 officially
    assert [e.gid for e in _of_type(real, "محافظة دير الزور", "admin1")] == [governorate.gid]


def test_most_admin1_areas_are_exact(real):
    counts = real.status().counts_by_feature_type
    exact = real.db.conn.execute(
        "SELECT count(*) FROM entries"
        " WHERE feature_type = 'admin1' AND geometry_precision = 'exact'"
    ).fetchone()[0]
    assert exact > 0.8 * counts["admin1"]


def test_the_red_sea_is_a_sea_polygon_and_the_atlantic_is_no_sea(real):
    (red,) = _of_type(real, "Red Sea", "sea")
    assert red.has_geometry and real.geometry(red).geom_type in ("Polygon", "MultiPolygon")
    assert real.geometry(red).contains(Point(38.5, 20.0))
    assert _of_type(real, "Gulf of Aden", "sea") and _of_type(real, "Bab el Mandeb", "sea")
    assert not _of_type(real, "Atlantic", "sea")
    assert not _of_type(real, "North Atlantic Ocean", "sea")


def test_regions_are_named_as_text_writes_them(real):
    (desert,) = _of_type(real, "Syrian Desert", "region")
    assert desert.name == "Syrian Desert"


def test_an_opensyria_subdistrict_is_found_by_its_arabic_name(real):
    found = _of_type(real, "مركز الميادين", "admin3")
    assert [e.gid for e in found] == ["opensyria:sy-deir-ez-zor-mayadin-al-mayadin"]
    (mayadin,) = found
    assert mayadin.name == "Al Mayadin" and mayadin.country_code == "SY"
    assert mayadin.geometry_precision == "approximate"
    (governorate,) = _of_type(real, "Deir ez-Zor Governorate", "admin1")
    assert real.geometry(governorate).buffer(0.01).contains(real.geometry(mayadin))
    assert real.geometry(mayadin).contains(Point(mayadin.lon, mayadin.lat))  # its centroid
    assert mayadin.admin1 == governorate.admin1


def test_admin1_areas_the_labels_lack_are_found_by_their_names(real):
    (panjshir,) = [e for e in _of_type(real, "Panjshir", "admin1") if e.country_code == "AF"]
    assert panjshir.geometry_precision == "exact"
    assert real.geometry(panjshir).contains(Point(69.6, 35.4))  # the Panjshir valley
    assert [e.country_code for e in _of_type(real, "سول", "admin1")] == ["SO"]


def test_kenyas_counties_are_their_real_polygons_and_a_bare_name_is_the_town(real):
    from app.services.geocode import geocode

    (county,) = _of_type(real, "Garissa", "admin2")
    assert county.country_code == "KE" and county.geometry_precision == "exact"
    (town,) = [e for e in _of_type(real, "Garissa", "city") if e.country_code == "KE"]
    assert real.geometry(county).contains(Point(town.lon, town.lat))
    assert county.admin1 == town.admin1  # the county's code, which its places carry
    assert geocode(real, "Garissa", "KE", 5)["features"][0]["id"] == town.gid
    assert len([e for e in _of_type(real, "Turkana", "admin2") if e.country_code == "KE"]) == 1


@pytest.mark.parametrize(
    "name, town",
    [("Abu Kamal", "geonames:174448"), ("Hajin", "geonames:174506"), ("Manbij", "geonames:167357")],
)
def test_a_town_ranks_before_the_district_named_after_it(real, name, town):
    from app.services.geocode import geocode

    ranked = [f["id"] for f in geocode(real, name, "SY", 5)["features"]]
    assert ranked[0] == town
    assert any(gid.startswith("opensyria:") for gid in ranked)


def test_the_opensyria_directory_is_the_setting_then_the_data_dir_then_shared(
    tmp_path, monkeypatch
):
    from app.core.config import Settings

    monkeypatch.delenv("GEOEVENTS_OPENSYRIA_DIR", raising=False)
    own, data = tmp_path / "own", tmp_path / "data"
    (data / "opensyria").mkdir(parents=True)
    assert Settings(data_dir=data, opensyria_dir=own).opensyria_path() == data / "opensyria"
    own.mkdir()
    assert Settings(data_dir=data, opensyria_dir=own).opensyria_path() == own
    shared = SHARED / "geodata" / "opensyria"
    expected = shared if shared.is_dir() else None
    assert Settings(data_dir=tmp_path / "empty").opensyria_path() == expected
