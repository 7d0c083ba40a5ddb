"""The resolver's mechanisms on a tiny hand-made gazetteer: priors, qualifiers, document
coherence, demonyms, person names, generic words, declining, calibration."""

import os
import subprocess
import sys

import pytest

from app.gazetteer.sources.airports import IMPORTANCE as AIRPORT_IMPORTANCE
from app.geoparse.decision import CALIBRATION, calibrated
from app.geoparse.pipeline import Geoparser
from app.geoparse.types import Document
from tests.support import PROJECT_ROOT, place, tiny_index


def _records():
    return [
        place("gn:paris-fr", "Paris", 2.35, 48.86, feature_type="city", country_code="FR",
              admin1="11", population=2_138_551, importance=1.0),
        place("gn:paris-tx", "Paris", -95.56, 33.66, country_code="US", admin1="TX",
              population=24_171, importance=0.62),
        place("gn:texas", "Texas", -99.3, 31.3, feature_type="admin1", country_code="US",
              admin1="TX", importance=0.7),
        place("gn:virginia", "Virginia", -78.6, 37.5, feature_type="admin1", country_code="US",
              admin1="VA", importance=0.7),
        place("gn:arlington-va", "Arlington", -77.1, 38.88, feature_type="city",
              country_code="US", admin1="VA", population=207_627, importance=0.74),
        place("gn:arlington-tx", "Arlington", -97.11, 32.74, feature_type="city",
              country_code="US", admin1="TX", population=398_112, importance=0.78),
        place("gn:athens-gr", "Athens", 23.72, 37.98, feature_type="city", country_code="GR",
              admin1="ESYE31", population=664_046, importance=1.0),
        place("gn:athens-tx", "Athens", -95.86, 32.2, country_code="US", admin1="TX",
              population=12_788, importance=0.58),
        place("gn:athens-ga", "Athens", -83.38, 33.96, feature_type="city", country_code="US",
              admin1="GA", population=127_315, importance=0.73),
        place("a2:henderson-tx", "Henderson County", -95.85, 32.21, feature_type="admin2",
              country_code="US", admin1="TX", population=28_806, importance=0.64),
        place("a2:henderson-nc", "Henderson County", -82.48, 35.34, feature_type="admin2",
              country_code="US", admin1="NC", population=65_391, importance=0.69),
        place("gn:syria", "Syria", 38.0, 35.0, feature_type="country", country_code="SY",
              population=22_000_000, importance=1.0),
        place("gn:homs", "Homs", 36.72, 34.73, feature_type="city", country_code="SY",
              admin1="11", population=775_404, importance=0.8),
        place("gn:taylor", "Taylor", -97.41, 30.57, country_code="US", admin1="TX",
              population=16_000, importance=0.6),
        place("gn:montreal", "Montreal", -73.59, 45.51, feature_type="city", country_code="CA",
              admin1="10", population=1_600_000, importance=0.85),
        place("gn:council", "Council", -116.44, 44.73, feature_type="village",
              country_code="US", admin1="ID", population=800, importance=0.4),
        place("gn:washington-dc", "Washington", -77.04, 38.9, feature_type="city",
              country_code="US", admin1="DC", population=689_545, importance=1.0),
        place("gn:washington-state", "Washington", -120.5, 47.5, feature_type="admin1",
              country_code="US", admin1="WA", importance=0.7),
        place("gn:watervliet", "Watervliet", -73.7, 42.73, country_code="US", admin1="NY",
              population=10_214, importance=0.57, names=("Watervliet", "Washington")),
        place("gn:nyc", "New York City", -74.0, 40.71, feature_type="city", country_code="US",
              admin1="NY", population=8_804_190, importance=1.0,
              names=("New York City", "New York")),
        place("gn:new-york-state", "New York", -75.5, 43.0, feature_type="admin1",
              country_code="US", admin1="NY", importance=0.7),
        place("gn:boston", "Boston", -71.06, 42.36, feature_type="city", country_code="US",
              admin1="MA", population=667_137, importance=0.9),
        place("gn:england", "England", -1.5, 52.5, feature_type="admin1", country_code="GB",
              admin1="ENG", importance=0.7),
        place("gn:wales", "Wales", -3.5, 52.3, feature_type="admin1", country_code="GB",
              admin1="WLS", importance=0.7),
        place("gn:wales-town", "Wales", -1.28, 53.34, country_code="GB", admin1="ENG",
              population=5_956, importance=0.54),
        place("airport:LHR", "London Heathrow Airport", -0.45, 51.47, feature_type="airport",
              country_code="GB", admin1="ENG", importance=AIRPORT_IMPORTANCE,
              names=("London Heathrow Airport", "Heathrow")),
        place("gn:london", "London", -0.13, 51.51, feature_type="city", country_code="GB",
              admin1="ENG", population=8_961_989, importance=1.0),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def geoparser(tmp_path_factory):
    extra = {
        "gn:virginia": [("Va.", "abbreviation"), ("VA", "code")],
        "gn:syria": [("Syrian", "demonym")],
    }
    gazetteer = tiny_index(tmp_path_factory.mktemp("g") / "g.sqlite", _records(), extra)
    return Geoparser(gazetteer, lambda: None)


def _places(geoparser, text):
    result = geoparser.parse(Document("t", text))
    return {m.text: p for p in result.places for m in p.mentions}, result


def test_prominence_decides_a_bare_name(geoparser):
    places, _ = _places(geoparser, "Talks resumed in Paris on Monday.")
    assert places["Paris"].entry.gid == "gn:paris-fr"


def test_a_qualifier_overrides_the_prior(geoparser):
    places, _ = _places(geoparser, "The fair opened in Paris, Texas, on Monday.")
    assert places["Paris"].entry.gid == "gn:paris-tx"
    assert places["Texas"].entry.feature_type == "admin1"


def test_an_abbreviated_qualifier(geoparser):
    places, _ = _places(geoparser, "He lives in Arlington, Va., with his family.")
    assert places["Arlington"].entry.gid == "gn:arlington-va"
    assert places["Va"].entry.gid == "gn:virginia"


def test_a_comma_in_a_list_of_peers_is_no_qualifier(geoparser):
    places, _ = _places(geoparser, "After stops in Washington, New York and Boston, he flew home.")
    assert places["Washington"].entry.gid == "gn:washington-dc"  # not Watervliet, NY
    assert places["Boston"].entry.gid == "gn:boston"


def test_a_plain_area_still_qualifies_inside_a_list(geoparser):
    places, _ = _places(geoparser, "The fair toured Paris, Texas and Homs last year.")
    assert places["Paris"].entry.gid == "gn:paris-tx"


def test_names_of_one_list_are_mostly_of_one_kind(geoparser):
    text = "Police in London said crime in England and Wales fell last year."
    places, _ = _places(geoparser, text)
    assert places["Wales"].entry.gid == "gn:wales"  # not the village of Wales in England


def test_a_possessive_owner_is_evidence_like_a_qualifier(geoparser):
    places, _ = _places(geoparser, "Workers at London's Heathrow struck on Monday.")
    assert places["Heathrow"].entry.gid == "airport:LHR"


def test_names_of_one_document_pull_each_other_together(geoparser):
    alone, _ = _places(geoparser, "The team flew to Athens on Friday.")
    assert alone["Athens"].entry.gid == "gn:athens-gr"
    together, _ = _places(
        geoparser, "Police in Athens said the Henderson County jail was full on Friday."
    )
    assert together["Athens"].entry.gid == "gn:athens-tx"
    assert together["Henderson County"].entry.gid == "a2:henderson-tx"


def test_demonyms_name_the_country_but_are_not_locations(geoparser):
    places, _ = _places(geoparser, "Syrian troops shelled Homs.")
    assert places["Syrian"].entry.gid == "gn:syria"
    assert places["Syrian"].role == "demonym"
    assert places["Homs"].role == "place"


def test_a_surname_is_not_a_town_but_a_preposition_makes_it_one(geoparser):
    text = "Officer Paul Taylor arrived. Taylor said nothing was taken."
    places, result = _places(geoparser, text)
    assert "Taylor" not in places
    assert not [u for u in result.unresolved if u.text == "Taylor"]  # silently: a person
    places, _ = _places(geoparser, "The fire broke out in Taylor on Monday.")
    assert places["Taylor"].entry.gid == "gn:taylor"


def test_an_island_cue_takes_the_city_or_country_of_the_same_name(geoparser):
    text = "The island of Montreal has 19 boroughs. Montreal residents voted on Sunday."
    places, result = _places(geoparser, text)
    assert places["Montreal"].entry.gid == "gn:montreal"
    assert len(places["Montreal"].mentions) == 2 and not result.unresolved


def test_generic_words_are_not_places(geoparser):
    places, _ = _places(geoparser, "The City Council met. Council members voted.")
    assert "Council" not in places


def test_scores_are_calibrated_probabilities(geoparser):
    places, _ = _places(geoparser, "Fighting in Homs, Syria.")
    assert 0.5 < places["Homs"].score <= 1.0
    xs = [x for x, _ in CALIBRATION]
    ys = [y for _, y in CALIBRATION]
    assert xs == sorted(xs) and ys == sorted(ys), "the table is monotone"
    assert calibrated(0.0) == 0.0
    assert calibrated(1.0) == CALIBRATION[-1][1]
    assert calibrated(0.5) < calibrated(0.9) < calibrated(0.999)


def test_a_tie_between_cues_goes_to_the_first_whatever_the_hash_seed():
    """Set order depends on PYTHONHASHSEED: a tie once made "Sichuan" a town in one
    process and a province in another."""
    script = (
        "from app.geoparse.candidates import _group_cue\n"
        "from app.geoparse.types import Mention\n"
        "ms = [Mention(0, 7, 'Sichuan', ('cue',), 'province'),"
        " Mention(20, 27, 'Sichuan', ('cue',), 'city')]\n"
        "print(_group_cue(ms))\n"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            cwd=PROJECT_ROOT,
            check=True,
        ).stdout.strip()
        for seed in range(6)
    }
    assert seen == {"province"}


def test_readings_without_an_admin1_area_share_it_with_no_other(tmp_path):
    from app.geoparse.candidates import group_mentions
    from app.geoparse.state import State
    from app.geoparse.types import Mention

    records = [
        place("gn:a", "Alpha", 10.0, 10.0, country_code="XX"),  # no admin-1 code
        place("gn:b", "Beta", 10.1, 10.1, country_code="XX"),
        place("gn:c", "Gamma", 10.2, 10.2, country_code="XX", admin1="01"),
        place("gn:d", "Delta", 10.3, 10.3, country_code="XX", admin1="01"),
    ]
    gazetteer = tiny_index(tmp_path / "g.sqlite", records)
    names = ("Alpha", "Beta", "Gamma", "Delta")
    groups = group_mentions(gazetteer, [Mention(0, len(n), n) for n in names])
    ids = {g.mentions[0].text: int(State.of(g).admin1_ids[0]) for g in groups}
    assert ids["Alpha"] != ids["Beta"]  # both lack an area: not the same area
    assert ids["Gamma"] == ids["Delta"]
