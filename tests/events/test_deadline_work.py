"""The time limit stops the work, not only the answer (issue 15, item 3): a document that
is one endless "sentence" of event triggers and places stops with GeoparseTimeout, and the
thread's CPU time ends within about a second after the deadline (before the fix the event
stage ran on, unchecked, inside the sentence: minutes of CPU after a 408)."""

from __future__ import annotations

import time

import pytest

from app.core.deadline import deadline
from app.core.errors import GeoparseTimeout
from app.events.bounds import MAX_SENTENCE_CHARS, bounded
from app.geoparse.types import Document
from app.services.geoparse import geoparse_documents

UNIT = "Militants attacked the town of Raqqa and "
LIMIT = 0.3
"""Well under what either document takes, so that both must be stopped."""


@pytest.mark.parametrize("chars", [20_000, 160_000])
def test_cpu_stops_within_a_second_after_the_deadline(geoparser, chars):
    text = UNIT * (chars // len(UNIT)) + "Aleppo."
    wall, cpu = time.monotonic(), time.thread_time()
    with pytest.raises(GeoparseTimeout), deadline(LIMIT):
        next(geoparse_documents(geoparser, [Document("endless", text)]))
    wall, cpu = time.monotonic() - wall, time.thread_time() - cpu
    print(f"{chars:,} chars: stopped after {wall:.2f} s, {cpu:.2f} s CPU")
    # CPU time never exceeds wall time, so at most LIMIT of it was spent before the deadline
    assert cpu < LIMIT + 1.0


def test_long_runs_are_cut_into_bounded_pieces():
    text = UNIT * 1000
    pieces = bounded(text, 5, len(text))
    assert pieces[0][0] == 5 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))
    assert all(0 < e - s <= MAX_SENTENCE_CHARS for s, e in pieces)
    assert all(text[e - 1] == " " for _, e in pieces[:-1])  # cut at a space, not in a word
    assert bounded("Short one.", 0, 10) == [(0, 10)]
    assert bounded("x" * 3001, 0, 3001) == [(0, 1500), (1500, 3000), (3000, 3001)]
    sentences = "A first sentence, then more. " * 100
    assert all(sentences[e - 2] == "." for _, e in bounded(sentences, 0, len(sentences))[:-1])
