"""Resolution: choose, for each recognised name, the gazetteer entry it means.

Candidates are scored on name-match quality, importance (population, rank),
feature type, the document's country focus, closeness to the other places of
the document, and compatibility with cue words ("the village of" rules out a
river). Mentions of one name in a document share one resolution. The resolver
may decline: a name with no candidate, or none good enough, is returned as
unresolved with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from app.gazetteer.lookup import Gazetteer
from app.gazetteer.normalize import name_key
from app.gazetteer.types import Entry, Match
from app.geometry.distance import haversine_km
from app.geoparse.recognize import CUE_NOUNS
from app.geoparse.types import Mention, Place, Unresolved

TYPE_PRIOR = {
    "country": 1.0,
    "continent": 0.9,
    "admin1": 0.8,
    "city": 0.8,
    "river": 0.7,
    "region": 0.6,
    "town": 0.6,
    "valley": 0.5,
    "mountain": 0.5,
    "island": 0.5,
    "lake": 0.5,
    "village": 0.45,
    "border": 0.5,
    "other": 0.4,
}
CUE_TYPES: dict[str, set[str] | None] = {
    "town": {"town", "city", "village", "other"},
    "village": {"village", "town", "city", "other"},
    "city": {"city", "town"},
    "valley": {"valley", "river", "region"},
    "river": {"river"},
    "admin1": {"admin1"},
    "region": {"region", "admin1", "valley", "mountain", "country"},
    "mountain": {"mountain", "region"},
    "lake": {"lake"},
    "island": {"island"},
    "area": None,
}
"""Feature types a cue word allows (None: any)."""

WEIGHTS = {"quality": 0.30, "importance": 0.30, "type": 0.10, "focus": 0.15, "near": 0.15}
MIN_CONFIDENCE = 0.30
"""Below this the resolver declines and reports the name as unresolved."""
MIN_CONFIDENCE_GAZETTEER_ONLY = 0.45
"""Names found only by gazetteer match (no NER, no cue) need more evidence."""
NEAR_KM, FAR_KM = 150.0, 1000.0
INEXACT_QUALITY = 0.8
"""Matches at or below this quality (transliteration variants, misspellings) are only
accepted near another place of the document (within ``INEXACT_NEAR``)."""
INEXACT_NEAR = 1.0 - (300.0 - NEAR_KM) / (FAR_KM - NEAR_KM)
NOT_PLACE_CONTEXT = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT"}
MAX_CANDIDATES = 60
AREA_TYPES = {"country", "continent", "admin1", "region"}
"""Places too large to say where a nearby name is."""


@dataclass(frozen=True, slots=True)
class Group:
    """All mentions of one name in a document."""

    key: str
    mentions: tuple[Mention, ...]
    candidates: tuple[Match, ...]
    cue: str | None

    @property
    def strong(self) -> bool:
        """Recognised by NER as a place or by a cue, not only by a gazetteer match."""
        return any(s.startswith("ner:") or s == "cue" for m in self.mentions for s in m.signals)

    @property
    def weak_context(self) -> bool:
        """Every mention is in a headline or inside a non-place entity (an ORG, a PERSON)."""
        return all(
            "titlecase" in m.signals or any(s.startswith("inside:") for s in m.signals)
            for m in self.mentions
        )

    @property
    def in_non_place_context(self) -> bool:
        """Every mention is inside a date or number ("June" is not a place there)."""
        return all(
            any(s.removeprefix("inside:") in NOT_PLACE_CONTEXT for s in m.signals)
            for m in self.mentions
        )

    @property
    def associative(self) -> bool:
        return all("associative" in m.signals for m in self.mentions)


def _strip_generic(text: str) -> str | None:
    words = text.split()
    if len(words) > 1 and words[-1].lower() in CUE_NOUNS:
        return " ".join(words[:-1])
    return None


def candidates_for(gazetteer: Gazetteer, text: str, cue: str | None) -> list[Match]:
    matches = gazetteer.lookup(text)
    if not matches and (shorter := _strip_generic(text)):
        matches = gazetteer.lookup(shorter, fuzzy=False)
    allowed = CUE_TYPES.get(cue) if cue else None
    if allowed is not None:
        matches = [m for m in matches if m.entry.feature_type in allowed or m.kind == "demonym"]
    return matches[:MAX_CANDIDATES]


def group_mentions(gazetteer: Gazetteer, mentions: Iterable[Mention]) -> list[Group]:
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_key[name_key(_strip_generic(m.text) or m.text) or m.text.lower()].append(m)
    groups = []
    for key, ms in by_key.items():
        cue = next((m.cue for m in ms if m.cue), None)
        # the longest spelling is the most informative ("Euphrates Valley" over "Euphrates")
        text = max((m.text for m in ms), key=len)
        groups.append(Group(key, tuple(ms), tuple(candidates_for(gazetteer, text, cue)), cue))
    return groups


def _focus(choices: dict[str, Match], exclude: str | None = None) -> dict[str, float]:
    """Share of the document's other places in each country (countries count double).
    ``exclude`` leaves one name out, so that a name does not vote for its own reading."""
    weights: dict[str, float] = defaultdict(float)
    for key, match in choices.items():
        code = match.entry.country_code
        if code and key != exclude:
            weights[code] += 2.0 if match.entry.feature_type == "country" else 1.0
    total = sum(weights.values()) or 1.0
    return {code: w / total for code, w in weights.items()}


def _nearness(entry: Entry, key: str, choices: dict[str, Match], anchors: set[str]) -> float:
    """1 within NEAR_KM of another place the document locates things at, falling to 0 at
    FAR_KM. Countries, demonyms and modifiers ("pro-Damascus") are not anchors."""
    best = 0.0
    for other_key, other in choices.items():
        if other_key == key or other_key not in anchors:
            continue
        if other.entry.feature_type in AREA_TYPES or other.kind == "demonym":
            continue
        d = haversine_km(entry.lon, entry.lat, other.entry.lon, other.entry.lat)
        if d <= NEAR_KM:
            return 1.0
        if d < FAR_KM:
            best = max(best, 1.0 - (d - NEAR_KM) / (FAR_KM - NEAR_KM))
    return best


def _score(match: Match, focus: dict[str, float], near: float) -> float:
    entry = match.entry
    w = WEIGHTS
    return (
        w["quality"] * match.quality
        + w["importance"] * entry.importance
        + w["type"] * TYPE_PRIOR.get(entry.feature_type, 0.4)
        + w["focus"] * min(1.0, 2.0 * focus.get(entry.country_code or "", 0.0))
        + w["near"] * near
    )


def _confidence(best: float, second: float) -> float:
    """0..1: the best score, discounted when a rival scores close to it."""
    margin = (best - second) / best if best > 0 else 0.0
    return max(0.0, min(1.0, best * (0.6 + 0.4 * min(1.0, 4 * margin))))


def resolve(groups: list[Group], rounds: int = 2) -> tuple[list[Place], list[Unresolved]]:
    """Pick one entry per group, or decline with a reason."""
    prior = {"near": 0.0}
    choices: dict[str, Match] = {}
    for g in groups:
        if g.candidates:
            choices[g.key] = max(g.candidates, key=lambda m: _score(m, {}, prior["near"]))
    anchors = {g.key for g in groups if not g.associative}
    scored: dict[str, tuple[Match, float, float]] = {}
    for _ in range(rounds):
        scored = {}
        for g in groups:
            if not g.candidates:
                continue
            focus = _focus(choices, exclude=g.key)
            ranked = sorted(
                (
                    (_score(m, focus, _nearness(m.entry, g.key, choices, anchors)), m)
                    for m in g.candidates
                ),
                key=lambda x: -x[0],
            )
            best_score, best = ranked[0]
            rivals = [s for s, m in ranked[1:] if m.entry.gid != best.entry.gid]
            near = _nearness(best.entry, g.key, choices, anchors)
            scored[g.key] = (best, _confidence(best_score, rivals[0] if rivals else 0.0), near)
            choices[g.key] = best
    return _places(groups, scored, _focus(choices))


def _decline_reason(
    g: Group, match: Match, confidence: float, near: float, focus: dict[str, float]
) -> str | None:
    """Why the best candidate is not good enough, or None to accept it."""
    entry = match.entry
    label = f"{entry.name} ({entry.feature_type}, {entry.country_code or '-'})"
    if match.kind == "demonym":
        return None
    if g.in_non_place_context:
        return f"inside a date or number, not a place (best candidate {label})"
    if match.quality <= INEXACT_QUALITY and near < INEXACT_NEAR:
        return f"only an inexact name match, {label}, far from the other places of the document"
    if g.weak_context and not g.strong and (near <= 0.0 or focus.get(entry.country_code, 0) < 0.2):
        return f"name of an organisation or person more likely than {label}"
    threshold = MIN_CONFIDENCE if g.strong else MIN_CONFIDENCE_GAZETTEER_ONLY
    if confidence < threshold:
        return f"low confidence: best candidate {label} scored {confidence:.2f}"
    return None


def _places(
    groups: list[Group], scored: dict[str, tuple[Match, float, float]], focus: dict[str, float]
) -> tuple[list[Place], list[Unresolved]]:
    by_gid: dict[str, tuple[Entry, list[Mention], float, set[str]]] = {}
    unresolved: list[Unresolved] = []
    for g in groups:
        if g.key not in scored:
            if g.strong:
                reason = (
                    f"no {g.cue} of this name in the gazetteer"
                    if g.cue and g.cue != "area"
                    else "not in the gazetteer"
                )
                unresolved += [Unresolved(m.start, m.end, m.text, reason) for m in g.mentions]
            continue
        match, confidence, near = scored[g.key]
        reason = _decline_reason(g, match, confidence, near, focus)
        if reason is not None:
            if g.strong:
                unresolved += [Unresolved(m.start, m.end, m.text, reason) for m in g.mentions]
            continue
        entry, mentions, best, roles = by_gid.setdefault(
            match.entry.gid, (match.entry, [], 0.0, set())
        )
        mentions.extend(g.mentions)
        roles.add(
            "demonym" if match.kind == "demonym" else "associative" if g.associative else "place"
        )
        by_gid[match.entry.gid] = (entry, mentions, max(best, confidence), roles)
    places = [
        Place(
            entry=entry,
            mentions=tuple(sorted(mentions, key=lambda m: m.start)),
            score=round(score, 3),
            role=next(r for r in ("place", "associative", "demonym") if r in roles),
        )
        for entry, mentions, score, roles in by_gid.values()
    ]
    places.sort(key=lambda p: p.mentions[0].start)
    unresolved.sort(key=lambda u: u.start)
    return places, unresolved
