"""The confidence of an event (``app/events/scoring.py``): of the events of one report,
the one that killed people ranks before a seizure or an arrest told beside it, as an
analyst codes the report's main event."""

import datetime as dt

from app.geoparse.types import Document


def test_the_deadly_event_is_the_most_confident(geoparser):
    text = (
        "Police seized weapons in Mandera on Monday. "
        "Gunmen killed four villagers in Mandera on Monday."
    )
    events = geoparser.parse(Document("two", text, published_at=dt.date(2020, 3, 4))).events
    assert {e.sub_event_type for e in events} == {"Disrupted weapons use", "Attack"}
    best = max(events, key=lambda e: e.score)
    assert best.event_type == "Violence against civilians"
    assert [f.count for f in best.fatalities] == [4]
