"""Reading an ACLED export for import: rows checked one by one, bad ones by line."""

from __future__ import annotations

import pytest

from app.services.import_events import AcledEvent, BadRow, country_code, read_events, to_feature

HEADER = (
    "event_id_cnty;event_date;year;time_precision;event_type;sub_event_type;actor1;actor2;"
    "iso;country;location;latitude;longitude;geo_precision;notes;fatalities"
)


def read(tmp_path, *rows: str) -> list:
    path = tmp_path / "acled.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return list(read_events(path))


def test_rows_become_events_with_iso_dates_and_alpha2_countries(tmp_path):
    row = "ZZ1;15-June-2016;2016;1;Riots;Mob violence;Rioters (Testland);;4;Afghanistan;"
    (first,) = read(tmp_path, row + "Qala Test;34.5;69.2;1;A note;0")
    assert isinstance(first, AcledEvent)
    assert (first.date, first.event_type, first.country_code) == ("2016-06-15", "Riots", "AF")
    feature = to_feature(first)
    assert feature["geometry"]["coordinates"] == [69.2, 34.5]
    assert feature["properties"]["source_dataset"] == "acled"
    assert feature["properties"]["notes"] == "A note"


def test_a_note_over_several_lines_keeps_the_next_rows_line_numbers(tmp_path):
    rows = read(
        tmp_path,
        'ZZ1;2016-06-15;2016;1;Riots;Mob violence;R;;4;Afghanistan;Q;34.5;69.2;1;"two\nlines";0',
        "ZZ2;2016-06-15;2016;1;Riots;Mob violence;R;;4;Afghanistan;Q;;69.2;1;x;0",
    )
    assert isinstance(rows[0], AcledEvent)
    assert rows[1] == BadRow(4, "line 4: latitude/longitude missing")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("34.5", "134.5"), "outside the globe"),
        (("34.5", "north"), "are not numbers"),
        (("2016-06-15", "sometime"), "event date 'sometime'"),
        (("Riots", "Brawls"), "unknown event_type 'Brawls'"),
        ((";1;Riots", ";5;Riots"), "time_precision 5"),
        (("ZZ1", ""), "no event_id_cnty"),
    ],
)
def test_bad_rows_say_what_is_wrong(tmp_path, change, message):
    good = "ZZ1;2016-06-15;2016;1;Riots;Mob violence;R;;4;Afghanistan;Q;34.5;69.2;1;x;0"
    (bad,) = read(tmp_path, good.replace(*change, 1))
    assert isinstance(bad, BadRow) and bad.line == 2
    assert bad.message.startswith("line 2: ") and message in bad.message


def test_country_codes_from_acled_numbers_or_names():
    assert country_code("760", "Syria") == "SY"
    assert country_code("", "Iraq") == "IQ"
    assert country_code("", "Atlantis") is None
