"""What the sentence says about one trigger, as the typing table reads it: who the
victims are, whether a side is a crowd or armed, the weapon named near it, whether
people were gathered... (:class:`Facts`, made by :func:`facts_of` from the roles read
off the dependency parse, ``app/events/roles.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.events.actors import ARMED_TYPES
from app.events.drafts import Draft, Unit
from app.events.grammar import objects_of, phrase_of
from app.events.roles import (
    armed_in,
    armed_opponent,
    communal_doer,
    crowd_side,
    place_target,
    rioting,
    two_sides,
    unarmed_crowd,
)
from app.events.victims import direct_victims, harms_people, object_is_people, victims_of
from app.events.vocabulary import (
    BOMBINGS,
    CAPTIVE_HARMS,
    DISRUPTS,
    FIGHT_WORDS,
    FIREARM_TRIGGERS,
    FOUND_VERBS,
    GATHERINGS,
    GOODS,
    OPPONENT_WORDS,
    PROTEST_WORDS,
    UNCONTESTED,
    WEAPON_THINGS,
)
from app.events.weapons import weapon_near

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


@dataclass(frozen=True, slots=True)
class Facts:
    """What the sentence says about one trigger, as the rules read it."""

    trigger: str
    """The lexicon entry's ``sub_event_type`` (``@attack``, ``Armed clash``...)."""
    event_type: str
    """The lexicon entry's event type."""
    victims: str | None
    """``civilians``, ``protesters`` or ``property`` when the trigger was done to them."""
    crowd_side: bool
    """One side is a crowd, not an organised armed group ("supporters clashed")."""
    unarmed_crowd: bool
    """Protesters or rioters act, and no armed non-state group does."""
    rioting: bool
    """The crowd that acts is called rioters."""
    two_sides: bool
    """Armed people on both sides."""
    armed_opponent: bool
    """Someone armed stands against the doer anywhere in the sentence, or the sentence
    speaks of a fight both sides take part in."""
    place_target: bool
    """The trigger was done to a town, district or named place."""
    weapon: str | None
    """The sub-event type of the weapon named nearest the trigger."""
    found: bool
    """A body found: the trigger hangs from "found", "discovered", "recovered"."""
    people_taken: bool
    """Civilians are what was seized ("seized three aid workers")."""
    things_taken: str | None
    """``weapons`` or ``goods`` when that is what was seized ("seized an IED")."""
    fighters_taken: bool
    """Fighters are what was captured ("captured ten militants")."""
    state_agent: bool
    """The one who took a place is a state force (or, with no agent named, the verb says
    "retook", "liberated")."""
    blast: bool
    """The trigger is the noun "explosion" or "blast"."""
    bombing: bool
    """The trigger is "bombed" or "bombing": a bomb went off, whatever carried it."""
    firearm: bool
    """The trigger says a gun was used ("shot dead"): whoever did it is armed."""
    protest: bool
    """The event has a protest or riot trigger, or its sentence speaks of one ("during
    their demonstration")."""
    armed_doer: bool
    """An armed group that is not a crowd does it ("unidentified assailants threw a petrol
    bomb at a house"): a riot's weapon in its hands is an attack, not a riot."""
    civilians_harmed: bool
    """A trigger of the event harms civilians ("..., injuring three children")."""
    armed_group: bool
    """An armed group that is not a state force takes part (rebels, militias, gunmen)."""
    protest_trigger: bool
    """Another trigger of the event reports a protest or riot (not a word that only names
    one: "planning to disrupt a rally")."""
    gathering: bool
    """Something besides this trigger says people were gathered: a protest or riot word
    or trigger, a crowd of protesters ("police intervened" alone says no such thing)."""
    disrupted: bool
    """The weapon is what was seized, defused or found ("police seized an IED"), not
    what went off."""
    people_harmed: bool
    """The trigger was done to people, not things ("a herder was burnt")."""
    communal_doer: bool
    """Whoever does it is named after a community ("six Pokot youths"): ACLED's communal
    militia, not a mob."""
    captive: bool
    """The trigger says someone was executed, beheaded or tortured: a captive, whom ACLED
    counts as a civilian whoever he was."""
    assassination: bool
    """The trigger says someone was assassinated: a targeted killing, which ACLED counts
    as violence against a civilian whoever was killed (an officer at home, a politician)."""
    stops_a_fight: bool
    """What the trigger breaks up or disperses is a fight, not a crowd ("to break up
    violence between herdsmen and farmers")."""
    uncontested: bool
    """The sentence says the place changed hands without a fight: the other side
    withdrew, or nobody resisted ("after AMISOM forces withdrew", "without a fight")."""
    battle: bool
    """The trigger is the word "battle" for a fight ("rival groups battle", "a battle
    between two groups"), not a riot's "running battles" or "battling to" do something."""
    raid: bool
    """The trigger is a raid ("raiders raided a village"): a strike on a place to rob or
    kill, not a fight for it."""
    took_over: bool
    """The trigger is "took over" a place, which says nothing of force, and no other
    trigger of the event tells of a fight, an attack, a killing or a blast."""


def facts_of(unit: Unit, draft: Draft, sent: SpacySpan) -> Facts:
    """The facts of one trigger in its sentence."""
    token, entry = unit.token, unit.entry
    agent = next((a for a in draft.actors if a.role == "actor1"), None)
    retaken = unit.span.text.lower().startswith(("re", "lib"))
    territory = entry.sub_event_type == "@territory"
    others = any(u is not unit and u.entry.event_type in _PROTESTS for u in draft.units)
    named = any(_protest_word(t) for t in sent)  # "during their demonstration"
    return Facts(
        trigger=entry.sub_event_type,
        event_type=entry.event_type,
        victims=victims_of(unit, draft),
        crowd_side=crowd_side(unit, draft),
        unarmed_crowd=unarmed_crowd(draft),
        rioting=rioting(draft),
        two_sides=two_sides(draft),
        armed_opponent=armed_opponent(unit, draft, sent),
        place_target=place_target(token, _place_offsets(draft, sent)),
        weapon=None if token.lower_ in _GUNSHOTS else weapon_near(sent, token, used=True),
        found=token.head.lower_ in FOUND_VERBS or token.lower_ == "found",
        people_taken=territory and direct_victims(token, False) == "civilians",
        things_taken=_things_taken(token) if territory else None,
        fighters_taken=territory and object_is_people(token),
        state_agent=agent.type == "state" if agent else retaken,
        blast=token.lower_ in ("explosion", "explosions", "blast", "blasts"),
        bombing=token.lower_ in BOMBINGS,
        firearm=token.lower_ in FIREARM_TRIGGERS or _shot_too(unit, draft),
        protest=others or entry.event_type in _PROTESTS or named,
        armed_doer=agent is not None and agent.type in ARMED_TYPES and agent.type != "state",
        captive=captive(unit, draft),
        uncontested=territory and _uncontested(sent),
        assassination=token.lower_.startswith("assassinat"),
        stops_a_fight=entry.sub_event_type == "Protest with intervention"
        and any(o.lower_ in FIGHTS for o in objects_of(token)),
        communal_doer=communal_doer(token),
        people_harmed=entry.sub_event_type == "@property" and harms_people(token),
        armed_group=any(a.type in ARMED_TYPES and a.type != "state" for a in draft.actors),
        protest_trigger=others,
        gathering=others or named or _gathered(draft, sent),
        civilians_harmed=any(victims_of(u, draft) == "civilians" for u in draft.units),
        disrupted=token.dep_ in ("dobj", "nsubjpass", "conj") and token.head.lower_ in DISRUPTS,
        battle=_battle(token),
        raid=token.lower_ in ("raid", "raids", "raided", "raiding"),
        took_over=_took_over(unit, draft),
    )


_GUNSHOTS = FIREARM_TRIGGERS - {"fired"}
"""Triggers that say the weapon was a gun: a bomb named near them is another weapon
("police shot two suspects who were trying to place bombs"); "fired" names what was
fired ("fired mortars")."""

_BATTLE_WORDS = frozenset(("battle", "battles", "battled", "battling"))


def _battle(token: Token) -> bool:
    if token.lower_ not in _BATTLE_WORDS:
        return False
    doc = token.doc
    before = doc[token.i - 1].lower_ if token.i > token.sent.start else ""
    after = doc[token.i + 1].lower_ if token.i + 1 < token.sent.end else ""
    return before != "running" and after != "to"


_PROTESTS = ("Protests", "Riots")
_TAKE_OVER = tuple(f"{verb} over" for verb in ("take", "takes", "took", "taking", "taken"))
_VIOLENT = frozenset(("@attack", "@kill", "@explosion", "Armed clash"))


def _took_over(unit: Unit, draft: Draft) -> bool:
    """ "Al Shabaab took over the village and preached to its residents": a place taken
    with no violence told is ACLED's non-violent transfer; "captured" and "seized" say
    force was used, and so does a killing or a clash told with it."""
    if unit.span.text.lower() not in _TAKE_OVER:
        return False
    return not any(
        u is not unit
        and (u.entry.sub_event_type in _VIOLENT or u.entry.event_type.startswith("Explosions"))
        for u in draft.units
    )


def _shot_too(unit: Unit, draft: Draft) -> bool:
    """A verb coordinated with the trigger says a gun was used ("ambushed and shot a
    ranger"): the same doer did both, and a mob does not shoot."""
    token = unit.token
    shots = {u.token.i for u in draft.units if u.token.lower_ in FIREARM_TRIGGERS}
    return any(c.i in shots for c in token.conjuncts)


def captive(unit: Unit, draft: Draft) -> bool:
    """The trigger harms a captive: an execution, torture, a harm beside an arrest, or a
    killing its sentence calls extrajudicial."""
    return (
        unit.token.lower_ in CAPTIVE_HARMS
        or _beside_arrest(unit, draft)
        or (unit.entry.sub_event_type == "@kill" and _extrajudicial(unit.token))
    )


def _extrajudicial(token: Token) -> bool:
    """The sentence calls the killing extrajudicial ("killed in an extra-judicial
    killing"): ACLED's violence against civilians, whoever was killed."""
    text = token.sent.text.lower().replace("-", "").replace(" ", "")
    return "extrajudicial" in text


def _beside_arrest(unit: Unit, draft: Draft) -> bool:
    """A harm coordinated with an arrest ("arrested and beat a leader", "beat three men
    and then detained them"): done to a captive."""
    if unit.entry.sub_event_type != "@attack":
        return False  # "killed 12 fighters and arrested several more": a fight
    arrests = {u.token.i for u in draft.units if u.entry.sub_event_type == "Arrests"}
    token = unit.token
    return any(c.i in arrests for c in token.conjuncts) or (
        token.dep_ == "conj" and token.head.i in arrests
    )


FIGHTS = FIGHT_WORDS | {"violence"}
"""What a force can break up that is no gathering."""


def _uncontested(sent: SpacySpan) -> bool:
    """Words that say nobody fought for the place ("after the troops withdrew", "without
    a fight", "without resistance", "no resistance")."""
    text = sent.text.lower()
    if any(p in text for p in ("without a fight", "without resistance", "no resistance")):
        return True
    return any(t.lower_ in UNCONTESTED for t in sent)


def _gathered(draft: Draft, sent: SpacySpan) -> bool:
    """Protesters or rioters among the actors, or a word for people gathered."""
    crowd = any(a.type in ("protesters", "rioters") for a in draft.actors)
    return crowd or any(t.lower_ in GATHERINGS for t in sent)


def _protest_word(token: Token) -> bool:
    """A word for a demonstration, not the month ("on 4 March")."""
    return token.lower_ in PROTEST_WORDS and token.text != "March"


def _place_offsets(draft: Draft, sent: SpacySpan) -> list[tuple[int, int]]:
    """The sentence's place mentions as character offsets in its doc (the mentions carry
    document offsets; the sentence's evidence span says where the doc starts)."""
    base = draft.evidence.start - sent.start_char
    return [(m.start - base, m.end - base) for m in draft.sentence_places]


def _things_taken(token: Token) -> str | None:
    """What a "seized" trigger took, when it is weapons or goods rather than a place
    ("seized a cache of weapons", "seized a large area of land")."""
    objects = objects_of(token)
    objects += [
        p
        for o in objects
        for prep in o.children
        if prep.lower_ == "of"
        for p in prep.children
        if p.dep_ == "pobj"
    ]
    for obj in objects:
        if obj.lower_ in WEAPON_THINGS:
            return "weapons"
        if obj.lower_ in GOODS:
            return "goods"
    return None


def kills_fighters(unit: Unit) -> bool:
    """A killing of armed people or armed suspects ("SLDF suspect killed by police,
    several more arrested"): the fight it was part of, which the arrest, seizure or
    looting told with it does not outrank. Whose a thing is does not count: "stormed the
    policeman's home and killed him" kills no fighter."""
    if unit.entry.sub_event_type != "@kill":
        return False
    return any(armed_in(_unowned(o), OPPONENT_WORDS) for o in objects_of(unit.token))


def _unowned(obj: Token) -> list[Token]:
    """An object's phrase without its possessor ("the policeman's home" is a home)."""
    owner = {t.i for c in obj.children if c.dep_ == "poss" for t in c.subtree}
    return [t for t in phrase_of(obj) if t.i not in owner]
