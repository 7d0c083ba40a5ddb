"""Who did what: actors' roles from the dependency parse, whether one side is a crowd
rather than an organised armed group, and who counts as armed. Whom a harm was done to
is :mod:`app.events.victims`; the weapon named near a trigger :mod:`app.events.weapons`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from app.core.deadline import check
from app.events.actors import ARMED_TYPES
from app.events.drafts import Draft, Unit
from app.events.grammar import (
    NEAR,
    angry_people,
    counted_victims,
    headline_passive,
    headline_verb,
    misread_passive,
    objects_of,
    own_phrase,
)
from app.events.triggers import tree_distance
from app.events.types import ActorRef
from app.events.vocabulary import (
    ARMED_QUALIFIERS,
    ARMED_WORDS,
    CIVILIAN_WORDS,
    COMMUNAL_WORDS,
    COMMUNITY_NOUNS,
    CROWD_NOUNS,
    DEFENCE_WORDS,
    DOER_WORDS,
    FIGHT_WORDS,
    OFFICER_WORDS,
    OPPONENT_WORDS,
    PARTY_WORDS,
    PLACE_OBJECTS,
    SECURITY_WORDS,
    UNIDENTIFIED_WORDS,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


def np_head(token: Token) -> Token:
    """The head of the noun phrase a name sits in: "Boko Haram" in "Suspected Boko Haram
    fighters", "the Islamic State group" in "Militants linked to the Islamic State group"."""
    node = token
    for _ in range(4):
        if _across_headline_verb(node):
            break  # "Taliban attacks checkpoint": the name is the headline verb's subject
        if node.dep_ in ("compound", "amod", "nmod", "poss", "appos", "npadvmod"):
            node = node.head
        elif (
            node.dep_ == "pobj"
            and node.head.lower_ in ("of", "from", "to")
            and (node.head.head.pos_ in ("NOUN", "PROPN") or node.head.head.dep_ == "acl")
        ):
            node = node.head.head
            if node.dep_ == "acl":  # "linked to", "loyal to"
                node = node.head
        else:
            break
    return node


def _across_headline_verb(node: Token) -> bool:
    """The node's head is, or lies past, a headline verb the tagger read as a noun
    ("Armed group attack villagers": "Armed" hangs from "villagers")."""
    head = node.head
    if headline_verb(head) is not None:
        return True
    between = node.doc[node.i + 1 : head.i] if head.i > node.i else ()
    return any(headline_verb(t) is not None for t in between)


LINKED = re.compile(
    r"^\s+(?:linked to|loyal to|affiliated with|allied with|belonging to|from|of|"
    r"with ties to|backed by)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def closest_draft(drafts: list[Draft], head: Token) -> tuple[Draft | None, str]:
    best, best_distance, best_role = None, 99, "associated"
    for draft in drafts:
        check()
        for unit in draft.units:
            role = actor_role(head, unit)
            distance = tree_distance(head, unit.token)
            if role != "associated":
                distance -= 10
            if distance < best_distance:
                best, best_distance, best_role = draft, distance, role
    if best is not None and best_distance > 6:
        return None, "associated"
    return best, best_role


def actor_role(head: Token, unit: Unit) -> str:
    """The actor's role in the trigger's event, from the dependency relation."""
    trigger = unit.token
    verbs = {trigger.i}
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "attr"):
        verbs.add(trigger.head.i)  # "X carried out an air strike", "Iran fired missiles"
    if trigger.dep_ in ("xcomp", "advcl", "conj") and trigger.pos_ == "VERB":
        verbs.add(trigger.head.i)  # "..., killing 12": the subject of the main verb
    dep, parent = head.dep_, head.head
    if head.i == trigger.i and head.dep_ not in ("dobj", "nsubjpass", "pobj"):
        return "actor1"  # the name inside the trigger's phrase: "regime artillery fire"
    headline = headline_verb(trigger)  # "MRC attacks police officers"
    if headline is not None and head.i in _doer_tokens(trigger):
        return "actor1"
    if headline is not None and headline.i in (head.i, parent.i):
        return "actor2" if unit.entry.agent_role == "actor1" else "actor1"
    if trigger.dep_ == "acl" and trigger.head.i == head.i:  # "coalition aircraft bombed X"
        passive = any(c.dep_ == "agent" for c in trigger.children)
        active = any(c.dep_ == "dobj" for c in trigger.children)
        if active and not passive:
            return unit.entry.agent_role
        if passive:
            return "actor2"
    if dep == "nsubj" and parent.i in verbs and _harm(unit) and headline_passive(parent):
        return "actor2" if unit.entry.agent_role == "actor1" else "actor1"  # "Man stabbed"
    if dep == "nsubj" and parent.i in verbs:
        return unit.entry.agent_role
    if dep == "pobj" and parent.lower_ == "by" and parent.head.i in verbs:
        return "actor1"
    if (
        dep == "pobj"
        and parent.lower_ == "from"
        and parent.head.i == trigger.i
        and trigger.pos_ == "NOUN"
    ):
        return "actor1"  # "an attack from suspected militia"
    if dep in ("compound", "poss", "amod", "nmod") and parent.i == trigger.i:
        return "actor1"
    if dep in ("dobj", "nsubjpass") and parent.i in verbs:
        return "actor2" if unit.entry.agent_role == "actor1" else "actor1"
    if (
        dep == "pobj"
        and parent.lower_ in ("with", "against", "on", "at")
        and parent.head.i in verbs
    ):
        return "actor2"
    if dep == "pobj" and parent.lower_ == "between" and parent.head.i in verbs:
        return "actor1"  # "fighting between the army and the RSF"
    if dep == "conj" and parent.dep_ == "pobj" and parent.head.lower_ == "between":
        return "actor2" if parent.head.head.i in verbs else "associated"
    return "associated"


def _harm(unit: Unit) -> bool:
    """A trigger done to someone ("killed", "attacked", "torched"), which a headline
    can put in the passive; "clashed" cannot be."""
    return unit.entry.sub_event_type in ("@kill", "@attack", "@property")


def add_actor(draft: Draft, actor: ActorRef) -> None:
    for n, known in enumerate(draft.actors):
        if known.name == actor.name:
            forms = tuple(dict.fromkeys(known.surface_forms + actor.surface_forms))
            role = known.role if known.role != "associated" else actor.role
            draft.actors[n] = ActorRef(known.name, known.type, forms, role)
            return
    draft.actors.append(actor)


def unarmed_crowd(draft: Draft) -> bool:
    """Protesters or rioters act, and no armed group does."""
    doers = _doers(draft)
    crowd = any(a.type in ("protesters", "rioters") for a in doers)
    return crowd and not any(a.type in ARMED_TYPES and a.type != "state" for a in doers)


def _doers(draft: Draft) -> list[ActorRef]:
    """Who acts: the actor1s, else every actor that the triggers were not done to (the
    students "attacked and raped" are no crowd that acts)."""
    doers = [a for a in draft.actors if a.role == "actor1"]
    if doers:
        return doers
    done_to = {
        t.lower_
        for u in draft.units
        for o in objects_of(u.token)
        for t in o.doc[max(o.left_edge.i, o.i - NEAR) : o.i + 1]  # "at least five students"
    }
    return [a for a in draft.actors if not any(f.lower() in done_to for f in a.surface_forms)]


def crowd_side(unit: Unit, draft: Draft) -> bool:
    """One side of the violence is a crowd, not an organised armed group ("supporters of
    two candidates clashed", "locals assaulted a man"): its subject or a "between"/"with"
    party is a crowd word, with no armed word or armed actor in it; and no armed
    non-state group acts in the sentence."""
    if any(a.type in ARMED_TYPES and a.type != "state" for a in draft.actors):
        return False
    token = unit.token
    heads = [token]
    if token.pos_ == "NOUN":  # "clashes between ...", "engaged in a clash"
        heads.append(token.head)
        if token.head.dep_ == "prep":
            heads.append(token.head.head)
    elif token.dep_ == "conj":  # "supporters assaulted and injured ...": the same subject
        heads.append(token.head)
    sides = [
        c
        for t in heads
        for c in t.children
        if c.dep_ == "agent" or (c.dep_ == "nsubj" and not counted_victims(t, c))
    ]
    for prep in (c for t in heads for c in t.children if c.dep_ == "prep"):
        if prep.lower_ in ("between", "with", "by"):
            sides += [c for c in prep.children if c.dep_ == "pobj"]
    for side in list(sides):
        if side.dep_ == "agent":
            sides += [c for c in side.children if c.dep_ == "pobj"]
    for side in sides:
        for part in _of_counted([side, *side.conjuncts[:3]]):
            if (part.lower_ in CROWD_NOUNS or angry_people(part)) and not organised([part]):
                return True  # "between police and informal traders": one side is a crowd
    return False


_COUNTS = frozenset(
    ("hundreds", "thousands", "dozens", "scores", "number", "crowds", "some", "several")
    + ("many", "most", "all", "both", "each", "none")
)
"""Words that count people; numbers, words or digits, are ``like_num``."""


def _of_counted(parts: list[Token]) -> list[Token]:
    """Who a count is of: "hundreds of people", "dozens of students" are people."""
    out = list(parts)
    for part in parts:
        if part.lower_ in _COUNTS or part.like_num:
            for prep in (c for c in part.children if c.dep_ == "prep" and c.lower_ == "of"):
                out += [c for c in prep.children if c.dep_ == "pobj"]
    return out


def organised(parts: list[Token]) -> bool:
    """A group of people that ACLED counts as an organised armed side rather than a
    crowd: armed words in its phrase, a group nobody identified ("an unknown group", not
    "unidentified persons", whom ACLED counts as a mob), or
    a community, clan or ethnic group ("members of two clans", "ethnic groups", "Kalenjin
    youths"), whose fighters ACLED codes as communal militias."""
    phrase = [t for p in parts for t in own_phrase(p)]
    words = {t.lower_ for t in phrase}
    if words & (ARMED_WORDS | COMMUNAL_WORDS | DEFENCE_WORDS):
        return True  # "a local self-defense group" is a militia
    if any(_named_community(p) for p in parts):
        return True
    if words & _SUSPECTED and any(p.lower_ in _MEMBERS for p in parts):
        # "suspected members of MRC": a group one is suspected of belonging to, not a party
        return not words & PARTY_WORDS
    return bool(words & UNIDENTIFIED_WORDS) and any(p.lower_ in ("group", "groups") for p in parts)


_SUSPECTED = frozenset(("suspected", "alleged"))
_MEMBERS = frozenset(("members", "member", "adherents", "adherent"))


def _named_community(part: Token) -> bool:
    """People named after a community: a proper name before a community noun ("Kalenjin
    youths", "Turkana villagers", "Kikuyu and Maasai groups"); not a party's initials
    ("ODM youths") nor a capitalised first word that is no name ("Several people")."""
    if part.lower_ not in COMMUNITY_NOUNS:
        return False
    modifiers = [
        t for t in part.subtree if t.i < part.i and t.dep_ in ("compound", "amod", "nmod", "conj")
    ]
    named = [c for c in part.conjuncts if c.i < part.i]  # "Kalenjin and Maasai groups"
    return any(_proper_name(t) for t in [*modifiers, *named])


def _proper_name(token: Token) -> bool:
    text = token.text
    if not text[:1].isupper() or text.isupper() or token.like_num:
        return False
    return token.pos_ == "PROPN" or (not token.is_sent_start and token.pos_ == "ADJ")


def two_sides(draft: Draft) -> bool:
    """Armed people on both sides: an armed actor acted upon, or armed words among those
    the sentence's triggers were done to ("killed two soldiers")."""
    if any(a.type in ARMED_TYPES and a.role == "actor2" for a in draft.actors):
        return True
    for unit in draft.units:
        check()
        if unit.entry.event_type in ("Strategic developments", "Protests"):
            continue  # "after police arrested seven militia leaders": no side of the harm
        for obj in objects_of(unit.token):
            if _where(obj):
                continue  # "assaulted a civilian at a police station"
            part = [t for t in _head_part(obj) if obj.i < unit.token.i or t.i > unit.token.i]
            if armed_in(part, opponent_words(draft)):
                return True
    return False


def armed_opponent(unit: Unit, draft: Draft, sent: SpacySpan) -> bool:
    """Someone armed stands against the doer of the trigger: an armed actor acted upon,
    an armed word in the sentence outside the doer's own phrase ("attacked a police
    post", "two officers were killed"), or a word for a fight both sides take part in
    ("an exchange of gunfire"). ACLED's battles need two armed sides; an attack with
    none named is violence against whoever was there."""
    if two_sides(draft) or _state_and_rebels(draft):
        return True
    doer = _doer_tokens(unit.token)
    opponents = opponent_words(draft)
    for token in sent:
        check()
        if token.i in doer:
            continue
        if token.lower_ in FIGHT_WORDS or (
            token.lower_ not in DOER_WORDS and armed_in([token], opponents)
        ):
            return True
    return False


def _state_and_rebels(draft: Draft) -> bool:
    """A state force and a non-state armed group are both named, whatever the parse made
    of their roles ("a police officer dies when suspected Al Shabaab members shoot him")."""
    types = {a.type for a in draft.actors}
    return "state" in types and bool(types & {"rebel", "militia", "external"})


def opponent_words(draft: Draft) -> frozenset[str]:
    """The words that make whom a harm is done to an armed side: armed words, and armed
    suspects ("suspected militants", "cattle raiders") when a state force does it (a known
    one, or one named by a security word: "home guards kill a cattle raider") or the
    report names nobody, which ACLED codes as a clash rather than violence against
    civilians."""
    if any(a.role == "actor1" and a.type == "state" for a in draft.actors):
        return OPPONENT_WORDS
    doers = {i for u in draft.units for i in _doer_tokens(u.token)}
    if not doers and not any(a.role == "actor1" for a in draft.actors):
        return OPPONENT_WORDS  # "2 suspected sect members killed", by whom it does not say
    if draft.units and any(_security_head(draft.units[0].token.doc[i], doers) for i in doers):
        return OPPONENT_WORDS
    return ARMED_WORDS


_HEAD_DEPS = ("nsubj", "pobj", "conj", "appos")


def _security_head(token: Token, doers: set[int]) -> bool:
    """A security word heads the doer's phrase ("home guards", "police reservists"), not
    one inside it ("youths wearing military attire")."""
    if token.lower_ not in SECURITY_WORDS:
        return False
    head = token.head if token.dep_ == "compound" else token
    return head.dep_ in _HEAD_DEPS and head.i in doers


def place_target(token: Token, places: list[tuple[int, int]]) -> bool:
    """The trigger was done to a place ("attacked the town of al-Bukamal", "attacked
    Ghazni"): whoever holds it is the other side. ``places``: where the sentence's place
    mentions are, as character offsets in the token's doc."""
    for obj in objects_of(token):
        if _where(obj):
            continue  # "an attack at Esoit" says where, not what was attacked
        if obj.lower_ in PLACE_OBJECTS or any(s <= obj.idx < e for s, e in places):
            return True
    return False


def armed_in(tokens: list[Token], opponents: frozenset[str]) -> bool:
    """Someone armed among ``tokens``: an armed word, but an officer or official only
    with nothing or an armed word before it ("officers", "police officers", not "a Red
    Cross officer", "electoral officials")."""
    return any(
        t.lower_ in opponents and not civilian_officer(t) and not off_duty(t) for t in tokens
    )


def off_duty(token: Token) -> bool:
    """An off-duty soldier or policeman: ACLED counts him as a civilian."""
    before = token.doc[max(token.left_edge.i, token.i - 6) : token.i]
    return "offduty" in before.text.lower().replace(" ", "").replace("-", "")


def civilian_officer(token: Token) -> bool:
    if token.lower_ not in OFFICER_WORDS:
        return False
    if of_civilians(token):  # "a convoy of aid workers"
        return True
    if any(t.lower_ in ("patrol", "patrolling") for t in token.subtree if t.i > token.i):
        return False  # "a Kenya Forest Service officer on patrol" is armed
    qualifiers = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
    qualifiers += [g for c in qualifiers for g in c.children if g.dep_ == "compound"]
    armed = ARMED_QUALIFIERS | ARMED_WORDS
    return bool(qualifiers) and not any(
        q.lower_ in armed or (q.is_upper and len(q) > 1)
        for q in qualifiers  # "NISS officer"
    )


def _head_part(token: Token) -> list[Token]:
    """A noun phrase up to its head, for it and its coordinated phrases ("two police
    officers and a civilian"), without what follows the head ("fishermen killed on the
    lake by militia")."""
    doc = token.doc
    heads = [token, *token.conjuncts[:3]]
    heads += [p for p in _of_counted(heads) if p not in heads]  # "one of the raiders"
    return [t for h in heads for t in doc[max(h.left_edge.i, h.i - NEAR) : h.i + 1]]


def _where(obj: Token) -> bool:
    """An "at" phrase among a trigger's objects: where it happened."""
    return obj.dep_ == "pobj" and obj.head.lower_ == "at"


def _doer_tokens(token: Token) -> set[int]:
    """The token positions of whoever does the trigger: the subjects and "by" agents of
    the trigger and of the verb a noun trigger hangs from ("an attack by gunmen")."""
    heads = [token, *token.conjuncts[:2]]
    if token.pos_ == "NOUN" or token.dep_ in ("xcomp", "advcl", "conj"):
        heads.append(token.head)
    doer: set[int] = set()
    if headline_verb(token) is not None:  # "Raiders from Uganda attack Kenyan village"
        start = token.sent.start
        stops = [t.i for t in token.doc[start : token.i] if t.is_punct]
        doer.update(range(max(stops, default=start - 1) + 1, token.i))
    for head in heads:
        # "2 suspected sect members killed", "Two policemen were shot dead by gunmen" (the
        # tagger's noun "shot" after "were"): the subject is the victims
        passive = headline_passive(head) or (head.i == token.head.i and misread_passive(token))
        for child in head.children:
            if child.dep_ == "nsubj" and passive:
                continue
            if child.dep_ in ("nsubj", "agent") or (child.dep_ == "prep" and child.lower_ == "by"):
                doer.update(t.i for t in child.subtree)
            elif child.dep_ == "prep" and child.lower_ == "from" and head.pos_ == "NOUN":
                doer.update(t.i for t in child.subtree)  # "an attack from suspected militia"
    return doer


def communal_doer(token: Token) -> bool:
    """Whoever does the trigger is named after a community ("beaten to death by six Pokot
    youths"): a communal militia, not a mob."""
    doc = token.doc
    return any(_named_community(doc[i]) for i in _doer_tokens(token))


def rioting(draft: Draft) -> bool:
    """The crowd that acts is called rioters, or a mob."""
    return any(a.type == "rioters" for a in _doers(draft))


def of_civilians(obj: Token) -> bool:
    """A convoy or group of civilians: "a convoy of aid workers", "a group of students"."""
    return obj.lower_ in _GROUPS and any(
        c.lower_ in CIVILIAN_WORDS for p in obj.children if p.lower_ == "of" for c in p.children
    )


_GROUPS = frozenset(("convoy", "convoys", "group", "groups", "team", "teams", "delegation"))


def as_rioters(actor: ActorRef) -> ActorRef:
    if actor.type != "protesters":
        return actor
    name = actor.name.replace("Protesters", "Rioters", 1)
    return ActorRef(name, "rioters", actor.surface_forms, actor.role)
