"""Place-name recognition: statistical NER, gazetteer matching and cue words together.

spaCy's small English model finds GPE/LOC/FAC names but mislabels many Arabic
transliterations (``al-Bukamal`` as ORG, ``Shamas`` as PERSON). So capitalised
word runs are also matched against the gazetteer's normalised names, and cue
phrases ("the town of X", "the villages of A, B and C", "X Valley") mark names
even when the gazetteer does not know them, so that they can be reported as
unresolved instead of silently lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from app.gazetteer.normalize import ARTICLES, FATHER_OF, name_key
from app.geoparse.types import Mention

PLACE_LABELS = {"GPE", "LOC", "FAC"}
NON_PLACE_LABELS = {"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"}
MAX_NGRAM = 6

CUE_NOUNS = {
    "town": "town",
    "towns": "town",
    "village": "village",
    "villages": "village",
    "city": "city",
    "cities": "city",
    "valley": "valley",
    "river": "river",
    "province": "admin1",
    "governorate": "admin1",
    "district": "admin1",
    "region": "region",
    "area": "area",
    "outskirts": "area",
    "countryside": "area",
    "desert": "region",
    "mountains": "mountain",
    "mount": "mountain",
    "lake": "lake",
    "island": "island",
}
"""Nouns that introduce a place name ("the town of X") or follow one ("X Valley")."""

_WORD = re.compile(r"[^\W\d_][\w'’]*", re.UNICODE)
_JOINERS = {" ", "-", "‐", "–"}
_CONNECTORS = ARTICLES | FATHER_OF | {"de", "del", "la", "le", "du", "bin", "ibn", "um", "umm"}
_INNER_ONLY = {"of"}  # "Gulf of Aden"; never "on"/"and", which join separate names
_CUE_BEFORE = re.compile(
    r"\b(?:the\s+)?(?P<noun>" + "|".join(sorted(CUE_NOUNS, key=len, reverse=True)) + r")\s+of\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_DIRECTION_BEFORE = re.compile(
    r"\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)? $"
    r"|\b(?:central|rural|greater|outer) $",
    re.IGNORECASE,
)
_ASSOCIATIVE_BEFORE = re.compile(r"\b(?:pro|anti)-$", re.IGNORECASE)
_ASSOCIATIVE_AFTER = re.compile(
    r"^-(?:led|backed|based|born|allied|controlled|held|made|funded|sponsored|supported)\b",
    re.IGNORECASE,
)
_LIST_SEPARATOR = re.compile(r"^\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)$")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()

    @property
    def connector(self) -> bool:
        return self.text.lower() in _CONNECTORS


def words(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]


def capitalized_runs(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Maximal runs of capitalised words (with articles like al-/Abu/de inside),
    joined by a single space or hyphen."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for tok in tokens:
        joined = current and text[current[-1].end : tok.start] in _JOINERS
        if tok.capitalized or (tok.connector and (not current or joined)):
            if current and not joined:
                runs.append(current)
                current = []
            current.append(tok)
        elif tok.text.lower() in _INNER_ONLY and joined:
            current.append(tok)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [trimmed for run in runs if (trimmed := _trim(run))]


def _trim(run: list[Token]) -> list[Token]:
    while run and not run[-1].capitalized:
        run = run[:-1]
    while run and not run[0].capitalized and not run[0].connector:
        run = run[1:]
    return run


def ngrams(run: list[Token]) -> Iterable[tuple[int, int]]:
    """(i, j) token index ranges of sub-spans that may be names (no dangling connector)."""
    for i in range(len(run)):
        if run[i].text.lower() in _INNER_ONLY:
            continue
        for j in range(i + 1, min(len(run), i + MAX_NGRAM) + 1):
            last = run[j - 1]
            if last.capitalized:
                yield i, j


def cue_before(text: str, start: int) -> str | None:
    """The feature-type hint of a cue phrase ending right before ``start``: "the town of"
    gives ``town``; a direction ("eastern al-Suwayda") gives ``area``."""
    before = text[max(0, start - 40) : start]
    m = _CUE_BEFORE.search(before)
    if m:
        return CUE_NOUNS[m.group("noun").lower()]
    return "area" if _DIRECTION_BEFORE.search(before) else None


def is_associative(text: str, start: int, end: int) -> bool:
    """A name used as a modifier ("US-led", "pro-Damascus"), not as a location."""
    return bool(
        _ASSOCIATIVE_BEFORE.search(text[max(0, start - 5) : start])
        or _ASSOCIATIVE_AFTER.match(text[end : end + 16])
    )


def title_case_ranges(text: str) -> list[tuple[int, int]]:
    """Lines written in Title Case (headlines), where a capital says nothing about names."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        long_words = [w for w in _WORD.findall(line) if len(w) > 3]
        if len(long_words) >= 4 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(
            long_words
        ):
            out.append((pos, pos + len(line)))
        pos += len(line)
    return out


def cue_after(run_words: list[str]) -> str | None:
    """The hint of a generic word closing a name ("Euphrates Valley", "Homs Province")."""
    last = run_words[-1].lower()
    return CUE_NOUNS.get(last) if len(run_words) > 1 else None


@dataclass(frozen=True, slots=True)
class Entity:
    start: int
    end: int
    label: str


def recognize(
    text: str,
    entities: list[Entity],
    known_keys: Callable[[list[str]], set[str]],
    skip: list[tuple[int, int]] = (),
    is_common_word: Callable[[int, int], bool] = lambda start, end: False,
) -> list[Mention]:
    """Place-name mentions of ``text``, longest first where they overlap.

    ``entities`` are the NER spans; ``known_keys`` says which normalised names the
    gazetteer knows; ``skip`` holds boilerplate ranges; ``is_common_word`` tells a
    sentence-initial or common word that only looks like a name by its capital.
    """
    tokens = words(text)
    runs = capitalized_runs(text, tokens)
    found: list[Mention] = []

    # 1. NER place entities.
    for ent in entities:
        if ent.label in PLACE_LABELS:
            mention = _entity_mention(text, ent)
            if " " not in mention.text and is_common_word(mention.start, mention.end):
                continue  # "Published" tagged GPE at the start of a sentence
            found.append(mention)
    # 2. Gazetteer names inside capitalised runs.
    spans = [(run, i, j) for run in runs for i, j in ngrams(run)]
    keys = [name_key(text[run[i].start : run[j - 1].end]) for run, i, j in spans]
    known = known_keys(keys)
    for (run, i, j), key in zip(spans, keys, strict=True):
        if key in known:
            start, end = run[i].start, run[j - 1].end
            if j - i == 1 and _looks_like_acronym_or_word(text, start, end, is_common_word):
                continue
            found.append(Mention(start, end, text[start:end], ("gazetteer",)))
    # 3. Cue phrases: "the town of X", "the villages of A, B and C", "X Valley".
    found.extend(
        m for m in _cued(text, runs) if " " in m.text or not is_common_word(m.start, m.end)
    )

    mentions = _merge(found, entities)
    headlines = title_case_ranges(text)
    out = []
    for m in mentions:
        if _inside(m, skip):
            continue
        if is_associative(text, m.start, m.end):
            m = replace(m, signals=m.signals + ("associative",))
        if _inside(m, headlines):
            m = replace(m, signals=m.signals + ("titlecase",))
        out.append(m)
    return out


def _entity_mention(text: str, ent: Entity) -> Mention:
    start, end = ent.start, ent.end
    for prefix in ("the ", "The ", "pro-", "anti-", "Pro-", "Anti-"):
        if text[start:end].startswith(prefix):
            start += len(prefix)
    for suffix in ("'s", "’s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    return Mention(start, end, text[start:end], (f"ner:{ent.label}",))


def _looks_like_acronym_or_word(
    text: str, start: int, end: int, is_common_word: Callable[[int, int], bool]
) -> bool:
    word = text[start:end]
    if word.isupper() and len(word) <= 5:
        return True  # ISIS, SAA, SDF: organisations far more often than places
    if len(word) <= 3 and text[end : end + 1] == ".":
        return True  # abbreviations: "Gen.", "Maj."
    return is_common_word(start, end)


def _cued(text: str, runs: list[list[Token]]) -> list[Mention]:
    out: list[Mention] = []
    previous_cue: tuple[int, str] | None = None  # (end of the last cued run, cue)
    for run in runs:
        start, end = run[0].start, run[-1].end
        cue = cue_before(text, start)
        if cue is None and previous_cue and _LIST_SEPARATOR.match(text[previous_cue[0] : start]):
            cue = previous_cue[1]  # "the villages of A, B and C"
        after = cue_after([t.text for t in run])
        if cue:
            out.append(Mention(start, end, text[start:end], ("cue",), cue))
            previous_cue = (end, cue)
        else:
            previous_cue = None
        if after and not cue:
            out.append(Mention(start, end, text[start:end], ("cue",), after))
    return out


def _merge(found: list[Mention], entities: list[Entity]) -> list[Mention]:
    """Overlapping mentions become the longest one, with every signal and cue."""
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    merged: list[Mention] = []
    for m in found:
        if merged and m.start < merged[-1].end:
            last = merged[-1]
            if m.end - m.start > last.end - last.start:
                last, m = m, last
            merged[-1] = replace(
                last,
                signals=tuple(dict.fromkeys(last.signals + m.signals)),
                cue=last.cue or m.cue,
            )
        else:
            merged.append(m)
    labels = []
    for m in merged:
        label = next((e.label for e in entities if e.start <= m.start and m.end <= e.end), None)
        if label and f"ner:{label}" not in m.signals:
            m = replace(m, signals=m.signals + (f"inside:{label}",))
        labels.append(m)
    return labels


def _inside(m: Mention, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(s <= m.start and m.end <= e for s, e in ranges)
