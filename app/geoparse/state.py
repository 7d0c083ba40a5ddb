"""The reading of one name during the coherence rounds (``State``), with the candidate
features that do not change between rounds precomputed as arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count

import numpy as np

from app.gazetteer.types import SETTLEMENTS, WIDE_AREAS, Match
from app.geoparse.candidates import Group, with_the
from app.geoparse.priors import ADMIN_AREAS, THE_SETTLEMENT, prior

UNLOCATED = WIDE_AREAS | {"river", "border", "sea"}
"""Readings whose point says little about where the places near them are (a river's
point is its mouth, a sea's is far out at sea)."""
LOCAL_TYPES = SETTLEMENTS | ADMIN_AREAS
"""Readings that the document's admin-1 focus (a state, a province) pulls towards."""


@dataclass(slots=True)
class State:
    """The current reading of one group during the coherence rounds, with the candidate
    features that do not change between rounds precomputed (arrays, one per candidate)."""

    group: Group
    priors: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    locatable: np.ndarray
    """Candidates that may be near another place (not countries, admin-1 areas, regions)."""
    countries: list[str | None]
    admin1: list[tuple[str, str] | None]
    """(country, admin-1 code) of settlement candidates, for the admin-1 focus."""
    areas: list[tuple[str, str] | None] = field(default_factory=list)
    """(country, admin-1 code) of admin-1 candidates: the area itself is the focus
    ("Quebec" in a text about Montreal and Gatineau is the province)."""
    ling: float = 0.0
    """Evidence from the text that the name is a place (log-odds)."""
    probs: np.ndarray | None = None
    best: int = 0
    place: float = 0.0
    qualifiers: list[int] = field(default_factory=list)
    """Indexes of the groups that qualify this one ("Va." for "Arlington")."""
    fits: list[np.ndarray] = field(default_factory=list)
    """Per qualifier: which candidates lie inside one of its readings."""
    qualifies: bool = False
    owners: list[tuple[State, np.ndarray]] = field(default_factory=list)
    """Per possessive qualifier ("London's Heathrow"): which candidates lie in or near
    one of its readings. A name whose best reading fits none of them is declined."""
    near: float = 0.0
    """How close the best reading is to the document's other places (0..1)."""
    near_all: np.ndarray | None = None
    scores: np.ndarray | None = None
    """The candidates' scores in the last round (log10)."""
    unary: np.ndarray | None = None
    """The scores less the support of the other names' readings (what a reading is worth
    on its own, against which other names weigh their offers)."""
    admin1_ids: np.ndarray | None = None
    gids: np.ndarray | None = None
    frozen: bool = False
    """No reading can make the name a place: it is not rescored and does not vote."""
    peers: list[State] = field(default_factory=list)
    """The names next to this one in a list of places."""
    kinds: np.ndarray | None = None
    """Per candidate, its kind for ``LIST_KIND``: "settlement" or the feature type."""
    longer: list[State] = field(default_factory=list)
    """The document's names that are this one and an area's generic word and share a
    reading with it ("Suffolk County" for "Suffolk")."""

    @classmethod
    def of(cls, group: Group) -> State:
        cs = group.candidates
        the = THE_SETTLEMENT * with_the(group)
        return cls(
            group=group,
            priors=np.array(
                [prior(c) - the * (c.entry.feature_type in SETTLEMENTS) for c in cs], dtype=float
            ),
            lon=np.radians([c.entry.lon for c in cs]),
            lat=np.radians([c.entry.lat for c in cs]),
            locatable=np.array([c.entry.feature_type not in UNLOCATED for c in cs], dtype=bool),
            countries=[c.entry.country_code for c in cs],
            admin1=[
                (c.entry.country_code, c.entry.admin1)
                if c.entry.feature_type in LOCAL_TYPES and c.entry.country_code and c.entry.admin1
                else None
                for c in cs
            ],
            areas=[
                (c.entry.country_code, c.entry.admin1)
                if c.entry.feature_type == "admin1" and c.entry.country_code and c.entry.admin1
                else None
                for c in cs
            ],
        )

    def __post_init__(self) -> None:
        self.gids = np.array([c.entry.rowid for c in self.group.candidates], dtype=np.int64)
        self.kinds = np.array(
            [
                "settlement" if c.entry.feature_type in SETTLEMENTS else c.entry.feature_type
                for c in self.group.candidates
            ]
        )
        self.admin1_ids = np.array(
            [
                _admin1_id(k) if k is not None else -1 - c.entry.rowid
                for k, c in zip(self.admin1, self.group.candidates, strict=True)
            ],
            dtype=np.int64,
        )  # a reading with no admin-1 area is in the same area as no other

    @property
    def match(self) -> Match:
        return self.group.candidates[self.best]

    @property
    def weight(self) -> float:
        if self.probs is None or self.frozen:
            return 0.0
        return self.place * float(self.probs[self.best])


_ADMIN1_IDS: dict[tuple[str, str], int] = {}
_NEXT_ADMIN1_ID = count()


def _admin1_id(key: tuple[str, str]) -> int:
    """A small integer standing for an admin-1 area (country, code) in this process."""
    found = _ADMIN1_IDS.get(key)
    return found if found is not None else _ADMIN1_IDS.setdefault(key, next(_NEXT_ADMIN1_ID))
