"""Triggers in their sentence: dropped when not real (inside a name, negated, planned,
the topic of a protest), analysts' labels, and grouping the triggers of one clause into
one event unless they happened at different places."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.deadline import check
from app.core.words import words
from app.events.drafts import Unit
from app.events.linking import LocMention
from app.events.vocabulary import (
    ACCUSED,
    ANSWER_NOUNS,
    ARREST_REASONS,
    DURING_MARKS,
    EARLIER_MARKS,
    IRREALIS,
    MODALS,
    NO_ENEMIES,
    PAST_MARKS,
    TOPIC_MARKS,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


def inside_name(token: Token, text: str) -> bool:
    """A trigger word capitalised inside a name ("Operation Inherent Resolve", "March 23"),
    not an acronym the tagger takes for one ("an al Shabaab IED")."""
    return (
        token.pos_ == "PROPN"
        and text[:1].isupper()
        and not (text.isupper() and len(text) > 1)
        and not token.is_sent_start
        and token.i > token.sent.start
    )


def is_irrealis(token: Token) -> bool:
    """Negated, modal, conditional, planned, feared, denied: not something that happened."""
    check()
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
            return True
        if child.dep_ == "amod" and child.lower_ in IRREALIS:
            return True
    node = token
    for _ in range(8):
        for child in node.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in MODALS:
                return True
            if child.dep_ == "mark" and child.lower_ in ("if", "unless"):
                return True
            if node.i != token.i and child.dep_ == "neg" and node.pos_ in ("VERB", "AUX"):
                return True
        if node.i != token.i and node.lower_ in IRREALIS:
            return True
        if node.i != token.i and node.lower_ in ACCUSED and node.dep_ == "acl":
            return True  # "a man accused of armed robbery": what he is said to have done
        if node.head.i == node.i:
            break
        node = node.head
    return False


def against_no_one(token: Token) -> bool:
    """A fight word whose object is no enemy: "measures to battle the coronavirus",
    "firefighters fought the blaze"."""
    objects = [c for c in token.children if c.dep_ == "dobj"]
    objects += [
        g for c in token.children if c.dep_ == "prep" and c.lower_ == "against" for g in c.children
    ]
    return any(o.lower_ in NO_ENEMIES for o in objects)


def without_topics(units: list[Unit]) -> list[Unit]:
    """Drops the triggers that say what a protest is about or what an arrest was for
    ("students protested against the assault on a teacher", "led demonstrations against
    abductions and killings": one protest, no assault;
    "police arrested 23 students for attacking a school": one arrest), and the protest
    words that only say when violence happened ("set fire to houses during their
    demonstration": one riot, see ``Facts.protest``), and, when a stronger trigger tells
    what happened, the events it followed or answered ("soldiers battled warriors
    following an attack on farmers", "in retaliation for an attack on farmers, soldiers
    clashed with raiders": one battle; the attack is an event of its own report)."""
    dropped: set[int] = set()
    for unit in units:
        if unit.token.pos_ in ("VERB", "NOUN") and _frames(unit):
            arrest = unit.entry.sub_event_type == "Arrests"
            marks = TOPIC_MARKS | ARREST_REASONS if arrest else TOPIC_MARKS
            dropped.update(_under(unit.token, marks))
    background = {u.token.i for u in units if in_background(u.token) or _on_duty(u)}
    if any(tells_alone(u) and u.token.i not in background for u in units):
        dropped.update(background)  # "battled raiders following an attack": one battle
    for unit in units:
        if _violent(unit):
            during = _under(unit.token, DURING_MARKS) - {unit.token.i}
            dropped.update(
                u.token.i for u in units if u.token.i in during and u.entry.event_type == "Protests"
            )
    return [u for u in units if u.token.i not in dropped]


def _on_duty(unit: Unit) -> bool:
    """What people were doing when it happened ("police officers on patrol"): a
    movement word that describes a noun, not an event of its own."""
    token = unit.token
    return (
        unit.weak
        and unit.entry.event_type == "Strategic developments"
        and token.dep_ == "pobj"
        and token.head.lower_ == "on"
        and token.head.head.pos_ in ("NOUN", "PROPN")
    )


def tells_alone(unit: Unit) -> bool:
    """A trigger that tells an event by itself: a strong one, or a strike or blast
    ("air forces carry out strikes on a position in response to an attack")."""
    return not unit.weak or unit.entry.sub_event_type == "@explosion"


def in_background(token: Token) -> bool:
    """The trigger tells what the event followed or answered: it hangs from "following",
    "after" or "amid", from "in response/retaliation to/for", or from a clause one of
    them introduces ("after gunmen attacked"), or it is an earlier one ("the location
    of a previous attack")."""
    if any(c.dep_ == "amod" and c.lower_ in PAST_MARKS for c in token.children):
        return True
    below = None
    for node in [token, *token.ancestors]:
        if node.dep_ == "prep" and node.lower_ in EARLIER_MARKS:
            return not _own_deed(below)
        below = node
        if node.dep_ == "pobj" and node.lower_ in ANSWER_NOUNS:
            return True
        if node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in EARLIER_MARKS for c in node.children
        ):
            return True
    return False


def _own_deed(token: Token | None) -> bool:
    """ "abducted two doctors after killing their guard": a gerund with no subject of its
    own is what the same men did first, part of the event, not one it followed (nor a
    near miss: "exchanged fire with militants after nearly hitting an IED")."""
    return (
        token is not None
        and token.tag_ == "VBG"
        and token.dep_ == "pcomp"
        and not any(
            c.dep_ in ("nsubj", "nsubjpass") or c.lower_ in ("nearly", "almost")
            for c in token.children
        )
    )


def _under(token: Token, marks: frozenset[str]) -> set[int]:
    """The tokens under the token's children that are one of ``marks``."""
    found: set[int] = set()
    for child in token.children:
        if child.lower_ in marks:
            found.update(t.i for t in child.subtree)
    return found


def _violent(unit: Unit) -> bool:
    return unit.entry.event_type in ("Battles", "Riots") or unit.entry.sub_event_type in (
        "@attack",
        "@kill",
        "@property",
    )


def _frames(unit: Unit) -> bool:
    return unit.entry.event_type == "Protests" or unit.entry.sub_event_type == "Arrests"


def is_label(unit: Unit, sent: SpacySpan) -> bool:
    """The trigger is a label before a colon at the start of the sentence."""
    token = unit.token
    start = token.left_edge.i if token.dep_ == "compound" else unit.token.i
    first = sent.start
    text = unit.span.text  # the trigger's last word: "forces" of "Movement of forces"
    reach = token.idx - max(text.lower().find(token.lower_), 0) + len(text)
    last = max((t.i for t in sent if t.i >= token.i and t.idx + len(t) <= reach), default=token.i)
    return (
        start - first <= 3
        and last + 1 < sent.end
        and any(t.text == ":" for t in sent.doc[last + 1 : min(last + 3, sent.end)])
    )


def tree_distance(a: Token, b: Token) -> int:
    if a.doc is not b.doc:
        return 99
    ancestors_a = [a, *a.ancestors]
    index_a = {t.i: n for n, t in enumerate(ancestors_a)}
    for n, token in enumerate([b, *b.ancestors]):
        if token.i in index_a:
            return n + index_a[token.i]
    return 99


def group_units(units: list[Unit]) -> list[list[Unit]]:
    """Triggers of one clause make one event; two strong triggers with places of their
    own that differ make two. Weak triggers join from the nearest a strong one out, so
    that a chain of them ("killed and ... injured in an IED blast") joins as one."""
    strong = [u for u in units if not u.weak]

    def reach(unit: Unit) -> int:  # weak triggers nearest a strong one join first
        if not unit.weak or not strong:
            return 0
        return min(tree_distance(unit.token, s.token) for s in strong)

    ordered = sorted(units, key=lambda u: (u.weak, reach(u), u.span.start))
    groups: list[list[Unit]] = []
    for unit in ordered:
        check()
        best, best_distance = None, 99
        for group in groups:
            distance = min(tree_distance(unit.token, other.token) for other in group)
            if distance > 4 or _crosses_clause(unit.token, group[0].token):
                continue
            nested = any(_nominal_chain(unit.token, other.token) for other in group)
            if not unit.weak and not nested and not _compatible(unit, group):
                continue
            if nested:  # "killed by regime artillery fire": the fire's event
                distance = -1
            if distance < best_distance:
                best, best_distance = group, distance
        if best is None:
            groups.append([unit])
        else:
            best.append(unit)
    return sorted(groups, key=lambda g: min(u.span.start for u in g))


_NOMINAL = words("dobj pobj prep compound nsubjpass poss nmod appos attr agent")


def _nominal_chain(a: Token, b: Token) -> bool:
    """One trigger is what the other acts on: "repelled another series of ISIS *attacks*"."""
    for low, high in ((a, b), (b, a)):
        node = low
        while node.dep_ in _NOMINAL and node.head.i != node.i:
            node = node.head
            if node.i == high.i:
                return True
    return False


def _compatible(unit: Unit, group: list[Unit]) -> bool:
    place = unit.own_place()
    if place is None:
        return True
    for other in group:
        if other.weak:
            continue
        theirs = other.own_place()
        if theirs is not None and not same_place(place, theirs):
            return False
    return True


def same_place(a: LocMention, b: LocMention) -> bool:
    if a.kind == "anaphor" or b.kind == "anaphor":
        return True
    if a.gazetteer_id and a.gazetteer_id == b.gazetteer_id:
        return True
    return (a.start, a.end) == (b.start, b.end)


def _crosses_clause(a: Token, b: Token) -> bool:
    """Whether the tree path between two tokens passes a reported or parenthetical clause."""
    ancestors_b = {t.i for t in [b, *b.ancestors]}
    node = a
    while node.i not in ancestors_b:
        if node.dep_ in ("ccomp", "parataxis"):
            return True
        if node.head.i == node.i:
            break
        node = node.head
    lca = node.i
    node = b
    while node.i != lca:
        if node.dep_ in ("ccomp", "parataxis"):
            return True
        if node.head.i == node.i:
            break
        node = node.head
    return False
