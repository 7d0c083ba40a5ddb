"""Event extraction measured on a gold set: detection, type, date, place linking.

A gold file is JSON Lines, one paragraph per line::

    {"id": "g01", "published_at": "2019-05-14", "text": "...", "events": [
      {"anchor": "struck", "event_type": "...", "sub_event_type": "...",
       "date_start": "2019-05-13", "date_end": "2019-05-13",
       "location": ["Kafr Nabudah"], "actor1": "Syrian Arab Army", "fatalities": 6}]}

``anchor`` is the word that reports the event (its first occurrence in the text). A
predicted event matches a gold event when one of its trigger words overlaps the anchor,
or else when its sentences contain it; each is matched at most once. On matched pairs:
event type, sub-event type, dates (start and end equal; gold events without a date are
not counted), place linking (the event's first location equals one of the gold
``location`` texts, or contains it: "western Mosul" for "Mosul"), actor1, fatalities
(ACLED's single number; no figure counts as 0).

Place linking is compared with two baselines on the same matched events: the first
place named in the event's sentence, and the place named nearest to the trigger.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.core.errors import InvalidInput, SourceUnavailable
from app.events.fatalities import best_estimate
from app.events.types import Event
from app.geoparse.types import Document, ParseResult


@dataclass(frozen=True, slots=True)
class GoldEvent:
    anchor: str
    event_type: str
    sub_event_type: str
    date_start: dt.date | None
    date_end: dt.date | None
    location: tuple[str, ...]
    actor1: str | None = None
    fatalities: int | None = None


@dataclass(frozen=True, slots=True)
class GoldDoc:
    id: str
    text: str
    published_at: dt.date | None
    events: tuple[GoldEvent, ...]
    style: str = ""


@dataclass(slots=True)
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += int(ok)

    @property
    def rate(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass(slots=True)
class Scores:
    documents: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    event_type: Tally = field(default_factory=Tally)
    sub_event_type: Tally = field(default_factory=Tally)
    dates: Tally = field(default_factory=Tally)
    place: Tally = field(default_factory=Tally)
    place_first_in_sentence: Tally = field(default_factory=Tally)
    place_nearest: Tally = field(default_factory=Tally)
    actor1: Tally = field(default_factory=Tally)
    fatalities: Tally = field(default_factory=Tally)
    errors: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    def as_dict(self) -> dict:
        tallies = {
            name: {"right": t.right, "total": t.total, "rate": _round(t.rate)}
            for name, t in (
                ("event_type", self.event_type),
                ("sub_event_type", self.sub_event_type),
                ("dates", self.dates),
                ("place_linking", self.place),
                ("place_baseline_first_in_sentence", self.place_first_in_sentence),
                ("place_baseline_nearest_to_trigger", self.place_nearest),
                ("actor1", self.actor1),
                ("fatalities", self.fatalities),
            )
        }
        return {
            "documents": self.documents,
            "gold_events": self.gold,
            "predicted_events": self.predicted,
            "matched": self.matched,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            **tallies,
            "errors": self.errors,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def read_gold(path: Path) -> list[GoldDoc]:
    """The documents of a gold file; InvalidInput with the line for a bad one."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SourceUnavailable(f"cannot read the gold file {path}: {exc}") from exc
    docs = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            docs.append(_gold_doc(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidInput(f"{path}, line {number}: {exc}") from exc
    return docs


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def _gold_doc(obj: dict) -> GoldDoc:
    text = obj["text"]
    events = []
    for e in obj.get("events", []):
        if e["anchor"] not in text:
            raise ValueError(f"anchor {e['anchor']!r} is not in the text")
        events.append(
            GoldEvent(
                e["anchor"],
                e["event_type"],
                e["sub_event_type"],
                _date(e.get("date_start")),
                _date(e.get("date_end")),
                tuple(e.get("location") or ()),
                e.get("actor1"),
                e.get("fatalities"),
            )
        )
    return GoldDoc(
        str(obj["id"]), text, _date(obj.get("published_at")), tuple(events), obj.get("style", "")
    )


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def place_matches(predicted: str | None, gold: Iterable[str]) -> bool:
    """The predicted location text is a gold one, or contains one ("western Mosul")."""
    if not predicted:
        return False
    folded = fold(predicted)
    return any(fold(g) == folded or fold(g) in folded for g in gold)


def match_events(doc: GoldDoc, events: tuple[Event, ...]) -> list[tuple[GoldEvent, Event | None]]:
    """Each gold event with the predicted event it matches (or None)."""
    pairs: dict[int, Event] = {}
    used: set[int] = set()
    anchors = [
        (doc.text.index(g.anchor), doc.text.index(g.anchor) + len(g.anchor)) for g in doc.events
    ]
    for strict in (True, False):
        for n, (start, end) in enumerate(anchors):
            if n in pairs:
                continue
            for k, event in enumerate(events):
                if k in used:
                    continue
                if strict:
                    hit = any(t.start < end and start < t.end for t in event.triggers)
                else:
                    spans = (event.evidence, *event.supporting)
                    hit = any(s.start <= start < s.end for s in spans)
                if hit:
                    pairs[n] = event
                    used.add(k)
                    break
    return [(g, pairs.get(n)) for n, g in enumerate(doc.events)]


def _sentence_places(result: ParseResult, event: Event) -> list[tuple[int, str]]:
    names = [
        (m.start, m.text)
        for p in result.places
        if p.role == "place"
        for m in p.mentions
        if event.evidence.start <= m.start < event.evidence.end
    ]
    names += [
        (u.start, u.text)
        for u in result.unresolved
        if event.evidence.start <= u.start < event.evidence.end
    ]
    return sorted(names)


def evaluate(docs: Iterable[GoldDoc], parse: Callable[[Document], ParseResult]) -> Scores:
    scores = Scores()
    for doc in docs:
        result = parse(Document(doc.id, doc.text, doc.published_at))
        scores.documents += 1
        scores.gold += len(doc.events)
        scores.predicted += len(result.events)
        pairs = match_events(doc, result.events)
        matched_events = {id(e) for _, e in pairs if e is not None}
        for event in result.events:
            if id(event) not in matched_events:
                scores.errors.append(
                    {
                        "doc": doc.id,
                        "kind": "spurious",
                        "evidence": event.evidence.text,
                        "event_type": event.event_type,
                    }
                )
        for gold, event in pairs:
            if event is None:
                scores.errors.append({"doc": doc.id, "kind": "missed", "anchor": gold.anchor})
                continue
            scores.matched += 1
            _score_pair(scores, doc, result, gold, event)
    return scores


def _score_pair(
    scores: Scores, doc: GoldDoc, result: ParseResult, gold: GoldEvent, event: Event
) -> None:
    problems = []

    def check(tally: Tally, ok: bool, what: str, got: object, want: object) -> None:
        tally.add(ok)
        if not ok:
            problems.append({"what": what, "got": got, "want": want})

    check(
        scores.event_type,
        event.event_type == gold.event_type,
        "event_type",
        event.event_type,
        gold.event_type,
    )
    check(
        scores.sub_event_type,
        event.sub_event_type == gold.sub_event_type,
        "sub_event_type",
        event.sub_event_type,
        gold.sub_event_type,
    )
    if gold.date_start is not None:
        got = (event.date.start, event.date.end)
        want = (gold.date_start, gold.date_end or gold.date_start)
        check(scores.dates, got == want, "dates", [str(d) for d in got], [str(d) for d in want])
    location = event.location.span.text if event.location else None
    check(
        scores.place, place_matches(location, gold.location), "place", location, list(gold.location)
    )
    names = _sentence_places(result, event)
    scores.place_first_in_sentence.add(place_matches(names[0][1] if names else None, gold.location))
    trigger = event.triggers[0].start if event.triggers else event.evidence.start
    nearest = min(names, key=lambda n: abs(n[0] - trigger), default=None)
    scores.place_nearest.add(place_matches(nearest[1] if nearest else None, gold.location))
    if gold.actor1 is not None:
        actor = next((a for a in event.actors if a.role == "actor1"), None)
        actor = actor or (event.actors[0] if event.actors else None)
        name = actor.name if actor else None
        check(scores.actor1, name == gold.actor1, "actor1", name, gold.actor1)
    if gold.fatalities is not None:
        best = best_estimate(event.fatalities) or 0
        check(scores.fatalities, best == gold.fatalities, "fatalities", best, gold.fatalities)
    if problems:
        scores.errors.append(
            {"doc": doc.id, "kind": "wrong", "anchor": gold.anchor, "problems": problems}
        )
