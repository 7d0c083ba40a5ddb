"""Whom a harm was done to: civilians, protesters, property or armed people, read from
the trigger's objects (the subject of its passive, a headline's bare object, the verbs
coordinated with it), and whether a harm was done to people rather than things."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.events.actors import ARMED_TYPES
from app.events.dates import MONTHS
from app.events.drafts import Draft, Unit
from app.events.grammar import headline_passive, objects_of, phrase_of
from app.events.roles import armed_in, of_civilians, opponent_words
from app.events.vocabulary import (
    ARMED_WORDS,
    CIVILIAN_WORDS,
    GATHERING_OBJECTS,
    OPPONENT_WORDS,
    PERSON_OBJECTS,
    PROPERTY_OBJECTS,
    PROTESTER_WORDS,
    SETTLEMENT_OBJECTS,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


def victims_of(unit: Unit, draft: Draft) -> str | None:
    """``civilians``, ``protesters`` or ``property`` when the trigger's objects are such
    (or the subject of a passive: "a woman was stabbed"), or when another "kill" trigger
    of the sentence has such objects ("stormed the village and killed three civilians").
    Not recursive: each unit is read once."""
    if _has_victims(unit.token):
        return "civilians"
    kills = [u for u in draft.units if u.entry.sub_event_type == "@kill"]
    defended = any(a.type in ARMED_TYPES and a.role != "actor1" for a in draft.actors)
    undefended = bool(kills) or not defended
    armed = tuple(
        form.lower() for a in draft.actors if a.type in ARMED_TYPES for form in a.surface_forms
    )
    opponents = opponent_words(draft)
    own = direct_victims(unit.token, undefended, armed, opponents)
    if own:
        return own
    told = next((u for u in draft.units if u.token.i == unit.token.head.i), None)
    if told is not None and unit.token.tag_ == "VBG":  # "attacked a bus, killing one"
        own = direct_victims(told.token, undefended, armed, opponents)
        if own in ("civilians", "protesters"):
            return own
    for other in kills:
        if other.token.i != unit.token.i:
            found = direct_victims(other.token, True, armed, opponents)
            if found in ("civilians", "protesters"):
                return found
    return None


def direct_victims(
    token: Token,
    undefended: bool,
    armed: tuple[str, ...] = (),
    opponents: frozenset[str] = ARMED_WORDS,
) -> str | None:
    """The victims named as the objects of one trigger. A village, market or school counts
    as civilians when no armed side defends it or the sentence kills (``undefended``);
    a shop, vehicle or office is ``property``; anyone armed (a soldier, a named armed
    group: ``armed`` surface forms) is not a victim."""
    objects = objects_of(token)
    direct = any(o.dep_ in ("dobj", "nsubjpass") for o in objects)
    for obj in objects:
        subtree = phrase_of(obj)
        if obj.i > token.i:  # an object after its trigger holds nothing before it
            subtree = [t for t in subtree if t.i > token.i]
        words = {t.lower_ for t in subtree}
        if words & PROTESTER_WORDS or (obj.lower_ in GATHERING_OBJECTS and _own(obj, token)):
            return "protesters"
        if _civilian(obj):
            return "civilians"
        text = obj.doc.text[subtree[0].idx : subtree[-1].idx + len(subtree[-1])].lower()
        if armed_in(subtree, opponents) or any(form in text for form in armed):
            if obj.head.i == token.i and obj.dep_ in ("dobj", "nsubjpass"):
                return None  # its own victims are armed, whoever a coordinated verb harmed
            continue
        if obj.lower_ in CIVILIAN_WORDS or words & _CIVILIANS or of_civilians(obj):
            return "civilians"
        if _counted_people(obj):
            return "civilians"
        if obj.dep_ == "nsubjpass" and _unnamed(obj) and not _armed_sentence(obj, opponents):
            return "civilians"  # "2 others were stoned to death", no armed side named
        if obj.lower_ in SETTLEMENT_OBJECTS and not (direct and obj.dep_ == "pobj"):
            # "ambushed them at a market": the market is where, they are whom
            return "civilians" if undefended else None
        if obj.lower_ in PROPERTY_OBJECTS:
            return "property"
    return None


_CIVILIANS = frozenset(("civilians", "villagers", "worshippers"))


def _civilian(obj: Token) -> bool:
    """Called a civilian, whatever else the phrase says: "a civilian, a cook at an army
    base", "a civilian school guard"."""
    before = [t for c in obj.lefts for t in c.subtree]
    return obj.lower_ in ("civilian", "civilians") or any(t.lower_ == "civilian" for t in before)


def _counted_people(obj: Token) -> bool:
    """A counted name of people ("killed two Maasai"), not a date ("on 21 June")."""
    return (
        obj.pos_ == "PROPN"
        and obj.lower_.rstrip(".") not in MONTHS
        and any(c.dep_ == "nummod" for c in obj.children)
    )


def _armed_sentence(token: Token, opponents: frozenset[str]) -> bool:
    return any(t.lower_ in opponents for t in token.sent)


def _unnamed(obj: Token) -> bool:
    """People only counted ("Two", "two others"): victims nobody says were armed."""
    return obj.like_num or obj.lower_ in ("others", "another")


def harms_people(token: Token) -> bool:
    """The trigger itself was done to people, not only to things ("2 Kikuyu burned in
    their homes", "a herder was burnt"): a person word or a counted group is its own
    passive subject or object (not a coordinated verb's: "assaulted a journalist and
    vandalised his house")."""
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    if headline_passive(token):
        objects += [c for c in token.children if c.dep_ == "nsubj"]
    for obj in objects:
        if armed_in(phrase_of(obj), OPPONENT_WORDS):
            continue
        if obj.lower_ in CIVILIAN_WORDS or _unnamed(obj):
            return True
        if obj.pos_ == "PROPN" and any(c.dep_ == "nummod" for c in obj.children):
            return True  # "2 Kikuyu", not "2 tanks"
    return _has_victims(token) or any(  # "a house was set on fire, killing its occupants"
        c.dep_ in ("advcl", "xcomp")
        and c.lower_ in _KILLING
        and not any(armed_in(phrase_of(o), OPPONENT_WORDS) for o in objects_of(c))
        for c in token.children
    )


def _has_victims(token: Token) -> bool:
    """The trigger is what someone was a victim of: "victims of an arson attack"."""
    return token.head.lower_ == "of" and token.head.head.lower_ in ("victims", "victim")


_KILLING = frozenset(("killing", "injuring", "wounding"))


def _own(obj: Token, trigger: Token) -> bool:
    """The object is the trigger's own ("attacked the rally"), not that of a verb
    coordinated with it ("staged a rally and clashed with police")."""
    return obj.head.i == trigger.i or (obj.head.dep_ == "prep" and obj.head.head.i == trigger.i)


def object_is_people(token: Token) -> bool:
    objects = [c for c in token.children if c.dep_ == "dobj"]
    return any(o.lower_ in PERSON_OBJECTS for o in objects)
