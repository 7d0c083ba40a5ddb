"""Merging a document's sentence drafts into events: a sentence that continues an event
("Gunmen attacked a village. Police responded and exchanged fire with them.") adds its
units, actors, figures, sources and dates to it, and may change its type the way ACLED
codes the whole (a demonstration that turned violent is one riot, an attack met by armed
resistance one battle)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.deadline import check
from app.core.words import words
from app.events.drafts import Draft, Unit
from app.events.facts import kills_fighters
from app.events.roles import add_actor, as_rioters
from app.events.triggers import same_place, tells_alone
from app.events.types import EventDate
from app.events.typing_rules import LABEL_PRIORITY

if TYPE_CHECKING:
    from spacy.tokens import Token

DEFINITE = words("the this that these those")


def merge_continuations(drafts: list[Draft]) -> list[Draft]:
    """The events of a document's sentence drafts, in order: a draft that continues the
    event before it (no place of its own and no other day, the same type at the same
    place a few sentences on, or told only as "the attack", "the attackers") adds its
    facts to that event; the others stand alone."""
    events: list[Draft] = []
    for draft in drafts:
        check()
        if not draft.event_type:
            continue
        previous = events[-1] if events else None
        near = previous is not None and (
            draft.paragraph - previous.last_paragraph <= 1
            and draft.sentence - previous.last_sentence <= 3
        )
        if (
            near
            and draft.named_link() is None
            and not _other_day(previous, draft)
            or (
                near
                and draft.sentence != previous.sentence
                and previous.event_type == draft.event_type
                and _same_location(previous, draft)
            )
            or (near and draft.sentence != previous.sentence and _mentions_back(draft))
        ):
            _absorb(previous, draft)
        elif draft.valid:
            events.append(draft)
    return events


def _mentions_back(draft: Draft) -> bool:
    """The draft names its event only as one already told ("The attackers fled into
    Somalia.", "Six people died in the attack in Rongo."): a definite noun trigger, with
    no other trigger that tells an event by itself ("The advance was backed by Iraqi
    strikes." reports the strikes too)."""
    back = {u.token.i for u in draft.units if _definite(u.token)}
    return bool(back) and all(u.token.i in back or not tells_alone(u) for u in draft.units)


def _definite(token: Token) -> bool:
    return token.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in DEFINITE for c in token.children
    )


def _other_day(a: Draft, b: Draft) -> bool:
    """Both name their dates and the dates do not overlap: two events."""
    da, db = a.date, b.date
    if da is None or db is None or da.basis != "text" or db.basis != "text":
        return False
    if None in (da.start, da.end, db.start, db.end):
        return False
    return da.end < db.start or db.end < da.start


def _same_location(a: Draft, b: Draft) -> bool:
    la, lb = a.named_link(), b.named_link()
    if la is None or lb is None or la.mention is None or lb.mention is None:
        return False
    return same_place(la.mention, lb.mention) or (
        la.mention.text.lower() == lb.mention.text.lower()
    )


FORCE_ON_PROTESTS = ("Protest with intervention", "Excessive force against protesters")


def _harms_people(unit: Unit) -> bool:
    """A continuation's trigger that kills or wounds ("three were killed", "the group
    stormed in and injured four people"), not a word for the attack itself ("the
    raids", "the attackers")."""
    kind = unit.entry.sub_event_type
    return kind == "@kill" or (kind == "@attack" and unit.weak)


def _absorb(event: Draft, other: Draft) -> None:
    """Add a continuation sentence's facts to the event it continues."""
    if other.evidence != event.evidence and other.evidence not in event.supporting:
        event.supporting.append(other.evidence)
    event.supporting.extend(s for s in other.supporting if s not in event.supporting)
    event.units.extend(other.units)
    event.last_paragraph, event.last_sentence = other.last_paragraph, other.last_sentence
    for actor in other.actors:
        add_actor(event, actor)
    event.fatalities.extend(other.fatalities)
    for source in other.sources:
        if source not in event.sources:
            event.sources.append(source)
    if event.named_link() is None and other.named_link() is not None:
        event.links = other.links + event.links
    event.date = _union(event.date, other.date)
    if not event.valid and other.valid:
        event.valid = True
        event.event_type, event.sub_event_type = other.event_type, other.sub_event_type
    elif event.event_type == "Protests" and other.valid and other.event_type == "Riots":
        # "Villagers demonstrated in Thor. They threw stones at the police.": ACLED codes
        # the demonstration that turned violent as one riot
        event.event_type, event.sub_event_type = other.event_type, other.sub_event_type
        event.actors = [as_rioters(a) for a in event.actors]
    elif (
        event.sub_event_type == "Peaceful protest"
        and other.valid
        and other.sub_event_type in FORCE_ON_PROTESTS
    ):
        # "Students protested in Haramaya. Police fired on the protesters.": the protest
        # is one event, with the force used against it
        event.event_type, event.sub_event_type = other.event_type, other.sub_event_type
    elif (
        event.event_type == "Violence against civilians"
        and other.valid
        and (
            any(u.entry.sub_event_type == "Armed clash" and not u.weak for u in other.units)
            or (other.event_type == "Battles" and any(kills_fighters(u) for u in other.units))
        )
    ):
        # "Bandits attacked a village. Police reservists responded and exchanged fire
        # with them." / "Police intervened, killing 30 of the raiders.": the attack that
        # was met by armed resistance is one battle
        event.event_type, event.sub_event_type = "Battles", "Armed clash"
    elif (
        event.event_type == "Strategic developments"
        and event.priority < LABEL_PRIORITY
        and other.valid
        and other.event_type in ("Violence against civilians", "Battles")
        and any(_harms_people(u) for u in other.units)
    ):
        # "Two houses were torched in Kapedo. Three people were killed.", "Bandits torched
        # 70 houses in Kapedo. Four residents were injured.", "Violence sparked
        # by the arrest of a leader. Five civilians killed.": destruction, an arrest or a
        # flight with killing is the attack or the fight it was part of
        event.event_type, event.sub_event_type = other.event_type, other.sub_event_type


def _union(a: EventDate | None, b: EventDate | None) -> EventDate | None:
    """Dates named in the text win over dates carried from context; two named dates
    give the range covering both."""
    if b is None or b.start is None:
        return a
    if a is None or a.start is None or (a.basis != "text" and b.basis == "text"):
        return b
    if b.basis != "text":
        return a
    start, end = min(a.start, b.start), max(a.end or a.start, b.end or b.start)
    precision = "day" if start == end else "range"
    if (start, end) == (a.start, a.end):
        precision = a.precision
    elif (start, end) == (b.start, b.end):
        precision = b.precision
    return EventDate(start, end, precision, "text", a.span or b.span)
