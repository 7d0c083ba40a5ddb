"""Reported fatalities: the figures, their qualifiers, whose dead, and who says so.

"about 35 pro-government fighters were killed, according to pro-opposition sources" ->
``count=35, qualifier="about", side="pro-government fighters"``. Only deaths count
(ACLED records no injuries). Vague words follow ACLED's convention: "dozens" is 12,
"tens" 10, "hundreds" 100; "several" and "many" give no number. Figures inside an
"including ..." phrase are a part of another figure and are not counted again.

``best_estimate`` is ACLED's conservative reading: the lowest figure reported for each
side, summed over the sides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.deadline import check
from app.core.words import words
from app.events.types import FatalityReport, Span

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

KILL_VERBS = words(
    "killed kill kills killing executed executing massacred slain murdered murdering "
    "beheaded slaughtered shot"
)
DIE_VERBS = words("died die dies dying perished")
DEATH_NOUNS = words("dead deaths fatality fatalities bodies body death toll")
_ONE_TO_TWENTY = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
NUMBER_WORDS = {w: n for n, w in enumerate(_ONE_TO_TWENTY.split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70})
NUMBER_WORDS.update({"eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12})
VAGUE = {"dozens": 12, "tens": 10, "hundreds": 100, "several": None, "many": None, "scores": None}
_QUALIFIER = re.compile(
    r"(about|around|approximately|roughly|some|nearly|almost|at least|more than|over|up to|"
    r"as many as|fewer than|less than|an estimated|a reported|at most|a total of|"
    r"an unknown number of)\s+(?:a\s+)?$",
    re.IGNORECASE,
)
_NONE_KILLED = re.compile(
    r"\bno (?:one|casualties|deaths|fatalities|injuries or deaths|deaths or injuries)\b"
    r"|\bnobody (?:was|were) (?:killed|hurt)\b",
    re.IGNORECASE,
)


_DEATH_WORDS = re.compile(
    r"\b(?:dead|deaths?|fatalit(?:y|ies)|died|killed|bodies|body)\b", re.IGNORECASE
)
_CODED = re.compile(
    r"\bfatalities (?:were |are |was |is )?(?:coded as|coded at|counted as) (\d{1,6})\b"
    r"|\bfatalities (?:are|were) split (?:across|between) \d+ events \((\d{1,6})\)",
    re.IGNORECASE,
)
SINGULAR_VICTIM_DETS = words("a an the one another his her their")


def mentions_deaths(text: str) -> bool:
    """Whether a sentence speaks of deaths (worth parsing for its figures)."""
    return _DEATH_WORDS.search(text) is not None


def coded_fatalities(text: str) -> FatalityReport | None:
    """An analyst's own coding of the deaths of a note ("Fatalities coded as 0 (VoJ
    reported 2)", "Fatalities are split across 2 events (6)"): it replaces the figures
    the text reports."""
    match = _CODED.search(text)
    if match is None:
        return None
    count = int(match.group(1) or match.group(2))
    span = Span(match.start(), match.end(), match.group(0))
    return FatalityReport(count, "coded", None, None, span)


@dataclass(frozen=True, slots=True)
class Figure:
    report: FatalityReport
    verb: Token | None
    """The kill verb (or death noun) the figure hangs from, to find the claim's source."""


def number_value(token: Token) -> tuple[bool, int | None]:
    """Whether the token is a count, and its value (None for vague counts)."""
    lower = token.lower_
    if lower in VAGUE:
        return True, VAGUE[lower]
    if lower in NUMBER_WORDS:
        return True, NUMBER_WORDS[lower]
    digits = lower.replace(",", "")
    if digits.isdigit():
        value = int(digits)
        return value < 1_000_000, value
    return False, None


def find_figures(sentence: SpacySpan, skip: Iterable[tuple[int, int]] = ()) -> list[Figure]:
    """Fatality figures in a parsed sentence; ``skip`` are character ranges (dates)."""
    skip = list(skip)
    figures: list[Figure] = []
    for token in sentence:
        check()
        if any(s <= token.idx < e for s, e in skip):
            continue
        is_count, value = number_value(token)
        if not is_count or _part_of_larger_number(token):
            continue
        noun = _counted_noun(token)
        verb = _death_link(noun) or _death_link(token)
        if verb is None or _inside_including(noun):
            continue
        figures.append(Figure(_report(sentence, token, noun, value), verb))
    if not figures:
        figures = _singular_victims(sentence)
    if not figures and _NONE_KILLED.search(sentence.text):
        m = _NONE_KILLED.search(sentence.text)
        span = Span(sentence.start_char + m.start(), sentence.start_char + m.end(), m.group(0))
        figures.append(Figure(FatalityReport(0, None, None, None, span), None))
    return figures


def _singular_victims(sentence: SpacySpan) -> list[Figure]:
    """One death per singular noun killed with no number ("shot and killed a civilian",
    "a man was found dead", "killing the father and a son")."""
    figures = []
    for token in sentence:
        if token.lower_ not in KILL_VERBS and not (
            token.lower_ == "dead" and token.head.lower_ == "found"
        ):
            continue
        verb = token.head if token.lower_ == "dead" else token
        victims = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        named = any(c.dep_ == "dobj" and c.pos_ != "PRON" for c in verb.children)
        victims += [  # "shot and killed a civilian", "hit the editor and killed him",
            c  # not "attacked a village and killed a chief"
            for v in verb.conjuncts
            if v.i < verb.i and not named
            for c in v.children
            if c.dep_ == "dobj"
        ]
        if token.lower_ == "dead":
            victims = [c for c in verb.children if c.dep_ == "nsubjpass"]
        for victim in victims:
            for noun in (victim, *victim.conjuncts):
                if noun.tag_ not in ("NN", "NNP") or any(c.like_num for c in noun.children):
                    continue
                if not any(
                    c.dep_ == "det" and c.lower_ in SINGULAR_VICTIM_DETS for c in noun.children
                ):
                    continue
                start, end = noun.left_edge.idx, noun.idx + len(noun)
                span = Span(start, end, sentence.doc.text[start:end])
                figures.append(Figure(FatalityReport(1, None, noun.lower_, None, span), verb))
    return figures


def _part_of_larger_number(token: Token) -> bool:
    return token.dep_ in ("compound", "quantmod") and token.head.like_num


def _counted_noun(number: Token) -> Token:
    if number.dep_ in ("nummod", "amod", "quantmod") and number.head.pos_ in ("NOUN", "PROPN"):
        return number.head
    # "dozens of people", "a dozen of them"
    of = next((c for c in number.children if c.lower_ == "of"), None)
    pobj = next((c for c in (of.children if of is not None else ()) if c.dep_ == "pobj"), None)
    return pobj if pobj is not None else number


def _death_link(noun: Token) -> Token | None:
    """The kill verb or death word the counted noun belongs to, following conjunctions."""
    seen = 0
    while noun.dep_ == "conj" and seen < 4:
        noun, seen = noun.head, seen + 1
    head = noun.head
    lower = noun.lower_
    if lower in DEATH_NOUNS:
        return noun
    if noun.dep_ in ("nummod", "amod", "npadvmod", "nsubj") and head.lower_ in DEATH_NOUNS:
        return head  # "leaving 55 dead", "leaving 21 people dead"
    if any(c.lower_ == "dead" for c in noun.children):  # "55 people dead"
        return noun
    if noun.dep_ in ("nsubjpass", "dobj", "oprd") and head.lower_ in KILL_VERBS:
        return head
    if noun.dep_ == "nsubj" and head.lower_ in DIE_VERBS:
        return head
    if noun.dep_ in ("nsubj", "dobj") and any(
        c.lower_ == "dead" for c in head.children
    ):  # "leaving 55 dead", "left five dead"
        return head
    if noun.dep_ == "pobj" and noun.head.lower_ == "to":  # "the death toll rose to 40"
        verb = noun.head.head
        if any(c.lower_ == "toll" for c in verb.children):
            return verb
    return None


def _inside_including(noun: Token) -> bool:
    return any(a.lower_ in ("including", "among") for a in noun.ancestors)


def _report(sentence: SpacySpan, number: Token, noun: Token, value: int | None) -> FatalityReport:
    doc = number.doc
    window = doc[max(sentence.start, number.i - 4) : number.i]
    match = _QUALIFIER.search(window.text + " ") if len(window) else None
    qualifier = match.group(1).lower() if match else None
    if number.lower_ in VAGUE:
        qualifier = number.lower_
    side = None
    if noun.i > number.i:
        words = [t for t in doc[number.i + 1 : noun.i + 1] if not t.is_punct or t.text == "-"]
        while words and words[0].lower_ in ("of", "the"):
            words.pop(0)
        if words:
            side = doc[words[0].i : noun.i + 1].text
    start = window.start_char + match.start() if match else number.idx
    end = noun.idx + len(noun.text) if noun.i >= number.i else number.idx + len(number.text)
    return FatalityReport(value, qualifier, side, None, Span(start, end, doc.text[start:end]))


def best_estimate(reports: Iterable[FatalityReport]) -> int | None:
    """The lowest figure per side, summed over sides (None when no figure is a number)."""
    reports = list(reports)
    coded = [r.count for r in reports if r.qualifier == "coded" and r.count is not None]
    if coded:
        return min(coded)
    lowest: dict[str, int] = {}
    for report in reports:
        if report.count is None:
            continue
        side = (report.side or "").lower()
        lowest[side] = min(report.count, lowest.get(side, report.count))
    if not lowest:
        return None
    if "" in lowest and len(lowest) > 1:
        # an unnamed total ("24 were killed") next to named sides counts only if larger
        total = lowest.pop("")
        return max(total, sum(lowest.values()))
    return sum(lowest.values())
