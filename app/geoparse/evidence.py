"""Is the name a place at all: the evidence of its context and of its best reading.

``evidence`` sums the weights of a mention's signals (``app.geoparse.weights``); the
place probability adds the reading's prominence and the document's coherence, less for
a small town or an admin-1 area in a country nothing else in the document points to.
"""

from __future__ import annotations

import math

from app.gazetteer.types import SETTLEMENTS
from app.geoparse.candidates import with_the
from app.geoparse.coherence import Focus, own_votes, shares
from app.geoparse.priors import THE_SETTLEMENT_PLACE, is_primary, prominence
from app.geoparse.signals import Signal
from app.geoparse.state import State
from app.geoparse.types import Mention
from app.geoparse.weights import (
    COHERENCE_EVIDENCE,
    EVIDENCE_BIAS,
    FOREIGN,
    FOREIGN_ALTERNATE,
    FOREIGN_AREA,
    FOREIGN_MIN_VOTES,
    FOREIGN_PROMINENCE,
    FOREIGN_SHARE,
    MIN_PLACE,
    PROMINENCE_EVIDENCE,
    PROMINENCE_PIVOT,
    QUALIFIER_EVIDENCE,
    WEIGHTS,
)


def evidence(mention: Mention) -> float:
    """Log-odds that a mention is a place, from its context alone."""
    signals = set(mention.signals)
    total = sum(WEIGHTS[s] for s in signals)
    if Signal.CUE in signals and mention.cue in (None, "area"):
        total -= WEIGHTS[Signal.CUE] / 2  # "eastern X" says less than "the town of X"
    if signals & {Signal.PREP, Signal.DATELINE}:  # "in Taylor": the preposition outweighs
        total -= WEIGHTS[Signal.PERSON] / 2 * (Signal.PERSON in signals)
        total -= WEIGHTS[Signal.PERSON_NAME] / 2 * (Signal.PERSON_NAME in signals)
    return total


def linguistic(state: State) -> float:
    """Evidence from the text alone that the name is a place (log-odds)."""
    g = state.group
    ling = max(evidence(m) for m in g.mentions)
    owned = any(fits.any() for _, fits in state.owners)  # "London's Heathrow"
    if state.qualifiers or state.qualifies or owned:
        ling = max(ling, 0.0) + QUALIFIER_EVIDENCE
    return ling + 0.3 * math.log(len(g.mentions))


def _place_logit(state: State, k: int, coherence: float) -> float:
    match = state.group.candidates[k]
    prom = PROMINENCE_EVIDENCE * (prominence(match.entry) - PROMINENCE_PIVOT)
    if not is_primary(match):
        prom -= 1.0
    if match.entry.feature_type in SETTLEMENTS and with_the(state.group):
        prom -= THE_SETTLEMENT_PLACE
    return EVIDENCE_BIAS + state.ling + prom + coherence


def place_probability(state: State, focus: Focus) -> float:
    if not state.group.candidates:
        return 0.0
    best = state.match
    if best.kind == "demonym":
        return 0.95
    e = best.entry
    state.near = float(state.near_all[state.best]) if state.near_all is not None else 0.0
    coherence = 0.0
    if e.feature_type in SETTLEMENTS:
        coherence = COHERENCE_EVIDENCE * state.near
        own_countries, own = own_votes(state)
        key = state.admin1[state.best]
        if key is not None:
            share = shares(focus.admin1, [key], own, sum(focus.admin1.values()))
            coherence = max(coherence, COHERENCE_EVIDENCE * min(1.0, 2 * float(share[0])))
        limit = FOREIGN_PROMINENCE + FOREIGN_ALTERNATE * (not is_primary(best))
        if coherence == 0.0 and prominence(e) < limit:
            others = focus.total - sum(own_countries.values())
            country = shares(focus.countries, [e.country_code], own_countries, focus.total)
            if others >= FOREIGN_MIN_VOTES and float(country[0]) < FOREIGN_SHARE:
                coherence = -FOREIGN  # "Heathrow" (Florida) in a story about London
    elif e.feature_type == "admin1" and e.country_code:
        own_countries, _ = own_votes(state)
        others = focus.total - sum(own_countries.values())
        country = shares(focus.countries, [e.country_code], own_countries, focus.total)
        if others >= FOREIGN_MIN_VOTES and float(country[0]) < FOREIGN_SHARE:
            coherence = -FOREIGN_AREA  # "the Gulf" (a province of Papua New Guinea)
    z = _place_logit(state, state.best, coherence)
    return 1.0 / (1.0 + math.exp(-z))


def hopeless(state: State) -> bool:
    """True when no reading, even with the most coherence, makes the name a place."""
    if any(c.kind == "demonym" for c in state.group.candidates):
        return False
    top = max(
        _place_logit(state, k, COHERENCE_EVIDENCE) for k in range(len(state.group.candidates))
    )
    return 1.0 / (1.0 + math.exp(-top)) < MIN_PLACE
