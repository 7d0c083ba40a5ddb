"""The small frozen values the event stage exchanges.

An :class:`Event` is what one article reports happened: its ACLED type, when, who, how
many died (as reported, with qualifiers and who said so), and the place it happened at.
Offsets are Python character offsets into the geoparsed text, end exclusive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)
"""ACLED's event types."""

SUB_EVENT_TYPES = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
"""ACLED's sub-event types per event type (ACLED codebook, 2019 onwards)."""

DATE_PRECISIONS = ("day", "range", "week", "month")


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the text: ``text == document_text[start:end]``."""

    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class ActorRef:
    """A normalised actor and the surface forms the article used for it.

    ``role``: ``actor1`` (who acted: attacked, shelled, captured, protested),
    ``actor2`` (who it was done to or fought against), ``associated`` otherwise.
    """

    name: str
    type: str
    surface_forms: tuple[str, ...]
    role: str = "associated"


@dataclass(frozen=True, slots=True)
class FatalityReport:
    """One reported figure: ``about 35 pro-government fighters, according to X``.

    ``count`` is None for vague words ACLED gives no number ("several", "many").
    """

    count: int | None
    qualifier: str | None
    side: str | None
    source: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class EventDate:
    """When: ``start``..``end`` (equal for one day). ``basis`` says where it comes from:
    ``text`` (a date expression of the event's sentences), ``context`` (the last date named
    earlier in the paragraph), ``published`` (none named: the week before publication)."""

    start: dt.date | None
    end: dt.date | None
    precision: str | None
    basis: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """A place the event is linked to.

    ``gazetteer_id`` is set for resolved places (``None`` for names the gazetteer lacks,
    and for unnamed phrases like "the border area"). ``link`` is how it was linked: the
    dependency relation (``prep:on``, ``prep:in``, ``object``, ``subject``, ``compound``),
    ``anaphora`` ("the town" -> the town named before), or ``sentence`` (the only place of
    the sentence, no syntactic link). ``feature_id`` names a derived area's feature when
    the link is to one.
    """

    span: Span
    gazetteer_id: str | None
    link: str
    feature_type: str | None = None
    country_code: str | None = None
    feature_id: str | None = None
    named: bool = True
    """False for a place phrase without a name ("the border area")."""

    @property
    def resolved(self) -> bool:
        return self.gazetteer_id is not None or self.feature_id is not None


@dataclass(frozen=True, slots=True)
class Event:
    """One event an article reports.

    ``locations`` are ordered, the place the event happened at first. The event's geometry
    is ``geometry_id``'s (a gazetteer id or a derived feature's id); ``geometry_basis`` says
    why: ``place`` (the first location), ``enclosing`` (the first location is not in the
    gazetteer, so the area named with it, "in eastern al-Suwayda"), ``nearby`` (likewise, a
    place named next to it: "Togoga, west of Mekelle"), ``country`` (only the country the
    article is about is known: ``geometry_country``), or ``none``.
    """

    event_type: str
    sub_event_type: str
    triggers: tuple[Span, ...]
    date: EventDate
    actors: tuple[ActorRef, ...]
    fatalities: tuple[FatalityReport, ...]
    sources: tuple[str, ...]
    locations: tuple[Location, ...]
    evidence: Span
    supporting: tuple[Span, ...]
    score: float
    geometry_id: str | None = None
    geometry_basis: str = "none"
    geometry_country: str | None = None
    geometry_note: str | None = None

    @property
    def location(self) -> Location | None:
        return self.locations[0] if self.locations else None

    @property
    def place_ids(self) -> tuple[str, ...]:
        """Gazetteer ids (and derived feature ids) of the linked places, the main one first."""
        ids = [loc.feature_id or loc.gazetteer_id for loc in self.locations]
        if self.geometry_id and self.geometry_basis in ("enclosing", "nearby"):
            ids.append(self.geometry_id)
        return tuple(dict.fromkeys(i for i in ids if i))
