"""``geoevents gazetteer import-places`` on small tables written for these tests in the
column layouts of OCHA's COD-PP, an ACLED export and a GeoJSON of camps."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.config import get_settings
from app.core.errors import InvalidInput
from app.gazetteer.lookup import Gazetteer
from app.gazetteer.places_import import Columns, detect_columns, import_places
from app.gazetteer.rows import to_row
from app.gazetteer.types import Record
from app.store.gazetteer_db import IndexWriter, dumps_meta

DATA = Path(__file__).parent / "data"
COD_PP = DATA / "cod_pp_syria.csv"
ACLED = DATA / "acled_export.csv"
CAMPS = DATA / "camps.geojson"


@pytest.fixture
def index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An index of Syria, Afghanistan and three Syrian governorates in ``tmp_path``,
    which becomes GEOEVENTS_DATA_DIR."""
    monkeypatch.setenv("GEOEVENTS_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    path = get_settings().gazetteer_path
    records = [
        Record("geonames:163843", "Syria", "country", 38.5, 34.8, "SY", names=("Syria",)),
        Record("geonames:1149361", "Afghanistan", "country", 66.0, 33.0, "AF"),
        Record("ne:aleppo", "Aleppo", "admin1", 37.5, 36.2, "SY", admin1="09", names=("Aleppo",)),
        Record("ne:hasakah", "Al-Hasakah", "admin1", 40.7, 36.6, "SY", admin1="03"),
        Record("ne:idlib", "Idlib", "admin1", 36.6, 35.8, "SY", admin1="08"),
    ]
    writer = IndexWriter(path)
    writer.add(to_row(r) for r in records)
    writer.commit({"built_at": "2026-01-01T00:00:00+00:00", "sources": dumps_meta({})})
    yield path
    get_settings.cache_clear()


def _gazetteer(path: Path) -> Gazetteer:
    return Gazetteer.open(path)


def _one(gaz: Gazetteer, name: str, **kw):
    (match,) = gaz.lookup(name, fuzzy=False, **kw)
    return match


def test_cod_pp_layout(index: Path) -> None:
    report = import_places(get_settings(), COD_PP, source="ocha-sy", licence="CC BY-IGO")

    assert (report.layout, report.rows, report.places, report.replaced) == ("ocha-cod-pp", 4, 4, 0)
    gaz = _gazetteer(index)
    tal_tamer = _one(gaz, "Tal Tamer").entry
    assert tal_tamer.gid == "places:ocha-sy:C4388"
    assert (tal_tamer.lon, tal_tamer.lat) == pytest.approx((40.3707, 36.6496))
    assert (tal_tamer.country_code, tal_tamer.source) == ("SY", "places:ocha-sy")
    for other in ("تل تمر", "Tell Tamer"):  # the Arabic name, the reference name
        assert _one(gaz, other).entry.gid == tal_tamer.gid
    assert _one(gaz, "Umm Karfa").entry.gid == "places:ocha-sy:C4391"  # an ADM4ALT1EN
    assert _one(gaz, "Kafr Naya").entry.admin1 == "09"  # Aleppo, by the area's name
    assert tal_tamer.admin1 == "03"  # OCHA's "Al-Hasakeh": the variant key of Al-Hasakah
    assert _one(gaz, "Tamanaa").entry.admin1 == "08"  # "Idleb": the phonetic key of Idlib
    assert "licence: CC BY-IGO" in gaz.status().sources["places:ocha-sy"]


def test_acled_layout_one_place_per_location_and_point(index: Path) -> None:
    report = import_places(get_settings(), ACLED, source="acled-export")

    assert (report.layout, report.rows, report.places) == ("acled", 4, 3)
    gaz = _gazetteer(index)
    assert _one(gaz, "Tal Halaf").entry.geometry_precision == "exact"
    kafr_nuran = _one(gaz, "Kafr Nuran").entry
    assert kafr_nuran.geometry_precision == "approximate"  # geo_precision 2
    assert kafr_nuran.admin1 == "09"
    assert _one(gaz, "Miri", country="AF").entry.country_code == "AF"  # "Afghanistan"


def test_geojson_points_and_polygons(index: Path) -> None:
    report = import_places(get_settings(), CAMPS, source="camps", licence="ours")

    assert (report.layout, report.places) == ("geonames-like", 2)
    gaz = _gazetteer(index)
    assert _one(gaz, "Al Hawl Camp").entry.name == "Al-Hol Camp"
    assert _one(gaz, "مخيم الهول").entry.name == "Al-Hol Camp"
    rukban = _one(gaz, "Rukban Camp").entry
    assert 38.88 < rukban.lon < 38.90 and 33.29 < rukban.lat < 33.31  # inside its polygon


def test_importing_a_source_again_replaces_its_places(index: Path, tmp_path: Path) -> None:
    import_places(get_settings(), COD_PP, source="ocha-sy")
    import_places(get_settings(), CAMPS, source="camps")
    lines = COD_PP.read_text(encoding="utf-8").splitlines()
    smaller = tmp_path / "smaller.csv"
    smaller.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")  # Tal Tamer only

    report = import_places(get_settings(), smaller, source="ocha-sy")

    assert (report.places, report.replaced) == (1, 4)
    gaz = _gazetteer(index)
    assert _one(gaz, "Tal Tamer").entry.gid == "places:ocha-sy:C4388"
    assert gaz.lookup("Kafr Naya", fuzzy=False) == []
    assert gaz.lookup("Um Kerfa", fuzzy=False) == []
    assert _one(gaz, "Rukban Camp")  # another source's places stay
    assert _one(gaz, "Syria").entry.feature_type == "country"


BAD = """name,latitude,longitude,country_code
Tall Baydar,36.71,40.55,SY
Tall Halaf,,40.03,SY
Tall Abyad,36.69,38.95,SY
Tall Hamis,36.64x,41.58,SY
,36.5,40.1,SY
Tall Baz,95.0,40.2,SY
"""


def test_bad_rows_are_named_and_nothing_is_written(index: Path, tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text(BAD, encoding="utf-8")
    before = index.read_bytes()

    with pytest.raises(InvalidInput) as raised:
        import_places(get_settings(), table)

    message = raised.value.detail
    assert "4 bad row(s), nothing imported" in message
    for line in ("line 3: no latitude", "line 5: latitude '36.64x'", "line 6: no name",
                 "line 7: latitude 95.0"):  # fmt: skip
        assert line in message
    assert index.read_bytes() == before
    assert not list(tmp_path.glob("*.building"))


def test_a_bad_feature_is_named_by_its_number(index: Path, tmp_path: Path) -> None:
    camps = json.loads(CAMPS.read_text(encoding="utf-8"))
    camps["features"][1]["properties"]["name"] = None
    bad = tmp_path / "camps.geojson"
    bad.write_text(json.dumps(camps), encoding="utf-8")
    with pytest.raises(InvalidInput, match="feature 2: no name"):
        import_places(get_settings(), bad)


def test_bad_rows_may_be_skipped(index: Path, tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text(BAD, encoding="utf-8")

    report = import_places(get_settings(), table, skip_bad_rows=True)

    assert report.places == 2 and len(report.skipped) == 4
    assert _one(_gazetteer(index), "Tall Abyad").entry.source == "places:bad"


def test_columns_given_and_a_country_for_every_row(index: Path, tmp_path: Path) -> None:
    table = tmp_path / "team.csv"
    table.write_text("Village;Y;X\nQasr Ibn Wardan;35.42;37.22\n", encoding="utf-8")
    columns = Columns(name="Village", lat="Y", lon="X")

    report = import_places(get_settings(), table, columns=columns, country="sy")

    assert report.places == 1
    assert _one(_gazetteer(index), "Qasr Ibn Wardan").entry.country_code == "SY"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Village,Y,X\nQasr,35.4,37.2\n", "cannot tell which column holds the place names"),
        ("name,latitude,longitude\nQasr,35.4,37.2\n", "no country column"),
        ("name,lat,lon,country\nQasr,35.4,37.2,Atlantis\n", "line 2: unknown country"),
    ],
)
def test_unusable_tables_are_refused(index: Path, tmp_path: Path, text: str, message: str):
    table = tmp_path / "places.csv"
    table.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput, match=message):
        import_places(get_settings(), table)


def test_a_source_name_is_a_plain_word(index: Path) -> None:
    with pytest.raises(InvalidInput, match="source name"):
        import_places(get_settings(), COD_PP, source="ocha:sy")


def test_layouts_are_recognised_whatever_the_case() -> None:
    layout, columns = detect_columns(
        ["LOCATION", "Latitude", "LONGITUDE", "Country", "GEO_PRECISION"]
    )
    assert layout == "acled"
    assert (columns.name, columns.lat, columns.lon) == ("LOCATION", "Latitude", "LONGITUDE")


def test_cli(index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    code = main(["gazetteer", "import-places", str(COD_PP), "--source", "ocha-sy",
                 "--licence", "CC BY-IGO"])  # fmt: skip

    assert code == 0
    assert "source ocha-sy (ocha-cod-pp layout), 4 rows, 4 places" in capsys.readouterr().err
    status = _gazetteer(index).status()
    assert status.counts_by_source["places:ocha-sy"] == 4


def test_cli_column_flags(index: Path, tmp_path: Path) -> None:
    from app.cli import main

    table = tmp_path / "team.csv"
    table.write_text("Village,Other,Lat,Lon\nQasr Ibn Wardan,قصر ابن وردان,35.42,37.22\n")
    assert main(["gazetteer", "import-places", str(table), "--lat-column", "Lat"]) != 0
    code = main(["gazetteer", "import-places", str(table), "--name-column", "Village",
                 "--names-column", "Other", "--country", "SY"])  # fmt: skip
    assert code == 0
    assert _one(_gazetteer(index), "قصر ابن وردان").entry.name == "Qasr Ibn Wardan"


def test_cli_fails_on_a_missing_file(index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    code = main(["gazetteer", "import-places", str(DATA / "missing.csv")])

    assert code != 0
    assert "no file at" in capsys.readouterr().err


def test_fixture_layouts_are_what_they_claim() -> None:
    """The fixtures keep the real layouts' column names (written for the tests)."""
    header = COD_PP.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert {"ADM4_EN", "ADM4_AR", "ADM4_PCODE", "latitude", "longitude"} <= set(header)
    header = ACLED.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert {"location", "latitude", "longitude", "admin1", "admin2", "admin3", "country",
            "geo_precision"} <= set(header)  # fmt: skip
    assert json.loads(CAMPS.read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_geopackage_layer(index: Path, tmp_path: Path) -> None:
    """A GeoPackage written from the camps' GeoJSON, in a projected CRS: read from its
    layer and brought back to longitude and latitude."""
    import geopandas

    package = tmp_path / "camps.gpkg"
    geopandas.read_file(CAMPS).to_crs("EPSG:3857").to_file(package, layer="camps")

    report = import_places(get_settings(), package, source="camps-gpkg", layer="camps")

    assert report.places == 2
    hol = _one(_gazetteer(index), "Al-Hol Camp").entry
    assert (hol.lon, hol.lat) == pytest.approx((41.1453, 36.3811), abs=1e-6)
