"""The weapon a sentence names near a trigger: the one the trigger was done with, not one
that was destroyed, captured, found or defused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.deadline import check
from app.events.vocabulary import DESTROYED_OR_TAKEN, DISRUPTS, WEAPON_ONLY_BEFORE, WEAPONS

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


def weapon_near(sent: SpacySpan, trigger: Token, used: bool = False) -> str | None:
    """The weapon named nearest the trigger (aircraft, artillery, a bomb...), not one
    that was destroyed or captured ("destroying 2 tanks"); with ``used``, not one another
    verb seized, found or defused either (the weapon the trigger was done with)."""
    best, best_distance = None, 99
    for token in sent:
        check()
        if token.dep_ in ("dobj", "nsubjpass") and token.head.lower_ in DESTROYED_OR_TAKEN:
            continue
        if used and _did_not_go_off(token, trigger):
            continue
        for sub, names in WEAPONS.items():
            if token.lower_ in names:
                if not _names_a_weapon(token):
                    continue  # "his death was a suicide", "fired into the air"
                distance = abs(token.i - trigger.i)
                if sub == "Suicide bomb":
                    distance -= 1
                if distance < best_distance:
                    best, best_distance = sub, distance
    return best if best_distance <= 12 else None


def _did_not_go_off(token: Token, trigger: Token) -> bool:
    """A weapon another verb seized, found or defused ("gunned down a suspect and
    recovered two hand grenades"): not the weapon of the trigger beside it."""
    if token.i == trigger.i:
        return False  # the trigger itself: "find an unexploded bomb" is disrupted use
    thing, head = token, token.head
    if thing.dep_ == "pobj" and head.dep_ == "prep":
        thing, head = head.head, head.head.head  # "a cache of grenades"
    return (
        thing.dep_ in ("dobj", "nsubjpass", "conj")
        and head.lower_ in DISRUPTS
        and head.i != trigger.i
    )


def _names_a_weapon(token: Token) -> bool:
    """A weapon word that is one alone, or one of ``WEAPON_ONLY_BEFORE`` before its
    noun ("a suicide bomber", "an air strike")."""
    nouns = WEAPON_ONLY_BEFORE.get(token.lower_)
    if nouns is None:
        return True
    return any(t.lower_ in nouns for t in token.doc[token.i + 1 : token.i + 3])
