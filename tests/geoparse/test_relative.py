"""Relative place phrases found around resolved mentions (text only, no gazetteer)."""

import pytest

from app.gazetteer.types import Entry
from app.geoparse.relative import direction_name, find_relations
from app.geoparse.types import Mention, Place


def _place(text, name, feature_type="town", country=None, role="place", cue=None, nth=0):
    """A place resolved at the ``nth`` occurrence of ``name`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    entry = Entry(
        1, f"test:{name}", name, feature_type, 0.0, 0.0, country, None, 0, 1.0, "", "", "", True
    )
    return Place(entry, (Mention(start, start + len(name), name, cue=cue),), 0.9, role)


def _found(text, places, focus=None):
    return [(r.rule, text[r.start : r.end]) for r in find_relations(text, places, focus)]


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("from the eastern bank of the Euphrates,", "Euphrates", "east-bank-of"),
        ("on the West Bank of the Euphrates", "Euphrates", "west-bank-of"),
        ("fighting east of the Euphrates", "Euphrates", "east-bank-of"),
        ("the Euphrates' northern shore", "Euphrates", "north-bank-of"),
        ("the left bank of the Euphrates", "Euphrates", "left-bank-of"),
        ("strikes in the Euphrates valley", "Euphrates", "valley-of"),
        ("the valley of the Euphrates", "Euphrates", "valley-of"),
        ("camps near the Euphrates", "Euphrates", "near"),
    ],
)
def test_river_phrases(text, name, expected):
    found = _found(text, [_place(text, name, "river")])
    assert [rule for rule, _ in found] == [expected]
    assert found[0][1].endswith(name) or "valley" in found[0][1] or "shore" in found[0][1]


def test_valley_named_by_the_mention_itself():
    text = "strikes hit the Euphrates Valley."
    found = _found(text, [_place(text, "Euphrates Valley", "river", cue="valley")])
    assert found == [("valley-of", "Euphrates Valley")]


@pytest.mark.parametrize(
    ("text", "name", "rule", "phrase"),
    [
        ("cells in eastern al-Suwayda liberating", "al-Suwayda", "east-part-of", None),
        ("in north-eastern Aleppo", "Aleppo", "north-east-part-of", "north-eastern Aleppo"),
        ("Shelling. Eastern Ghouta", "Ghouta", "east-part-of", "Eastern Ghouta"),
        ("the southern part of Idlib", "Idlib", "south-part-of", "southern part of Idlib"),
        ("the eastern side of Aleppo", "Aleppo", "east-part-of", "eastern side of Aleppo"),
        ("villages north of Raqqa", "Raqqa", "north-of", "north of Raqqa"),
        ("clashes near Palmyra", "Palmyra", "near", "near Palmyra"),
        ("the outskirts of Deir ez-Zor", "Deir ez-Zor", "outskirts-of", None),
        ("on the southern outskirts of Homs", "Homs", "south-outskirts-of", None),
        ("shelling outside Aleppo", "Aleppo", "outskirts-of", "outside Aleppo"),
        ("in Idlib countryside", "Idlib", "countryside-of", "Idlib countryside"),
        ("in Hama's countryside", "Hama", "countryside-of", "Hama's countryside"),
        ("in eastern Homs countryside", "Homs", "east-countryside-of", None),
        ("the countryside of Daraa", "Daraa", "countryside-of", "countryside of Daraa"),
        ("in rural Damascus", "Damascus", "countryside-of", "rural Damascus"),
    ],
)
def test_area_phrases(text, name, rule, phrase):
    found = _found(text, [_place(text, name)])
    assert [r for r, _ in found] == [rule]
    if phrase is not None:
        assert found[0][1] == phrase


def test_distance_and_direction():
    text = "a village 20 km south of Hasakah was hit"
    [relation] = find_relations(text, [_place(text, "Hasakah")])
    assert relation.rule == "distance-from"
    assert (relation.direction, relation.distance_km) == ("south", 20.0)
    assert text[relation.start : relation.end] == "20 km south of Hasakah"
    text = "12 miles north-west of Homs"
    [relation] = find_relations(text, [_place(text, "Homs")])
    assert (relation.direction, relation.distance_km) == ("north-west", 19.312)


def test_plain_mentions_and_other_roles_give_nothing():
    text = "Shelling hit Homs and the Euphrates. Syrian troops moved east."
    places = [
        _place(text, "Homs"),
        _place(text, "Euphrates", "river"),
        _place(text, "Syrian", "country", "SY", role="demonym"),
    ]
    assert _found(text, places) == []
    text = "US-led strikes near the Euphrates"
    assert _found(text, [_place(text, "US", "country", "US", role="associative")]) == []


def test_named_borders():
    text = "attacks on the Syrian-Iraqi border and on the border between Turkey and Syria."
    places = [
        _place(text, "Syrian", "country", "SY"),
        _place(text, "Iraqi", "country", "IQ", role="demonym"),
        _place(text, "Turkey", "country", "TR"),
    ]
    syria_again = _place(text, "Syria", "country", "SY", nth=1)
    places[0] = Place(places[0].entry, places[0].mentions + syria_again.mentions, 0.9)
    relations = find_relations(text, places)
    assert [(text[r.start : r.end], r.countries) for r in relations] == [
        ("Syrian-Iraqi border", (("SY", "IQ"),)),
        ("border between Turkey and Syria", (("TR", "SY"),)),
    ]
    assert all(r.rule == "border-between" for r in relations)


def test_one_country_borders_are_shared_with_the_focus():
    text = "Troops massed at the Turkish border, then along the border with Jordan."
    places = [
        _place(text, "Turkish", "country", "TR", role="demonym"),
        _place(text, "Jordan", "country", "JO"),
    ]
    relations = find_relations(text, places, focus="SY")
    assert [(text[r.start : r.end], r.countries) for r in relations] == [
        ("Turkish border", (("TR", "SY"),)),
        ("border with Jordan", (("JO", "SY"),)),
    ]
    assert find_relations(text, places, focus=None) == []


def test_the_border_area_is_the_border_named_before_it():
    text = "ISIS attacked at the Syrian-Iraqi border. Jets hit the border area and Raqqa."
    places = [
        _place(text, "Syrian", "country", "SY"),
        _place(text, "Iraqi", "country", "IQ", role="demonym"),
    ]
    relations = find_relations(text, places, focus="SY")
    bare = relations[-1]
    assert text[bare.start : bare.end] == "border area"
    assert bare.countries[0] == ("SY", "IQ")


def test_the_border_in_skipped_text_or_with_nothing_named_is_ignored():
    text = "Close the border now. Donate to keep the border open."
    assert find_relations(text, [], focus=None) == []
    assert find_relations(text, [], focus="SY", skip=[(0, len(text))]) == []


def test_overlapping_phrases_keep_the_longest():
    text = "the eastern bank of the Euphrates Valley"
    found = _found(text, [_place(text, "Euphrates Valley", "river", cue="valley")])
    assert found == [("east-bank-of", "eastern bank of the Euphrates Valley")]


@pytest.mark.parametrize(
    ("word", "name"),
    [("eastern", "east"), ("North-Eastern", "north-east"), ("south west", "south-west")],
)
def test_direction_names(word, name):
    assert direction_name(word) == name


def test_a_name_modifying_a_noun_is_no_relative_place():
    text = "in the northern Syrian city of Manbij and the eastern Syrian desert"
    syrian = _place(text, "Syrian", "country", "SY")
    again = _place(text, "Syrian", "country", "SY", nth=1)
    place = Place(syrian.entry, syrian.mentions + again.mentions, 0.9)
    assert _found(text, [place]) == []


@pytest.mark.parametrize(
    "text",
    ["flights to Northern Ireland", "the East of England", "in Western Pennsylvania today"],
)
def test_capitalised_directions_inside_a_sentence_are_names(text):
    name = text.split()[-1] if not text.endswith("today") else "Pennsylvania"
    assert _found(text, [_place(text, name)]) == []


def test_nationality_words_are_left_out_when_told():
    text = "schools for rural Mexicans and rural Mexico"
    mexico = _place(text, "Mexicans", "country", "MX")
    again = _place(text, "Mexico", "country", "MX")
    place = Place(mexico.entry, mexico.mentions + again.mentions, 0.9)
    found = find_relations(text, [place], is_demonym=lambda p, m: m.text == "Mexicans")
    assert [(r.rule, text[r.start : r.end]) for r in found] == [("countryside-of", "rural Mexico")]
