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
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import count
from typing import NamedTuple

import numpy as np

from app.core.deadline import check
from app.gazetteer.lookup import Gazetteer
from app.gazetteer.normalize import name_key
from app.gazetteer.types import ADMIN1_IMPORTANCE, SETTLEMENTS, WIDE_AREAS, Entry, Match
from app.geoparse.lexicon import CUE_NOUNS, DIRECTIONS, GENERIC_AFTER
from app.geoparse.recognize import listed_together
from app.geoparse.signals import NER_SIGNALS, Signal
from app.geoparse.types import Mention, Place, Unresolved
from app.geoparse.weights import WEIGHTS

TYPE_PRIOR = {
    "country": 1.0,
    "continent": 0.9,
    "admin1": 0.8,
    "admin2": 0.7,
    "admin3": 0.65,
    "city": 0.8,
    "river": 0.7,
    "region": 0.6,
    "sea": 0.6,
    "town": 0.6,
    "valley": 0.5,
    "mountain": 0.5,
    "island": 0.5,
    "lake": 0.5,
    "village": 0.45,
    "airport": 0.45,
    "border": 0.5,
    "other": 0.4,
}
"""How likely each feature type is as the reading of a bare name (the geocoding API
ranks by it; the resolver uses ``prominence``)."""

CUE_TYPES: dict[str, set[str] | None] = {
    "town": {"town", "city", "village", "other"},
    "village": {"village", "town", "city", "other"},
    "city": {"city", "town"},
    "valley": {"valley", "river", "region"},
    "river": {"river"},
    "admin1": {"admin1"},
    "county": {"admin2"},
    "region": {"region", "admin1", "valley", "mountain", "country"},
    "mountain": {"mountain", "region"},
    "lake": {"lake"},
    "island": {"island", "country", "admin1", "admin2", "region", "city", "town", "village"},
    "area": None,
}
"""Feature types a cue word allows (None: any). An island is often a country, a
province or a city of its own name ("the island of Cyprus", "the island of Montreal")."""

UNLOCATED = WIDE_AREAS | {"river", "border", "sea"}
"""Readings whose point says little about where the places near them are (a river's
point is its mouth, a sea's is far out at sea)."""
QUALIFIER_TYPES = {"country", "admin1", "continent", "region"}
ADMIN_AREAS = {"admin2", "admin3"}
"""Districts and subdistricts: named after their main town, ranked like each other."""
LOCAL_TYPES = SETTLEMENTS | ADMIN_AREAS
"""Readings that the document's admin-1 focus (a state, a province) pulls towards."""

# candidate ranking weights (log10 units)
PRIMARY_NAME = 1.0
"""The text spells the entry's primary name, not one of its alternate names."""
QUALIFIED = 4.0
COUNTRY_FOCUS = 2.0
ADMIN1_FOCUS = 1.5
NEAR = 1.5
AREA_FOCUS = ADMIN1_FOCUS
"""An admin-1 reading gains as much from the document's admin-1 focus on it as the
towns in it do."""
NEAR_KM, FAR_KM = 30.0, 150.0
FOREIGN = 2.5
FOREIGN_PROMINENCE = 5.0
FOREIGN_SHARE = 0.05
FOREIGN_MIN_VOTES = 2.0
"""A small town (prominence under FOREIGN_PROMINENCE) in a country none of the
document's other names (at least FOREIGN_MIN_VOTES of them) points to is less likely
the place meant: the name is probably a place the gazetteer lacks (an airport, a
district) or no place at all."""
FOREIGN_ALTERNATE = 2.0
"""A town named only by one of its alternate names ("Eta" for Etah) is treated as small
up to this much more prominence."""
FOREIGN_AREA = 2.5
"""The same for an admin-1 area in a country nothing else in the document points to:
a province of Papua New Guinea named "Gulf" in a story about the Middle East."""
NAMED_ADMIN1 = 1.0
"""A town in an admin-1 area the document names ("Alexandria" beside "Virginia"),
shared among the areas it names (a sports page naming ten states says little)."""
SAME_ADMIN1 = 1.0
"""Added to the support of another name's reading in the same admin-1 area."""
LIST_KIND = 1.0
"""Names of one list ("England and Wales", "Homs, Hama and Idlib") are mostly of one
kind: a reading of the kind its list neighbours have gains up to this much."""
SHORT_FORM = 2.0
"""A name the document also writes with an area's generic word ("Suffolk" beside
"Suffolk County") gains this for the reading the longer name has: the same place."""
INEXACT = 1.5
"""Penalty per 0.1 of match quality under an exact match (variants, misspellings)."""
COUNTRY_BONUS = 1.0
INEXACT_QUALITY = 0.8
"""Matches at or below this quality (transliteration variants, misspellings) are only
accepted near another place of the document or inside a qualifier."""
INEXACT_NEAR = 0.6
PHONETIC_MAX_READINGS = 3
"""A name found only by its phonetic key ("Tell Tamer" for Tall Tamr) is weaker
evidence still: it is accepted inside a qualifier its reading fits ("Tell Tamer,
Syria"), or near another place of the document when the key proposes at most this many
places (a key many places share says little about which one is meant)."""

QUALIFIER_EVIDENCE = 3.0
"""A name qualified by its area ("Arlington, Va.") and the qualifier itself are places."""
PROMINENCE_EVIDENCE = 0.9
"""Per log10 unit of prominence above ``PROMINENCE_PIVOT``: "Texas" is a place even
at the start of a sentence, "Center" (a village of 500) needs a reason."""
PROMINENCE_PIVOT = 4.3
COHERENCE_EVIDENCE = 1.0
"""A reading near the document's other places, or in its admin-1 focus."""
EVIDENCE_BIAS = 0.0
MIN_PLACE = 0.5
"""Below this probability of being a place at all, the name is declined."""
MIN_CHOICE = 0.15
"""Below this probability of its best reading, a name is declined as too ambiguous."""
MIN_CONFIDENCE = 0.43
"""Below this raw confidence (place probability x reading probability) the name is
declined: on the development halves of the evaluation corpora such readings were the
annotated place about one time in ten (125 predictions), and a wrong point on a map costs
more than a name listed as unresolved."""
ROUNDS = 3

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
        return any(s in NER_SIGNALS or s == Signal.CUE for m in self.mentions for s in m.signals)

    @property
    def associative(self) -> bool:
        return all(Signal.ASSOCIATIVE in m.signals for m in self.mentions)

    @property
    def street(self) -> bool:
        return all(Signal.STREET in m.signals for m in self.mentions)


@dataclass(slots=True)
class _State:
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
    owners: list[tuple[_State, np.ndarray]] = field(default_factory=list)
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
    peers: list[_State] = field(default_factory=list)
    """The names next to this one in a list of places."""
    kinds: np.ndarray | None = None
    """Per candidate, its kind for ``LIST_KIND``: "settlement" or the feature type."""
    longer: list[_State] = field(default_factory=list)
    """The document's names that are this one and an area's generic word and share a
    reading with it ("Suffolk County" for "Suffolk")."""

    @classmethod
    def of(cls, group: Group) -> _State:
        cs = group.candidates
        the = THE_SETTLEMENT * _with_the(group)
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


def _with_the(group: Group) -> bool:
    """Most mentions of the name follow "the"."""
    return 2 * sum(Signal.THE in m.signals for m in group.mentions) >= len(group.mentions)


def _strip_generic(text: str) -> str | None:
    """The name less a generic word closing it ("Laurel County" -> "Laurel") or a
    direction opening it ("Northeast Georgia" -> "Georgia"): the part of a place is
    located by the place."""
    words = text.split()
    if len(words) > 1 and (words[-1].lower() in GENERIC_AFTER or words[-1].lower() in CUE_NOUNS):
        return " ".join(words[:-1])
    if len(words) > 1 and words[0].lower() in DIRECTIONS:
        return " ".join(words[1:])
    return None


def candidates_for(
    gazetteer: Gazetteer, text: str, cue: str | None, found: list[Match] | None = None
) -> list[Match]:
    """Gazetteer readings of a name, filtered by its cue word. ``found``: the lookup of
    ``text`` when already made (``Gazetteer.lookup_many``)."""
    matches = found if found is not None else gazetteer.lookup(text)
    inexact = all(m.quality <= INEXACT_QUALITY for m in matches)
    if inexact and (shorter := _strip_generic(text)):
        # "South Arlington" is in Arlington, not a misspelling of "South Abington"
        exact = gazetteer.lookup(shorter, fuzzy=False)
        if not matches or any(m.quality > INEXACT_QUALITY for m in exact):
            matches = exact
    if cue == "county" and not ADMIN2_WORDS & set(text.lower().split()):
        # "Plymouth Co.", "the county of Plymouth": the county is "Plymouth County"
        matches = [*matches, *gazetteer.lookup(f"{text} County", fuzzy=False)]
    allowed = CUE_TYPES.get(cue) if cue else None
    if allowed is not None:
        matches = [m for m in matches if m.entry.feature_type in allowed or m.kind == "demonym"]
    return matches


def _group_cue(mentions: list[Mention]) -> str | None:
    """The cue most mentions of a name agree on ("the town of X" once, "X" twice more
    still says town; "U.S. District Judge" once among five "U.S." says nothing)."""
    cues = [m.cue for m in mentions if m.cue]
    if not cues:
        return None
    cue = Counter(cues).most_common(1)[0][0]  # a tie goes to the first in the text
    strong = any(
        m.cue == cue and Signal.CUE in m.signals and Signal.LIST_CUE not in m.signals
        for m in mentions
    )
    return cue if strong or 2 * cues.count(cue) > len(mentions) else None


def _code_like(mention: Mention) -> bool:
    """Written as a code or an abbreviation: in capitals ("AL", "N.J.") or with a stop."""
    return mention.text.isupper() or "." in mention.text or Signal.ABBREV in mention.signals


def group_mentions(gazetteer: Gazetteer, mentions: Iterable[Mention]) -> list[Group]:
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_key[name_key(m.text) or m.text.lower()].append(m)
    # the longest spelling is the most informative ("Euphrates Valley" over "Euphrates")
    texts = {key: max((m.text for m in ms), key=len) for key, ms in by_key.items()}
    found = gazetteer.lookup_many(list(dict.fromkeys(texts.values())))
    groups = []
    for key, ms in by_key.items():
        cue = _group_cue(ms)
        text = texts[key]
        candidates = candidates_for(gazetteer, text, cue, found[text])
        if not candidates and cue and all(Signal.LIST_CUE in m.signals for m in ms if m.cue == cue):
            # a cue lent by a list item before it ("the town of Lewisburg, West Virginia")
            # that no reading fits: the name is the qualifier, not another town
            cue = None
            candidates = candidates_for(gazetteer, text, None, found[text])
        if not candidates and cue and not any(Signal.CUE in m.signals for m in ms):
            # a hint from the words around the name ("Kirkuk Governor") that no reading
            # fits: the name still means what it usually means
            cue = None
            candidates = candidates_for(gazetteer, text, None, found[text])
        if all(Signal.ACRONYM in m.signals for m in ms):  # "US", "UK": only readings spelt so
            candidates = [c for c in candidates if c.matched_name.replace(".", "") == text]
            if candidates:  # a code the gazetteer spells so is no stray acronym
                ms = [
                    replace(m, signals=tuple(x for x in m.signals if x != Signal.ACRONYM))
                    for m in ms
                ]
        if not any(_code_like(m) for m in ms):  # "AL", "Pa." name a state, "Al Gore" not
            candidates = [c for c in candidates if c.kind != "code"]
        abbreviations = [c for c in candidates if c.kind == "abbreviation"]
        if abbreviations and all(Signal.ABBREV in m.signals for m in ms):  # "Va.", "Ind."
            candidates = abbreviations
        groups.append(Group(key, tuple(ms), tuple(candidates), cue))
    return _with_short_forms(groups)


def _with_short_forms(groups: list[Group]) -> list[Group]:
    """Groups whose name is also written with an area's generic word ("Suffolk" and
    "Suffolk County") get that longer name's readings too: the short form may be the
    same area, though the gazetteer does not spell it so."""
    by_key = {g.key: g for g in groups}
    out = []
    for g in groups:
        longer = [by_key.get(f"{g.key} {word}") for word in AREA_WORDS]
        extra = [c for long in longer if long is not None for c in long.candidates]
        if extra:
            seen = {c.entry.gid for c in g.candidates}
            added = {
                c.entry.gid: replace(c, matched_name=g.mentions[0].text)
                for c in extra
                if c.entry.gid not in seen and c.kind == "name"
            }
            g = replace(g, candidates=g.candidates + tuple(added.values()))
        out.append(g)
    return out


# -- candidate scores ----------------------------------------------------------


ADMIN1_PROMINENCE = 6.3
ADMIN1_SPREAD = 10.0
"""Prominence lost per unit of importance an admin-1 area has under the usual
(``ADMIN1_IMPORTANCE``), at most 1.0: the areas of small countries are less known
(``app.gazetteer.sources.naturalearth.admin1_importance``)."""


ADMIN3_DISCOUNT = 1.0
"""A subdistrict is less known than its people make it (log10 units): most of them live
in the town it is named after, which has an entry of its own ("Duma", 182,000 people in
the subdistrict, 112,000 in the town, in a story about the Russian Duma)."""


def prominence(entry: Entry) -> float:
    """How well known a place is, in log10 of a population-like figure."""
    t = entry.feature_type
    if t == "country":
        return max(6.0, math.log10(entry.population + 1)) + COUNTRY_BONUS
    if t == "continent":
        return 9.0
    if t == "admin1":
        shortfall = max(0.0, ADMIN1_IMPORTANCE - entry.importance)
        return ADMIN1_PROMINENCE - min(1.0, ADMIN1_SPREAD * shortfall)
    if t == "admin2":
        return max(4.5, math.log10(entry.population + 1))
    if t == "admin3":
        return max(3.5, math.log10(entry.population + 1) - ADMIN3_DISCOUNT)
    if t in SETTLEMENTS:
        return max(math.log10(entry.population + 1), 7.0 * entry.importance)
    if t in ("river", "sea"):
        return 4.0 + 3.0 * entry.importance
    return 3.5 + 3.0 * entry.importance


def _is_primary(match: Match) -> bool:
    return match.kind != "name" or name_key(match.matched_name) == name_key(match.entry.name)


ADMIN2_WORDS = frozenset(
    [
        "county",
        "parish",
        "borough",
        "district",
        "municipality",
        "region",
        "shire",
        "township",
        "department",
        "subdistrict",
        "nahiya",
    ]
)
AREA_WORDS = ADMIN2_WORDS | {"province", "governorate"}
BARE_ADMIN2 = 1.5
"""An admin-2 area named without its generic word ("Cambridge", not "Cambridge County")
is rarely what the bare name means: the town it is named after is."""
THE_SETTLEMENT = 1.5
"""A name written with "the" ("the Atlantic", "the Gulf") is seldom a town or village."""
THE_SETTLEMENT_PLACE = 2.5
"""The same, against the name being a place at all when its only readings are towns
("the tropical Atlantic" with no ocean in the gazetteer is not Atlantic, Iowa)."""


def prior(match: Match) -> float:
    """The score of a reading before the document is considered."""
    score = prominence(match.entry)
    bare_area = match.entry.feature_type in ADMIN_AREAS and not (
        ADMIN2_WORDS & set(match.matched_name.lower().split())
    )
    if bare_area:
        score -= BARE_ADMIN2
    elif _is_primary(match):
        score += PRIMARY_NAME  # not for a district's bare name, its town's ("Douma")
    score -= INEXACT * max(0.0, 0.95 - match.quality) * 10
    return score


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


EARTH_KM = 6371.0088


def _nearness(state: _State, anchors: _Anchors) -> np.ndarray:
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
class _Focus:
    countries: dict[str, float]
    admin1: dict[tuple[str, str], float]
    anchors: _Anchors
    total: float
    named_admin1: frozenset[tuple[str, str]] = frozenset()
    """(country, code) of the admin-1 areas the document names as places ("Virginia")."""


def _focus(states: list[_State]) -> _Focus:
    return _merge([_votes(s) for s in states])


@dataclass(frozen=True, slots=True)
class _Votes:
    """What one name puts into the focus: its readings' votes for countries and admin-1
    areas, the admin-1 area it names, and its readings that may locate others."""

    countries: dict[str, float]
    admin1: dict[tuple[str, str], float]
    named: tuple[str, str] | None
    anchors: tuple[np.ndarray, ...] | None
    """``_Anchors`` fields, this name's rows."""


def _votes(s: _State) -> _Votes | None:
    if s.weight <= 0.0 or s.group.associative:
        return None
    e = s.match.entry
    named = None
    if e.feature_type == "admin1" and e.country_code and e.admin1 and s.place >= MIN_PLACE:
        named = (e.country_code, e.admin1)
    countries, admin1 = _own_votes(s)
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


def _merge(votes: Iterable[_Votes | None]) -> _Focus:
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
    return _Focus(countries, admin1, anchors, sum(countries.values()), frozenset(named))


def _shares(table: dict, keys: list, own: dict, total: float) -> np.ndarray:
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


def _own_votes(state: _State) -> tuple[dict, dict]:
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


def _scores(state: _State, focus: _Focus) -> np.ndarray:
    own_countries, own_admin1 = _own_votes(state)
    admin_total = sum(focus.admin1.values())
    scores = state.priors.copy()
    scores += COUNTRY_FOCUS * _shares(focus.countries, state.countries, own_countries, focus.total)
    scores += ADMIN1_FOCUS * _shares(focus.admin1, state.admin1, own_admin1, admin_total)
    if any(k is not None for k in state.areas):
        scores += AREA_FOCUS * _shares(focus.admin1, state.areas, own_admin1, admin_total)
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


def _softmax(scores: np.ndarray) -> np.ndarray:
    exps = 10.0 ** (scores - scores.max())
    return exps / exps.sum()


# -- is it a place at all ---------------------------------------------------------


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


def _linguistic(state: _State) -> float:
    """Evidence from the text alone that the name is a place (log-odds)."""
    g = state.group
    ling = max(evidence(m) for m in g.mentions)
    owned = any(fits.any() for _, fits in state.owners)  # "London's Heathrow"
    if state.qualifiers or state.qualifies or owned:
        ling = max(ling, 0.0) + QUALIFIER_EVIDENCE
    return ling + 0.3 * math.log(len(g.mentions))


def _place_logit(state: _State, k: int, coherence: float) -> float:
    match = state.group.candidates[k]
    prom = PROMINENCE_EVIDENCE * (prominence(match.entry) - PROMINENCE_PIVOT)
    if not _is_primary(match):
        prom -= 1.0
    if match.entry.feature_type in SETTLEMENTS and _with_the(state.group):
        prom -= THE_SETTLEMENT_PLACE
    return EVIDENCE_BIAS + state.ling + prom + coherence


def _place_probability(state: _State, focus: _Focus) -> float:
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
        own_countries, own = _own_votes(state)
        key = state.admin1[state.best]
        if key is not None:
            share = _shares(focus.admin1, [key], own, sum(focus.admin1.values()))
            coherence = max(coherence, COHERENCE_EVIDENCE * min(1.0, 2 * float(share[0])))
        limit = FOREIGN_PROMINENCE + FOREIGN_ALTERNATE * (not _is_primary(best))
        if coherence == 0.0 and prominence(e) < limit:
            others = focus.total - sum(own_countries.values())
            country = _shares(focus.countries, [e.country_code], own_countries, focus.total)
            if others >= FOREIGN_MIN_VOTES and float(country[0]) < FOREIGN_SHARE:
                coherence = -FOREIGN  # "Heathrow" (Florida) in a story about London
    elif e.feature_type == "admin1" and e.country_code:
        own_countries, _ = _own_votes(state)
        others = focus.total - sum(own_countries.values())
        country = _shares(focus.countries, [e.country_code], own_countries, focus.total)
        if others >= FOREIGN_MIN_VOTES and float(country[0]) < FOREIGN_SHARE:
            coherence = -FOREIGN_AREA  # "the Gulf" (a province of Papua New Guinea)
    z = _place_logit(state, state.best, coherence)
    return 1.0 / (1.0 + math.exp(-z))


def _hopeless(state: _State) -> bool:
    """True when no reading, even with the most coherence, makes the name a place."""
    if any(c.kind == "demonym" for c in state.group.candidates):
        return False
    top = max(
        _place_logit(state, k, COHERENCE_EVIDENCE) for k in range(len(state.group.candidates))
    )
    return 1.0 / (1.0 + math.exp(-top)) < MIN_PLACE


# -- qualifiers -------------------------------------------------------------------

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


def _qualifies(name: _State, qualifier: _State, fit: np.ndarray) -> bool:
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


# -- the resolver -------------------------------------------------------------------


def resolve(
    groups: list[Group],
    pairs: Iterable[Qualifier] = (),
    peers: Iterable[tuple[Mention, Mention]] = (),
    rounds: int = ROUNDS,
) -> tuple[list[Place], list[Unresolved]]:
    """Pick one entry per group, or decline with a reason. ``pairs`` are the names
    qualified by others, ``peers`` the neighbours in lists."""
    states = [_State.of(g) for g in groups]
    index = {(m.start, m.end): k for k, g in enumerate(groups) for m in g.mentions}
    _link_qualifiers(states, index, pairs)
    _link_peers(states, index, peers)
    _link_short_forms(states)
    live = []
    for s in states:
        if not s.group.candidates:
            continue
        s.ling = _linguistic(s)
        s.probs = _softmax(s.priors + sum((np.where(f, QUALIFIED, 0.0) for f in s.fits), 0.0))
        s.best = int(s.probs.argmax())
        s.frozen = _hopeless(s)
        s.place = 0.5 if not s.frozen else _place_probability(s, _focus([]))
        if not s.frozen:
            live.append(s)
    for _ in range(rounds):
        # one name at a time, each seeing the others' latest readings (updating all at
        # once lets two names swap readings every round: "Huntsville" and "Walker County");
        # only the name just updated changes its votes
        votes = {id(s): _votes(s) for s in live}
        for s in live:
            check()
            s.scores = _scores(s, _merge(votes.values()))
            s.probs = _softmax(s.scores)
            s.best = int(s.probs.argmax())
            votes[id(s)] = _votes(s)
        focus = _merge(votes.values())
        for s in live:
            s.place = _place_probability(s, focus)
    return _places(states)


def _link_qualifiers(
    states: list[_State], index: dict[tuple[int, int], int], pairs: Iterable[Qualifier]
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


def _link_peers(
    states: list[_State],
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


def _link_short_forms(states: list[_State]) -> None:
    """Record, per name, the document's names that are it and an area's generic word
    ("Suffolk" and "Suffolk County", not "Mexico" and "Mexico City") when they have a
    reading in common."""
    named = {s.group.key: s for s in states if s.group.candidates}
    for key, short in named.items():
        for word in AREA_WORDS:
            long = named.get(f"{key} {word}")
            if long is not None and np.isin(short.gids, long.gids).any():
                short.longer.append(long)


def _add_owner(state: _State, owner: _State) -> None:
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


def calibrated(raw: float) -> float:
    """The raw confidence mapped through ``CALIBRATION`` (piecewise linear)."""
    points = CALIBRATION
    if raw <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if raw <= x1:
            return y0 + (y1 - y0) * (raw - x0) / (x1 - x0) if x1 > x0 else y1
    return points[-1][1]


def _accepted(s: _State) -> bool:
    """The name is confidently a place (its own decline aside)."""
    if s.probs is None or s.frozen or not s.group.candidates:
        return False
    return s.place * float(s.probs[s.best]) >= MIN_CONFIDENCE


def _decline_reason(s: _State) -> str | None:
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
    if (raw := s.place * float(s.probs[s.best])) < MIN_CONFIDENCE:
        return f"too uncertain: best reading {label} has confidence {calibrated(raw):.2f}"
    return None


def _phonetic_accepted(s: _State) -> bool:
    """Whether a reading found by its phonetic key alone is confirmed by the text
    (``PHONETIC_MAX_READINGS``)."""
    if any(bool(fits[s.best]) for fits in s.fits):
        return True
    return s.near >= INEXACT_NEAR and len(s.group.candidates) <= PHONETIC_MAX_READINGS


def _role(s: _State) -> str:
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


def _places(states: list[_State]) -> tuple[list[Place], list[Unresolved]]:
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
        confidence = calibrated(s.place * float(s.probs[s.best]))
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
