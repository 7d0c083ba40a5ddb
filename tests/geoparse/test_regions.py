"""Regions named in news, on the real default gazetteer."""

from app.geoparse.types import Document


def test_a_un_subregion_is_a_region_not_its_continent(geoparser):
    text = "Jihadist groups spread across North Africa, while Southeast Asia stayed calm."
    result = geoparser.parse(Document("t", text))
    by_text = {m.text: p.entry for p in result.places for m in p.mentions}
    assert by_text["North Africa"].gid == "naturalearth:subregion:northern-africa"
    assert by_text["Southeast Asia"].gid == "naturalearth:subregion:south-eastern-asia"
    assert geoparser.gazetteer.geometry(by_text["North Africa"]).geom_type == "MultiPolygon"
