"""The derived-places stage on a tiny real gazetteer (SQLite) with hand-made shapes."""

import pytest
import shapely
from shapely.geometry import LineString, Point, box, shape

from app.gazetteer.areas import border_gid
from app.geoparse.derived import DerivedPlaces, document_focus
from app.geoparse.types import Mention, ParseResult, Place
from app.services.derived_features import derived_feature
from tests.support import place, tiny_index

TESTLAND, OTHERLAND = box(35.0, 33.0, 37.0, 36.0), box(37.0, 33.0, 39.0, 36.0)
RIVER = LineString([(36.5, 36.0), (36.5, 34.5), (38.0, 33.2)])
PROVINCE = box(35.2, 33.2, 36.2, 34.2)
RECORDS = [
    place("test:TA", "Testland", 36.0, 34.5, feature_type="country", country_code="TA",
          geometry=TESTLAND),
    place("test:TB", "Otherland", 38.0, 34.5, feature_type="country", country_code="TB",
          geometry=OTHERLAND),
    place("test:river", "Testriver", 36.5, 35.0, feature_type="river", geometry=RIVER),
    place("test:town", "Testtown", 36.3, 34.8, country_code="TA", population=10_000),
    place("test:province", "Testprovince", 35.7, 33.7, feature_type="admin1",
          country_code="TA", geometry=PROVINCE, geometry_precision="approximate"),
]  # fmt: skip
TEXT = (
    "Fighting on the eastern bank of the Testriver near Testtown and in eastern "
    "Testprovince. Jets hit the Testland-Otherland border and the Testriver Valley."
)


def _places(gazetteer, text, names):
    """Places at every occurrence of each (gid, name) in the text."""
    out = []
    for gid, name in names:
        starts, i = [], text.find(name)
        while i >= 0:
            starts.append(i)
            i = text.find(name, i + 1)
        mentions = tuple(Mention(s, s + len(name), name) for s in starts)
        out.append(Place(gazetteer.entry(gid), mentions, 0.8))
    return tuple(out)


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("derived") / "gazetteer.sqlite", RECORDS)


@pytest.fixture(scope="module")
def derived(gazetteer):
    names = [
        ("test:river", "Testriver"),
        ("test:town", "Testtown"),
        ("test:province", "Testprovince"),
        ("test:TA", "Testland"),
        ("test:TB", "Otherland"),
    ]
    result = ParseResult("doc", TEXT, _places(gazetteer, TEXT, names))
    return {d.rule: d for d in DerivedPlaces(gazetteer)(result).derived}


def test_every_phrase_gives_one_derived_place(derived):
    assert set(derived) == {
        "east-bank-of",
        "near",
        "east-part-of",
        "border-between",
        "valley-of",
    }
    for d in derived.values():
        assert shapely.is_valid(d.geometry) and not d.geometry.is_empty
        for m in d.mentions:
            assert TEXT[m.start : m.end] == m.text
    assert derived["east-bank-of"].name == "eastern bank of the Testriver"
    assert derived["valley-of"].name == "Testriver Valley"


def test_bank_and_valley_are_clipped_to_the_document_country(derived):
    bank, valley = derived["east-bank-of"], derived["valley-of"]
    assert dict(bank.params) == {"within": "TA", "side": "east", "depth_km": 25.0}
    assert bank.id == "derived:east-bank-of:test:river:in-TA"
    assert bank.geometry_precision == "derived"
    assert bank.geometry_source == "derived:east-bank-of:test:river"
    assert bank.anchors == ("test:river",) and bank.country_code == "TA"
    for area in (bank.geometry, valley.geometry):
        assert TESTLAND.buffer(1e-7).contains(area)
    assert bank.geometry.contains(Point(36.6, 35.2))
    assert not bank.geometry.contains(Point(36.4, 35.2))
    assert valley.geometry.contains(Point(36.4, 35.2)) and valley.geometry.contains(
        Point(36.6, 35.2)
    )


def test_near_a_town_and_part_of_a_province(derived):
    near, part = derived["near"], derived["east-part-of"]
    assert near.geometry.contains(Point(36.3, 34.8)) and near.geometry.contains(Point(36.4, 34.8))
    assert dict(near.params)["distance_km"] == 10.0
    assert PROVINCE.buffer(1e-7).contains(part.geometry)
    assert part.geometry.area == pytest.approx(PROVINCE.area / 2, rel=0.02)
    assert part.geometry.centroid.x > PROVINCE.centroid.x


def test_border_without_an_index_entry_is_derived_from_the_two_polygons(derived):
    border = derived["border-between"]
    assert border.name == "Testland-Otherland border"
    assert border.geometry.geom_type == "LineString"
    assert border.geometry.length == pytest.approx(3.0)
    assert border.geometry_precision == "derived"
    assert border.geometry_source == "derived:border-between:test:TA+test:TB"
    assert border.anchors == ("test:TA", "test:TB") and border.gazetteer_id is None


def test_border_entry_of_the_index_is_used_when_there_is_one(tmp_path):
    line = LineString([(37.0, 33.0), (37.0, 36.0)])
    entry = place(
        border_gid("TA", "TB"), "Otherland–Testland border", 37.0, 34.5,
        feature_type="border", geometry=line, geometry_source="naturalearth:lines",
    )  # fmt: skip
    gazetteer = tiny_index(tmp_path / "g.sqlite", [*RECORDS, entry])
    text = "the Testland-Otherland border"
    names = [("test:TA", "Testland"), ("test:TB", "Otherland")]
    result = DerivedPlaces(gazetteer)(ParseResult("d", text, _places(gazetteer, text, names)))
    [border] = result.derived
    assert border.gazetteer_id == border.id == "naturalearth:border:TA-TB"
    assert border.name == "Otherland–Testland border"
    assert border.geometry_precision == "exact"
    assert border.geometry_source == "naturalearth:lines"


def test_no_phrase_no_derived_place(gazetteer):
    text = "Shelling hit Testtown."
    result = ParseResult("d", text, _places(gazetteer, text, [("test:town", "Testtown")]))
    assert DerivedPlaces(gazetteer)(result).derived == ()


def test_focus_needs_a_clear_majority(gazetteer):
    text = "Testtown Testland Otherland"
    names = [("test:town", "Testtown"), ("test:TA", "Testland"), ("test:TB", "Otherland")]
    assert document_focus(_places(gazetteer, text, names)) == "TA"
    assert document_focus(_places(gazetteer, text, names[1:])) == "TA"  # a tie: the first
    assert document_focus(_places(gazetteer, text, names[2:])) == "TB"
    assert document_focus(()) is None


def test_feature_of_a_derived_place(derived):
    bank = derived["east-bank-of"]
    feature = derived_feature(bank, 0.005)
    props = feature["properties"]
    assert feature["id"] == props["gazetteer_id"] == "derived:east-bank-of:test:river:in-TA"
    assert props["kind"] == "place" and props["feature_type"] == "area"
    assert props["derivation"] == {
        "rule": "east-bank-of",
        "params": {"within": "TA", "side": "east", "depth_km": 25.0},
        "anchors": ["test:river"],
    }
    assert props["geometry_precision"] == "derived"
    assert bank.geometry.contains(Point(props["label_point"]))
    geometry = shape(feature["geometry"])
    assert shapely.is_valid(geometry)
    for polygon in getattr(geometry, "geoms", [geometry]):
        assert polygon.exterior.is_ccw
    full = shape(derived_feature(bank, None)["geometry"])
    assert shapely.get_num_coordinates(full) > shapely.get_num_coordinates(geometry)
    border = derived_feature(derived["border-between"], 0.005)
    assert border["geometry"]["type"] == "LineString"
    assert border["properties"]["derivation"]["params"] == {"countries": ["TA", "TB"]}
