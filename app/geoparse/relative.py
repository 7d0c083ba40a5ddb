"""Relative place phrases around resolved place names.

Conflict reporting locates events relative to named places: "the eastern bank of the
Euphrates", "eastern al-Suwayda", "north of Raqqa", "20 km south of Hasakah", "near
Palmyra", "the outskirts of Deir ez-Zor", "Idlib countryside", "the Euphrates Valley",
"the Syrian-Iraqi border", "the border area". This module finds such phrases in the
text around the mentions the resolver placed (their offsets), and says which rule
applies to which places; ``app.geoparse.derived`` turns them into geometries.

Text only, no geometry:

>>> from app.gazetteer.types import Entry
>>> river = Entry(1, "r:1", "Euphrates", "river", 40.0, 35.0, None, None, 0, 1.0, "", "", "", True)
>>> text = "attacks from the eastern bank of the Euphrates"
>>> found = find_relations(text, [Place(river, (Mention(37, 46, "Euphrates"),), 0.9)])
>>> [(r.rule, text[r.start : r.end]) for r in found]
[('east-bank-of', 'eastern bank of the Euphrates')]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.geoparse.types import Mention, Place

_DIR = r"(?P<dir>(?:north|south)(?:[- ]?(?:east|west))?|east|west)"
_OF = r"\s+of\s+(?:the\s+)?"
_POSSESSIVE = r"(?:'s?|’s?)?"
_LEFT = 80  # characters of context looked at before and after a mention
_AREAS = "area|areas|region|regions|zone|strip|lands"

_BEFORE = (
    # (kind, pattern that must end where the mention starts)
    ("bank", rf"\b{_DIR}(?:ern)?\s+(?:river\s*)?(?:banks?|sides?|shores?){_OF}$"),
    ("bank", rf"\b(?P<dir>left|right)\s+banks?{_OF}$"),
    (
        "distance",
        rf"\b(?P<num>\d+(?:\.\d+)?)\s*-?\s*(?P<unit>km|kms|kilometers?|kilometres?|miles?|mi)\s+"
        rf"(?:to\s+the\s+)?{_DIR}{_OF}$",
    ),
    ("beyond", rf"\b{_DIR}{_OF}$"),
    ("outskirts", rf"\b{_DIR}ern\s+(?:outskirts|suburbs|edges?){_OF}$"),
    ("countryside", rf"\b{_DIR}ern\s+(?:countryside|rural\s+areas?|hinterland){_OF}$"),
    (
        "part",
        rf"\b{_DIR}ern\s+(?:part|parts|half|areas?|regions?|sections?|sectors?|side|"
        rf"neighbou?rhoods|districts|reaches){_OF}$",
    ),
    ("part", rf"\b{_DIR}ern\s+$"),
    ("outskirts", rf"\b(?:outskirts|suburbs|environs|periphery|edges?){_OF}$"),
    ("outskirts", r"\boutside\s+(?:of\s+)?(?:the\s+)?$"),
    ("countryside", rf"\b(?:countryside|rural\s+areas?|hinterland){_OF}$"),
    ("countryside", r"\brural\s+$"),
    ("valley", rf"\bvalley{_OF}$"),
    (
        "near",
        r"\b(?:near|nearby|close\s+to|around|not\s+far\s+from|(?:in\s+)?the\s+vicinity\s+of|"
        r"on\s+the\s+edges?\s+of)\s+(?:the\s+)?$",
    ),
)
_AFTER = (
    # (kind, pattern that must start where the mention ends)
    ("countryside", rf"^{_POSSESSIVE}\s+(?:countryside|rural\s+areas?|hinterland)\b"),
    ("outskirts", rf"^{_POSSESSIVE}\s+(?:outskirts|suburbs|environs)\b"),
    ("valley", r"^\s+(?:river\s+)?(?:valley|basin)\b"),
    ("bank", rf"^{_POSSESSIVE}\s+{_DIR}(?:ern)?\s+(?:banks?|sides?|shores?)\b"),
)
_MODIFIER_AFTER = re.compile(
    r"^\s+(?:city|town|village|province|governorate|district|region|desert|border|forces|army|"
    r"troops|government|regime|militias?|rebels|warplanes|jets|side|capital)\b",
    re.IGNORECASE,
)
"""A name followed by one of these words modifies it ("the northern Syrian city of
Manbij", "eastern Syrian desert"): it is no relative place itself."""
_BEFORE_RE = tuple((kind, re.compile(p, re.IGNORECASE)) for kind, p in _BEFORE)
_AFTER_RE = tuple((kind, re.compile(p, re.IGNORECASE)) for kind, p in _AFTER)

_BORDER_AFTER = re.compile(rf"^\s+borders?\b(?:\s+(?:{_AREAS})\b)?", re.IGNORECASE)
_PAIR_BETWEEN = re.compile(r"^\s*(?:-|–|—|/|\s+and\s+(?:the\s+)?)\s*$", re.IGNORECASE)
_BORDER_BETWEEN_BEFORE = re.compile(r"\bborders?\s+between\s+(?:the\s+)?$", re.IGNORECASE)
_BORDER_WITH_BEFORE = re.compile(r"\bborders?\s+with\s+(?:the\s+)?$", re.IGNORECASE)
_BARE_BORDER = re.compile(
    rf"\bthe\s+(?P<phrase>border(?:\s+(?:{_AREAS}))?)\b(?!\s+(?:with|between|of|crossing)\b)",
    re.IGNORECASE,
)

RIVER_TYPES = ("river",)


@dataclass(frozen=True, slots=True)
class Relation:
    """A relative place phrase: ``text[start:end]`` (without a leading article), its
    ``kind`` (bank, valley, part, beyond, distance, near, outskirts, countryside,
    border), the places it is relative to, and its direction and distance if any.

    ``countries`` (borders only) lists candidate pairs of ISO codes, best first: the
    pair the text names, or for a bare "the border area" the pair of the nearest
    named border, else the document's country with each other country it names.
    """

    kind: str
    start: int
    end: int
    anchors: tuple[Place, ...] = ()
    direction: str | None = None
    distance_km: float | None = None
    countries: tuple[tuple[str, str], ...] = ()

    @property
    def rule(self) -> str:
        """The rule's name: ``east-bank-of``, ``east-part-of``, ``north-of``, ``near``,
        ``outskirts-of``, ``east-countryside-of``, ``distance-from``, ``valley-of``,
        ``border-between``."""
        names = {
            "bank": "bank-of",
            "part": "part-of",
            "beyond": "of",
            "outskirts": "outskirts-of",
            "countryside": "countryside-of",
            "valley": "valley-of",
            "near": "near",
            "distance": "distance-from",
            "border": "border-between",
        }
        base = names[self.kind]
        if self.direction and self.kind not in ("distance", "near"):
            return f"{self.direction}-{base}"
        return base


def direction_name(word: str) -> str:
    """The compass name of a direction word: "North-eastern" -> ``north-east``.

    >>> direction_name("Northeastern"), direction_name("south west"), direction_name("left")
    ('north-east', 'south-west', 'left')
    """
    word = word.lower().replace(" ", "").replace("-", "")
    if word.endswith("ern"):
        word = word[:-3]
    for first in ("north", "south"):
        if word.startswith(first) and word != first:
            return f"{first}-{word[len(first) :]}"
    return word


def find_relations(
    text: str,
    places: Sequence[Place],
    focus: str | None = None,
    skip: Sequence[tuple[int, int]] = (),
    is_demonym: Callable[[Place, Mention], bool] | None = None,
) -> list[Relation]:
    """Relative place phrases around the mentions of ``places``, in text order.

    ``focus`` is the ISO code of the country the document is about (borders named by
    one country only, "the Turkish border", are shared with it). ``skip``: character
    ranges (boilerplate) where no bare "the border" is looked for. ``is_demonym`` tells
    a nationality word ("rural Mexicans") from a name; such mentions only name borders.
    """
    found = []
    for place in places:
        for mention in place.mentions:
            if is_demonym is not None and is_demonym(place, mention):
                continue
            relation = _around(text, place, mention)
            if relation is not None:
                found.append(relation)
    found.extend(_borders(text, places, focus, skip))
    return _without_overlaps(found)


def _around(text: str, place: Place, mention: Mention) -> Relation | None:
    """The relation a mention of a place is part of, if any."""
    if place.role != "place" or place.entry.feature_type == "border":
        return None
    before = _match_before(text, mention.start)
    after = _match_after(text, mention.end)
    if place.entry.feature_type in RIVER_TYPES:
        return _river_relation(before, after, place, mention)
    return _area_relation(text, before, after, place, mention)


def _span(
    mention: Mention, before: tuple[str, re.Match] | None, after: tuple[str, re.Match] | None
) -> tuple[int, int]:
    start = mention.start - len(before[1].string) + before[1].start() if before else mention.start
    end = mention.end + after[1].end() if after else mention.end
    return start, end


def _river_relation(
    before: tuple[str, re.Match] | None,
    after: tuple[str, re.Match] | None,
    place: Place,
    mention: Mention,
) -> Relation | None:
    """ "the eastern bank of the Euphrates", "east of the Euphrates", "the Euphrates'
    left bank", "the Euphrates Valley", "the valley of the Euphrates", "near the
    Euphrates"."""
    kind_before = before[0] if before else None
    kind_after = after[0] if after else None
    if kind_before in ("bank", "beyond"):
        return Relation("bank", *_span(mention, before, None), (place,), _direction(before))
    if kind_after == "bank":
        return Relation("bank", *_span(mention, None, after), (place,), _direction(after))
    in_name = mention.cue == "valley" or mention.text.lower().endswith("valley")
    if kind_before == "valley" or kind_after == "valley" or in_name:
        use_before = before if kind_before == "valley" else None
        use_after = after if kind_after == "valley" else None
        return Relation("valley", *_span(mention, use_before, use_after), (place,))
    if kind_before == "near":
        return Relation("near", *_span(mention, before, None), (place,))
    return None


def _area_relation(
    text: str,
    before: tuple[str, re.Match] | None,
    after: tuple[str, re.Match] | None,
    place: Place,
    mention: Mention,
) -> Relation | None:
    """Relations to a settlement or an area. "eastern Homs countryside" is the eastern
    part of Homs' countryside; "the eastern side of X" and "X's eastern side" the
    eastern part of X."""
    kind_before = before[0] if before else None
    kind_after = after[0] if after else None
    direction = _direction(before)
    if after is None and _MODIFIER_AFTER.match(text[mention.end : mention.end + _LEFT]):
        return None
    if kind_before == "distance" and before is not None:
        match = before[1]
        km = float(match["num"]) * (1.609344 if match["unit"].lower().startswith("mi") else 1.0)
        return Relation(
            "distance", *_span(mention, before, None), (place,), direction, round(km, 3)
        )
    if direction and _is_part_of_a_name(before):
        return None  # "Northern Ireland", "East of England", "Western Pennsylvania"
    if kind_before == "part" and kind_after in ("countryside", "outskirts"):
        return Relation(kind_after, *_span(mention, before, after), (place,), direction)
    if kind_before in ("beyond", "outskirts", "countryside", "near", "part"):
        return Relation(kind_before, *_span(mention, before, None), (place,), direction)
    if kind_before == "bank" and direction not in ("left", "right"):
        return Relation("part", *_span(mention, before, None), (place,), direction)
    if kind_after in ("countryside", "outskirts"):
        return Relation(kind_after, *_span(mention, None, after), (place,))
    if kind_after == "bank" and _direction(after) not in ("left", "right"):
        return Relation("part", *_span(mention, None, after), (place,), _direction(after))
    return None


def _is_part_of_a_name(found: tuple[str, re.Match] | None) -> bool:
    """Whether a direction word is capitalised inside a sentence, as in a proper name.

    >>> import re
    >>> _is_part_of_a_name(("part", re.search(r"(?P<dir>North)ern $", "in Northern ")))
    True
    >>> _is_part_of_a_name(("part", re.search(r"(?P<dir>East)ern $", "hit. Eastern ")))
    False
    """
    if found is None or "dir" not in found[1].re.groupindex or not found[1]["dir"]:
        return False
    match = found[1]
    if not match["dir"][0].isupper():
        return False
    before = match.string[: match.start("dir")].rstrip(" \t\"'“‘(")
    return bool(before) and before[-1] not in ".!?:\n"


def _match_before(text: str, start: int) -> tuple[str, re.Match] | None:
    left = text[max(0, start - _LEFT) : start]
    for kind, pattern in _BEFORE_RE:
        match = pattern.search(left)
        if match:
            return kind, match
    return None


def _match_after(text: str, end: int) -> tuple[str, re.Match] | None:
    right = text[end : end + _LEFT]
    for kind, pattern in _AFTER_RE:
        match = pattern.match(right)
        if match:
            return kind, match
    return None


def _direction(found: tuple[str, re.Match] | None) -> str | None:
    if found is None or "dir" not in found[1].re.groupindex or not found[1]["dir"]:
        return None
    return direction_name(found[1]["dir"])


# -- borders ---------------------------------------------------------------------------
def _country_mentions(places: Sequence[Place]) -> list[tuple[Mention, str, Place]]:
    out = [
        (m, p.entry.country_code, p)
        for p in places
        if p.entry.feature_type == "country" and p.entry.country_code
        for m in p.mentions
    ]
    return sorted(out, key=lambda x: x[0].start)


def _borders(
    text: str, places: Sequence[Place], focus: str | None, skip: Sequence[tuple[int, int]]
) -> list[Relation]:
    countries = _country_mentions(places)
    named: list[Relation] = []
    for i, (m1, c1, p1) in enumerate(countries):
        pair = _named_pair(text, countries, i)
        if pair is not None:
            named.append(pair)
            continue
        after = _BORDER_AFTER.match(text[m1.end : m1.end + _LEFT])
        with_before = _BORDER_WITH_BEFORE.search(text[max(0, m1.start - _LEFT) : m1.start])
        if after and not _paired(text, countries, i) and focus and focus != c1:
            named.append(
                Relation(
                    "border", m1.start, m1.end + after.end(), (p1,), None, None, ((c1, focus),)
                )
            )
        elif with_before and focus and focus != c1:
            start = with_before.start() + max(0, m1.start - _LEFT)
            named.append(Relation("border", start, m1.end, (p1,), None, None, ((c1, focus),)))
    bare = []
    votes = Counter(c for _, c, _ in countries)
    for match in _BARE_BORDER.finditer(text):
        start, end = match.span("phrase")
        if any(a <= start < b for a, b in skip):
            continue
        candidates = _nearest_named(named, start)
        if focus:
            candidates += tuple((focus, c) for c, _ in votes.most_common() if c != focus)
        if candidates:
            bare.append(Relation("border", start, end, (), None, None, candidates))
    return named + bare


def _named_pair(text: str, countries: list[tuple[Mention, str, Place]], i: int) -> Relation | None:
    """ "Syrian-Iraqi border", "Syria-Iraq border", "the border between Syria and Iraq"."""
    m1, c1, p1 = countries[i]
    for m2, c2, p2 in countries[i + 1 : i + 3]:
        if c2 == c1 or not _PAIR_BETWEEN.match(text[m1.end : m2.start]):
            continue
        after = _BORDER_AFTER.match(text[m2.end : m2.end + _LEFT])
        if after:
            return Relation(
                "border", m1.start, m2.end + after.end(), (p1, p2), None, None, ((c1, c2),)
            )
        before = _BORDER_BETWEEN_BEFORE.search(text[max(0, m1.start - _LEFT) : m1.start])
        if before:
            start = before.start() + max(0, m1.start - _LEFT)
            return Relation("border", start, m2.end, (p1, p2), None, None, ((c1, c2),))
    return None


def _paired(text: str, countries: list[tuple[Mention, str, Place]], i: int) -> bool:
    """Whether the country mention is the second of a named pair ("Iraqi" in
    "Syrian-Iraqi border")."""
    return i > 0 and _named_pair(text, countries, i - 1) is not None


def _nearest_named(named: list[Relation], position: int) -> tuple[tuple[str, str], ...]:
    """The pair of the named border nearest before ``position`` (else the first after)."""
    before = [r for r in named if r.end <= position]
    after = [r for r in named if r.start > position]
    if before:
        return max(before, key=lambda r: r.end).countries
    if after:
        return min(after, key=lambda r: r.start).countries
    return ()


def _without_overlaps(relations: list[Relation]) -> list[Relation]:
    """In text order; of overlapping phrases the longest wins."""
    kept: list[Relation] = []
    for relation in sorted(relations, key=lambda r: (-(r.end - r.start), r.start)):
        if all(relation.end <= k.start or relation.start >= k.end for k in kept):
            kept.append(relation)
    return sorted(kept, key=lambda r: r.start)
