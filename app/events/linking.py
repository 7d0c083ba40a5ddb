"""Place linking: the place an event happened at, not every place of its sentence.

From each trigger word the dependency tree is searched outwards (a small shortest-path
search) along the relations that say where: prepositions of place ("attacks *on* the town
of X", "clashes *in* X", "*near* X"), the objects of transitive triggers ("captured X",
"shelled X"), passive subjects ("X was shelled"), compounds ("the Mosul offensive") and
coordinations ("the villages of X, Y and Z"). "the town of X", "the villages of X", "parts
of X" are transparent: X is as close as the town. Nominal triggers also look at the verb
they belong to ("carried out an air strike *on* ..."; "fighting raged *in* X").

Not followed: subjects of active verbs and "by" phrases (actors), "according to" (sources),
and clauses the trigger does not head (a dateline, a place in a quote, "Turkey's defence
ministry said"). "from X" is an origin ("attacks from the eastern bank"): kept only when
nothing else is linked. A bare "the town" takes the last town named before it
(anaphora). Cost: one per relation followed, none for transparent nouns; the cheapest
place comes first.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.deadline import check
from app.core.words import words
from app.geoparse.lexicon import CALENDAR_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Token

LOCATIVE_PREPS = words(
    "in on at near around outside inside into across along toward towards over within "
    "throughout through off onto against between upon beside amid behind beyond past"
)
ORIGIN_PREPS = frozenset({"from"})
TRANSPARENT = words(
    "town towns village villages city cities district districts province provinces region "
    "regions area areas part parts outskirts countryside neighbourhood neighborhood "
    "neighbourhoods neighborhoods suburb suburbs governorate governorates county counties "
    "state municipality valley circle locality settlement settlements camp"
)
SETTLEMENT_NOUNS = words("town village city")
DIRECTIONS = words(
    "north south east west northeast northwest southeast southwest northeastern "
    "northwestern southeastern southwestern northern southern eastern western"
)
UNNAMED_HEADS = words("area border frontline front countryside outskirts")
NOT_FOLLOWED = frozenset({"by", "according", "like", "including", "as", "than"})
"""Prepositions whose objects are actors, sources or examples, not where it happened."""
MAX_COST = 5
UNRECOGNIZED_COST = 0
"""Extra cost of a capitalised name the geoparser did not report, reached by a locative
preposition ("near Badush"): a place name the recogniser missed, kept as text."""
GENERIC_NAME_WORDS = words(
    "city town village province governorate region state district county valley river "
    "countryside sea lake mount mountains island islands strip bank border airport"
)
"""Words after a place name that do not make it another place ("Zamfara State")."""


@dataclass(frozen=True, slots=True)
class LocMention:
    """A place name (resolved, unresolved or a derived area) or an unnamed place phrase."""

    start: int
    end: int
    text: str
    gazetteer_id: str | None = None
    feature_type: str | None = None
    country_code: str | None = None
    feature_id: str | None = None
    kind: str = "place"
    """``place`` (resolved), ``unresolved``, ``derived`` or ``unnamed``."""


@dataclass(frozen=True, slots=True)
class Link:
    mention: LocMention | None
    cost: int
    label: str
    origin: bool = False
    anaphor: Token | None = None
    """A bare "the town": the mention is resolved later from the text before it."""


def _down_edges(token: Token):
    """(child, cost, label, origin) pairs for the relations that lead to a place."""
    is_verb = token.pos_ in ("VERB", "AUX")
    for child in token.children:
        dep, lower = child.dep_, child.lower_
        if dep == "prep" or (dep in ("advmod", "npadvmod") and lower in DIRECTIONS):
            if lower in LOCATIVE_PREPS or lower in DIRECTIONS:
                label = "near" if lower in DIRECTIONS else f"prep:{lower}"
                for grand in _prep_objects(child):
                    yield grand, 1, label, False
            elif lower in ORIGIN_PREPS:
                for grand in _prep_objects(child):
                    yield grand, 1, "prep:from", True
            elif lower == "of" and not is_verb:
                # "the town of X" is X; "the Soum province of Burkina Faso" is in it
                free = (token.lower_ in TRANSPARENT and not _has_name(token)) or (
                    token.lower_ in DIRECTIONS
                )
                for grand in _prep_objects(child):
                    yield grand, 0 if free else 1, "of", False
            elif lower not in NOT_FOLLOWED:  # "clashed with X in Y": Y may hang from X
                for grand in _prep_objects(child):
                    yield grand, 2, "via", False
        elif dep in ("dobj", "nsubjpass", "attr", "oprd") and is_verb:
            yield child, 1, "object", False
        elif dep in ("compound", "nmod", "poss", "appos") and not is_verb:
            named = token.lower_ in TRANSPARENT and child.pos_ == "PROPN"
            yield child, 0 if named else 1, "compound", False
        elif dep == "conj" and not is_verb and child.pos_ in ("NOUN", "PROPN"):
            yield child, 1, "conj", False
        elif dep in ("acl", "relcl") and not is_verb:
            yield child, 2, "clause", False


def _has_name(noun: Token) -> bool:
    """ "the Khash Rod district": the noun carries its own name."""
    return any(c.dep_ in ("compound", "appos") and c.pos_ == "PROPN" for c in noun.children)


def _prep_objects(prep: Token):
    """The objects of a preposition, through chained ones ("close to X", "north of X"),
    in order; iterative, so that no parse tree can exhaust the stack."""
    stack = [iter(prep.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.dep_ in ("pobj", "pcomp"):
            yield child
        elif child.dep_ == "prep":
            stack.append(iter(child.children))


def _up(trigger: Token) -> list[tuple[Token, int, str]]:
    """Where a trigger's clause continues: the verb of a nominal trigger, the head verb of
    an embedded verbal trigger."""
    head = trigger.head
    if head.i == trigger.i:
        return []
    if trigger.pos_ in ("NOUN", "PROPN"):
        if trigger.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "conj"):
            return [(head, 1, "clause")]
        if trigger.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
            return [(head.head, 1, "clause")]
        if trigger.dep_ == "compound":
            return [(head, 1, "clause")]
    elif trigger.dep_ in ("xcomp", "advcl", "conj", "pcomp") and head.pos_ in ("VERB", "AUX"):
        return [(head, 2, "clause")]
    elif trigger.dep_ == "amod":  # "looted shops in X"
        return [(head, 1, "clause")]
    return []


def search(
    trigger: Token,
    mentions: dict[int, LocMention],
    offset: int = 0,
    exclude: frozenset[int] = frozenset(),
) -> list[Link]:
    """Places reachable from ``trigger``, cheapest first. ``mentions`` maps token index
    (in the trigger's doc) to the place name covering it; ``offset`` is where the doc
    starts in the document text; ``exclude`` are tokens that are not places (actors)."""
    start: list[tuple[int, int, Token, str, bool]] = [(0, trigger.i, trigger, "self", False)]
    for head, cost, label in _up(trigger):
        start.append((cost, head.i, head, label, False))
    heap = list(start)
    heapq.heapify(heap)
    best: dict[int, int] = {}
    links: dict[LocMention, Link] = {}
    blocked = {trigger.i}
    while heap:
        check()
        cost, _, token, label, origin = heapq.heappop(heap)
        if cost > MAX_COST or best.get(token.i, MAX_COST + 1) <= cost:
            continue
        best[token.i] = cost
        mention = mentions.get(token.i) if token.i not in exclude else None
        if mention is not None and _partial(token, mention, offset):
            name = _name_mention(token, offset)  # "Ain" of "Ain al-Asad": not that place
            links.setdefault(name, Link(name, cost + UNRECOGNIZED_COST, label, origin))
        elif mention is not None:
            if mention not in links or (links[mention].origin and not origin):
                links[mention] = Link(mention, cost, label, origin)
        elif _is_anaphor(token):
            start = offset + token.idx
            key = LocMention(start, start + len(token.text), token.text, kind="anaphor")
            links.setdefault(key, Link(None, cost, label, origin, anaphor=token))
        elif _is_unnamed(token):
            unnamed = _unnamed_mention(token, offset)
            links.setdefault(unnamed, Link(unnamed, cost + 1, label, origin))
        elif _is_unrecognized(token, label, mentions, exclude):
            name = _name_mention(token, offset)
            links.setdefault(name, Link(name, cost + UNRECOGNIZED_COST, label, origin))
        for child, step, edge_label, edge_origin in _down_edges(token):
            if child.i in blocked:
                continue
            if (
                edge_label.startswith("prep:")
                or edge_label == "near"
                or label in ("self", "clause")
            ):
                next_label = edge_label
            else:
                next_label = label
            heapq.heappush(heap, (cost + step, child.i, child, next_label, origin or edge_origin))
    return sorted(links.values(), key=order)


AREA_FEATURES = words(
    "admin1 region sea valley river lake mountain island border continent country"
)


def order(link: Link) -> tuple:
    """Where it happened first: not an origin; the cheapest link, a region counting one
    more and a whole country three more (the most specific place is where it happened);
    then text order ("near Gwoza in Borno State", "in Togoga, west of Mekelle"). An area
    next to a place counts one more too: it is often only said to orient the reader."""
    mention = link.mention
    feature_type = mention.feature_type if mention is not None else None
    penalty = 0
    if feature_type in ("country", "continent"):
        penalty = 3
    elif feature_type in AREA_FEATURES:
        penalty = 1
    elif mention is not None and mention.feature_id and _orients(mention.feature_id):
        penalty = 1  # "in Ardamata, on the outskirts of El Geneina": Ardamata
    return (link.origin, link.cost + penalty, _start(link))


def _orients(feature_id: str) -> bool:
    """ "west of X", "the outskirts of X", "20 km from X" (but not "near X")."""
    return is_nearby_area(feature_id) and not feature_id.startswith("derived:near:")


def is_nearby_area(feature_id: str) -> bool:
    """A derived area next to its anchor ("near X", "west of X", "the outskirts of X"),
    not a part of it ("eastern X", "the eastern bank of X", "X countryside")."""
    parts = feature_id.split(":")
    if len(parts) < 2 or parts[0] != "derived":
        return False
    rule = parts[1]
    inside = ("part-of", "bank-of", "valley-of", "countryside-of", "border-between")
    return not rule.endswith(inside)


def _start(link: Link) -> int:
    if link.mention is not None:
        return link.mention.start
    return link.anaphor.idx if link.anaphor is not None else 0


def _is_anaphor(token: Token) -> bool:
    """A bare "the town" / "the village": no name of its own."""
    if token.lower_ not in SETTLEMENT_NOUNS:
        return False
    if any(c.dep_ in ("prep", "compound", "appos") for c in token.children):
        return False
    return any(c.lower_ in ("the", "this", "that") for c in token.children)


def _is_unnamed(token: Token) -> bool:
    """ "the border area", "the eastern countryside": a place phrase without a name."""
    if token.lower_ not in UNNAMED_HEADS or token.pos_ != "NOUN":
        return False
    return any(c.dep_ in ("compound", "amod") for c in token.children)


def _is_unrecognized(
    token: Token, label: str, mentions: dict[int, LocMention], exclude: frozenset[int]
) -> bool:
    """A capitalised name, not a place the geoparser reported, that a locative
    preposition leads to: "near Badush", "in the Khash Rod district"."""
    if token.pos_ != "PROPN" or not token.text[:1].isupper() or token.i in exclude:
        return False
    if not (label.startswith("prep:") or label == "near") or token.lower_ in CALENDAR_WORDS:
        return False
    head = token.head
    if token.dep_ == "compound" and head.pos_ != "PROPN" and head.lower_ not in TRANSPARENT:
        return False  # "the General Santander police academy" is no place
    run = _name_run(token)
    return not any(t.i in mentions or t.i in exclude for t in run)


def _partial(token: Token, mention: LocMention, offset: int) -> bool:
    """The recognised name is only part of a longer proper name ("Bay" of "Manda Bay"),
    not counting generic words ("Borno State", "Sagaing Region")."""
    if token.pos_ != "PROPN":
        return False
    run = _name_run(token)
    start, end = offset + run[0].idx, offset + run[-1].idx + len(run[-1].text)
    if start >= mention.start and end <= mention.end:
        return False
    extra = [
        t
        for t in run
        if not (mention.start <= offset + t.idx < mention.end) and t.text[:1].isalnum()
    ]
    generic = TRANSPARENT | GENERIC_NAME_WORDS | DIRECTIONS
    return any(t.lower_ not in generic for t in extra)


def _name_run(token: Token) -> list[Token]:
    """The contiguous proper-noun tokens (with inner hyphens) around ``token``."""
    doc = token.doc

    def part(t: Token) -> bool:
        return t.pos_ == "PROPN" or (t.text in ("-", "'") and 0 < t.i < len(doc) - 1)

    start = token.i
    while start > token.sent.start and part(doc[start - 1]):
        start -= 1
    end = token.i
    while end + 1 < token.sent.end and part(doc[end + 1]):
        end += 1
    while start < end and not doc[start].text[:1].isalnum():
        start += 1
    while end > start and not doc[end].text[:1].isalnum():
        end -= 1
    return list(doc[start : end + 1])


def _name_mention(token: Token, offset: int) -> LocMention:
    run = _name_run(token)
    start, end = run[0].idx, run[-1].idx + len(run[-1].text)
    return LocMention(offset + start, offset + end, token.doc.text[start:end], kind="unrecognized")


def _unnamed_mention(token: Token, offset: int) -> LocMention:
    left = [c for c in token.lefts if c.dep_ in ("det", "compound", "amod")]
    first = min([token, *left], key=lambda t: t.i)
    start, end = first.idx, token.idx + len(token.text)
    return LocMention(offset + start, offset + end, token.doc.text[start:end], kind="unnamed")
