"""The type of an event: each of its triggers typed by the table
(:mod:`app.events.typing_rules`), the strongest wins; weak triggers take part when they
harm someone the sentence names, and make an event alone only when the sentence says
enough (:func:`weak_but_real`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.deadline import check
from app.events.actors import ARMED_TYPES
from app.events.drafts import Draft, Unit
from app.events.facts import captive, kills_fighters
from app.events.grammar import objects_of
from app.events.roles import as_rioters
from app.events.triggers import is_label
from app.events.typing_rules import type_unit
from app.events.victims import victims_of
from app.events.vocabulary import BOMBINGS, CONSEQUENCE_WORDS, CROWD_TYPES
from app.events.weapons import weapon_near

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan


_HARMED = ("civilians", "protesters", "property")
HARM = ("@kill", "@property", "@attack", "@found")
"""Weak trigger classes that harm someone or something: worth parsing without a place."""
_HARM_VERBS = ("@kill", "@property")
_CASUALTIES_OF = ("Armed clash", "Protest with intervention", "Excessive force against protesters")
"""Named events whose dead and wounded a weak harm word counts ("police dispersed the
protesters and four were injured"), rather than telling of another attack."""
PROTEST_PROPS = frozenset(("effigy", "effigies", "flag", "flags", "copies"))
"""What protesters burn to make a point, not to destroy."""


def type_event(draft: Draft, sent: SpacySpan) -> None:
    """Types the event being assembled: the strongest of its triggers wins; a weak
    trigger takes part when its victims are named ("raids ... civilians were beaten"),
    unless the sentence names a clash or a dispersal, whose casualties they are ("one man
    was injured after two communities clashed"); weak triggers alone make an event only as
    :func:`weak_but_real` allows."""
    strong = [u for u in draft.units if not u.weak]
    clash = any(u.entry.sub_event_type in _CASUALTIES_OF for u in strong)
    heads = {u.token.i for u in strong}
    harmed = (
        []
        if clash
        else [u for u in draft.units if u.weak and _harms(u, draft, sent) and not _toll(u, heads)]
    )
    harmed += [u for u in draft.units if u.weak and u not in harmed and is_label(u, sent)]
    if strong and not clash:
        harmed += [u for u in draft.units if u.weak and _destroys(u) and u not in harmed]
    typed = _typed((strong + harmed) or draft.units, draft, sent)
    if strong and not typed:  # only context triggers that found no context
        typed = _typed(draft.units, draft, sent)
    if not typed:
        draft.valid = False
        return
    typed = _causes(draft, sent, typed)
    best = max(typed, key=lambda item: item[0][2])
    if best[0][1] == ABDUCTION:
        typed = _killed_too(draft, sent, typed)
        best = max(typed, key=lambda item: item[0][2])
    if best[0][0] == "Strategic developments":
        chosen = {u.token.i for _, u in typed}
        kills = [u for u in draft.units if u.token.i not in chosen and kills_fighters(u)]
        typed += _typed(kills, draft, sent)
        best = max(typed, key=lambda item: item[0][2])
    (event_type, sub_type, priority), _ = best
    draft.event_type, draft.sub_event_type, draft.priority = event_type, sub_type, priority
    if not strong:
        draft.valid = weak_but_real(draft, sent, event_type, sub_type)
    if event_type == "Riots":  # the crowd of a riot is its rioters
        draft.actors = [as_rioters(a) for a in draft.actors]


def _typed(units: list[Unit], draft: Draft, sent: SpacySpan) -> list:
    """``((event type, sub-event type, priority), unit)`` of the units the table types."""
    typed = []
    for unit in units:
        check()
        if (typing := type_unit(unit, draft, sent)) is not None:
            typed.append((typing, unit))
    return typed


def _causes(draft: Draft, sent: SpacySpan, typed: list) -> list:
    """What the sentence reports, without the protest it says followed ("police shot
    dead a tout, sparking protests" reports the killing; the protests are another
    event) or that was its setting ("during riots"): such a trigger types the event only
    when nothing else does."""
    told = [(t, u) for t, u in typed if not _aside(u, draft)]
    if len(told) == len(typed):
        return typed
    if not told:
        rest = [u for u in draft.units if not _aside(u, draft)]
        told = _typed(rest, draft, sent)
    return told or typed


def _aside(unit: Unit, draft: Draft) -> bool:
    return _consequence(unit) or _setting(unit, draft)


def _setting(unit: Unit, draft: Draft) -> bool:
    """The trigger is a protest or riot another trigger happened during ("police killed a
    youth during riots in Kisumu"): the setting, not what the sentence reports."""
    token = unit.token
    if unit.entry.event_type not in ("Protests", "Riots") or token.dep_ != "pobj":
        return False
    prep = token.head
    heads = {u.token.i for u in draft.units if u is not unit}
    return prep.lower_ in ("during", "amid", "amidst") and prep.head.i in heads


def _consequence(unit: Unit) -> bool:
    """The trigger is a protest something led to ("sparking protests", "led to
    protesting"); not a clash a protest led to, which is what became of the protest."""
    if unit.entry.event_type != "Protests":
        return False
    token = unit.token
    before = [t.lower_ for t in token.doc[max(token.sent.start, token.i - 4) : token.i]]
    pairs = set(zip(before, before[1:], strict=False))
    return bool(set(before) & CONSEQUENCE_WORDS) or bool(pairs & _LEADS_TO)


_LEADS_TO = {(w, "to") for w in ("led", "leading", "lead", "leads")} | {
    ("resulting", "in"),
    ("resulted", "in"),
}

ABDUCTION = "Abduction/forced disappearance"


def _killed_too(draft: Draft, sent: SpacySpan, typed: list) -> list:
    """An abduction told with a killing is coded by the killing, as ACLED codes it: an
    attack when civilians died ("abducted and killed a civilian"), a battle when armed
    men did ("attacked a police post, killing an officer and abducting two others"),
    whatever else the sentence says of the attack."""
    kills = [u for u in draft.units if u.entry.sub_event_type == "@kill"]
    return _typed(kills, draft, sent) or typed


def _toll(unit: Unit, heads: set[int]) -> bool:
    """A participle that counts what a stronger trigger did ("assaulted the protesters,
    injuring 15 students"): its casualties, typed with it, not an event of its own."""
    token = unit.token
    return (
        token.tag_ == "VBG" and token.dep_ in ("advcl", "xcomp", "conj") and token.head.i in heads
    )


def _harms(unit: Unit, draft: Draft, sent: SpacySpan) -> bool:
    """A weak trigger that harms someone the sentence names: civilians, protesters,
    property, or a captive ("police arrested and tortured a suspect"); or a blast whose
    weapon it names ("injured following the explosion of a mine")."""
    if unit.entry.sub_event_type == "@explosion" and weapon_near(sent, unit.token):
        return True
    if captive(unit, draft):
        return True
    return victims_of(unit, draft) in _HARMED


def _destroys(unit: Unit) -> bool:
    """A weak trigger that is an act of destruction beside a stronger trigger: a verb
    ("rioters set fire to a van during the blockade", "workers vandalised a police
    vehicle during their demonstration"), not the burning of an effigy, which is how a
    protest is held."""
    if unit.entry.sub_event_type != "@property" or unit.token.pos_ != "VERB":
        return False
    return not any(o.lower_ in PROTEST_PROPS for o in objects_of(unit.token))


def _verbal(unit: Unit) -> bool:
    """A verb, or a verb phrase of the lexicon the tagger misread in a headline ("Five
    shot dead by bandits": "shot" tagged a noun)."""
    return unit.token.pos_ == "VERB" or " " in unit.span.text.strip()


def weak_but_real(draft: Draft, sent: SpacySpan, event_type: str, sub_type: str) -> bool:
    """Weak triggers only ("blocked", "deployed", "injured") make an event when the
    sentence names a place and says who: an armed or state actor, civilian victims, a
    weapon, or (for protests and riots) a crowd. A killing or a harm with its victims
    named needs no place ("3 civilians killed by suspected militants"): it is an event
    wherever it happened."""
    if any(u.token.pos_ == "VERB" and victims_of(u, draft) for u in draft.units) or any(
        _verbal(u) and u.entry.sub_event_type == "@kill" for u in draft.units
    ):
        return True
    if not (draft.named_link() or draft.sentence_places):
        return False
    if any(a.type in ARMED_TYPES for a in draft.actors):
        return True
    if sub_type in ("Attack", "Excessive force against protesters", "Mob violence"):
        return True
    if any(u.token.lower_ in BOMBINGS for u in draft.units):
        return True  # "a church was bombed in Jos"
    if any(u.token.pos_ == "VERB" and u.entry.sub_event_type in _HARM_VERBS for u in draft.units):
        return True  # "shot and killed a former officer", "torched a mast"
    if event_type in ("Protests", "Riots"):
        crowd = any(a.type in CROWD_TYPES for a in draft.actors)
        return crowd or any(
            u.entry.event_type == "Protests" and u.token.pos_ == "NOUN" for u in draft.units
        )
    return weapon_near(sent, draft.units[0].token) is not None
