"""Document coherence: what the other names' current readings say about each candidate.

Each name votes with its readings for countries and admin-1 areas (the document's
``Focus``) and offers its locatable readings as anchors; ``rescore`` adds to a
candidate's prior its share of the focus, the admin-1 areas the document names, its
qualifiers, its list neighbours' kind and the nearness of the other names' readings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from app.geoparse.state import State
from app.geoparse.weights import (
    ADMIN1_FOCUS,
    AREA_FOCUS,
    COUNTRY_FOCUS,
    FAR_KM,
    LIST_KIND,
    MIN_PLACE,
    NAMED_ADMIN1,
    NEAR,
    NEAR_KM,
    QUALIFIED,
    SAME_ADMIN1,
    SHORT_FORM,
)

EARTH_KM = 6371.0088


def _nearness(state: State, anchors: _Anchors) -> np.ndarray:
    """Per candidate, in log10 units: the support of the document's other names for a
    reading near one of theirs. Each other name offers its readings (not only its current
    best, so that "Athens" and "Henderson County" can move to Texas together): a reading
    ``d`` of another name within NEAR_KM adds ``NEAR`` (falling to 0 at FAR_KM), less how
    much worse ``d`` scores than that name's best, times how likely that name is a place.
    The best offer counts (areas are never near anything)."""
    n = len(state.priors)
    mask = anchors.keys != id(state)
    if not mask.any():
        return np.zeros(n)
    alon, alat = anchors.lon[mask], anchors.lat[mask]
    dlat = state.lat[:, None] - alat[None, :]
    dlon = state.lon[:, None] - alon[None, :]
    a = (
        np.sin(dlat / 2) ** 2
        + np.cos(state.lat)[:, None] * np.cos(alat)[None, :] * np.sin(dlon / 2) ** 2
    )
    d = 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    closeness = np.clip(1.0 - (d - NEAR_KM) / (FAR_KM - NEAR_KM), 0.0, 1.0)
    same = state.admin1_ids[:, None] == anchors.admin1[mask][None, :]
    pair = NEAR * closeness + SAME_ADMIN1 * same
    pair[state.gids[:, None] == anchors.gids[mask][None, :]] = 0.0  # the same place twice
    offers = np.maximum(pair + anchors.rel[mask][None, :], 0.0)
    support = (offers * anchors.weight[mask][None, :]).max(axis=1)
    return np.where(state.locatable, support, 0.0)


@dataclass(frozen=True, slots=True)
class _Anchors:
    """The readings of the document's names that may locate others (settlements, admin-2
    areas, rivers...), each with its name's place probability (``weight``) and how much
    worse it scores than that name's best reading (``rel``, log10, <= 0)."""

    keys: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    weight: np.ndarray
    rel: np.ndarray
    admin1: np.ndarray
    gids: np.ndarray


@dataclass(frozen=True, slots=True)
class Focus:
    countries: dict[str, float]
    admin1: dict[tuple[str, str], float]
    anchors: _Anchors
    total: float
    named_admin1: frozenset[tuple[str, str]] = frozenset()
    """(country, code) of the admin-1 areas the document names as places ("Virginia")."""


def focus_of(states: list[State]) -> Focus:
    return merge_votes([votes_of(s) for s in states])


@dataclass(frozen=True, slots=True)
class _Votes:
    """What one name puts into the focus: its readings' votes for countries and admin-1
    areas, the admin-1 area it names, and its readings that may locate others."""

    countries: dict[str, float]
    admin1: dict[tuple[str, str], float]
    named: tuple[str, str] | None
    anchors: tuple[np.ndarray, ...] | None
    """``_Anchors`` fields, this name's rows."""


def votes_of(s: State) -> _Votes | None:
    if s.weight <= 0.0 or s.group.associative:
        return None
    e = s.match.entry
    named = None
    if e.feature_type == "admin1" and e.country_code and e.admin1 and s.place >= MIN_PLACE:
        named = (e.country_code, e.admin1)
    countries, admin1 = own_votes(s)
    if s.match.kind == "demonym":
        return _Votes(countries, admin1, named, None)
    unary = s.unary if s.unary is not None else s.priors
    gap = unary - unary.max()
    rows = np.nonzero(s.locatable & (gap > -(NEAR + SAME_ADMIN1)))[0]
    anchors = (
        np.full(len(rows), id(s)),
        s.lon[rows],
        s.lat[rows],
        np.full(len(rows), s.place),
        gap[rows].astype(float),
        s.admin1_ids[rows],
        s.gids[rows],
    )
    return _Votes(countries, admin1, named, anchors)


def merge_votes(votes: Iterable[_Votes | None]) -> Focus:
    """The focus of the names whose votes these are."""
    countries: dict[str, float] = defaultdict(float)
    admin1: dict[tuple[str, str], float] = defaultdict(float)
    named: set[tuple[str, str]] = set()
    parts = []
    for v in votes:
        if v is None:
            continue
        for key, w in v.countries.items():
            countries[key] += w
        for key, w in v.admin1.items():
            admin1[key] += w
        if v.named is not None:
            named.add(v.named)
        if v.anchors is not None:
            parts.append(v.anchors)
    if parts:
        anchors = _Anchors(*(np.concatenate([p[i] for p in parts]) for i in range(7)))
    else:
        empty = np.array([], dtype=np.int64)
        anchors = _Anchors(np.array([]), *(np.array([]),) * 4, empty, empty)
    return Focus(countries, admin1, anchors, sum(countries.values()), frozenset(named))


def shares(table: dict, keys: list, own: dict, total: float) -> np.ndarray:
    """Per candidate: the share of its key in ``table``, this name's own votes (``own``)
    left out: a name does not vote for its own reading."""
    total -= sum(own.values())
    if total <= 0.3:
        return np.zeros(len(keys))
    return np.array(
        [
            max(0.0, table.get(k, 0.0) - own.get(k, 0.0)) / total if k is not None else 0.0
            for k in keys
        ]
    )


def own_votes(state: State) -> tuple[dict, dict]:
    """The votes this name puts into the focus tables. Every reading votes with its
    probability: "Henderson County" says "the United States" even while it cannot tell
    which state."""
    countries: dict[str, float] = defaultdict(float)
    admin1: dict[tuple[str, str], float] = defaultdict(float)
    if state.probs is None or state.weight <= 0.0 or state.group.associative:
        return countries, admin1
    for k in np.nonzero(state.probs > 0.01)[0]:
        w = state.place * float(state.probs[k])
        c = state.group.candidates[k]
        if state.countries[k]:
            countries[state.countries[k]] += w
            if c.entry.admin1 and c.entry.feature_type != "country":
                admin1[(state.countries[k], c.entry.admin1)] += w
    return countries, admin1


def rescore(state: State, focus: Focus) -> np.ndarray:
    own_countries, own_admin1 = own_votes(state)
    admin_total = sum(focus.admin1.values())
    scores = state.priors.copy()
    scores += COUNTRY_FOCUS * shares(focus.countries, state.countries, own_countries, focus.total)
    scores += ADMIN1_FOCUS * shares(focus.admin1, state.admin1, own_admin1, admin_total)
    if any(k is not None for k in state.areas):
        scores += AREA_FOCUS * shares(focus.admin1, state.areas, own_admin1, admin_total)
    if focus.named_admin1:
        named = np.array([k in focus.named_admin1 for k in state.admin1])
        scores += NAMED_ADMIN1 / len(focus.named_admin1) * named
    for fits in state.fits:
        scores += np.where(fits, QUALIFIED, -QUALIFIED / 2)
    if state.peers and not (state.kinds == "country").any():
        # a country's name is seldom anything else, and lists mix countries with
        # capitals standing for governments ("Washington and Russia")
        same = sum(
            p.weight * (state.kinds == p.kinds[p.best]) for p in state.peers if p.weight > 0.0
        )
        scores += LIST_KIND * same / len(state.peers)
    for longer in state.longer:
        if longer.weight > 0.0:
            scores += SHORT_FORM * longer.weight * (state.gids == longer.gids[longer.best])
    state.unary = scores.copy()
    support = _nearness(state, focus.anchors)
    state.near_all = np.minimum(support / NEAR, 1.0)
    return scores + support


def softmax(scores: np.ndarray) -> np.ndarray:
    exps = 10.0 ** (scores - scores.max())
    return exps / exps.sum()
