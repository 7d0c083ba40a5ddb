"""An airport in the gazetteer is found by its short name."""

import spacy

from app.geoparse.pipeline import Geoparser
from app.geoparse.types import Document
from tests.support import place, tiny_index


def test_flights_at_heathrow_find_the_airport(tmp_path):
    records = [
        place("gn:london", "London", -0.13, 51.51, feature_type="city", country_code="GB",
              admin1="ENG", population=8_961_989),
        place("airport:LHR", "London Heathrow Airport", -0.46194, 51.4706,
              feature_type="airport", country_code="GB", importance=0.5,
              names=("London Heathrow Airport", "Heathrow Airport", "Heathrow")),
    ]  # fmt: skip
    geoparser = Geoparser(tiny_index(tmp_path / "g.sqlite", records), lambda: spacy.blank("en"))
    result = geoparser.parse(Document("t", "Flights at Heathrow were cancelled."))
    places = {m.text: p for p in result.places for m in p.mentions}
    assert places["Heathrow"].entry.gid == "airport:LHR"
