"""The gold set written for these tests (tests/events/gold): 41 short paragraphs from
different conflicts and styles (dev, test, and a held-out file measured once before any
change for it). Thresholds sit below the figures measured (see the README), so a
regression fails."""

from pathlib import Path

import pytest

from app.events.evaluate import evaluate, match_events, place_matches, read_gold
from app.events.types import Event, EventDate, Span

GOLD = Path(__file__).parent / "gold"


@pytest.fixture(scope="module")
def scores(geoparser):
    docs = [d for name in ("dev", "test", "holdout") for d in read_gold(GOLD / f"{name}.jsonl")]
    return evaluate(docs, geoparser.parse)


def test_the_gold_set_is_big_and_varied():
    docs = [d for name in ("dev", "test", "holdout") for d in read_gold(GOLD / f"{name}.jsonl")]
    assert len(docs) >= 40
    assert len({d.style for d in docs}) >= 6
    assert sum(len(d.events) for d in docs) >= 50
    assert any(not d.events for d in docs), "paragraphs without events test precision"


def test_detection(scores):
    assert scores.recall >= 0.9
    assert scores.precision >= 0.9


def test_types_dates_places(scores):
    assert scores.event_type.rate >= 0.9
    assert scores.sub_event_type.rate >= 0.85
    assert scores.dates.rate >= 0.85
    assert scores.place.rate >= 0.85
    assert scores.actor1.rate >= 0.8
    assert scores.fatalities.rate >= 0.8


def test_parse_based_linking_beats_the_baselines(scores):
    """Linking by the parse makes at most half the errors of either simple baseline."""
    for baseline in (scores.place_first_in_sentence, scores.place_nearest):
        assert scores.place.rate > baseline.rate
        assert 1 - scores.place.rate <= 0.5 * (1 - baseline.rate)


def _event(start, end, evidence=(0, 100)):
    span = Span(start, end, "x" * (end - start))
    return Event(
        "Battles",
        "Armed clash",
        (span,),
        EventDate(None, None, None, "none"),
        (),
        (),
        (),
        (),
        Span(*evidence, "x"),
        (),
        0.5,
    )


def test_matching_prefers_the_trigger(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text(
        '{"id": "x", "published_at": "2020-01-01", "text": "Clashes in A. Shelling in B.", '
        '"events": [{"anchor": "Shelling", "event_type": "Battles", '
        '"sub_event_type": "Armed clash", "location": ["B"]}]}\n',
        "utf-8",
    )
    (doc,) = read_gold(path)
    clash, shelling = _event(0, 7, (0, 13)), _event(14, 22, (14, 28))
    assert match_events(doc, (clash, shelling)) == [(doc.events[0], shelling)]


def test_place_matching():
    assert place_matches("western Mosul", ["Mosul"])
    assert place_matches("Bogotá", ["Bogota"])
    assert not place_matches("Bay", ["Manda Bay"])
    assert not place_matches(None, ["Mosul"])
