"""Typing: which ACLED event type and sub-event type a trigger reports, as a table.

Each row is a registered rule: the trigger classes it applies to (the lexicon's
``sub_event_type``, ``@`` classes typed by context, or an event type), the condition
on what the sentence says (:class:`Facts`), the type it gives, a priority shift, and an
example sentence with the type it must give (``tests/events/test_typing_rules.py`` runs
every example). The first row that applies wins, so rows go from specific to general.
Among the triggers of one event, the highest priority wins; an analyst's label before a
colon ("Looting: ...") outranks everything.

ACLED's codebook decides the rows: violence is a battle only between two armed,
organised sides; armed violence against unarmed people is violence against civilians;
violence by a crowd that is not an organised armed group is a riot (a violent
demonstration when it comes from a demonstration, else mob violence); force used on
demonstrators is a protest sub-type.

>>> [rule.name for rule in RULES][:3]
['clash-on-protesters', 'clash-of-protesters', 'clash-of-crowds']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.events.drafts import Draft, Unit
from app.events.facts import Facts, facts_of
from app.events.triggers import is_label

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

PRIORITY = {
    "Chemical weapon": 96,
    "Suicide bomb": 95,
    "Air/drone strike": 90,
    "Shelling/artillery/missile attack": 88,
    "Remote explosive/landmine/IED": 86,
    "Grenade": 84,
    "Government regains territory": 70,
    "Non-state actor overtakes territory": 70,
    "Excessive force against protesters": 66,
    "Abduction/forced disappearance": 65,
    "Sexual violence": 65,
    "Attack": 64,
    "Violent demonstration": 62,
    "Mob violence": 62,
    "Protest with intervention": 58,
    "Peaceful protest": 55,
    "Armed clash": 50,
    "Arrests": 40,
    "Agreement": 40,
    "Looting/property destruction": 35,
    "Non-violent transfer of territory": 30,
    "Disrupted weapons use": 30,
}
"""Which sub-event type an event takes when its triggers disagree."""
LABEL_PRIORITY = 99
"""An analyst's label at the start of a note ("Looting: ...", "Movement of forces: ...")
says what the note reports: it outranks every trigger of the sentence."""

WEAPON = "<weapon>"
"""In a rule's sub-event type: the sub-event type of the weapon named nearest."""
RIOT = "<riot>"
"""A violent demonstration when the event has a protest trigger, else mob violence."""
AS_LISTED = "<as listed>"
"""The lexicon entry's own type and sub-event type."""
PLAIN = "<plain>"
"""In a rule's triggers: any trigger class that is not typed by context (no ``@``)."""


@dataclass(frozen=True, slots=True)
class TypeRule:
    """One row of the typing table."""

    name: str
    triggers: frozenset[str]
    when: Callable[[Facts], bool]
    event_type: str
    sub_event_type: str
    example: str
    expect: tuple[str, str]
    """The (event type, sub-event type) the example sentence gives."""
    shift: int = 0
    """Added to the sub-event type's priority."""

    def applies(self, facts: Facts) -> bool:
        plain = PLAIN in self.triggers and not facts.trigger.startswith("@")
        named = facts.trigger in self.triggers or facts.event_type in self.triggers
        return (plain or named) and self.when(facts)


def _always(_: Facts) -> bool:
    return True


def _rule(
    name: str,
    triggers: str,
    when: Callable[[Facts], bool],
    typed: tuple[str, str],
    example: str,
    expect: tuple[str, str] | None = None,
    shift: int = 0,
) -> TypeRule:
    return TypeRule(
        name, frozenset(triggers.split("|")), when, *typed, example, expect or typed, shift
    )


RULES: tuple[TypeRule, ...] = (
    # -- clashes ------------------------------------------------------------------------
    _rule(
        "clash-on-protesters",
        "Armed clash",
        lambda f: f.victims == "protesters",
        ("Protests", "Protest with intervention"),
        "Security forces fired at demonstrators in Mashhad on Wednesday.",
    ),
    _rule(
        "armed-group-clashes-with-police",
        "Violent demonstration",
        lambda f: f.armed_doer and f.two_sides,
        ("Battles", "Armed clash"),
        "Al Shabaab militants clashed with police near Mandera on Monday.",
    ),
    _rule(
        "clash-of-protesters",
        "Armed clash",
        lambda f: f.unarmed_crowd,
        ("Riots", "Violent demonstration"),
        "Protesters clashed with police in Nairobi on Monday.",
    ),
    _rule(
        "battle-of-groups",
        "Armed clash",
        lambda f: f.battle and not f.stops_a_fight,
        ("Battles", "Armed clash"),
        "Two rival groups battled in Nakuru on Sunday, leaving six dead.",
    ),
    _rule(
        "clash-of-crowds",
        "Armed clash",
        lambda f: f.crowd_side,
        ("Riots", RIOT),
        "Supporters of two rival candidates clashed in Comilla on Sunday.",
        ("Riots", "Mob violence"),
    ),
    _rule(
        "clash-during-a-protest",
        "Armed clash",
        lambda f: f.protest and not f.armed_group,
        ("Riots", "Violent demonstration"),
        "Five workers were injured in a clash with police in Gazipur during their demonstration.",
    ),
    _rule(
        "protest-by-rioters",
        "Protests",
        lambda f: f.rioting,
        ("Riots", "Violent demonstration"),
        "Rioters demonstrated in Halba against price increases.",
    ),
    _rule(
        "weapon-disrupted",
        "Explosions/Remote violence",
        lambda f: f.disrupted,
        ("Strategic developments", "Disrupted weapons use"),
        "Police defused an IED near Garissa on Monday.",
    ),
    _rule(
        "riot-weapon-of-armed-group",
        "Riots",
        lambda f: (
            f.armed_doer
            and f.weapon is not None
            and not (f.unarmed_crowd or f.two_sides or f.victims == "protesters")
        ),
        ("Violence against civilians", "Attack"),
        "Unidentified gunmen threw a petrol bomb at a family's house in Mombasa on Sunday.",
    ),
    _rule(
        "mob-word-of-a-community",
        "Mob violence",
        lambda f: f.communal_doer and not f.protest_trigger and f.victims != "protesters",
        ("Violence against civilians", "Attack"),
        "A herder was beaten to death by six Pokot youths in Baringo on Saturday.",
    ),
    _rule(
        "arrests-at-a-protest",
        "Arrests",
        lambda f: f.protest_trigger,
        ("Protests", "Protest with intervention"),
        "Police detained three residents who took part in a protest in Zhukovsky on Monday.",
    ),
    _rule(
        "force-on-a-fight",
        "Protest with intervention",
        lambda f: f.stops_a_fight and not f.gathering,
        ("Battles", "Armed clash"),
        "Soldiers arrived in Um Tajok to break up violence between herders and farmers.",
    ),
    _rule(
        "force-on-armed-people",
        "Protest with intervention",
        lambda f: not f.gathering and f.two_sides,
        ("Battles", "Armed clash"),
        "Police intervened in Molo, killing one of the raiders.",
    ),
    _rule(
        "force-on-civilians",
        "Protest with intervention",
        lambda f: not f.gathering and f.civilians_harmed,
        ("Violence against civilians", "Attack"),
        "Police fired tear gas into a nursery school in Kisumu, injuring three children.",
    ),
    _rule(
        "as-listed",
        PLAIN,
        _always,
        (AS_LISTED, AS_LISTED),
        "Syrian troops shelled Homs on Monday.",
        ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ),
    # -- places, people and things taken -------------------------------------------------
    _rule(
        "weapons-seized",
        "@territory",
        lambda f: f.things_taken == "weapons",
        ("Strategic developments", "Disrupted weapons use"),
        "Police seized weapons and ammunition near Gubden on Monday.",
    ),
    _rule(
        "goods-seized",
        "@territory",
        lambda f: f.things_taken == "goods",
        ("Strategic developments", "Looting/property destruction"),
        "Militants seized two vehicles in Safala on Monday.",
    ),
    _rule(
        "people-seized",
        "@territory",
        lambda f: f.people_taken,
        ("Violence against civilians", "Abduction/forced disappearance"),
        "Gunmen seized three aid workers in Mandera on Friday.",
    ),
    _rule(
        "fighters-captured",
        "@territory",
        lambda f: f.fighters_taken,
        ("Battles", "Armed clash"),
        "Afghan forces captured ten militants near Kunduz.",
        shift=-5,
    ),
    _rule(
        "taken-without-a-fight",
        "@territory",
        lambda f: f.uncontested and not (f.fighters_taken or f.people_taken or f.things_taken),
        ("Strategic developments", "Non-violent transfer of territory"),
        "Al Shabaab took control of Bulo Burde after the troops withdrew on Monday.",
    ),
    _rule(
        "taken-over-without-violence",
        "@territory",
        lambda f: f.took_over and not (f.fighters_taken or f.people_taken or f.things_taken),
        ("Strategic developments", "Non-violent transfer of territory"),
        "Al Shabaab fighters took over a village near Lamu and preached to its residents.",
    ),
    _rule(
        "state-regains",
        "@territory",
        lambda f: f.state_agent,
        ("Battles", "Government regains territory"),
        "The Syrian army recaptured Palmyra on Sunday.",
    ),
    _rule(
        "others-overtake",
        "@territory",
        _always,
        ("Battles", "Non-state actor overtakes territory"),
        "Al Shabaab fighters captured the town of Bulo Burde on Monday.",
    ),
    # -- bodies found --------------------------------------------------------------------
    _rule(
        "body-found",
        "@found",
        lambda f: f.found,
        ("Violence against civilians", "Attack"),
        "The body of a journalist was found in Tijuana on Friday.",
    ),
    # -- attacks -------------------------------------------------------------------------
    _rule(
        "assassination",
        "@kill",
        lambda f: f.assassination,
        ("Violence against civilians", "Attack"),
        "Unidentified gunmen assassinated an army colonel near his home in Juba.",
        shift=10,
    ),
    _rule(
        "harm-to-captives",
        "@kill|@attack",
        lambda f: f.captive,
        ("Violence against civilians", "Attack"),
        "Militants beheaded two soldiers near Gao on Monday.",
        shift=10,
    ),
    _rule(
        "attack-on-protesters",
        "@attack",
        lambda f: f.victims == "protesters",
        ("Protests", "Protest with intervention"),
        "Party members assaulted the demonstrators in Natore on Saturday.",
    ),
    _rule(
        "crowd-attack",
        "@attack|@kill",
        lambda f: f.victims != "protesters" and f.crowd_side and not f.firearm,
        ("Riots", RIOT),
        "Villagers attacked a man in Bhola on Tuesday.",
        ("Riots", "Mob violence"),
    ),
    _rule(
        "attack-by-protesters",
        "@attack",
        lambda f: f.unarmed_crowd,
        ("Riots", "Violent demonstration"),
        "Demonstrators attacked a police station in Khulna on Monday.",
    ),
    _rule(
        "attack-with-weapon",
        "@attack",
        lambda f: f.weapon is not None,
        ("Explosions/Remote violence", WEAPON),
        "Militants attacked the base in Ghazni with mortars.",
        ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ),
    _rule(
        "attack-with-armed-casualties",
        "@attack",
        lambda f: f.victims in ("civilians", "property") and f.two_sides,
        ("Battles", "Armed clash"),
        "Militants attacked a church in Kapedo, killing two police officers who guarded it.",
    ),
    _rule(
        "attack-on-civilians",
        "@attack",
        lambda f: f.victims == "civilians",
        ("Violence against civilians", "Attack"),
        "Gunmen attacked worshippers at a mosque in Kano on Friday.",
    ),
    _rule(
        "attack-on-property",
        "@attack",
        lambda f: f.victims == "property" and not f.two_sides,
        ("Violence against civilians", "Attack"),
        "Gunmen shot at a bus near Mandera on Sunday.",
        shift=-4,
    ),
    _rule(
        "attack-unopposed",
        "@attack",
        lambda f: not (f.armed_opponent or f.place_target),
        ("Violence against civilians", "Attack"),
        "Gunmen attacked a wedding party in Garissa on Saturday.",
        shift=-4,
    ),
    _rule(
        "raid-on-a-place",
        "@attack",
        lambda f: f.raid and f.place_target and not (f.armed_opponent or f.two_sides),
        ("Violence against civilians", "Attack"),
        "Raiders raided two towns near Kapedo on Monday.",
    ),
    _rule(
        "attack",
        "@attack",
        _always,
        ("Battles", "Armed clash"),
        "ISIS attacked the town of al-Bukamal on Friday.",
    ),
    # -- killings ------------------------------------------------------------------------
    _rule(
        "killing-protesters",
        "@kill",
        lambda f: f.victims == "protesters",
        ("Protests", "Excessive force against protesters"),
        "Police killed two protesters in Khartoum on Thursday.",
    ),
    _rule(
        "killing-with-weapon",
        "@kill",
        lambda f: f.weapon is not None and f.victims != "protesters",
        ("Explosions/Remote violence", WEAPON),
        "Three workers were killed by a roadside bomb near Mandera on Monday.",
        ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        shift=-15,
    ),
    _rule(
        "killing-civilians",
        "@kill",
        lambda f: (
            f.victims in ("civilians", "property") or (f.victims is None and not f.armed_opponent)
        ),
        ("Violence against civilians", "Attack"),
        "Gunmen killed five villagers near Gao on Monday.",
        shift=-15,
    ),
    _rule(
        "killing-fighters",
        "@kill",
        _always,
        ("Battles", "Armed clash"),
        "Gunmen killed two soldiers in Aleppo on Monday.",
        shift=-9,  # above an arrest told with it ("one killed, two arrested")
    ),
    # -- explosions ----------------------------------------------------------------------
    _rule(
        "strike-with-weapon",
        "@explosion",
        lambda f: f.weapon is not None,
        ("Explosions/Remote violence", WEAPON),
        "Russian warplanes struck Aleppo on Monday.",
        ("Explosions/Remote violence", "Air/drone strike"),
    ),
    _rule(
        "blast",
        "@explosion",
        lambda f: f.blast,
        ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        "An explosion hit a market in Kabul on Monday.",
    ),
    _rule(
        "bombing-by-a-state-force",
        "@explosion",
        lambda f: f.bombing and f.state_agent,
        ("Explosions/Remote violence", "Air/drone strike"),
        "The army bombed a rebel camp near Kismayo on Monday.",
    ),
    _rule(
        "bombing",
        "@explosion",
        lambda f: f.bombing,
        ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        "A church was bombed in Jos on Sunday.",
    ),
    # -- property ------------------------------------------------------------------------
    _rule(
        "property-by-protesters",
        "@property",
        lambda f: f.unarmed_crowd,
        ("Riots", "Violent demonstration"),
        "Protesters torched cars in Nanterre overnight.",
    ),
    _rule(
        "property-by-crowd",
        "@property",
        lambda f: f.crowd_side,
        ("Riots", RIOT),
        "Villagers vandalised the houses of their rivals in Bhola on Monday.",
        ("Riots", "Mob violence"),
    ),
    _rule(
        "burning-people",
        "@property",
        lambda f: f.people_harmed and not f.unarmed_crowd,
        ("Violence against civilians", "Attack"),
        "A herder was burnt with a hot iron by a soldier in Garissa on Monday.",
    ),
    _rule(
        "property",
        "@property",
        _always,
        ("Strategic developments", "Looting/property destruction"),
        "Militants torched houses in Gao on Monday.",
    ),
)


def type_unit(unit: Unit, draft: Draft, sent: SpacySpan) -> tuple[str, str, int] | None:
    """The (event type, sub-event type, priority) of one trigger, from the first rule
    that applies; None when none does (a weak blast word with no weapon)."""
    facts = facts_of(unit, draft, sent)
    for rule in RULES:
        if rule.applies(facts):
            event_type, sub = _resolve(rule, facts, unit)
            if sub is None:
                return None
            priority = PRIORITY.get(sub, 10) + rule.shift
            return event_type, sub, LABEL_PRIORITY if is_label(unit, sent) else priority
    return None


def _resolve(rule: TypeRule, facts: Facts, unit: Unit) -> tuple[str, str | None]:
    if rule.sub_event_type == AS_LISTED:
        return unit.entry.event_type, unit.entry.sub_event_type
    if rule.sub_event_type == WEAPON:
        return rule.event_type, facts.weapon
    if rule.sub_event_type == RIOT:
        return rule.event_type, "Violent demonstration" if facts.protest else "Mob violence"
    return rule.event_type, rule.sub_event_type
