from app.gazetteer.normalize import name_key
from app.geoparse.recognize import Entity, is_associative, recognize, title_case_ranges


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


def test_acronyms_abbreviations_and_common_words_are_not_gazetteer_matches():
    text = "ISIS fighters met Maj. Gen. Smith. In the end nothing happened."
    known = _known("Isis", "Gen", "In")
    common = lambda s, e: text[s:e] == "In"  # noqa: E731  (the spaCy check, stubbed)
    assert recognize(text, [], known, is_common_word=common) == []


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
