"""Who claims it: "according to pro-opposition sources", "Amaq claimed that...",
"..., the Syrian Observatory for Human Rights said".

Works on a parsed sentence (a spaCy ``Span``). Pronoun subjects ("he said") and
"reportedly" name no source.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.deadline import check
from app.core.words import words

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

REPORTING_VERBS = words(
    "said says say saying told tells claimed claims claim claiming reported reports stated "
    "states announced announces confirmed confirms added alleged alleges quoted cited "
    "accused blamed denied"
)
"""Verbs whose subject is a source. A sentence with only these verbs is a statement, not
an event: none of them is a trigger."""
_PRONOUNS = words("he she they it we i you who which that this these those")


@dataclass(frozen=True, slots=True)
class Attribution:
    """A source named in a sentence: ``text`` is its normalised name; ``start``/``end`` the
    characters of the whole phrase (what actor matching must skip); ``head`` the token the
    claim hangs from (the reporting verb, or the verb "according to" attaches to)."""

    text: str
    start: int
    end: int
    head: Token


def find_attributions(sentence: SpacySpan) -> list[Attribution]:
    found = []
    for token in sentence:
        check()
        lower = token.lower_
        if lower == "according":
            to = next((c for c in token.children if c.lower_ == "to"), None)
            noun = next(
                (c for c in (to.children if to is not None else ()) if c.dep_ == "pobj"), None
            )
            if noun is not None:
                found.append(_attribution(noun, token.head, include=token))
        elif lower in REPORTING_VERBS and token.pos_ in ("VERB", "AUX"):
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.lower_ not in _PRONOUNS:
                found.append(_attribution(subject, token))
    return [a for a in found if a.text]


def _attribution(noun: Token, head: Token, include: Token | None = None) -> Attribution:
    tokens = [t for t in noun.subtree if t.dep_ not in ("relcl", "acl")]
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    if include is not None:
        start = min(start, include.idx)
    return Attribution(source_name(noun), start, end, head)


def source_name(noun: Token) -> str:
    """The name of a source phrase: "The ISIS-linked news agency Amaq" -> "Amaq";
    "the Syrian Observatory for Human Rights (SOHR)" -> "Syrian Observatory for Human
    Rights"; "pro-opposition sources" -> itself."""
    if noun.pos_ == "NOUN":
        for child in noun.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                return _text([t for t in child.subtree])
    skip: set[int] = set()
    for token in noun.subtree:
        if token.dep_ in ("relcl", "acl", "appos") and token.head == noun and token.i > noun.i:
            skip.update(t.i for t in token.subtree)
    tokens = [t for t in noun.subtree if t.i not in skip]
    return _text(tokens)


def _text(tokens: list[Token]) -> str:
    tokens = sorted(tokens, key=lambda t: t.i)
    depth, kept = 0, []
    for token in tokens:  # drop parentheticals "(SOHR)"
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            kept.append(token)
    while kept and (kept[0].dep_ in ("det", "predet") or kept[0].is_punct):
        kept.pop(0)
    while kept and kept[-1].is_punct:
        kept.pop()
    if not kept:
        return ""
    doc = kept[0].doc
    return doc[kept[0].i : kept[-1].i + 1].text
