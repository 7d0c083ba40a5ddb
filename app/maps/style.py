"""Colours and symbols: one per ACLED event type, so a map reads the same everywhere.

The symbols are drawn as inline SVG by the page script (no icon font to download), and
each type has a shape as well as a colour, for readers who do not tell the colours apart.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class EventStyle:
    key: str
    """A CSS-safe slug: ``ge-event-<key>`` is the class of the type's markers."""
    name: str
    """The ACLED event type as written in the data."""
    color: str
    shape: str
    """One of the shapes the page script knows: circle, square, triangle, diamond, star,
    cross, hexagon."""


EVENT_STYLES: tuple[EventStyle, ...] = (
    EventStyle("battles", "Battles", "#c0392b", "cross"),
    EventStyle("explosions", "Explosions/Remote violence", "#e67e22", "star"),
    EventStyle("civilians", "Violence against civilians", "#8e44ad", "triangle"),
    EventStyle("protests", "Protests", "#2471a3", "circle"),
    EventStyle("riots", "Riots", "#b7950b", "diamond"),
    EventStyle("strategic", "Strategic developments", "#1e8449", "square"),
)
OTHER = EventStyle("other", "Other", "#566573", "hexagon")
"""Events whose type is missing or outside ACLED's taxonomy."""

_BY_NAME = {s.name.casefold(): s for s in EVENT_STYLES}


def event_style(event_type: object) -> EventStyle:
    """The style of an ACLED event type (case-insensitive); ``OTHER`` for anything else.

    >>> event_style("battles").color
    '#c0392b'
    """
    if not isinstance(event_type, str):
        return OTHER
    return _BY_NAME.get(event_type.strip().casefold(), OTHER)


def styles_for_page() -> list[dict]:
    """Every style, ``OTHER`` last, as the page script takes them."""
    return [asdict(s) for s in (*EVENT_STYLES, OTHER)]
