"""Sentences that once broke the event stage: each gives its events, never an exception."""

import pytest

from app.geoparse.types import Document


@pytest.mark.parametrize(
    "text",
    [
        # two "kill" triggers and no civilian victim: _victims recursed forever (issue 15)
        "Gunmen killed two soldiers and killed a policeman in Aleppo on Monday.",
        "Militants killed a soldier, killed two policemen and killed a guard in Homs.",
    ],
)
def test_sentences_that_once_raised(geoparser, text):
    result = geoparser.parse(Document("r", text))
    assert result.events, text
    assert all(e.event_type == "Battles" for e in result.events)
