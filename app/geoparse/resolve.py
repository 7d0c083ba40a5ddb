"""Resolution: choose, for each recognised name, the gazetteer entry it means, or none.

All mentions of one name in a document share one resolution (a ``Group``). Each
candidate entry gets a log-linear score (log10 units, so +1 means "ten times likelier"):

* prior: how prominent the entry is (``prominence``: log10 of population for
  settlements, more for countries and admin-1 areas) and whether the text spells its
  primary name or only one of its many alternate names;
* qualifiers: "Arlington, Va.", "Homs, Syria", "Paris, Texas", "X in Y": a candidate
  inside the qualifying area gains ``QUALIFIED``, one outside loses as much; a
  possessive ("London's Heathrow") wants a reading in or near the owner, or declines;
* document coherence, from the other names' current readings: the share of the
  document in the candidate's country (``COUNTRY_FOCUS``) and admin-1 area
  (``ADMIN1_FOCUS``), the admin-1 areas it names ("Alexandria" beside "Virginia":
  ``NAMED_ADMIN1``), and closeness to other places (``NEAR``). Several countries in
  one text are normal: focus is a share, not one forced country;
* cue words ("the town of") filter the types.

The candidate's probability is the softmax of the scores. Whether the name is a place
at all is a second, separate estimate from its context (``evidence``: "in X", a
qualifier, a dateline against "Paul X", "X said", a sentence-initial common word) and
from how prominent its best reading is, less for a small town (or one named by an
alternate name) or an admin-1 area in a country nothing else in the document points to
(``FOREIGN``, ``FOREIGN_AREA``); the resolver declines ("none of these") below
``MIN_PLACE``, or when the product of the two is under ``MIN_CONFIDENCE``. The
reported score is that product, mapped through a calibration table measured on the
development halves of the evaluation corpora.

This module runs the rounds; the parts live beside it: ``candidates`` (the groups and
their readings), ``priors`` (prominence), ``state`` (a name's reading during the rounds),
``links`` (qualifiers, lists, short forms), ``coherence`` (the document's focus and
nearness), ``evidence`` (is it a place), ``decision`` (accept or decline) and ``weights``
(every number above).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from app.core.deadline import check
from app.geoparse.candidates import Group
from app.geoparse.coherence import focus_of, merge_votes, rescore, softmax, votes_of
from app.geoparse.decision import decide
from app.geoparse.evidence import hopeless, linguistic, place_probability
from app.geoparse.links import Qualifier, link_peers, link_qualifiers, link_short_forms
from app.geoparse.state import State
from app.geoparse.types import Mention, Place, Unresolved
from app.geoparse.weights import QUALIFIED, ROUNDS


def resolve(
    groups: list[Group],
    pairs: Iterable[Qualifier] = (),
    peers: Iterable[tuple[Mention, Mention]] = (),
    rounds: int = ROUNDS,
) -> tuple[list[Place], list[Unresolved]]:
    """Pick one entry per group, or decline with a reason. ``pairs`` are the names
    qualified by others, ``peers`` the neighbours in lists."""
    states = [State.of(g) for g in groups]
    index = {(m.start, m.end): k for k, g in enumerate(groups) for m in g.mentions}
    link_qualifiers(states, index, pairs)
    link_peers(states, index, peers)
    link_short_forms(states)
    live = []
    for s in states:
        if not s.group.candidates:
            continue
        s.ling = linguistic(s)
        s.probs = softmax(s.priors + sum((np.where(f, QUALIFIED, 0.0) for f in s.fits), 0.0))
        s.best = int(s.probs.argmax())
        s.frozen = hopeless(s)
        s.place = 0.5 if not s.frozen else place_probability(s, focus_of([]))
        if not s.frozen:
            live.append(s)
    for _ in range(rounds):
        # one name at a time, each seeing the others' latest readings (updating all at
        # once lets two names swap readings every round: "Huntsville" and "Walker County");
        # only the name just updated changes its votes
        votes = {id(s): votes_of(s) for s in live}
        for s in live:
            check()
            s.scores = rescore(s, merge_votes(votes.values()))
            s.probs = softmax(s.scores)
            s.best = int(s.probs.argmax())
            votes[id(s)] = votes_of(s)
        focus = merge_votes(votes.values())
        for s in live:
            s.place = place_probability(s, focus)
    return decide(states)
