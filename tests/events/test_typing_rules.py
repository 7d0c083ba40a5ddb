"""The typing table (app/events/typing_rules.py): every rule's example sentence gives the
type the rule says, and the table is complete."""

import pytest

from app.events.lexicon import CONTEXT_TYPES
from app.events.types import EVENT_TYPES, SUB_EVENT_TYPES
from app.events.typing_rules import PLAIN, PRIORITY, RULES
from app.geoparse.types import Document


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_each_rule_example_gives_its_type(geoparser, rule):
    result = geoparser.parse(Document(rule.name, rule.example))
    got = [(e.event_type, e.sub_event_type) for e in result.events]
    assert rule.expect in got, (rule.example, got)


def test_the_table_is_complete():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names)), "rule names are unique"
    for rule in RULES:
        assert rule.example.strip() and rule.example.endswith("."), rule.name
        event_type, sub = rule.expect
        assert event_type in EVENT_TYPES and sub in SUB_EVENT_TYPES[event_type], rule.name
    classes = {t for r in RULES for t in r.triggers}
    # every context-typed trigger class has rules, and one that always applies or a
    # reason to give no event (a weak blast word with no weapon, a "body" not found)
    assert set(CONTEXT_TYPES) <= classes
    assert PLAIN in classes
    for sub in (s for subs in SUB_EVENT_TYPES.values() for s in subs):
        if sub not in ("Other", "Change to group/activity", "Headquarters or base established"):
            assert sub in PRIORITY, sub


def test_the_crowd_of_a_riot_is_its_rioters(geoparser):
    text = "In Santiago, Chile, protesters torched metro stations and clashed with riot police."
    result = geoparser.parse(Document("riot", text))
    riots = [e for e in result.events if e.event_type == "Riots"]
    assert riots and [a.name for a in riots[0].actors if a.role == "actor1"] == ["Rioters (Chile)"]


CODEBOOK_CASES = [
    # who the sides are decides between a battle, violence against civilians and a riot
    ("Members of the Borana and Gabra communities clashed near Moyale on Sunday.", "Battles"),
    ("Supporters of two rival candidates clashed in Comilla on Sunday.", "Riots"),
    ("Three people killed in Garissa on Monday.", "Violence against civilians"),
    ("Police shot dead two suspected robbers in Kisumu on Tuesday.", "Battles"),
    (
        "Two herders were shot dead by a group of youths near Isiolo on Friday.",
        "Violence against civilians",
    ),
    (
        "An unknown group attacked a wedding party in Lamu on Saturday.",
        "Violence against civilians",
    ),
    ("Villagers beat a suspected thief to death in Bogra on Monday.", "Riots"),
    ("Unknown assailants attacked a police post in Lamu on Saturday.", "Battles"),
    ("ISIS attacked the town of al-Bukamal on Friday.", "Battles"),
    # the dead and wounded of a clash are its casualties, not another attack
    ("Two soldiers killed in Mandera on Monday.", "Battles"),
    ("Four policemen shot dead near Garissa on Monday.", "Battles"),
    (
        "Five people were wounded after members of two clans clashed over grazing land "
        "near Wajir on Sunday.",
        "Battles",
    ),
    ("Eight people have been killed in clan clashes near Moyale.", "Battles"),
    # an attack met by armed resistance is one battle
    (
        "Gunmen attacked a village near Garissa on Sunday, killing two herders. Police "
        "officers responded and exchanged fire with the gunmen.",
        "Battles",
    ),
]


@pytest.mark.parametrize(("text", "event_type"), CODEBOOK_CASES)
def test_the_sides_decide_the_type(geoparser, text, event_type):
    """A communal group is an armed side, a headline's counted dead are victims, armed
    suspects met by a state force make a clash, a gun is not a mob's, an attack with no
    armed side against it is violence against civilians."""
    result = geoparser.parse(Document("codebook", text))
    assert [e.event_type for e in result.events] == [event_type], text
