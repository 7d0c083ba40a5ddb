"""The publication date a document states about itself, and where it was found.

An article sent without ``published_at`` still has its date when it says it: an HTML
page in its metadata (``<meta property="article:published_time">``, JSON-LD,
``<time>``...; read by ``htmldate`` without guessing from the text), a text in its byline
or dateline near the top ("Global Research, June 11, 2018", "Published: 11 June 2018",
"DAMASCUS, June 11, 2018 (Reuters) -"; the date parsed by ``dateparser``). Relative dates
in the text ("on Monday", "last weekend") then resolve against it.

``date_basis`` says where the date came from: ``given`` (by the caller), ``metadata`` (the
page's metadata) or ``byline`` (a byline or dateline of the text).
"""

from __future__ import annotations

import datetime as dt
import re

GIVEN, METADATA, BYLINE = "given", "metadata", "byline"

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+{_DAY},?\s+(?:19|20)\d\d|{_DAY}\s+{_MONTH},?\s+(?:19|20)\d\d"
    r"|(?:19|20)\d\d-[01]\d-[0-3]\d)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(r"\b(?:published|posted|updated|first published|dated?)\b[\s:]*(?:on\s+)?$")
_DATELINE = re.compile(r"^[A-Z][A-Z .'\-]{1,40}(?:\([^)]*\))?,\s*$")
"""An upper-case place before the date: "DAMASCUS, June 11, 2018 (Reuters) -"."""
_IN_PROSE = re.compile(r"\b(?:on|since|from|until|till|by|before|after|of|in)\s*$", re.I)
HEAD_LINES = 25
"""Bylines and datelines are looked for in the first lines of the text..."""
HEAD_CHARS = 3000
"""...within its first characters."""
SHORT_LINE = 100
"""A byline is a short line: a date in a longer one is the story's, not the article's."""


def find_publication_date(
    body: str, text: str, is_html: bool, today: dt.date | None = None
) -> tuple[dt.date, str] | None:
    """``(date, basis)`` of the document's own publication date, or None. ``body`` is what
    was submitted (HTML or text), ``text`` the text that is geoparsed."""
    latest = (today or dt.date.today()) + dt.timedelta(days=1)
    if is_html:
        found = _metadata_date(body)
        if found is not None and found <= latest:
            return found, METADATA
    found = byline_date(text)
    if found is not None and found <= latest:
        return found, BYLINE
    return None


def _metadata_date(html: str) -> dt.date | None:
    from htmldate import find_date

    try:
        value = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return None
    return dt.date.fromisoformat(value) if value else None


def byline_date(text: str) -> dt.date | None:
    """The date of a byline ("Global Research, June 11, 2018"), a labelled date
    ("Published: 11 June 2018") or a dateline ("DAMASCUS, June 11, 2018 -") in the first
    lines of ``text``; None when there is none. A date in running prose is not one."""
    lines = [line.strip() for line in text[:HEAD_CHARS].splitlines() if line.strip()]
    for line in lines[:HEAD_LINES]:
        for match in _DATE.finditer(line):
            before = line[: match.start()]
            labelled = bool(_LABEL.search(before.lower()))
            dateline = bool(_DATELINE.match(before))
            byline = len(line) <= SHORT_LINE and not _IN_PROSE.search(before)
            if labelled or dateline or byline:
                parsed = _parse(match.group(0))
                if parsed is not None:
                    return parsed
    return None


def _parse(value: str) -> dt.date | None:
    import dateparser

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date() if parsed else None
