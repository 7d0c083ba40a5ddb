"""Where an event is placed when its own place name is unknown or read in the wrong
country: the areas named with it decide (app/events/placement.py), on hand-made values."""

from app.events.drafts import Draft
from app.events.linking import LocMention
from app.events.placement import event_geometry
from app.events.types import Location, Span

TEXT = "Gunmen killed two men in Xville (Ytown, Zprovince) on Monday."


def _at(name: str) -> Span:
    start = TEXT.index(name)
    return Span(start, start + len(name), name)


def _mention(name: str, gid: str, kind: str, country: str) -> LocMention:
    span = _at(name)
    return LocMention(span.start, span.end, name, gid, kind, country)


def _draft(places: list[LocMention]) -> Draft:
    evidence = Span(0, len(TEXT), TEXT)
    return Draft([], 0, 0, 0, 0, evidence, sentence_places=places)


def _loc(mention: LocMention) -> Location:
    span = Span(mention.start, mention.end, mention.text)
    return Location(
        span, mention.gazetteer_id, "prep:in", mention.feature_type, mention.country_code
    )


YTOWN_ABROAD = _mention("Ytown", "g:y", "city", "ET")
ZPROVINCE = _mention("Zprovince", "g:z", "admin1", "NE")
XVILLE_UNKNOWN = Location(_at("Xville"), None, "prep:in")


def test_an_unknown_place_goes_to_the_area_named_last_when_the_qualifiers_disagree():
    draft = _draft([YTOWN_ABROAD, ZPROVINCE])
    locations = [XVILLE_UNKNOWN, _loc(YTOWN_ABROAD), _loc(ZPROVINCE)]
    gid, basis, note = event_geometry(locations, draft)
    assert (gid, basis) == ("g:z", "enclosing") and "Xville" in note


def test_a_place_read_in_another_country_than_its_province_gives_way_to_the_province():
    xville_abroad = _mention("Xville", "g:x", "village", "US")
    draft = _draft([xville_abroad, ZPROVINCE])
    gid, basis, note = event_geometry([_loc(xville_abroad), _loc(ZPROVINCE)], draft)
    assert (gid, basis) == ("g:z", "enclosing") and "another country" in note


def test_a_place_in_the_same_country_as_its_province_is_the_place():
    xville_home = _mention("Xville", "g:x", "village", "NE")
    draft = _draft([xville_home, ZPROVINCE])
    assert event_geometry([_loc(xville_home), _loc(ZPROVINCE)], draft) == ("g:x", "place", None)
