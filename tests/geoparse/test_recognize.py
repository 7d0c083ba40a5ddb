from app.gazetteer.normalize import name_key
from app.geoparse.recognize import Entity, recognize, title_case_ranges
from app.geoparse.rules import is_associative


def _known(*names):
    keys = {name_key(n) for n in names}
    return lambda candidates: {k for k in candidates if k in keys}


def test_gazetteer_names_in_capitalised_runs_with_articles():
    text = "ISIS attacked al-Bukamal and Deir ez-Zor."
    mentions = recognize(text, [], _known("Albu Kamal", "Deir ez-Zor"))
    assert [(m.text, text[m.start : m.end]) for m in mentions] == [
        ("al-Bukamal", "al-Bukamal"),
        ("Deir ez-Zor", "Deir ez-Zor"),
    ]


def test_a_persian_ezafe_joins_one_name():
    text = "Fighting in Mazar-e Sharif and Sar-i-Pul spread to Pul-e Khumri; a re-run is due."
    known = _known("Mazar-e Sharif", "Sar-i-Pul", "Pul-e Khumri", "Mazar", "Pul")
    mentions = recognize(text, [], known)
    assert [m.text for m in mentions] == ["Mazar-e Sharif", "Sar-i-Pul", "Pul-e Khumri"]


def test_a_model_designation_is_no_name():
    text = "Gunmen with AK-47 rifles and an F-16 jet struck Idlib; the M-23 rebels took Goma."
    mentions = recognize(text, [], _known("AK", "F", "M", "Idlib", "Goma"))
    assert [m.text for m in mentions] == ["Idlib", "Goma"]


def test_cues_mark_unknown_names_and_lists():
    text = "The SDF took the villages of Abu Hamdah, Shamas and Al-Hulwa near the town of X-Ville."
    mentions = recognize(text, [], _known())
    cued = {m.text: m.cue for m in mentions}
    assert cued == {
        "Abu Hamdah": "village",
        "Shamas": "village",
        "Al-Hulwa": "village",
        "X-Ville": "town",
    }


def test_generic_suffix_and_direction_cues():
    text = "Strikes hit the Euphrates Valley and eastern al-Suwayda."
    cued = {m.text: m.cue for m in recognize(text, [], _known("Euphrates", "Suwayda"))}
    assert cued["Euphrates Valley"] == "valley"
    assert cued["al-Suwayda"] == "area"


def test_acronyms_abbreviations_and_common_words_are_marked_as_such():
    text = "ISIS fighters met Maj. Gen. Smith. In the end nothing happened."
    known = _known("Isis", "Gen", "In")
    signals = {m.text: m.signals for m in recognize(text, [], known)}
    assert "acronym" in signals["ISIS"]
    assert "abbrev" in signals["Gen"]
    assert "common" in signals["In"]


def test_ner_places_are_kept_without_gazetteer_and_boilerplate_is_skipped():
    text = "Fighting in Utopia Vale.\n\nDonate via PayPal to Utopia Vale."
    ents = [Entity(12, 23, "GPE"), Entity(45, 56, "GPE")]
    mentions = recognize(text, ents, _known(), skip=[(26, len(text))])
    assert [(m.start, m.text, m.signals) for m in mentions] == [(12, "Utopia Vale", ("ner:GPE",))]


def test_associative_uses_and_headlines():
    text = "the US-led coalition and pro-Damascus media"
    assert is_associative(text, 4, 6)
    assert is_associative(text, text.index("Damascus"), text.index("Damascus") + 8)
    headline = "Syrian Army Repels Series Of Attacks On Border\nThe army said it was calm."
    [(start, end)] = title_case_ranges(headline)
    assert headline[start:end].startswith("Syrian Army")


def _signals(text, *names, known=None):
    mentions = recognize(text, [], _known(*(known or names)))
    return {m.text: set(m.signals) for m in mentions}


def test_context_evidence_for_and_against_a_place():
    text = (
        "TORONTO — A Toronto man was arrested in Taylor. Officer Paul Taylor said the "
        "Alexandria Police Department and the City Council met in Gainesville's centre."
    )
    names = ("Toronto", "Taylor", "Alexandria", "Council", "Gainesville")
    mentions = recognize(text, [], _known(*names))
    by_start = {text[m.start : m.end] + f"@{m.start}": set(m.signals) for m in mentions}
    assert "dateline" in by_start["TORONTO@0"]
    assert "modifier" in by_start[f"Toronto@{text.index('Toronto man')}"]
    assert "prep" in by_start[f"Taylor@{text.index('Taylor.')}"]
    assert "name-part" in by_start[f"Taylor@{text.index('Taylor said')}"]
    assert "org" in by_start[f"Alexandria@{text.index('Alexandria')}"]
    assert "generic-word" in by_start[f"Council@{text.index('Council')}"]
    # the possessive is no part of the name
    assert f"Gainesville@{text.index('Gainesville')}" in by_start


def test_a_surname_seen_in_a_full_name_is_a_person_later():
    signals = _signals("Paul Taylor arrived late. Later Taylor said he was tired.", "Taylor")
    assert "person-name" in signals["Taylor"] or "person" in signals["Taylor"]


def test_abbreviations_initials_and_dates_in_runs():
    text = "He moved to St. Cloud in March. Tyrise M. Bell lived on Alexandria Friday night."
    mentions = recognize(text, [], _known("Saint Cloud", "Bell", "Alexandria"))
    found = {m.text: set(m.signals) for m in mentions}
    assert "St. Cloud" in found  # "St." joins and is spelt out in the key
    assert "name-part" in found["Bell"]  # "Tyrise M. Bell" is one name
    assert "name-part" not in found["Alexandria"]  # "Friday" is no part of it


def test_the_marks_seas_and_rivers_and_compounds_are_split():
    signals = _signals("Ships crossed the Atlantic. Russia-Turkey ties improved.",
                       "Atlantic", "Russia", "Turkey")  # fmt: skip
    assert "the" in signals["Atlantic"]
    assert "name-part" not in signals["Russia"] and "name-part" not in signals["Turkey"]


def test_upper_case_words_and_title_case_words_are_separate_names():
    text = "LONDON The Latest on the strike. CTV Saskatoon reported it, and NEW JERSEY too."
    mentions = recognize(text, [], _known("London", "Saskatoon", "New Jersey"))
    found = {m.text: m.signals for m in mentions}
    assert set(found) == {"LONDON", "Saskatoon", "NEW JERSEY"}
    assert "name-part" not in found["LONDON"] and "name-part" not in found["Saskatoon"]


def test_a_place_heading_a_longer_name_is_no_persons_name():
    text = "Fargo Fellows Tim Mahoney spoke. Then came Jackson Browne; Browne sang."
    signals = {m.text: m.signals for m in recognize(text, [], _known("Fargo", "Jackson"))}
    assert "head" in signals["Fargo"] and "name-head" not in signals["Fargo"]
    assert "name-head" in signals["Jackson"]


def test_a_title_after_a_place_makes_an_office_not_a_name():
    text = (
        "Former New York Gov. Mario Cuomo spoke to the crowd at length today.\n"
        "Barrette and British Columbia Finance Minister Michael de Jong met with them.\n"
        "The former aides came back later."
    )
    known = _known("New York", "British Columbia")
    signals = {m.text: m.signals for m in recognize(text, [], known)}
    assert "org" in signals["New York"] and "name-part" not in signals["New York"]
    assert "org" in signals["British Columbia"] and "name-head" not in signals["British Columbia"]


def test_a_run_starting_with_a_common_word_names_no_person():
    text = "He flew Air Berlin to Rome. The return flight to Berlin was late; the air was cold."
    mentions = recognize(text, [], _known("Berlin"))
    assert [m.start for m in mentions] == [text.index("Berlin"), text.index("Berlin was")]
    assert "person-name" not in mentions[1].signals


def test_a_code_in_capitals_is_not_the_common_word():
    text = "US President-elect Donald Trump spoke. He told us so."
    signals = {m.text: m.signals for m in recognize(text, [], _known("US"))}
    assert "common" not in signals["US"]


def test_the_before_a_modifier_belongs_to_the_noun():
    text = "She called the Manhattan tycoon. Ships crossed the Atlantic."
    signals = {m.text: m.signals for m in recognize(text, [], _known("Manhattan", "Atlantic"))}
    assert "the" not in signals["Manhattan"] and "the" in signals["Atlantic"]


def test_a_cue_lent_by_a_list_is_marked_so():
    text = "Officers from the town of Lewisburg, West Virginia, stopped the car."
    cued = {m.text: m.signals for m in recognize(text, [], _known("West Virginia")) if m.cue}
    assert "list-cue" in cued["West Virginia"] and "list-cue" not in cued["Lewisburg"]


def test_the_before_a_sea_may_carry_adjectives():
    text = "Storms form in the eastern tropical Atlantic, not in Atlantic itself."
    signals = [m.signals for m in recognize(text, [], _known("Atlantic"))]
    assert "the" in signals[0] and "the" not in signals[1]


def test_a_governor_after_a_place_hints_at_a_state():
    text = "Residents cheered when New York Gov. Andrew Cuomo arrived in Albany."
    cues = {m.text: m.cue for m in recognize(text, [], _known("New York", "Albany"))}
    assert cues == {"New York": "admin1", "Albany": None}


def test_a_place_name_alone_after_a_preposition_is_no_surname():
    text = "Air Berlin cancelled flights. Passengers on a flight to Berlin were stranded."
    mentions = recognize(text, [], _known("Berlin"))
    assert "person-name" not in mentions[-1].signals
    # a name that owns what follows the preposition's object is still a surname
    text = "Paul Henry ran. Police led detectives to Henry's car. They said Henry left."
    signals = [m.signals for m in recognize(text, [], _known("Henry"))]
    assert "person-name" in signals[-1]


def test_a_flight_to_berlin_is_a_place_even_after_air_berlin(geoparser):
    from app.geoparse.types import Document

    text = (
        "Air Berlin cancelled 200 flights on Monday. Passengers on a flight to Berlin "
        "were stranded, the airline said."
    )
    result = geoparser.parse(Document("t", text))
    places = {m.text: p.entry.country_code for p in result.places for m in p.mentions}
    assert places.get("Berlin") == "DE"


def test_a_short_name_ending_a_sentence_is_no_abbreviation():
    text = (
        "Bale was a semifinalist with Wales. He lives in Arlington, Va. The mayor met "
        "Gen. Smith and Ga. officials. Then he flew to Iran."
    )
    signals = _signals(text, "Wales", "Va", "Gen", "Ga", "Iran")
    assert "abbrev" not in signals["Wales"] and "abbrev" not in signals["Iran"]
    assert "abbrev" in signals["Va"] and "abbrev" in signals["Gen"]
    assert "abbrev" in signals["Ga"]  # more of the sentence follows


def test_a_possessive_before_a_property_noun_names_its_owner():
    text = (
        "Volunteers at Eva's Village and Wilson’s Farm met near Estey's Bridge. Flights at "
        "London's Heathrow were late. Ohio's House voted. Texas' Farm Bureau agreed."
    )
    names = ("Eva", "Wilson", "Estey", "London", "Ohio", "Texas")
    signals = _signals(text, *names)
    assert all("owner" in signals[n] for n in ("Eva", "Wilson", "Estey"))
    assert not any("owner" in signals[n] for n in ("London", "Ohio", "Texas"))


def test_an_owners_possessive_declines_a_small_place_but_not_a_capital(geoparser):
    from app.geoparse.types import Document

    def countries(text: str) -> dict[str, str | None]:
        result = geoparser.parse(Document("t", text))
        return {m.text: p.entry.country_code for p in result.places for m in p.mentions}

    tail = " to watch the parade on Sunday afternoon."
    assert "Wilson" not in countries("Thousands of people visited Wilson's Farm" + tail)
    assert countries("Thousands of people filled London's Garden" + tail)["London"] == "GB"


def test_co_after_a_known_name_is_its_county(geoparser):
    from app.geoparse.types import Document

    text = (
        "The crash happened in PLYMOUTH CO. on Monday, near Le Mars, Iowa. Shares of "
        "Ford Motor Co. fell."
    )
    result = geoparser.parse(Document("t", text))
    places = {m.text: p.entry for p in result.places for m in p.mentions}
    assert places["PLYMOUTH"].name == "Plymouth County" and places["PLYMOUTH"].admin1 == "IA"
    assert not any("Ford" in u.text for u in result.unresolved)  # a company, no county


def test_a_name_spans_a_possessive_a_change_of_case_or_and_when_the_gazetteer_has_it():
    text = (
        "Talks with the Democratic People's Republic of Korea resumed in the U.S. Virgin "
        "Islands. Flights at London's Heathrow and the US Navy were not affected. "
        "Trinidad and Tobago beat England and Wales."
    )
    known = _known(
        "Democratic People's Republic of Korea",
        "Republic of Korea",
        "U.S. Virgin Islands",
        "U.S.",
        "London",
        "Heathrow",
        "US",
        "Trinidad and Tobago",
        "Trinidad",
        "England",
        "Wales",
    )
    found = [m.text for m in recognize(text, [], known)]
    assert found == [
        "Democratic People's Republic of Korea",
        "U.S. Virgin Islands",
        "London",
        "Heathrow",
        "US",
        "Trinidad and Tobago",
        "England",
        "Wales",
    ]


def test_a_wing_a_summit_or_congress_is_no_village():
    text = (
        "Many in the West Wing believed Kelly would stay. She lives in Wing. Trump will "
        "attend the Summit of the Americas. The bill stalled in Congress."
    )
    mentions = recognize(text, [], _known("Wing", "Summit", "Congress"))
    signals = [set(m.signals) for m in mentions]
    assert "generic-word" in signals[0]  # "the West Wing": part of the White House
    assert "prep" in signals[1]  # "in Wing": the village in Buckinghamshire
    assert "generic-word" in signals[2]  # a meeting, not Summit, New Jersey
    assert "generic-word" in signals[3]  # the legislature, not Congress, Arizona


def test_a_preposition_before_a_school_is_the_schools_not_the_places():
    text = "She studied at Cornell University and works in Litchfield Superior Court."
    signals = {m.text: set(m.signals) for m in recognize(text, [], _known("Cornell", "Litchfield"))}
    assert "prep-weak" in signals["Cornell"] and "prep" not in signals["Cornell"]
    assert "prep" in signals["Litchfield"]  # a court is named after its town


def test_a_name_ending_in_a_street_word_is_a_street_or_square():
    text = "The market at Washington Square reopened. He lives in Washington."
    signals = [
        set(m.signals) for m in recognize(text, [], _known("Washington Square", "Washington"))
    ]
    assert "street" in signals[0]  # a square, though a town in Pennsylvania has the name
    assert "street" not in signals[1]
