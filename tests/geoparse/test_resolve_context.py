"""The resolver's use of the document around a name, on a tiny hand-made gazetteer: cues
lent by a list, directions before a name, postal codes, the admin-1 areas a document
names, small towns abroad, seas written with "the", saints and country names in longer
names, short forms of county names."""

import pytest
import spacy

from app.gazetteer.sources.naturalearth import admin1_importance
from app.geoparse.candidates import candidates_for
from app.geoparse.pipeline import Geoparser
from app.geoparse.types import Document
from tests.support import place, tiny_index


def _records():
    return [
        place("gn:wv", "West Virginia", -80.5, 38.5, feature_type="admin1", country_code="US",
              admin1="WV", population=1_800_000),
        place("gn:lewisburg", "Lewisburg", -80.45, 37.8, country_code="US", admin1="WV",
              population=3_800),
        place("gn:ga", "Georgia", -83.5, 32.75, feature_type="admin1", country_code="US",
              admin1="GA", population=10_000_000),
        place("gn:al", "Alabama", -86.75, 32.75, feature_type="admin1", country_code="US",
              admin1="AL", population=4_900_000),
        place("gn:mobile", "Mobile", -88.04, 30.69, feature_type="city", country_code="US",
              admin1="AL", population=190_000),
        place("gn:va", "Virginia", -78.6, 37.5, feature_type="admin1", country_code="US",
              admin1="VA", population=8_000_000),
        place("gn:alexandria-eg", "Alexandria", 29.92, 31.2, feature_type="city",
              country_code="EG", admin1="06", population=3_811_516),
        place("gn:alexandria-va", "Alexandria", -77.05, 38.8, feature_type="city",
              country_code="US", admin1="VA", population=159_467),
        place("gn:arlington-va", "Arlington", -77.1, 38.88, feature_type="city",
              country_code="US", admin1="VA", population=207_627),
        place("gn:gb", "United Kingdom", -2.0, 54.0, feature_type="country", country_code="GB",
              population=66_000_000),
        place("gn:london", "London", -0.13, 51.51, feature_type="city", country_code="GB",
              admin1="ENG", population=8_961_989),
        place("gn:manchester", "Manchester", -2.24, 53.48, feature_type="city",
              country_code="GB", admin1="ENG", population=395_515),
        place("gn:heathrow-fl", "Heathrow", -81.37, 28.76, country_code="US", admin1="FL",
              population=5_896),
        place("gn:atlantic-ia", "Atlantic", -95.01, 41.4, country_code="US", admin1="IA",
              population=6_833),
        place("gn:saint-patrick", "Saint Patrick", -61.6, 12.2, feature_type="admin1",
              country_code="GD", admin1="06"),
        place("gn:eg", "Egypt", 30.0, 27.0, feature_type="country", country_code="EG",
              population=100_000_000),
        place("gn:us", "United States", -98.5, 39.76, feature_type="country",
              country_code="US", population=327_000_000),
        place("gn:portland-or", "Portland", -122.68, 45.52, feature_type="city",
              country_code="US", admin1="OR", population=652_503, importance=0.8),
        place("ne:portland-jm", "Portland", -76.5, 18.1, feature_type="admin1",
              country_code="JM", admin1="07", importance=admin1_importance(2_800_000)),
        place("gn:suffolk-va", "Suffolk", -76.58, 36.73, country_code="US", admin1="VA",
              population=88_161),
        place("a2:suffolk-ny", "Suffolk County", -72.68, 40.94, feature_type="admin2",
              country_code="US", admin1="NY", population=1_450_259),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def geoparser(tmp_path_factory):
    extra = {
        "gn:al": [("AL", "code")],
        "gn:us": [("US", "alias")],
        "gn:saint-patrick": [("St. Patrick", "name")],
    }
    gazetteer = tiny_index(tmp_path_factory.mktemp("g") / "g.sqlite", _records(), extra)
    return Geoparser(gazetteer, lambda: spacy.blank("en"))  # tokens only, no NER


def _parse(geoparser, text):
    result = geoparser.parse(Document("t", text))
    return {m.text: p for p in result.places for m in p.mentions}, result


def test_a_cue_lent_by_a_list_gives_way_to_the_qualifier(geoparser):
    places, _ = _parse(
        geoparser, "Two officers from the town of Lewisburg, West Virginia, stopped the car."
    )
    assert places["Lewisburg"].entry.gid == "gn:lewisburg"
    assert places["West Virginia"].entry.gid == "gn:wv"


def test_a_direction_before_a_name_is_part_of_the_place(geoparser):
    found = candidates_for(geoparser.gazetteer, "Northeast Georgia", "area")
    assert [m.entry.gid for m in found] == ["gn:ga"]


def test_a_postal_code_is_written_in_capitals(geoparser):
    places, _ = _parse(geoparser, "The shipyard in Mobile, AL, reopened.")
    assert places["AL"].entry.gid == "gn:al"
    places, _ = _parse(geoparser, "Former vice president Al Gore spoke on Monday.")
    assert not any(p.entry.gid == "gn:al" for p in places.values())


def test_a_named_state_pulls_its_towns(geoparser):
    places, _ = _parse(geoparser, "The Alexandria council met on Monday.")
    assert places["Alexandria"].entry.gid == "gn:alexandria-eg"
    places, _ = _parse(
        geoparser, "The Alexandria council met on Monday, the first in Virginia to do so."
    )
    assert places["Alexandria"].entry.gid == "gn:alexandria-va"


def test_a_small_town_abroad_is_declined(geoparser):
    text = (
        "Flights from London and Manchester to the United Kingdom's islands were delayed. "
        "Passengers at Heathrow waited "
        "for hours, and London airports asked travellers to stay at home."
    )
    places, result = _parse(geoparser, text)
    assert places["London"].entry.gid == "gn:london"
    assert "Heathrow" not in places
    places, _ = _parse(geoparser, "The storm hit homes in Heathrow on Sunday.")
    assert places["Heathrow"].entry.gid == "gn:heathrow-fl"  # nothing points elsewhere


def test_a_sea_written_with_the_is_not_a_town(geoparser):
    text = "Storms form in the tropical Atlantic. The eastern tropical Atlantic is cooler."
    places, _ = _parse(geoparser, text)
    assert "Atlantic" not in places


def test_a_saint_in_a_possessive_is_no_place(geoparser):
    places, _ = _parse(geoparser, "The St. Patrick's Day parade drew a crowd.")
    assert not any(p.entry.gid == "gn:saint-patrick" for p in places.values())


def test_a_country_keeps_its_mentions_after_a_longer_name_uses_it(geoparser):
    text = (
        "Rethinking Egypt. Since 2009 hopes for better times spread. Egypt is now hoping "
        "for improved ties, and Egypt said so on Monday."
    )
    places, _ = _parse(geoparser, text)
    assert places["Egypt"].entry.gid == "gn:eg"
    kept = [m.start for m in places["Egypt"].mentions]
    assert kept == [text.index("Egypt is"), text.index("Egypt said")]  # not "Rethinking Egypt"


def test_a_possessive_places_the_name_in_its_owner(geoparser):
    places, _ = _parse(geoparser, "Flights at London's Heathrow were delayed on Sunday.")
    assert places["London"].entry.gid == "gn:london"
    assert "Heathrow" not in places
    places, _ = _parse(geoparser, "Offices in Virginia's Arlington reopened on Sunday.")
    assert places["Arlington"].entry.gid == "gn:arlington-va"


def test_an_area_in_the_documents_focus_is_read_as_the_area(tmp_path):
    def town(gid, name, lon, lat, admin1, population):
        return place(gid, name, lon, lat, country_code="US", admin1=admin1,
                     population=population)  # fmt: skip

    records = [
        place("gn:nv", "Nevada", -116.4, 39.3, feature_type="admin1", country_code="US",
              admin1="NV"),
        town("gn:nevada-ia", "Nevada", -93.45, 42.02, "IA", 6_831),
        town("gn:ames", "Ames", -93.62, 42.03, "IA", 66_000),
        town("gn:reno", "Reno", -119.81, 39.53, "NV", 250_000),
        town("gn:sparks", "Sparks", -119.75, 39.53, "NV", 100_000),
        town("gn:elko", "Elko", -115.76, 40.83, "NV", 20_000),
        town("gn:carson", "Carson City", -119.77, 39.16, "NV", 55_000),
    ]  # fmt: skip
    gazetteer = tiny_index(tmp_path / "g.sqlite", records, {})
    parser = Geoparser(gazetteer, lambda: spacy.blank("en"))
    text = (
        "Stores opened in Ames, in Reno, in Sparks, in Carson City and in Elko. "
        "Twelve more will open in Nevada."
    )
    places, _ = _parse(parser, text)
    assert places["Nevada"].entry.gid == "gn:nv"


def test_a_governor_names_the_state_or_else_the_usual_place(geoparser):
    text = "Mobile was calm. Alabama Gov. Kay Ivey spoke in Mobile on Monday."
    places, _ = _parse(geoparser, text)
    assert places["Alabama"].entry.gid == "gn:al"
    places, _ = _parse(geoparser, "The London Governor spoke to reporters on Monday.")
    assert places["London"].entry.gid == "gn:london"  # no state of that name: the city


def test_a_name_only_inside_longer_names_is_no_place(geoparser):
    places, _ = _parse(geoparser, "Fans bought the Team United States jersey on Monday.")
    assert "United States" not in places


def test_a_province_abroad_is_declined(tmp_path):
    records = [
        place("gn:gulf-pg", "Gulf", 144.0, -7.5, feature_type="admin1", country_code="PG",
              admin1="01"),
        place("gn:doha", "Doha", 51.53, 25.29, feature_type="city", country_code="QA",
              admin1="01", population=344_939),
        place("gn:riyadh", "Riyadh", 46.72, 24.69, feature_type="city", country_code="SA",
              admin1="10", population=4_205_961),
        place("gn:dubai", "Dubai", 55.3, 25.26, feature_type="city", country_code="AE",
              admin1="03", population=1_137_347),
    ]  # fmt: skip
    parser = Geoparser(tiny_index(tmp_path / "g.sqlite", records, {}), lambda: spacy.blank("en"))
    text = "Tankers left Doha, Riyadh and Dubai. Tension over the Gulf rose on Monday."
    places, _ = _parse(parser, text)
    assert "Doha" in places and "Gulf" not in places
    places, _ = _parse(parser, "Tension over the Gulf rose on Monday.")
    assert places["Gulf"].entry.gid == "gn:gulf-pg"  # nothing points elsewhere


def test_a_town_abroad_named_by_an_alternate_name_is_declined(tmp_path):
    records = [
        place("gn:etah", "Etah", 78.66, 27.56, feature_type="city", country_code="IN",
              admin1="36", population=131_023),
        place("gn:madrid", "Madrid", -3.7, 40.42, feature_type="city", country_code="ES",
              admin1="29", population=3_255_944),
        place("gn:bilbao", "Bilbao", -2.93, 43.26, feature_type="city", country_code="ES",
              admin1="59", population=354_860),
        place("gn:seville", "Seville", -5.99, 37.38, feature_type="city", country_code="ES",
              admin1="51", population=703_206),
    ]  # fmt: skip
    gazetteer = tiny_index(tmp_path / "g.sqlite", records, {"gn:etah": [("Eta", "name")]})
    parser = Geoparser(gazetteer, lambda: spacy.blank("en"))
    text = "Police in Madrid, Bilbao and Seville said the blast in Eta came on Monday."
    places, _ = _parse(parser, text)
    assert "Madrid" in places and "Eta" not in places
    places, _ = _parse(parser, "Police in Madrid said talks with Etah had stalled on Monday.")
    assert "Etah" in places  # its own name: a well-known town


def test_a_short_form_is_the_county_the_document_names(geoparser):
    alone, _ = _parse(geoparser, "Police in Suffolk said the road was closed.")
    assert alone["Suffolk"].entry.gid == "gn:suffolk-va"
    text = "Suffolk County police searched the woods, the Suffolk Times reported."
    places, _ = _parse(geoparser, text)
    assert places["Suffolk County"].entry.gid == "a2:suffolk-ny"
    assert places["Suffolk"].entry.gid == "a2:suffolk-ny"  # not the city in Virginia


def test_a_city_is_better_known_than_a_province_of_a_small_country(geoparser):
    places, _ = _parse(geoparser, "She moved to Portland last year.")
    assert places["Portland"].entry.gid == "gn:portland-or"  # not the parish in Jamaica
