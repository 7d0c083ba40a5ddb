"""The small frozen values the geoparsing stages exchange."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shapely.geometry.base import BaseGeometry

from app.core.errors import TextTooLarge
from app.gazetteer.types import Entry


@dataclass(frozen=True, slots=True)
class Document:
    """One input document. ``text`` may be HTML when ``is_html`` is set."""

    id: str
    text: str
    published_at: date | None = None
    title: str | None = None
    is_html: bool = False
    date_basis: str | None = None
    """Where ``published_at`` came from (``app.geoparse.published``): ``given`` when None
    and a date is set; ``metadata`` or ``byline`` when the geoparser found it."""
    source: str | None = None
    """The reporting outlet ("Reuters"), carried to the output (ACLED's ``source``)."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A recognised place name: ``text == document_text[start:end]``.

    ``cue`` is the feature-type hint from the words around it ("the town of" ->
    ``town``); ``signals`` lists what recognised it (``ner:GPE``, ``gazetteer``).
    """

    start: int
    end: int
    text: str
    signals: tuple[str, ...] = ()
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place and every mention of it in the document."""

    entry: Entry
    mentions: tuple[Mention, ...]
    score: float
    role: str = "place"
    """``place`` where the text names it as a location; ``demonym`` when it is only named
    by a nationality word ("Syrian"); ``associative`` when only as a modifier
    ("US-led", "pro-Damascus"). Only ``place`` says where something is or happened."""


@dataclass(frozen=True, slots=True)
class Unresolved:
    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class DerivedPlace:
    """A place the text names relative to resolved ones ("the eastern bank of the
    Euphrates", "the Syrian-Iraqi border"), with the geometry a documented rule
    (``rule``, ``params``) derived from its ``anchors`` (gazetteer ids)."""

    id: str
    name: str
    feature_type: str
    rule: str
    params: tuple[tuple[str, object], ...]
    anchors: tuple[str, ...]
    mentions: tuple[Mention, ...]
    geometry: BaseGeometry
    geometry_precision: str
    geometry_source: str
    score: float
    country_code: str | None = None
    gazetteer_id: str | None = None


@dataclass(frozen=True, slots=True)
class StageWarning:
    """A later stage (``stage``: ``derived``, ``events``) failed on the document: the
    result has everything the other stages found, and nothing from this one."""

    stage: str
    detail: str


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What the geoparser found in one document. ``text`` is the text offsets refer to
    (the extracted main text when the input was HTML)."""

    doc_id: str
    text: str
    places: tuple[Place, ...] = ()
    unresolved: tuple[Unresolved, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)
    derived: tuple[DerivedPlace, ...] = ()
    published_at: date | None = None
    """The document's publication date (relative dates in the text resolve against it)."""
    date_basis: str | None = None
    """Where ``published_at`` came from: ``given``, ``metadata`` or ``byline``."""
    events: tuple[Any, ...] = ()
    """What the document reports happened: the ``app.events.types.Event`` values the event
    stage adds. Not named here, so that the geoparser does not depend on the stages that
    run after it (``app.services.geoparser`` composes them)."""
    warnings: tuple[StageWarning, ...] = ()
    """The stages that failed on this document (their results are missing)."""


def check_size(doc: Document, max_chars: int) -> Document:
    """The document, or TextTooLarge when it is over the documented limit."""
    if len(doc.text) > max_chars:
        raise TextTooLarge(
            f"document {doc.id!r} has {len(doc.text):,} characters; the limit is "
            f"{max_chars:,} (GEOEVENTS_MAX_TEXT_CHARS)"
        )
    return doc
