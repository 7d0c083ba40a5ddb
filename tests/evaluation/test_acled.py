"""Reading ACLED's notes: its CSV export layout and the acled-dev JSON Lines."""

from pathlib import Path

import pytest

from app.core.errors import InvalidInput
from app.evaluation.acled import read_notes, select_notes

DATA = Path(__file__).parent / "data"


def test_csv_export_in_acleds_layout():
    notes = read_notes(DATA / "acled_export.csv")
    assert [n.id for n in notes] == [
        "acled:IRQ91001",
        "acled:KEN92002",
        "acled:AFG93003",
        "acled:NIG94004",
        "acled:NIG94005",
    ]
    afg = notes[2]
    assert afg.date == "2020-02-10"
    assert afg.text.startswith("Taliban militants clashed")
    gold = afg.gold
    assert (gold.lat, gold.lon, gold.geo_precision, gold.fatalities) == (31.6133, 65.7101, 1, 4)
    assert (gold.country, gold.admin1, gold.location) == ("Afghanistan", "Kandahar", "Kandahar")
    assert (gold.event_type, gold.sub_event_type) == ("Battles", "Armed clash")
    assert gold.actors == (
        "Taliban",
        "Military Forces of Afghanistan (2014-2021)",
        "Police Forces of Afghanistan (2014-2021)",
        "NDS: National Directorate of Security",
    )
    assert gold.actor1 == "Taliban"
    assert notes[1].gold.actors == ("Protesters (Kenya)", "Teachers (Kenya)")
    # the export does not say which notes several events share: counted in the file
    assert [n.shared_by for n in notes] == [1, 1, 1, 2, 2]


def test_older_export_other_column_order_no_sub_event_type(tmp_path):
    path = tmp_path / "old.csv"
    path.write_text(
        "\ufeffnotes;FATALITIES;country;event_type;actor1;latitude;longitude;event_date;"
        "event_id_cnty\n"
        "Rioters blocked a road in Kumasi.;0;Ghana;Riots/Protests;Rioters (Ghana);6.68;-1.62;"
        "15 June 2016;GHA1\n"
        "Clashes near Tamale.;3;Ghana;Battle-No change of territory;;9.40;-0.84;"
        "16-June-2016;GHA2\n"
        ";0;Ghana;Riots/Protests;;9.40;-0.84;2016-06-17;GHA3\n",
        encoding="utf-8",
    )
    notes = read_notes(path)
    assert [n.id for n in notes] == ["acled:GHA1", "acled:GHA2"]  # no note, nothing to read
    assert [n.date for n in notes] == ["2016-06-15", "2016-06-16"]
    assert notes[0].gold.sub_event_type is None
    assert notes[0].gold.geo_precision is None
    assert notes[1].gold.fatalities == 3
    assert notes[1].gold.actors == ()
    assert notes[0].gold.event_type == "Riots/Protests"


def test_acled_dev_jsonl():
    notes = read_notes(DATA / "acled_notes.jsonl")
    assert [n.id for n in notes] == ["acled:BGD95001", "acled:GHA96002", "acled:GHA96003"]
    assert notes[0].date == "2024-01-20"
    assert notes[0].gold.actors == ("Protesters (Bangladesh)", "Students (Bangladesh)")
    assert notes[1].gold.sub_event_type is None
    assert [n.shared_by for n in notes] == [1, 1, 2]
    assert notes[2].gold.geo_precision == 2


def test_selection_leaves_out_shared_notes_then_country_then_limit():
    notes = read_notes(DATA / "acled_export.csv")
    assert [n.id for n in select_notes(notes)] == [
        "acled:IRQ91001",
        "acled:KEN92002",
        "acled:AFG93003",
    ]
    assert [n.id for n in select_notes(notes, country="Kenya")] == ["acled:KEN92002"]
    assert [n.id for n in select_notes(notes, country="Nigeria")] == []
    assert [n.id for n in select_notes(notes, limit=2)] == ["acled:IRQ91001", "acled:KEN92002"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,text\n1,hello\n", "missing column(s) event_date, latitude, longitude, notes"),
        (
            "notes,event_date,latitude,longitude\nClashes.,June 2016,1,2\n",
            "line 2: event date 'June 2016'",
        ),
        ("notes,event_date,latitude,longitude\nClashes.,2016-06-01,north,2\n", "line 2: latitude"),
        ('{"id": "a", "text": "x"}\n', "line 1: not an ACLED note"),
        ('{"id": "a",\n', "line 1: invalid JSON"),
    ],
)
def test_bad_files_say_where(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        read_notes(path)
    assert message in info.value.detail


def test_missing_file(tmp_path):
    with pytest.raises(InvalidInput, match="no ACLED file"):
        read_notes(tmp_path / "nothing.csv")
