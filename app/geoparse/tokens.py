"""Words and runs of capitalised words: where place-name recognition looks for names.

A ``Token`` is a word with its offsets; ``capitalized_runs`` joins capitalised words
(with articles like al-/Abu/de inside) into the runs a name may be found in, and
``ngrams`` lists the sub-spans of a run that may be names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from app.gazetteer.normalize import ARTICLES, FATHER_OF, LEADING_ABBREVIATIONS
from app.geoparse.lexicon import CALENDAR_WORDS, DETERMINERS, SENTENCE_END

MAX_NGRAM = 6

WORD = re.compile(
    r"(?:[A-Z]\.){2,}(?![A-Za-z])"  # U.S., D.C., N.J., P.E.I.
    r"|[A-Z]\.[A-Z][a-z]{1,3}\."  # W.Va.
    r"|[^\W\d_][\w'’]*",
    re.UNICODE,
)
_POSSESSIVE = re.compile(r"(?:['’](?:s|ll|d|ve|re|m)|n['’]t|['’])$", re.IGNORECASE)
"""Endings left out of a word: possessives ("Gainesville's") and contractions ("I'll")."""
_HYPHENS = {"-", "‐", "–"}
_JOINERS = {" "} | _HYPHENS
_CONNECTORS = ARTICLES | FATHER_OF | {"de", "del", "la", "le", "du", "bin", "ibn", "um", "umm"}
_ENGLISH_CONNECTORS = {"at", "an", "as", "en", "on", "un", "et", "es", "ed", "er", "ad", "ar", "il"}
"""Article forms that are English words: they join a name only with a hyphen ("as-Suwayda")."""
INNER_ONLY = {"of"}  # "Gulf of Aden"; never "on"/"and", which join separate names
EZAFE = {"e", "i", "ye", "yi"}
"""The Persian and Dari ezafe, written after a hyphen inside a name: "Mazar-e Sharif",
"Pul-e Khumri", "Sar-i-Pul". It joins the words around it into one name."""


class Token(NamedTuple):
    """A word at ``start:end``, with what the rules read of it most, computed once
    (``Token.of``; a named tuple: a corpus makes hundreds of thousands)."""

    start: int
    end: int
    text: str
    capitalized: bool
    connector: bool
    """An article or particle that joins a name ("al", "de", "bin")."""
    lower: str
    """Lower case, without a final period."""

    @classmethod
    def of(cls, start: int, end: int, text: str) -> Token:
        folded = text.lower()
        return cls(start, end, text, text[:1].isupper(), folded in _CONNECTORS, folded.rstrip("."))

    @property
    def is_acronym(self) -> bool:
        letters = self.text.replace(".", "")
        return letters.isupper() and len(letters) <= 5


def words(text: str) -> list[Token]:
    """Word tokens; a possessive or contracted ending ("Gainesville's", "I'll") is left
    out of the word."""
    out = []
    for m in WORD.finditer(text):
        start, end, word = m.start(), m.end(), m.group(0)
        possessive = _POSSESSIVE.search(word) if ("'" in word or "’" in word) else None
        if possessive and possessive.start() > 0:
            end -= len(possessive.group(0))
            word = word[: len(word) - len(possessive.group(0))]
        out.append(Token.of(start, end, word))
    return out


@lru_cache(maxsize=64)
def tokens_and_runs(text: str) -> tuple[list[Token], list[list[Token]]]:
    """``words`` and ``capitalized_runs`` of ``text``, kept for the last texts (a batch of
    documents): the pipeline asks for them more than once per document. The lists are
    shared: read only."""
    tokens = words(text)
    return tokens, capitalized_runs(text, tokens)


def capitalized_runs(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Maximal runs of capitalised words (with articles like al-/Abu/de inside),
    joined by a single space or hyphen."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for tok in tokens:
        gap = text[current[-1].end : tok.start] if current else ""
        joined = (
            current
            and (gap in _JOINERS or (gap == ". " and _is_initial_or_abbreviation(current[-1])))
            and not _case_break(current[-1], tok)
        )
        connector = tok.connector and (
            tok.text not in _ENGLISH_CONNECTORS or text[tok.end : tok.end + 1] in "-‐–"
        )
        connector = connector or (bool(current) and tok.text in EZAFE and gap in _HYPHENS)
        if tok.capitalized and _designation(text, tok):
            if current:  # "AK-47", "F-16", "MiG-29": a model, no name
                runs.append(current)
            current = []
        elif tok.capitalized and tok.lower in CALENDAR_WORDS:
            if current:  # "Alexandria Friday night": a date is no part of a name
                runs.append(current)
            runs.append([tok])
            current = []
        elif tok.capitalized or (connector and (not current or joined)):
            if current and not joined:
                runs.append(current)
                current = []
            current.append(tok)
        elif tok.text.lower() in INNER_ONLY and joined:
            current.append(tok)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [trimmed for run in runs if (trimmed := _trim(text, run))]


def _designation(text: str, token: Token) -> bool:
    """The word is the letters of a model designation: a hyphen and a digit follow it
    ("AK-47" is a rifle, not Alaska)."""
    return (
        text[token.end : token.end + 1] in _HYPHENS
        and text[token.end + 1 : token.end + 2].isdigit()
    )


def _shouting(token: Token) -> bool:
    letters = token.text.replace(".", "")
    return len(letters) > 1 and letters.isalpha() and letters.isupper()


def _case_break(left: Token, right: Token) -> bool:
    """Upper-case words next to title-case ones are two names, not one: a dateline
    without its dash ("LONDON The Latest"), a broadcaster or bank before a city ("CTV
    Saskatoon", "HSBC Malta"), a country code before a title ("US President")."""
    return (
        right.capitalized
        and left.capitalized
        and _shouting(left) != _shouting(right)
        and not (len(right.text) == 1 or len(left.text) == 1)
    )


def _is_initial_or_abbreviation(token: Token) -> bool:
    """A middle initial ("Tyrise M. Bell") or a leading abbreviation ("St. Cloud",
    "Ft. Worth"): it joins the names around it."""
    return (len(token.text) == 1 and token.text.isupper()) or token.lower in LEADING_ABBREVIATIONS


def _trim(text: str, run: list[Token]) -> list[Token]:
    while run and not run[-1].capitalized:
        run = run[:-1]
    while (
        len(run) > 1
        and run[0].lower in DETERMINERS
        and SENTENCE_END.search(text[max(0, run[0].start - 3) : run[0].start])
    ):
        run = run[1:]  # ". An Alexandria man", but "the area of At Tanf" keeps its article
    while run and not run[0].capitalized and not run[0].connector:
        run = run[1:]
    # "D-Oakland", "R-Ky.": a party letter is no part of the name
    if len(run) > 1 and run[0].text in ("D", "R", "I") and text[run[0].end : run[1].start] == "-":
        run = run[1:]
    return run


def ngrams(run: list[Token]) -> Iterable[tuple[int, int]]:
    """(i, j) token index ranges of sub-spans that may be names (no dangling connector)."""
    for i in range(len(run)):
        if run[i].text.lower() in INNER_ONLY:
            continue
        for j in range(i + 1, min(len(run), i + MAX_NGRAM) + 1):
            if run[j - 1].capitalized:
                yield i, j
