"""The decision: accept each name's best reading, or decline it with a reason.

The reported score is the raw confidence (place probability x reading probability)
mapped through ``CALIBRATION``; mentions whose own context says they are part of another
name are dropped from an accepted place.
"""

from __future__ import annotations

from app.gazetteer.types import SETTLEMENTS, WIDE_AREAS, Entry
from app.geoparse.candidates import Group
from app.geoparse.signals import Signal
from app.geoparse.state import State
from app.geoparse.types import Mention, Place, Unresolved
from app.geoparse.weights import (
    INEXACT_NEAR,
    INEXACT_QUALITY,
    MIN_CHOICE,
    MIN_CONFIDENCE,
    MIN_PLACE,
    PHONETIC_MAX_READINGS,
)

CALIBRATION: tuple[tuple[float, float], ...] = (
    (0.0, 0.0),
    (0.46, 0.246),
    (0.5216, 0.377),
    (0.6335, 0.449),
    (0.7478, 0.531),
    (0.7982, 0.633),
    (0.8438, 0.708),
    (0.8807, 0.738),
    (0.9294, 0.799),
    (0.9663, 0.895),
    (0.9983, 0.905),
    (0.999, 0.953),
    (0.9997, 0.961),
    (1.0, 0.961),
)
"""Raw confidence (place probability x reading probability) -> the share of such
predictions within 161 km of the gold place, piecewise linear: an isotonic fit on the
development halves of TR-News, LGL and GeoWebNews (3,698 predictions at or above
``MIN_CONFIDENCE``, false positives counted as wrong, demonyms left out), refitted after
the second round of changes so that the top band is no longer over-confident."""


def calibrated(raw: float) -> float:
    """The raw confidence mapped through ``CALIBRATION`` (piecewise linear)."""
    points = CALIBRATION
    if raw <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if raw <= x1:
            return y0 + (y1 - y0) * (raw - x0) / (x1 - x0) if x1 > x0 else y1
    return points[-1][1]


def _accepted(s: State) -> bool:
    """The name is confidently a place (its own decline aside)."""
    if s.probs is None or s.frozen or not s.group.candidates:
        return False
    return s.place * reading_share(s) >= MIN_CONFIDENCE


def reading_share(s: State) -> float:
    """The probability of the best reading, with that of the readings nested with it: a
    town and the province of its name around it ("Balkh", "Garissa") put the name in
    the same place whichever is meant, so their split is no doubt about where it is."""
    best = s.group.candidates[s.best].entry
    share = float(s.probs[s.best])
    for i, match in enumerate(s.group.candidates):
        if i != s.best and _nested(match.entry, best):
            share += float(s.probs[i])
    return min(share, 1.0)


def _nested(a: Entry, b: Entry) -> bool:
    """One entry is an admin-1 area and the other a town or district inside it."""
    if a.country_code != b.country_code or not a.admin1 or a.admin1 != b.admin1:
        return False
    types = {a.feature_type, b.feature_type}
    return "admin1" in types and bool(types & _INSIDE_ADMIN1) and len(types) == 2


_INSIDE_ADMIN1 = SETTLEMENTS | {"admin2", "admin3"}


def _decline_reason(s: State) -> str | None:
    match = s.match
    entry = match.entry
    label = f"{entry.name} ({entry.feature_type}, {entry.country_code or '-'})"
    if match.kind == "demonym":
        return None
    if match.quality <= INEXACT_QUALITY and s.near < INEXACT_NEAR and not s.qualifiers:
        return f"only an inexact name match, {label}, far from the other places of the document"
    if match.method == "phonetic" and not _phonetic_accepted(s):
        return f"only a phonetic name match, {label}, with nothing in the text to confirm it"
    if any(not fits[s.best] and _accepted(owner) for owner, fits in s.owners):
        return f"best reading {label} is not in the place the text says it belongs to"
    if s.place < MIN_PLACE:
        return f"probably not a place here (best reading {label}, {s.place:.2f})"
    if s.frozen or s.probs[s.best] < MIN_CHOICE:
        return f"too ambiguous: best reading {label} has probability {s.probs[s.best]:.2f}"
    if (raw := s.place * reading_share(s)) < MIN_CONFIDENCE:
        return f"too uncertain: best reading {label} has confidence {calibrated(raw):.2f}"
    return None


def _phonetic_accepted(s: State) -> bool:
    """Whether a reading found by its phonetic key alone is confirmed by the text
    (``PHONETIC_MAX_READINGS``)."""
    if any(bool(fits[s.best]) for fits in s.fits):
        return True
    return s.near >= INEXACT_NEAR and len(s.group.candidates) <= PHONETIC_MAX_READINGS


def _role(s: State) -> str:
    if s.match.kind == "demonym":
        return "demonym"
    return "associative" if s.group.associative else "place"


NOT_HERE = frozenset(
    {
        Signal.NAME_PART,
        Signal.NAME_HEAD,
        Signal.PERSON,
        Signal.PERSON_NAME,
        Signal.COMMON,
        Signal.GENERIC_WORD,
    }
)
PLACE_HERE = frozenset(
    {Signal.PREP, Signal.DATELINE, Signal.CUE, Signal.MODIFIER, Signal.PARTY, Signal.DIRECTION}
)
NOT_HERE_AREA = frozenset({Signal.COMMON, Signal.GENERIC_WORD, Signal.NAME_PART})
"""What still drops a mention of a country or admin-1 area: the end of a longer name
("Latin America", "Air Canada"). "Egypt said", "Iran" in a document that also
writes "Rethinking Egypt" or "By Trend Iran", and "the Mississippi State team" name
the place (the annotated corpora count them), where "Taylor said" or "Jackson Browne"
does not name the town."""


def _kept_mentions(g: Group, entry: Entry) -> tuple[Mention, ...]:
    """Mentions of an accepted name, less those whose own context says they are part of
    another name ("Abraham Lincoln" when "Lincoln, Neb." made the name a place); none
    when every mention is ("Latin America" is not America)."""
    not_here = NOT_HERE_AREA if entry.feature_type in WIDE_AREAS else NOT_HERE
    kept = tuple(
        m for m in g.mentions if not (not_here & set(m.signals)) or PLACE_HERE & set(m.signals)
    )
    return kept


def decide(states: list[State]) -> tuple[list[Place], list[Unresolved]]:
    by_gid: dict[str, tuple[Entry, list[Mention], float, set[str]]] = {}
    unresolved: list[Unresolved] = []
    for s in states:
        g = s.group
        if g.street:
            unresolved += [
                Unresolved(
                    m.start, m.end, m.text, "a street name; streets are not in the gazetteer"
                )
                for m in g.mentions
            ]
            continue
        if not g.candidates:
            if g.strong:
                reason = (
                    f"no {g.cue} of this name in the gazetteer"
                    if g.cue and g.cue != "area"
                    else "not in the gazetteer"
                )
                unresolved += [Unresolved(m.start, m.end, m.text, reason) for m in g.mentions]
            continue
        reason = _decline_reason(s)
        if reason is not None:
            if g.strong:
                unresolved += [Unresolved(m.start, m.end, m.text, reason) for m in g.mentions]
            continue
        kept = _kept_mentions(g, s.match.entry)
        if not kept:
            continue  # "Latin America": every mention is part of a longer name
        confidence = calibrated(s.place * reading_share(s))
        entry, mentions, best, roles = by_gid.setdefault(
            s.match.entry.gid, (s.match.entry, [], 0.0, set())
        )
        mentions.extend(kept)
        roles.add(_role(s))
        by_gid[s.match.entry.gid] = (entry, mentions, max(best, confidence), roles)
    places = [
        Place(
            entry=entry,
            mentions=tuple(sorted(mentions, key=lambda m: m.start)),
            score=round(float(score), 3),
            role=next(r for r in ("place", "associative", "demonym") if r in roles),
        )
        for entry, mentions, score, roles in by_gid.values()
    ]
    places.sort(key=lambda p: p.mentions[0].start)
    unresolved.sort(key=lambda u: u.start)
    return places, unresolved
