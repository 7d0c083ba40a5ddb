"""The candidates of each name: its mentions grouped, and the gazetteer readings their
cue words allow.

All mentions of one name in a document share one resolution (a ``Group``);
``group_mentions`` looks the names up once, filters the readings by the cue most
mentions agree on ("the town of X"), by acronym and abbreviation, and lends a short form
the readings of its longer name ("Suffolk" and "Suffolk County").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from app.gazetteer.lookup import Gazetteer
from app.gazetteer.normalize import name_key
from app.gazetteer.types import Match
from app.geoparse.lexicon import CUE_NOUNS, DIRECTIONS, GENERIC_AFTER
from app.geoparse.priors import ADMIN2_WORDS, AREA_WORDS
from app.geoparse.signals import NER_SIGNALS, Signal
from app.geoparse.types import Mention
from app.geoparse.weights import INEXACT_QUALITY

CUE_TYPES: dict[str, set[str] | None] = {
    "town": {"town", "city", "village", "other"},
    "village": {"village", "town", "city", "other"},
    "city": {"city", "town"},
    "valley": {"valley", "river", "region"},
    "river": {"river"},
    "admin1": {"admin1"},
    "county": {"admin2"},
    "district": {"admin1", "admin2"},  # Afghanistan's, Kenya's and Syria's are admin-2 areas
    "region": {"region", "admin1", "valley", "mountain", "country"},
    "mountain": {"mountain", "region"},
    "lake": {"lake"},
    "island": {"island", "country", "admin1", "admin2", "region", "city", "town", "village"},
    "area": None,
}
"""Feature types a cue word allows (None: any). An island is often a country, a
province or a city of its own name ("the island of Cyprus", "the island of Montreal")."""


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


def with_the(group: Group) -> bool:
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
