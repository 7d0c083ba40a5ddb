"""Place-name recognition: gazetteer names in capitalised runs, judged by their context.

Candidates are the longest gazetteer names inside runs of capitalised words (with
articles like al-/Abu/de inside), all-capital acronyms the gazetteer spells that way
("US", "UK"), abbreviations ("W.Va.", "Calif."), and names that cue phrases introduce
even when the gazetteer does not know them ("the town of X", "the villages of A, B and
C", "X Valley"), so that those can be reported as unresolved instead of lost.

Each mention carries the evidence around it as ``signals`` (``app.geoparse.signals``):
the finding steps here mark how it was found (a gazetteer match, a cue phrase, the NER, a
list), and the registered rules of ``app.geoparse.rules`` judge its context ("in X",
"Paul X", "X said", a headline...). The resolver weighs them (``app.geoparse.weights``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from app.core.deadline import check
from app.gazetteer.normalize import name_key
from app.geoparse.lexicon import (
    CUE_BEFORE,
    CUE_NOUNS,
    DIRECTION_BEFORE,
    DIRECTIONS,
    FUNCTION_WORDS,
    GENERIC_ABBREVIATIONS,
    GENERIC_AFTER,
    LIST_SEPARATOR,
    NOUN_AFTER,
    ORG_WORDS,
    PLACE_PREPOSITIONS,
    PREP_BEFORE,
    SENTENCE_END,
    STATE_TITLES,
    STREET_WORDS,
)
from app.geoparse.rules import (
    MENTION_RULES,
    MentionContext,
    NameContext,
    is_generic_word,
    name_signals,
    title_before,
)
from app.geoparse.signals import Signal
from app.geoparse.tokens import INNER_ONLY, MAX_NGRAM, WORD, Token, ngrams, tokens_and_runs
from app.geoparse.types import Mention

PLACE_LABELS = {"GPE", "LOC", "FAC"}
NON_PLACE_LABELS = {"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"}


def listed_together(text: str, a: Mention, b: Mention) -> bool:
    """Whether ``b`` follows ``a`` in one list of names ("Homs, Hama and Idlib")."""
    between = text[a.end : b.start]
    return bool(LIST_SEPARATOR.match(between)) and "\n" not in between


_CUE_TAILS = frozenset({"of", "he", "th", "st", "rn", "al", "er"})
"""How the text before a cued name ends, its trailing spaces left out: "of", "the" (for
``CUE_BEFORE``), north/south, east/west, -ern, central/rural, greater/outer (for
``DIRECTION_BEFORE``)."""


def cue_before(text: str, start: int) -> str | None:
    """The feature-type hint of a cue phrase ending right before ``start``: "the town of"
    gives ``town``; a direction ("eastern al-Suwayda") gives ``area``."""
    before = text[max(0, start - 40) : start]
    if before.rstrip()[-2:].casefold()[-2:] not in _CUE_TAILS:
        return None  # most names: the patterns below need one of these endings
    m = CUE_BEFORE.search(before)
    if m:
        return CUE_NOUNS[m.group("noun").lower()]
    return "area" if DIRECTION_BEFORE.search(before) else None


def title_case_ranges(text: str) -> list[tuple[int, int]]:
    """Lines written in Title Case (headlines), where a capital says nothing about names."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        long_words = [w for w in WORD.findall(line) if len(w) > 3]
        if len(long_words) >= 4 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(
            long_words
        ):
            out.append((pos, pos + len(line)))
        pos += len(line)
    return out


def cue_after(run_words: list[str]) -> str | None:
    """The hint of a generic word closing a name ("Euphrates Valley", "Homs Province")."""
    last = run_words[-1].lower()
    if last in GENERIC_ABBREVIATIONS:
        return None  # "Ford Motor Co.": only a known name before it makes "Co." a county
    return GENERIC_AFTER.get(last) if len(run_words) > 1 else None


@dataclass(frozen=True, slots=True)
class Entity:
    start: int
    end: int
    label: str


def recognize(
    text: str,
    entities: list[Entity],
    known_keys: Callable[[list[str]], set[str]],
    skip: Iterable[tuple[int, int]] = (),
    is_common_word: Callable[[int, int], bool] | None = None,
) -> list[Mention]:
    """Place-name mentions of ``text`` with the evidence around them, in text order.

    ``entities`` are NER spans (may be empty); ``known_keys`` says which normalised
    names the gazetteer knows; ``skip`` holds boilerplate ranges; ``is_common_word``
    tells a word capitalised only because it starts a sentence (default: a function
    word, or a word the document also writes in lower case, at a sentence start).
    ``recognize(...) == with_entities(text, gazetteer_names(...), entities, skip)``.
    """
    return with_entities(text, gazetteer_names(text, known_keys, is_common_word), entities, skip)


@dataclass(frozen=True, slots=True)
class Names:
    """What recognition finds without the NER: the gazetteer's names and the cued runs
    (``found``), and the sentence-start test it used. A document recognised again with
    entities (``with_entities``) reuses it: the NER changes none of it."""

    found: tuple[Mention, ...]
    is_common_word: Callable[[int, int], bool]


def gazetteer_names(
    text: str,
    known_keys: Callable[[list[str]], set[str]],
    is_common_word: Callable[[int, int], bool] | None = None,
) -> Names:
    """The first, entity-free half of ``recognize``."""
    tokens, runs = tokens_and_runs(text)
    runs = _bridged(text, runs, known_keys)
    if is_common_word is None:
        is_common_word = _common_word_test(text, tokens)
    spans = [(run, i, j) for run in runs for i, j in ngrams(run)]
    keys = [name_key(_span_text(text, run, i, j)) for run, i, j in spans]
    known = known_keys(keys)
    lower_words = {t.text for t in tokens if t.text.islower()}
    person_words = _person_words(text, runs, known, is_common_word, lower_words)

    found: list[Mention] = []
    for run in runs:
        check()  # a long document stops here, not only between stages
        found.extend(_run_mentions(text, run, known, person_words, is_common_word))
    found.extend(_cued(text, runs))
    return Names(tuple(found), is_common_word)


def with_entities(
    text: str, names: Names, entities: list[Entity], skip: Iterable[tuple[int, int]] = ()
) -> list[Mention]:
    """The second half of ``recognize``: ``names`` (``gazetteer_names`` of ``text``) with
    the NER's place entities, merged, and the mention rules applied."""
    found = list(names.found)
    for ent in entities:
        if ent.label in PLACE_LABELS:
            mention = _entity_mention(text, ent)
            if " " not in mention.text and names.is_common_word(mention.start, mention.end):
                continue  # "Published" tagged GPE at the start of a sentence
            found.append(mention)

    mentions = _merge(found, entities)
    mentions = _mark_lists(text, mentions)
    headlines = tuple(title_case_ranges(text))
    out = []
    skip = list(skip)
    for m in mentions:
        if _inside(m, skip):
            continue
        context = MentionContext(text, m.start, m.end, headlines)
        extra = tuple(rule.signal for rule in MENTION_RULES if rule.applies(context))
        out.append(replace(m, signals=m.signals + extra) if extra else m)
    return out


def _span_text(text: str, run: list[Token], i: int, j: int) -> str:
    return text[run[i].start : run[j - 1].end]


def _common_word_test(text: str, tokens: list[Token]) -> Callable[[int, int], bool]:
    lower_words = {t.text for t in tokens if t.text.islower()}

    def is_common(start: int, end: int) -> bool:
        word = text[start:end]
        low = word.lower()
        if low in FUNCTION_WORDS:
            return True
        if len(word) > 1 and word.isupper():
            return False  # "US President-elect": a code, not the word "us"
        if not SENTENCE_END.search(text[max(0, start - 3) : start]):
            return False
        return low in lower_words

    return is_common


def _person_words(
    text: str,
    runs: list[list[Token]],
    known: set[str],
    is_common_word: Callable[[int, int], bool],
    lower_words: frozenset[str] | set[str] = frozenset(),
) -> set[str]:
    """Surnames the document uses: the last word of a run of two or three capitalised
    words that is no known place and no organisation ("Paul Taylor"), and the words of a
    name after a title ("Gov. Mark Sanford"). "Taylor said" later is the same person.
    Not a run that starts with a word the document writes in lower case ("Air Berlin")
    or ends with a generic word ("a Kettering Republican"), and not a place name the
    document also writes alone after a preposition ("Air Berlin ... a flight to Berlin")."""
    out: set[str] = set()
    placed = _words_after_preposition(text, runs, known)
    for run in runs:
        check()
        while run and (run[0].lower in FUNCTION_WORDS or is_common_word(run[0].start, run[0].end)):
            run = run[1:]  # "Another Gainesville business"
        if not run or any(t.connector or t.is_acronym for t in run):
            continue
        if any(text[a.end : b.start] != " " for a, b in zip(run, run[1:], strict=False)):
            continue  # hyphenated: "Russia-Turkey", "Jean-Paul"
        lowers = [t.lower for t in run]
        if title_before(text, run[0].start) and len(run) <= 3:
            out.update(lowers)
            continue
        if not 2 <= len(run) <= 3:
            continue
        if name_key(text[run[0].start : run[-1].end]) in known:
            continue
        if any(w in ORG_WORDS or w in DIRECTIONS or w in STREET_WORDS for w in lowers):
            continue
        if any(w in GENERIC_AFTER or w in CUE_NOUNS for w in lowers):
            continue
        if is_generic_word(lowers[-1]):
            continue  # "a Kettering Republican", "Fargo Police"
        if lowers[0] in lower_words:
            continue  # "Air Berlin", "Environment Canada": a common word, not a first name
        if lowers[-1] in placed:
            continue  # "Air Berlin" and "a flight to Berlin": the place, not a surname
        out.add(lowers[-1])
    return out


_BRIDGES = frozenset({" ", "'s ", "’s ", " and "})
"""Gaps between two runs that a gazetteer name may span: a possessive ("Democratic
People's Republic of Korea"), a change of case ("U.S. Virgin Islands"), "and" ("Trinidad
and Tobago", but not "England and Wales")."""


def _bridged(
    text: str, runs: list[list[Token]], known_keys: Callable[[list[str]], set[str]]
) -> list[list[Token]]:
    """The runs, with neighbours joined where a gazetteer name starts in one and ends in
    the next. "London's Heathrow" and "US President" stay apart: no name spans them."""
    joints = [
        k for k in range(len(runs) - 1) if text[runs[k][-1].end : runs[k + 1][0].start] in _BRIDGES
    ]
    if not joints:
        return runs
    spans = {
        k: [
            name_key(text[runs[k][i].start : runs[k + 1][j - 1].end])
            for i in range(max(0, len(runs[k]) - MAX_NGRAM + 1), len(runs[k]))
            for j in range(1, min(len(runs[k + 1]), MAX_NGRAM - (len(runs[k]) - i)) + 1)
            if runs[k + 1][j - 1].capitalized
        ]
        for k in joints
    }
    known = known_keys([key for keys in spans.values() for key in keys])
    join = {k for k, keys in spans.items() if any(key in known for key in keys)}
    if not join:
        return runs
    out: list[list[Token]] = []
    for k, run in enumerate(runs):
        if k - 1 in join:
            out[-1] = out[-1] + run
        else:
            out.append(run)
    return out


def _words_after_preposition(text: str, runs: list[list[Token]], known: set[str]) -> set[str]:
    """Gazetteer names that stand alone after a locative preposition ("to Berlin", "in
    Taylor"): the document uses them as places. Not a name that owns or modifies what
    follows it ("to Henry's arrest", "in Fairfield hearing")."""
    out = set()
    for run in runs:
        if len(run) != 1 or name_key(run[0].text) not in known:
            continue
        after = text[run[0].end : run[0].end + 40]
        if after[:1] in ("'", "’") or NOUN_AFTER.match(after):
            continue
        prep = PREP_BEFORE.search(text[max(0, run[0].start - 40) : run[0].start])
        if prep and prep.group("prep").lower() in PLACE_PREPOSITIONS:
            out.add(run[0].lower)
    return out


def _run_mentions(
    text: str,
    run: list[Token],
    known: set[str],
    person_words: set[str],
    is_common_word: Callable[[int, int], bool],
) -> list[Mention]:
    """The longest gazetteer names of one run, left to right, with their evidence."""
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(run):
        j = _longest_known(text, run, i, known)
        if j is None:
            i += 1
            continue
        found.append((i, j))
        i = j
    cuts = [
        j1
        for (_, j1), (i2, _) in zip(found, found[1:], strict=False)
        if j1 == i2 and text[run[j1 - 1].end : run[i2].start] in "-‐–"
    ]  # "Russia-Turkey ties", "Syrian-Iraqi border": each name judged on its own
    out = []
    for i, j in found:
        lo = max([c for c in cuts if c <= i], default=0)
        hi = min([c for c in cuts if c >= j], default=len(run))
        while lo < i and is_common_word(run[lo].start, run[lo].end):
            lo += 1  # "Former New York Gov.": a sentence's first word is no part of the name
        part = run[lo:hi]
        a, b = i - lo, j - lo
        start, end = run[i].start, run[j - 1].end
        context = NameContext(text, tuple(part), a, b, person_words, is_common_word)
        signals = (Signal.GAZETTEER, *name_signals(context))
        out.append(Mention(start, end, text[start:end], signals, _run_cue(text, part, a, b)))
    return out


def _longest_known(text: str, run: list[Token], i: int, known: set[str]) -> int | None:
    if run[i].text.lower() in INNER_ONLY:
        return None
    for j in range(min(len(run), i + MAX_NGRAM), i, -1):
        if run[j - 1].capitalized and name_key(_span_text(text, run, i, j)) in known:
            return j
    return None


def _run_cue(text: str, run: list[Token], i: int, j: int) -> str | None:
    before = cue_before(text, run[i].start) if i == 0 else None
    if i > 0 and run[i - 1].lower in DIRECTIONS:
        before = "area"
    after = GENERIC_AFTER.get(run[j].lower) if j < len(run) else None
    if j < len(run) and run[j].lower in STATE_TITLES:
        after = "admin1"  # "New York Gov. Andrew Cuomo": the state
    return before or after


def _entity_mention(text: str, ent: Entity) -> Mention:
    start, end = ent.start, ent.end
    for prefix in ("the ", "The ", "pro-", "anti-", "Pro-", "Anti-"):
        if text[start:end].startswith(prefix):
            start += len(prefix)
    for suffix in ("'s", "’s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    return Mention(start, end, text[start:end], (Signal.ner(ent.label),))


def _cued(text: str, runs: list[list[Token]]) -> list[Mention]:
    out: list[Mention] = []
    previous_cue: tuple[int, str] | None = None  # (end of the last cued run, cue)
    for run in runs:
        check()
        start, end = run[0].start, run[-1].end
        cue = cue_before(text, start)
        signals: tuple[str, ...] = (Signal.CUE,)
        if cue is None and previous_cue and LIST_SEPARATOR.match(text[previous_cue[0] : start]):
            cue = previous_cue[1]  # "the villages of A, B and C"
            signals = (Signal.CUE, Signal.LIST_CUE)  # or "the town of Lewisburg, West Virginia"
        after = cue_after([t.text for t in run])
        if cue:
            out.append(Mention(start, end, text[start:end], signals, cue))
            previous_cue = (end, cue)
        else:
            previous_cue = None
        if after and not cue:
            out.append(Mention(start, end, text[start:end], (Signal.CUE,), after))
    return out


_PARTIAL = (Signal.NAME_PART, Signal.NAME_HEAD, Signal.EMBEDDED)
"""Doubts of a partial match that a cue phrase over the whole name outweighs."""


def _merge(found: list[Mention], entities: list[Entity]) -> list[Mention]:
    """Overlapping mentions become the longest one, with every signal and cue."""
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    merged: list[Mention] = []
    for m in found:
        if merged and m.start < merged[-1].end:
            last = merged[-1]
            if m.end - m.start > last.end - last.start:
                last, m = m, last
            signals = last.signals + m.signals
            if Signal.CUE in signals:  # a cue phrase outweighs the doubts of a partial match
                signals = tuple(s for s in signals if s not in _PARTIAL)
            merged[-1] = replace(last, signals=tuple(dict.fromkeys(signals)), cue=last.cue or m.cue)
        else:
            merged.append(m)
    if not entities:
        return merged
    out = []
    for m in merged:
        label = next((e.label for e in entities if e.start <= m.start and m.end <= e.end), None)
        if label and (label not in PLACE_LABELS or Signal.ner(label) not in m.signals):
            m = replace(m, signals=m.signals + (Signal.inside(label),))
        out.append(m)
    return out


def _mark_lists(text: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions joined by list separators ("Homs, Hama and Idlib") share their evidence:
    each gets ``list``; a list with a well-evidenced member lends ``prep`` to the rest."""
    if len(mentions) < 2:
        return mentions
    groups: list[list[int]] = [[0]]
    for k in range(1, len(mentions)):
        if listed_together(text, mentions[k - 1], mentions[k]):
            groups[-1].append(k)
        else:
            groups.append([k])
    out = list(mentions)
    for group in groups:
        if len(group) < 2:
            continue
        lent = (Signal.PREP,) if any(Signal.PREP in mentions[k].signals for k in group) else ()
        for k in group:
            out[k] = replace(
                out[k], signals=tuple(dict.fromkeys((*out[k].signals, Signal.LIST, *lent)))
            )
    return out


def _inside(m: Mention, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(s <= m.start and m.end <= e for s, e in ranges)
