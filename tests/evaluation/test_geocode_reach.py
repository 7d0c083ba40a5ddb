"""The ACLED geocode reach benchmark, on a JSON Lines file of its own layout and a tiny index."""

import json

from benchmarks.geocode_reach import main, read_locations
from tests.support import place, tiny_index


def _line(location, country, lat, lon):
    gold = {"location": location, "country": country, "lat": lat, "lon": lon}
    return json.dumps({"id": "x", "text": "", "gold": gold})


def test_counts_each_location_once_at_its_first_point(tmp_path, capsys):
    notes = tmp_path / "notes.jsonl"
    notes.write_text(
        "\n".join(
            [
                _line("Farah", "Afghanistan", 32.37, 62.11),
                _line("Farah", "Afghanistan", 33.0, 63.0),  # the same location again
                _line("Nowhere", "Afghanistan", 34.0, 66.0),
                _line("Kabul", "Afghanistan", 30.0, 60.0),  # 600 km from the index's Kabul
            ]
        )
    )
    assert [(x.name, x.lat) for x in read_locations(notes)] == [
        ("Farah", 32.37),
        ("Nowhere", 34.0),
        ("Kabul", 30.0),
    ]
    records = [
        place(
            "geonames:1149361",
            "Afghanistan",
            66.0,
            33.0,
            country_code="AF",
            feature_type="country",
            importance=1.0,
        ),
        place("geonames:1142263", "Farah", 62.117, 32.374, country_code="AF"),
        place("geonames:1138958", "Kabul", 69.172, 34.528, country_code="AF"),
    ]
    tiny_index(tmp_path / "g.sqlite", records)
    misses = tmp_path / "misses.tsv"
    assert main([str(notes), "--index", str(tmp_path / "g.sqlite"), "--misses", str(misses)]) == 0
    assert "| notes | 3 | 1 | 33.3 |" in capsys.readouterr().out
    assert [line.split("\t")[1] for line in misses.read_text().splitlines()] == ["Nowhere", "Kabul"]
