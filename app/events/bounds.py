"""Bounds on the work of the event stage per sentence (issue 15, item 3).

The sentence-level steps (actors, linking, grouping, weapons) compare triggers with the
tokens of their sentence, so their cost grows with the square of its length. A run of
text without a sentence end (a 160 KB list, a table flattened to one line) would be one
sentence of 30,000 tokens: minutes of work for nothing a reader calls a sentence. Such a
run is cut into pieces of at most ``MAX_SENTENCE_CHARS`` before it is parsed (at the last
sentence end, else clause mark, else space before the limit), and the parser gets its
texts in groups of at most ``MAX_PARSE_CHARS`` with the deadline checked between them,
so a time limit stops the parsing too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from app.core.deadline import check

if TYPE_CHECKING:
    from spacy.tokens import Doc

MAX_SENTENCE_CHARS = 1_500
"""Longest text parsed as one sentence (real news sentences are well under 600 chars)."""
MAX_PARSE_CHARS = 20_000
"""Characters handed to the parser at once between two deadline checks."""

_CUTS = (re.compile(r"[.!?][\"”’')\]]*\s+"), re.compile(r"[;:,]\s+"), re.compile(r"\s+"))
"""Where a long run is cut, best first: a sentence end, a clause mark, any space."""


def bounded(
    text: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS
) -> list[tuple[int, int]]:
    """``text[start:end]`` as consecutive ``(start, end)`` pieces of at most ``limit``
    characters (one piece when it is short enough). A cut falls in the second half of a
    piece, after the last sentence end there, else clause mark, else space; a run with
    no space at all is cut at ``limit``."""
    pieces = []
    while end - start > limit:
        stop = start + limit
        window = text[start + limit // 2 : stop]
        cut = stop
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(window)]
            if ends:
                cut = start + limit // 2 + ends[-1]
                break
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def parse_checked(
    parse: Callable[[list[str]], Iterable[Doc]], texts: list[str], limit: int = MAX_PARSE_CHARS
) -> list[Doc]:
    """``parse(texts)`` in groups of at most ``limit`` characters (or one text), with the
    deadline checked before each group."""
    docs: list[Doc] = []
    group: list[str] = []
    size = 0
    for text in texts:
        if group and size + len(text) > limit:
            check()
            docs.extend(parse(group))
            group, size = [], 0
        group.append(text)
        size += len(text)
    if group:
        check()
        docs.extend(parse(group))
    return docs
