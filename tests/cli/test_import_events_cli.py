"""``geoevents import-events FILE.csv`` as a user runs it, on SQLite and PostGIS.

The fixture file is written here in ACLED's own column layout, with invented rows (no
row of a real export). The imported events come back through the OGC API beside an
extracted article's events, and through the ACLED CSV export with ACLED's values.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.store.base import LayerFilter
from app.store.factory import open_repository
from tests.databases import BACKENDS, backend, fresh_schema, postgis_server, store_url  # noqa: F401
from tests.mvt import decode, tile_of
from tests.store.factories import collection, event, new_article
from tests.support import default_settings, need_file, run_cli

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,"
    "source,source_scale,notes,fatalities,tags,timestamp"
)
"""ACLED's export columns, in ACLED's order, as its CSV header spells them."""
ROWS = {
    "ZZT101": (
        "ZZT101,2021-03-14,2021,1,Political violence,Battles,Armed clash,"
        "Military Forces of Testland (2019-),,1,Red Hill Militia,Villagers of Red Hill,3,13,,"
        '760,Middle East,Syria,Aleppo,Azaz,,Tal Ward,36.5866,37.0463,1,Test Wire,National,"'
        'On 14 March 2021, an invented clash near Tal Ward, written for a test.",4,,1615900000'
    ),
    "ZZT102": (
        "ZZT102,27 April 2020,2020,2,Demonstrations,Protests,Peaceful protest,"
        "Protesters (Syria),,6,,,0,60,,760,Middle East,Syria,Idleb,Idleb,,Kafr Test,"
        '35.9306,36.6339,2,Test Daily,Local,"An invented march; ""about a dozen"" took part.",'
        "0,crowd size=dozens,1588000000"
    ),
    "ZZT103": (
        "ZZT103,3 May 2020,2020,1,Political violence,Explosions/Remote violence,"
        "Shelling/artillery/missile attack,Military Forces of Testland (2019-),,1,"
        "Civilians (Syria),,7,17,Civilian targeting,760,Middle East,Syria,Idleb,Ariha,,"
        'Jabal Test,35.8100,36.6000,2,Test Wire,National,"Invented shelling of a hill.",2,,'
        "1588500000"
    ),
    "ZZT104": (
        "ZZT104,2019-11-02,2019,3,Strategic developments,Strategic developments,"
        "Headquarters or base established,Red Hill Militia,,3,,,0,30,,368,Middle East,Iraq,"
        'Ninewa,Mosul,,Test Camp,36.3400,43.1300,3,Test Gazette,Regional,"Invented base.",0,,'
        "1573000000"
    ),
}
IDS = {f"acled:{event_id}" for event_id in ROWS}


def write_csv(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([ACLED_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def run_import(url: str, path: Path, *options: str):
    return run_cli("import-events", str(path), *options, env={"GEOEVENTS_DATABASE_URL": url})


def acled_events(url: str) -> list[dict]:
    repo = open_repository(url)
    try:
        return repo.query_events(LayerFilter(source_dataset="acled"), 100).features
    finally:
        repo.close()


@pytest.fixture(scope="module", params=BACKENDS)
def imported(request, tmp_path_factory):
    """A store of each backend with one extracted article (two events) and the four
    ACLED rows imported by the command; the app on it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('import') / 'geoevents.sqlite'}"
    else:
        url = fresh_schema(request.getfixturevalue("postgis_server"))
    settings = default_settings().model_copy(update={"database_url": url})
    need_file(settings.gazetteer_path)
    repo = open_repository(url)
    try:
        extracted = collection(
            event("e1", 36.6, 35.9, "2020-04-27", "2020-04-27", "Protests"),
            event("e2", 37.04, 36.58, "2021-03-14", "2021-03-14", "Battles"),
        )
        repo.add_article(new_article("an extracted report of a protest and a clash"), extracted)
    finally:
        repo.close()
    path = write_csv(tmp_path_factory.mktemp("csv") / "acled.csv", *ROWS.values())
    proc = run_import(url, path)
    assert proc.returncode == 0, proc.stderr
    assert "4 ACLED events imported (0 replaced)" in proc.stderr
    with TestClient(create_app(settings)) as client:
        client.database_url = url
        client.csv_path = path
        yield client


def _items(client, collection_id="events", **params) -> dict:
    response = client.get(f"/ogc/collections/{collection_id}/items", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _ids(doc: dict) -> set[str]:
    return {f["id"] for f in doc["features"]}


def test_imported_events_are_their_own_source_in_the_ogc_items(imported):
    acled = _items(imported, source_dataset="acled")
    assert _ids(acled) == IDS and acled["numberMatched"] == 4
    extracted = _items(imported, source_dataset="geoevents")
    assert _ids(extracted) and not _ids(extracted) & IDS
    assert _ids(_items(imported)) == _ids(acled) | _ids(extracted)
    assert _ids(_items(imported, "acled_events")) == IDS
    assert _ids(_items(imported, "acled_events", source_dataset="acled")) == IDS
    refused = imported.get(
        "/ogc/collections/acled_events/items", params={"source_dataset": "geoevents"}
    )
    assert refused.status_code == 422
    assert imported.get("/ogc/collections/events/items?source_dataset=gdelt").status_code == 422


def test_imported_events_keep_acled_coding_and_take_the_same_filters(imported):
    clash = imported.get("/ogc/collections/events/items/acled:ZZT101").json()
    props = clash["properties"]
    assert clash["geometry"]["coordinates"] == pytest.approx([37.0463, 36.5866])
    assert (props["event_id_cnty"], props["source_dataset"]) == ("ZZT101", "acled")
    assert (props["event_type"], props["sub_event_type"]) == ("Battles", "Armed clash")
    assert (props["date_start"], props["time_precision"]) == ("2021-03-14", 1)
    assert props["fatalities"]["best"] == 4 and props["geo_precision"] == 1
    assert (props["location_text"], props["country_code"]) == ("Tal Ward", "SY")
    assert props["source"] == "Test Wire" and "invented clash" in props["notes"]
    roles = {(a["role"], a["name"]) for a in props["actors"]}
    assert ("actor2", "Red Hill Militia") in roles
    assert ("assoc_actor_2", "Villagers of Red Hill") in roles
    march = imported.get("/ogc/collections/acled_events/items/acled:ZZT102").json()
    assert march["properties"]["date_start"] == "2020-04-27"  # from "27 April 2020"
    assert march["properties"]["date_precision"] == "week"

    def acled_ids(**filters) -> set[str]:
        return _ids(_items(imported, source_dataset="acled", **filters))

    assert acled_ids(event_type="Protests") == {"acled:ZZT102"}
    assert acled_ids(country="IQ") == {"acled:ZZT104"}
    assert acled_ids(actor="red hill") == {"acled:ZZT101", "acled:ZZT104"}
    assert acled_ids(datetime="2020-04-01/2020-05-31") == {"acled:ZZT102", "acled:ZZT103"}
    assert acled_ids(bbox="36.5,35.7,36.7,36.0") == {"acled:ZZT102", "acled:ZZT103"}


def test_tiles_take_the_source_dataset_filter(imported):
    tile = tile_of(37.0463, 36.5866, 9)
    url = f"/ogc/collections/events/tiles/WebMercatorQuad/{tile.z}/{tile.y}/{tile.x}"
    both = imported.get(url)
    assert both.status_code == 200, both.text
    features = decode(both.content, "events", tile)
    assert "acled:ZZT101" in features
    assert any(not i.startswith("acled:") for i in features)  # the extracted clash
    only = decode(imported.get(url, params={"source_dataset": "acled"}).content, "events", tile)
    assert set(only) == {"acled:ZZT101"}
    assert only["acled:ZZT101"][0]["source_dataset"] == "acled"
    acled_url = url.replace("/events/", "/acled_events/")
    assert set(decode(imported.get(acled_url).content, "events", tile)) == {"acled:ZZT101"}
    extracted = imported.get(url, params={"source_dataset": "geoevents"})
    assert "acled:ZZT101" not in decode(extracted.content, "events", tile)


def test_our_acled_export_gives_back_acled_values(imported, tmp_path):
    out = tmp_path / "export.csv"
    env = {"GEOEVENTS_DATABASE_URL": imported.database_url}
    proc = run_cli("export", "--format", "acled-csv", "--store", "-o", str(out), env=env)
    assert proc.returncode == 0, proc.stderr
    exported = {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(out.read_text()))}
    original = {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(_source(imported)))}
    assert set(original) <= set(exported)
    for event_id, row in original.items():
        back = exported[event_id]
        for column in ("event_type", "sub_event_type", "location", "fatalities", "actor1"):
            assert back[column] == row[column], (event_id, column)
        for column in ("time_precision", "actor2", "assoc_actor_2", "notes", "source", "iso"):
            assert back[column] == row[column], (event_id, column)
        assert float(back["latitude"]) == pytest.approx(float(row["latitude"]))
        assert float(back["longitude"]) == pytest.approx(float(row["longitude"]))
    assert exported["ZZT101"]["event_date"] == "2021-03-14"
    assert exported["ZZT102"]["event_date"] == "2020-04-27"  # ACLED wrote 27 April 2020
    assert exported["ZZT103"]["event_date"] == "2020-05-03"


def _source(imported) -> str:
    return imported.csv_path.read_text(encoding="utf-8")


def test_importing_again_replaces_the_events(store_url, tmp_path):  # noqa: F811
    path = write_csv(tmp_path / "acled.csv", *ROWS.values())
    assert run_import(store_url, path).returncode == 0
    changed = ROWS["ZZT101"].replace(",4,,1615900000", ",9,,1615900001")
    again = write_csv(tmp_path / "again.csv", changed, ROWS["ZZT102"])
    proc = run_import(store_url, again)
    assert proc.returncode == 0, proc.stderr
    assert "2 ACLED events imported (2 replaced)" in proc.stderr
    events = {f["properties"]["event_id_cnty"]: f for f in acled_events(store_url)}
    assert sorted(events) == sorted(ROWS)
    assert events["ZZT101"]["properties"]["fatalities"]["best"] == 9
    twice = write_csv(tmp_path / "twice.csv", ROWS["ZZT103"], ROWS["ZZT103"])
    assert run_import(store_url, twice).returncode == 0
    assert len(acled_events(store_url)) == 4


BAD = {
    "no coordinates": ROWS["ZZT103"].replace("35.8100,36.6000", ","),
    "bad date": ROWS["ZZT103"].replace("3 May 2020", "May the third"),
    "unknown type": ROWS["ZZT103"].replace("Explosions/Remote violence", "Skirmishes"),
}


@pytest.mark.parametrize("fault", sorted(BAD))
def test_a_bad_row_writes_nothing_and_names_its_line(store_url, tmp_path, fault):  # noqa: F811
    path = write_csv(tmp_path / "acled.csv", ROWS["ZZT101"], ROWS["ZZT102"], BAD[fault])
    proc = run_import(store_url, path)
    assert proc.returncode != 0
    assert "line 4" in proc.stderr and "nothing imported" in proc.stderr
    assert acled_events(store_url) == []


def test_skip_bad_rows_imports_the_good_ones_and_lists_the_bad(store_url, tmp_path):  # noqa: F811
    bad = [BAD["no coordinates"], BAD["unknown type"].replace("ZZT103", "ZZT105")]
    path = write_csv(tmp_path / "acled.csv", ROWS["ZZT101"], bad[0], ROWS["ZZT102"], bad[1])
    proc = run_import(store_url, path, "--skip-bad-rows")
    assert proc.returncode == 0, proc.stderr
    assert "line 3" in proc.stderr and "line 5" in proc.stderr
    assert "2 ACLED events imported (0 replaced), 2 bad row(s) skipped" in proc.stderr
    ids = {f["properties"]["event_id_cnty"] for f in acled_events(store_url)}
    assert ids == {"ZZT101", "ZZT102"}


def test_the_events_map_takes_the_source_dataset_filter(imported):
    area = {"bbox": "30,30,50,40"}
    records = imported.get("/v1/maps/events/records", params={**area, "source_dataset": "acled"})
    assert records.status_code == 200, records.text
    assert records.json()["numberMatched"] == 4
    both = imported.get("/v1/maps/events/records", params=area).json()
    assert both["numberMatched"] == 6
    page = imported.get("/v1/maps/events", params={"source_dataset": "acled"})
    assert page.status_code == 200 and "source: acled" in page.text


def test_the_acled_collection_has_the_extent_of_the_imported_events(imported):
    doc = imported.get("/ogc/collections/acled_events").json()
    minx, miny, maxx, maxy = doc["extent"]["spatial"]["bbox"][0]
    assert (minx, miny) == pytest.approx((36.6, 35.81))
    assert (maxx, maxy) == pytest.approx((43.13, 36.5866))
    assert doc["extent"]["temporal"]["interval"][0] == [
        "2019-11-02T00:00:00Z",
        "2021-03-14T23:59:59Z",
    ]
    listed = imported.get("/ogc/collections").json()["collections"]
    assert next(c for c in listed if c["id"] == "acled_events")["extent"] == doc["extent"]
