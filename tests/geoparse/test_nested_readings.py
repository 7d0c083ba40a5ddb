"""A name whose readings are a town and the province of its name around it ("Balkh")
is no doubt about where the place is: the split between the two readings does not make
it too uncertain to report (``app.geoparse.decision.reading_share``), on the real index."""

from app.geoparse.types import Document


def test_a_province_after_an_unknown_district_is_reported(geoparser):
    text = "Taliban militants attacked a checkpoint in Sayyad district, Balkh."
    result = geoparser.parse(Document("b", text))
    (balkh,) = [p for p in result.places if p.mentions[0].text == "Balkh"]
    assert balkh.entry.country_code == "AF"
    assert balkh.entry.feature_type in ("admin1", "city", "town")
    assert balkh.score >= 0.5


def test_only_the_province_is_reported_not_a_far_namesake_of_the_district(geoparser):
    """Qaramqol's only readings are inexact ones abroad: still declined."""
    text = "Taliban militants attacked a checkpoint in Qaramqol district, Faryab."
    result = geoparser.parse(Document("b", text))
    assert [p.entry.name for p in result.places] == ["Faryab"]
