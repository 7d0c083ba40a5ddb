"""Sentences that once broke the event stage: each gives its events, never an exception."""

import pytest

from app.geoparse.types import Document


@pytest.mark.parametrize(
    "text",
    [
        # two "kill" triggers and no civilian victim: _victims recursed forever (issue 15)
        "Gunmen killed two soldiers and killed a policeman in Aleppo on Monday.",
        "Militants killed a soldier, killed two policemen and killed a guard in Homs.",
    ],
)
def test_sentences_that_once_raised(geoparser, text):
    result = geoparser.parse(Document("r", text))
    assert result.events, text
    assert all(e.event_type == "Battles" for e in result.events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare number after "injuring" refers back to the soldiers: still a battle
        (
            "Rebels clashed with government troops near Kunduz, killing 3 soldiers and injuring 2.",
            "Battles",
        ),
        # "the US dollar" is money, not a place the protest is in or about
        (
            "Rioters protesting against the US dollar rate blocked a road in Tripoli, Lebanon.",
            "Riots",
        ),
        # why someone was arrested is not a second event
        ("Police arrested 12 youths in Kisumu for attacking a bus.", "Strategic developments"),
    ],
)
def test_typing_of_sentences_that_once_went_wrong(geoparser, text, expected):
    result = geoparser.parse(Document("w", text))
    assert [e.event_type for e in result.events] == [expected], text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the subject of "assaulted and injured" is the crowd for both verbs
        (
            "Supporters of a candidate assaulted and injured a reporter in Kushtia, Bangladesh.",
            ("Riots", "Mob violence"),
        ),
        # violence during a demonstration is the demonstration turning violent
        (
            "Party members set fire to two buses in Magura, Bangladesh, during a demonstration.",
            ("Riots", "Violent demonstration"),
        ),
    ],
)
def test_crowds_and_demonstrations(geoparser, text, expected):
    result = geoparser.parse(Document("c", text))
    assert [(e.event_type, e.sub_event_type) for e in result.events] == [expected], text


def test_a_demonstration_that_turns_violent_in_the_next_sentence_is_one_riot(geoparser):
    text = (
        "On Monday, traders demonstrated in Kisumu, Kenya, against new market fees. "
        "They threw stones at the police and burned tyres."
    )
    result = geoparser.parse(Document("r", text))
    assert [(e.event_type, e.sub_event_type) for e in result.events] == [
        ("Riots", "Violent demonstration")
    ]
    assert all(a.type == "rioters" for a in result.events[0].actors if a.role == "actor1")
