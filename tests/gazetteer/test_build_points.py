"""Where the build puts countries, admin-1 and admin-2 areas and rivers: hand-made cases."""

from shapely.geometry import MultiLineString, Polygon

from app.gazetteer.areas import CODE_AREA_PREFIX
from app.gazetteer.build import (
    _admin1_rows,
    _admin2_rows,
    _continents,
    _PlaceIndex,
    country_point,
)
from app.gazetteer.normalize import name_key
from app.gazetteer.sources.admin2 import Town
from app.gazetteer.sources.countryinfo_source import alternate_names
from app.gazetteer.sources.naturalearth import Admin1Label, river_mouth
from tests.support import place

SQUARE = Polygon([(0, 0), (10, 0), (10, 10), (0, 10)])


def test_country_point_is_halfway_to_the_reference_point_inside_the_country():
    mid = country_point(SQUARE, (8.0, 8.0))
    assert (round(mid.x, 6), round(mid.y, 6)) == (6.5, 6.5)  # centroid (5, 5) and (8, 8)
    assert (country_point(SQUARE, (30.0, 30.0)).x, country_point(SQUARE, None).x) == (5.0, 5.0)


def _index():
    index = _PlaceIndex()
    # code "A": places spread over x 0..10; code "B": a cluster at x 20..22
    for i, x in enumerate([0.0, 2.0, 5.0, 7.0, 10.0]):
        index.add(place(f"gn:a{i}", f"A{i}", x, 5.0, country_code="XX", admin1="A"))
    for i, x in enumerate([20.0, 21.0, 22.0]):
        index.add(place(f"gn:b{i}", f"B{i}", x, 5.0, country_code="XX", admin1="B"))
    return index


def test_admin1_point_is_the_middle_of_its_places():
    assert _index().center("XX", "A") == (5.0, 5.0)


def test_admin1_code_comes_from_the_label_point_its_places_agree_on():
    index = _PlaceIndex()
    clusters = {"A": (0.0, 0.0), "B": (50.0, 0.0), "C": (50.0, 2.0)}
    for code, (x0, y0) in clusters.items():
        for i in range(20):
            index.add(place(f"gn:{code}{i}", f"{code}{i}", x0 + (i % 5) * 0.1,
                            y0 + (i // 5) * 0.1, country_code="XX", admin1=code))  # fmt: skip
    # A's label points: its mainland, and an exclave between B and C (like Kentucky Bend)
    exclave, mainland = (50.2, 1.15), (0.2, 0.2)
    assert index.code_near("XX", *exclave)[1] < 1.0
    assert index.code_near("XX", *mainland) == ("A", 1.0)
    assert index.admin1_of("XX", [exclave, mainland]) == "A"


def test_admin2_areas_sit_in_the_middle_of_their_towns():
    index = _index()
    towns = [
        Town(0.0, 5.0, "A0", "Province A", "Walker County", "XX"),
        Town(2.0, 5.0, "A1", "Province A", "Walker County", "XX"),
        Town(21.0, 5.0, "B1", "Province B", "Walker County", "XX"),
    ]
    rows = {(r.admin1, r.name): r for r in _admin2_rows(index, towns)}
    a = rows[("A", "Walker County")]
    assert (a.lon, a.lat, a.feature_type) == (1.0, 5.0, "admin2")
    assert ("B", "Walker County") in rows
    assert any(key == name_key("Walker County") for key, *_ in a.names)


def test_a_river_is_placed_at_its_mouth():
    # Natural Earth draws rivers downstream: a tributary flows into the main stem
    main = [(0.0, 0.0), (5.0, 0.0), (10.0, 0.0)]
    tributary = [(5.0, 5.0), (5.0, 0.0)]
    assert river_mouth(MultiLineString([main, tributary])).coords[0] == (10.0, 0.0)


def test_leading_abbreviations_are_spelt_out():
    assert name_key("St. Cloud") == name_key("Saint Cloud")
    assert name_key("Ft. Worth") == name_key("Fort Worth")
    assert name_key("Main St.") == "main st"


def test_admin1_areas_take_geonames_english_names():
    index = _PlaceIndex()
    for code, x0 in (("A", 0.0), ("B", 50.0)):
        for i in range(20):
            index.add(place(f"gn:{code}{i}", f"{code}{i}", x0 + (i % 5) * 0.1, (i // 5) * 0.1,
                            country_code="XX", admin1=code))  # fmt: skip
    towns = [Town(0.0, 0.0, "A0", "Bavaria", "Walker County", "XX")]
    list(_admin2_rows(index, towns))  # the towns tell GeoNames' name of code A
    assert index.admin1_name("XX", "A") == "Bavaria"

    def label(gid, name, x):
        return Admin1Label(place(gid, name, x, 0.2, feature_type="admin1", country_code="XX"),
                           ((x, 0.2),))  # fmt: skip

    labels = [label("ne:a", "Bayern", 0.2), label("ne:b1", "B1", 50.1), label("ne:b2", "B2", 50.3)]
    rows = {r.gid: r for r in _admin1_rows(labels, index)}
    assert any(name == "Bavaria" for _, _, name, _ in rows["ne:a"].names)
    assert rows["ne:b1"].admin1 == "B" and rows["ne:b2"].admin1 == "B"
    assert not [g for g in rows if g.startswith(CODE_AREA_PREFIX)]  # B has no name
    index.note_admin1_name("XX", "B", "Province B")
    whole = {r.gid: r for r in _admin1_rows(labels, index)}[f"{CODE_AREA_PREFIX}XX:B"]
    assert (whole.name, whole.admin1, whole.feature_type) == ("Province B", "B", "admin1")


def test_countries_get_their_other_spellings_but_not_their_codes():
    names = alternate_names()
    assert "UAE" in names["AE"] and "ARE" not in names["AE"] and "AE" not in names["AE"]
    assert all(n not in ("CAN", "CA") for n in names.get("CA", ()))


def test_a_continent_code_no_country_uses_is_a_name_of_the_continent():
    rows = list(_continents())
    codes = {row.name: [n for _, _, n, kind in row.names if kind == "code"] for row in rows}
    assert codes["Europe"] == ["EU"]
    assert codes["South America"] == []  # "SA" is Saudi Arabia's code
