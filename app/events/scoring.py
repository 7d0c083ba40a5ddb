"""The confidence of an event: how much of it the text states."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.events.drafts import Draft
from app.events.types import Event
from app.events.typing_rules import LABEL_PRIORITY

if TYPE_CHECKING:
    from spacy.tokens import Token


def score(event: Event, draft: Draft) -> float:
    """A confidence in 0..1 from how much of the event the text states (not calibrated)."""
    value = 0.5 if draft.strong else 0.35
    location = event.location
    if location is not None and location.link not in ("sentence",):
        value += 0.2
    elif location is not None:
        value += 0.1
    if event.geometry_basis == "place":
        value += 0.1
    if event.date.basis == "text":
        value += 0.1
    if event.actors:
        value += 0.05
    if event.supporting:
        value += 0.05
    if any(_main_clause(unit.token) for unit in draft.units):
        value += 0.05
    if any(report.count for report in event.fatalities):
        value += 0.05  # people died: what a report is about before its arrests and seizures
    if draft.priority >= LABEL_PRIORITY:
        value += 0.15  # an analyst's label ("Looting: ...") says what the note reports
    return round(min(value, 0.95), 2)


def _main_clause(token: Token) -> bool:
    """The trigger is what its sentence says happened: the main verb, a verb coordinated
    with it, or its subject or object ("staged a demonstration"), not a phrase about the
    background ("during the ongoing blockade", "(based on the blockade programme)")."""
    if token.dep_ == "ROOT":
        return True
    head = token.head
    if token.dep_ == "conj" and head.dep_ == "ROOT":
        return True
    return head.dep_ == "ROOT" and token.dep_ in ("dobj", "nsubj", "nsubjpass")
