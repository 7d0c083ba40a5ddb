"""Links between names: qualifiers ("Arlington, Va.", "X in Y", "London's Heathrow"), list
neighbours ("Homs, Hama and Idlib") and short forms ("Suffolk" and "Suffolk County").

``qualifier_pairs`` and ``list_pairs`` find them in the text; the ``link_*`` functions
record on each name's ``State`` which of its readings fit them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np

from app.gazetteer.types import WIDE_AREAS, Entry
from app.geoparse.coherence import EARTH_KM
from app.geoparse.priors import AREA_WORDS
from app.geoparse.recognize import listed_together
from app.geoparse.state import UNLOCATED, State
from app.geoparse.types import Mention
from app.geoparse.weights import FAR_KM, QUALIFIED

QUALIFIER_TYPES = {"country", "admin1", "continent", "region"}


def _qualifier_fit(entry: Entry, qualifier: Entry) -> bool:
    if qualifier.feature_type == "country":
        return entry.country_code == qualifier.country_code and entry.gid != qualifier.gid
    if qualifier.feature_type == "admin1":
        return (
            entry.country_code == qualifier.country_code
            and entry.admin1 is not None
            and entry.admin1 == qualifier.admin1
            and entry.gid != qualifier.gid
        )
    return False


_QUALIFIER_BETWEEN = re.compile(r"^(?:,\s*|\s+\(|\s+in\s+(?:the\s+)?)$")
_POSSESSIVE_BETWEEN = re.compile(r"^['’]s\s+$")


class Qualifier(NamedTuple):
    """A name and the name that qualifies it ("Arlington" and "Va.")."""

    name: Mention
    qualifier: Mention
    listed: bool = False
    """The qualifier is followed by another name of a list ("Washington, New York and
    Boston"), so the comma may separate peers rather than qualify."""


def qualifier_pairs(text: str, mentions: list[Mention]) -> list[Qualifier]:
    """(name, qualifier) pairs: "Arlington, Va.", "Homs, Syria", "Homs (Syria)", "X in Y",
    and possessives, where the qualifier comes first: "London's Heathrow"."""
    ordered = sorted(mentions, key=lambda m: m.start)
    pairs = []
    for k, (a, b) in enumerate(zip(ordered, ordered[1:], strict=False)):
        between = text[a.end : b.start]
        if _QUALIFIER_BETWEEN.match(between):
            after = ordered[k + 2] if k + 2 < len(ordered) else None
            listed = after is not None and listed_together(text, b, after)
            pairs.append(Qualifier(a, b, listed and between.startswith(",")))
        elif _POSSESSIVE_BETWEEN.match(between):
            pairs.append(Qualifier(b, a))
    return pairs


def list_pairs(text: str, mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Neighbours in a list of names: "England and Wales", "Homs, Hama and Idlib"."""
    ordered = sorted(mentions, key=lambda m: m.start)
    pairs = zip(ordered, ordered[1:], strict=False)
    return [(a, b) for a, b in pairs if listed_together(text, a, b)]


CLEAR_AREA = 1.0
"""How much (log10) a name's best area reading must outscore its best other reading for
the name to be plainly an area ("Texas", not "New York")."""


def _qualifies(name: State, qualifier: State, fit: np.ndarray) -> bool:
    """Whether the comma of a listed pair qualifies: when the qualifier is plainly an area
    ("Paris, Texas and Athens"), or when the best fitting readings, with half the
    qualifier's bonus (a comma in a list is weaker evidence), beat each name's own best.
    In "Washington, New York and Boston" the capital and the city beat Watervliet (once
    called Washington) in the state of New York; in "Vancouver, Washington and Portland"
    the city in Washington state wins."""
    rows, cols = np.nonzero(fit)
    if not len(rows):
        return False
    area = np.array([c.entry.feature_type in QUALIFIER_TYPES for c in qualifier.group.candidates])
    other = qualifier.priors[~area].max() if (~area).any() else -np.inf
    if qualifier.priors[area].max() - other >= CLEAR_AREA:
        return True
    joint = float((name.priors[rows] + qualifier.priors[cols]).max()) + QUALIFIED / 2
    return joint >= float(name.priors.max() + qualifier.priors.max())


def link_qualifiers(
    states: list[State], index: dict[tuple[int, int], int], pairs: Iterable[Qualifier]
) -> None:
    """Record which readings of a name fit its qualifier ("Arlington, Va.") or lie near
    its possessive owner ("London's Heathrow")."""
    for a, b, listed in pairs:
        ka, kb = index.get((a.start, a.end)), index.get((b.start, b.end))
        if ka is None or kb is None or ka == kb:
            continue
        name, qualifier = states[ka], states[kb]
        if b.start < a.start:  # "London's Heathrow"
            _add_owner(name, qualifier)
            continue
        readings, areas = name.group.candidates, qualifier.group.candidates
        if not any(q.entry.feature_type in QUALIFIER_TYPES for q in areas):
            continue
        fit = np.array(
            [
                q.entry.feature_type in QUALIFIER_TYPES and _qualifier_fit(c.entry, q.entry)
                for c in readings
                for q in areas
            ],
            dtype=bool,
        ).reshape(len(readings), len(areas))
        if listed and not _qualifies(name, qualifier, fit):
            continue  # "Washington, New York and Boston": a list, not a qualifier
        name.qualifiers.append(kb)
        name.fits.append(fit.any(axis=1))
        qualifier.qualifies = True


def link_peers(
    states: list[State],
    index: dict[tuple[int, int], int],
    peers: Iterable[tuple[Mention, Mention]],
) -> None:
    """Record the list neighbours of each name, less those that qualify it."""
    for a, b in peers:
        ka, kb = index.get((a.start, a.end)), index.get((b.start, b.end))
        if ka is None or kb is None or ka == kb:
            continue
        if kb in states[ka].qualifiers or ka in states[kb].qualifiers:
            continue  # "Paris, Texas": a qualifier, not a list
        states[ka].peers.append(states[kb])
        states[kb].peers.append(states[ka])


def link_short_forms(states: list[State]) -> None:
    """Record, per name, the document's names that are it and an area's generic word
    ("Suffolk" and "Suffolk County", not "Mexico" and "Mexico City") when they have a
    reading in common."""
    named = {s.group.key: s for s in states if s.group.candidates}
    for key, short in named.items():
        for word in AREA_WORDS:
            long = named.get(f"{key} {word}")
            if long is not None and np.isin(short.gids, long.gids).any():
                short.longer.append(long)


def _add_owner(state: State, owner: State) -> None:
    """Record a possessive qualifier: the name's readings in one of its areas or within
    ``FAR_KM`` of one of its settlements fit, and gain ``QUALIFIED``. Not for a name
    that may be an area itself ("Toronto's Ontario health cards")."""
    readings = [c.entry for c in owner.group.candidates if c.kind != "demonym"]
    if not readings or any(c.entry.feature_type in WIDE_AREAS for c in state.group.candidates):
        return
    fits = np.array(
        [
            any(
                _qualifier_fit(c.entry, q)
                or (
                    q.feature_type not in UNLOCATED
                    and c.entry.feature_type not in UNLOCATED
                    and _km(c.entry, q) <= FAR_KM
                )
                for q in readings
            )
            for c in state.group.candidates
        ],
        dtype=bool,
    )
    state.fits.append(fits)
    state.owners.append((owner, fits))


def _km(a: Entry, b: Entry) -> float:
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))
