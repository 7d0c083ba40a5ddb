"""Real admin-1 polygons from a file replace the approximate ones (issue 5)."""

import json
from pathlib import Path

import pytest
from shapely.geometry import box, mapping

from app.cli import main
from app.core.config import get_settings
from app.gazetteer.lookup import Gazetteer
from tests.support import place, tiny_index


@pytest.fixture
def index(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("GEOEVENTS_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    path = get_settings().gazetteer_path
    approximate = dict(
        feature_type="admin1", country_code="SY", geometry_precision="approximate",
        geometry_source="derived:voronoi", source="naturalearth",
    )  # fmt: skip
    tiny_index(
        path,
        [
            place(
                "naturalearth:admin1:SYR-143",
                "As Suwayda'",
                36.8,
                32.7,
                names=("As Suwayda'",),
                geometry=box(36.3, 32.3, 37.0, 33.0),
                **approximate,
            ),
            place(
                "naturalearth:admin1:SYR-146",
                "Dar`a",
                36.2,
                32.7,
                names=("Dar`a",),
                geometry=box(35.8, 32.5, 36.3, 33.0),
                **approximate,
            ),
        ],
    ).db.close()
    yield path
    get_settings.cache_clear()


def _write(path: Path, features: list[tuple[dict, object]]) -> Path:
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": p, "geometry": mapping(g)}
                    for p, g in features
                ],
            }
        )
    )
    return path


def test_polygons_replace_approximate_ones_by_name_or_code(tmp_path, index, capsys):
    suwayda = box(36.35, 32.25, 37.7, 33.05)
    daraa = box(35.75, 32.45, 36.4, 33.1)
    source = _write(
        tmp_path / "admin1.geojson",
        [
            ({"name": "As-Suwayda", "iso_a2": "SY"}, suwayda),  # matched by normalised name
            ({"name": "Daraa", "adm1_code": "SYR-146", "iso_a2": "SY"}, daraa),  # by code
            ({"name": "Atlantis", "iso_a2": "SY"}, box(0, 0, 1, 1)),
        ],
    )
    assert main(["gazetteer", "import-admin1", str(source)]) == 0
    assert "Atlantis" in capsys.readouterr().err
    gazetteer = Gazetteer.open(index)
    entry = gazetteer.entry("naturalearth:admin1:SYR-143")
    assert entry.geometry_precision == "exact"
    assert entry.geometry_source == "import:admin1.geojson"
    assert gazetteer.geometry(entry).equals(suwayda)
    assert (entry.lon, entry.lat) == (36.8, 32.7)  # the point and the names stay
    assert gazetteer.lookup("As Suwayda'")[0].entry.gid == entry.gid
    daraa_entry = gazetteer.entry("naturalearth:admin1:SYR-146")
    assert gazetteer.geometry(daraa_entry).equals(daraa)
    assert "admin1-polygons:admin1.geojson" in gazetteer.status().sources


def test_unreadable_file_or_missing_fields_leave_the_index_unchanged(tmp_path, index):
    before = index.read_bytes()
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json")
    assert main(["gazetteer", "import-admin1", str(bad)]) == 2
    no_fields = _write(tmp_path / "nofields.geojson", [({"label": "x"}, box(0, 0, 1, 1))])
    assert main(["gazetteer", "import-admin1", str(no_fields)]) == 1
    assert index.read_bytes() == before
    assert not list(tmp_path.glob("*.building"))
