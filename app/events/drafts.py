"""The values the event stage builds per sentence: a trigger in its sentence (``Unit``),
the event being assembled (``Draft``, internal: extraction builds it, then freezes it
into an ``Event``) and a parsed sentence with its place in the document (``Sentence``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.events.lexicon import TriggerEntry
from app.events.linking import Link, LocMention
from app.events.types import ActorRef, EventDate, FatalityReport, Span

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


@dataclass(frozen=True, slots=True)
class Unit:
    token: Token
    entry: TriggerEntry
    span: Span
    links: tuple[Link, ...]

    @property
    def weak(self) -> bool:
        return self.entry.weak

    def own_place(self) -> LocMention | None:
        for link in self.links:
            if link.origin:
                continue
            if link.anaphor is not None:
                return LocMention(link.anaphor.idx, link.anaphor.idx, "anaphor", kind="anaphor")
            if link.mention is not None and link.mention.kind != "unnamed":
                return link.mention
        return None


@dataclass(slots=True)
class Draft:
    """An event being assembled (internal: extraction builds it, then freezes it)."""

    units: list[Unit]
    paragraph: int
    sentence: int
    last_paragraph: int
    last_sentence: int
    evidence: Span
    event_type: str = ""
    sub_event_type: str = ""
    priority: int = 0
    valid: bool = True
    actors: list[ActorRef] = field(default_factory=list)
    date: EventDate | None = None
    fatalities: list[FatalityReport] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    links: list[tuple[Link, int]] = field(default_factory=list)
    """Links with the paragraph offset of the token they came from."""
    supporting: list[Span] = field(default_factory=list)
    sentence_places: list[LocMention] = field(default_factory=list)
    paragraph_start: int = 0

    @property
    def strong(self) -> bool:
        return any(not u.weak for u in self.units)

    def named_link(self) -> Link | None:
        for link, _ in self.links:
            if not link.origin and (
                link.anaphor is not None
                or (link.mention is not None and link.mention.kind != "unnamed")
            ):
                return link
        return None


@dataclass(frozen=True, slots=True)
class Sentence:
    span: SpacySpan
    offset: int
    """Where the sentence's doc (its paragraph) starts in the document text."""
    index: int
    paragraph: int
