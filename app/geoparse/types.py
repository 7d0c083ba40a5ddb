"""The small frozen values the geoparsing stages exchange."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

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
class ParseResult:
    """What the geoparser found in one document. ``text`` is the text offsets refer to
    (the extracted main text when the input was HTML)."""

    doc_id: str
    text: str
    places: tuple[Place, ...] = ()
    unresolved: tuple[Unresolved, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)


def check_size(doc: Document, max_chars: int) -> Document:
    """The document, or TextTooLarge when it is over the documented limit."""
    if len(doc.text) > max_chars:
        raise TextTooLarge(
            f"document {doc.id!r} has {len(doc.text):,} characters; the limit is "
            f"{max_chars:,} (GEOEVENTS_MAX_TEXT_CHARS)"
        )
    return doc
