"""The grammar of a harm in a parsed sentence: what a trigger was done to (its objects,
the subject of its passive, a headline's bare object), the words of a noun phrase, and
the headline forms the tagger misreads ("Man stabbed in Nairobi", "Militia attack
traders")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.words import words
from app.events.vocabulary import ANGER_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Token

NEAR = 12
"""How far from its head a phrase is read, and a verb's coordination reaches."""


def objects_of(token: Token) -> list[Token]:
    """Who or what a harm trigger was done to: its objects, the subject of its passive,
    "on"/"against"/"at" phrases, the noun a past participle describes ("a man shot in
    the head", not "a gang killing five"); a verb also takes those of the verbs
    coordinated with it ("shot and injured a civilian", "a man was tied up and beaten"),
    and those an "including" phrase names ("killing seven, including police officers")."""

    def own(t: Token) -> list[Token]:
        found = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
        for prep in (c for c in t.rights if c.dep_ == "prep" and c.lower_ in _AT):
            found += [c for c in prep.children if c.dep_ == "pobj"]
        if (
            t.dep_ in ("acl", "relcl")
            and t.head.pos_ in ("NOUN", "PROPN")
            and not _active(t)
            and t.tag_ != "VBG"
        ):  # "a man shot in the head", not "the army, who fired", "a gang killing five"
            found.append(t.head)
        if headline_passive(t):  # "Man stabbed in Nairobi", "Two shot dead on Monday"
            found += [c for c in t.children if c.dep_ == "nsubj"]
        headline = headline_verb(t)  # "militia attack traders", "MRC attacks officers"
        if headline is not None:
            found.append(headline)
        return found + _included(found + [t])

    found = own(token)
    for other in token.conjuncts:
        if abs(other.i - token.i) <= NEAR:  # a verb's own coordination, not a whole list
            found += own(other)
    return found


def _included(tokens: list[Token]) -> list[Token]:
    """Who an "including" phrase names among the harmed: "killing seven, including
    police officers", "killed five people, including a soldier"."""
    return [
        g
        for t in tokens
        for prep in t.children
        if prep.dep_ == "prep" and prep.lower_ == "including"
        for g in prep.children
        if g.dep_ == "pobj"
    ]


def _active(verb: Token) -> bool:
    """A relative clause whose noun is its doer: "the military, who opened fire"."""
    return verb.dep_ == "relcl" and any(
        c.dep_ == "nsubj" and c.lower_ in ("who", "which", "that") for c in verb.children
    )


def counted_victims(verb: Token, subject: Token) -> bool:
    """A headline's counted victims ("3 people killed"), not the side that acted."""
    return headline_passive(verb) and any(c.dep_ == "nummod" for c in subject.children)


def headline_verb(token: Token) -> Token | None:
    """The object of a headline's present-tense verb that the tagger read as a noun:
    "Moran militia attack traders" (a compound of its object), "MRC attacks police
    officers" (a root with its object in apposition); None for "an attack helicopter"
    (a determiner) or "the attack site" (no subject before it)."""
    if token.pos_ != "NOUN" or token.tag_ not in ("NN", "NNS"):
        return None
    before = token.doc[token.i - 1] if token.i > token.sent.start else None
    if before is None or before.pos_ not in ("NOUN", "PROPN"):
        return None
    head = token.head
    if token.dep_ == "compound" and head.i > token.i and head.pos_ in ("NOUN", "PROPN"):
        if not any(c.dep_ in ("det", "poss") and c.i < token.i for c in head.children):
            return head
        return None
    if token.dep_ == "ROOT" and not any(c.dep_ == "det" for c in token.children):
        return next(
            (
                c
                for c in token.rights
                if c.dep_ in ("appos", "dobj", "npadvmod") and c.pos_ in ("NOUN", "PROPN")
            ),
            None,
        )
    return None


def headline_passive(verb: Token) -> bool:
    """A past participle with a subject and no auxiliary or object: a headline's passive
    ("Man stabbed", "Five attacked and set alight"), also where the tagger read it as a
    past tense but the verb says "dead" ("5 members shot dead") or counts casualties
    ("Two police killed", "Police reservist killed"): nobody kills without an object."""
    children = list(verb.children)
    if any(c.dep_ in ("aux", "auxpass", "dobj") for c in children):
        return False
    if any(g.dep_ == "dobj" for c in children if c.dep_ == "conj" for g in c.children):
        return False  # "members assaulted and injured a journalist": active
    subjects = [c for c in children if c.dep_ == "nsubj"]
    if not subjects:
        return False
    if verb.tag_ == "VBN" or any(c.dep_ == "agent" for c in children):
        return True  # "2 Kikuyu burned in their homes by a Luo group"
    if verb.tag_ != "VBD":
        return False
    if any(c.lower_ == "dead" for c in children):
        return True
    return verb.lower_ in _CASUALTY_VERBS  # "Police reservist killed", not "groups clashed"


_CASUALTY_VERBS = frozenset(("killed", "injured", "wounded", "murdered", "hurt"))
"""Past forms that count casualties (the event parse has no lemmatizer)."""


def phrase_of(token: Token) -> list[Token]:
    """The words of a noun phrase, at most ``NEAR`` on each side of its head (a phrase
    of a runaway sentence is not read whole)."""
    doc = token.doc
    start = max(token.left_edge.i, token.i - NEAR)
    end = min(token.right_edge.i, token.i + NEAR)
    return list(doc[start : end + 1])


def own_phrase(token: Token) -> list[Token]:
    """The words of a noun phrase without the phrases coordinated with it: "police" in
    "police and informal traders" is police alone."""
    later = [c.left_edge.i for c in token.conjuncts if c.i > token.i]
    cut = min(later, default=len(token.doc))
    return [t for t in phrase_of(token) if t.i < cut]


_AT = words("on against at upon")


def misread_passive(token: Token) -> bool:
    """A trigger the tagger read as a noun after "was"/"were" with a "by" phrase ("Two
    policemen were Friday afternoon shot dead by unknown gunmen"): a passive verb."""
    return (
        token.pos_ == "NOUN"
        and token.dep_ in ("attr", "acomp")
        and token.head.lower_ in _BE
        and any(c.dep_ == "prep" and c.lower_ == "by" for c in token.children)
    )


_BE = frozenset(("was", "were", "is", "are", "been", "be"))


def angry_people(token: Token) -> bool:
    """People called angry ("angry depositors", "irate residents"): a crowd."""
    return token.pos_ == "NOUN" and any(
        c.dep_ == "amod" and c.lower_ in ANGER_WORDS for c in token.children
    )
