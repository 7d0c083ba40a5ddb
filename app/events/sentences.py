"""Which paragraphs are prose worth reading for events (not headlines, bylines or link
lists)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


_SENTENCE_END = re.compile(r"[a-z0-9]{2}[.!?][\"'”’)\]]*\s")


def is_prose(paragraph: str) -> bool:
    """A paragraph of sentences (not a headline, byline or a list of links): it ends a
    sentence, or ends one and goes on ("... in Sidon. [size=no report]")."""
    body = paragraph.strip()
    if len(body.split()) < 6:
        return False
    return body[-1] in ".!?\"'”’)" or _SENTENCE_END.search(body) is not None
