"""Recognition rules as registered data: each signal, the test that gives it, an example.

A ``Rule`` pairs a ``Signal`` with a small function of a frozen context and an example
sentence. ``NAME_RULES`` judge one gazetteer name in its run of capitalised words (a
``NameContext``), in the order their signals are listed; ``MENTION_RULES`` judge a finished
mention (a ``MentionContext``). ``FOUND`` lists the signals the finding steps themselves
give (a gazetteer match, a cue phrase, the NER, a list), with an example each.

An example marks in square brackets the names the test gazetteer knows, the first one
being the name the signal is expected on; ``[Name|GPE]`` is also a span the NER tags GPE.
``tests/geoparse/test_rules.py`` runs every example through the real recogniser, and fails
when a signal has no rule, no example or no weight (``app.geoparse.weights``).

Adding a rule: a function here, a ``Rule`` with its example in ``NAME_RULES`` (at the place
its signal should be listed) and, for a new signal, a member of ``Signal`` and a weight.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Set
from dataclasses import dataclass
from typing import Generic, TypeVar

from app.geoparse.lexicon import (
    ABBREVIATIONS,
    ASSOCIATIVE_AFTER,
    ASSOCIATIVE_BEFORE,
    CALENDAR_WORDS,
    CUE_NOUNS,
    DATELINE_AFTER,
    DIRECTIONS,
    FUNCTION_WORDS,
    GENERIC_AFTER,
    MODIFIER_AFTER,
    NOUN_AFTER,
    OF_DIRECTION,
    ORG_WORDS,
    OWNER_BEFORE,
    PARTY_BEFORE,
    PERSON_AFTER,
    POLITICAL_WORDS,
    PREP_BEFORE,
    PREP_STRONG,
    PREP_WEAK,
    PROPERTY_WORDS,
    QUALIFIER_SEPARATOR,
    SCHOOL_WORDS,
    SECTION_WORDS,
    SENTENCE_END,
    SENTENCE_END_AFTER,
    STREET_WORDS,
    THE_BEFORE,
    TITLE_SAINT,
    TITLES,
)
from app.geoparse.signals import Signal
from app.geoparse.tokens import INNER_ONLY, Token

C = TypeVar("C")


@dataclass(frozen=True, slots=True)
class Rule(Generic[C]):
    """A signal, the test of a context that gives it, and an example that does."""

    signal: Signal
    applies: Callable[[C], bool]
    example: str


class _once:  # noqa: N801  (a decorator, named like one)
    """``functools.cached_property`` without its lock (Python 3.11 takes one per read
    until the value is stored, and the recogniser reads these for every name): the value
    goes into the instance's ``__dict__``, where later reads find it first."""

    def __init__(self, compute: Callable) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, obj: object, owner: type | None = None) -> object:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.compute(obj)
        return value


@dataclass(frozen=True)
class NameContext:
    """A gazetteer name, ``run[i:j]``, in its run of capitalised words, with the document's
    surnames (``person_words``) and its test of a sentence-initial common word. What
    several rules read (how the name sits in its run, the words beside it, the
    preposition before) is worked out once per name (``_once``)."""

    text: str
    run: tuple[Token, ...]
    i: int
    j: int
    person_words: Set[str]
    is_common_word: Callable[[int, int], bool]

    @property
    def name(self) -> tuple[Token, ...]:
        return self.run[self.i : self.j]

    @property
    def start(self) -> int:
        return self.run[self.i].start

    @property
    def end(self) -> int:
        return self.run[self.j - 1].end

    @_once
    def before(self) -> str:
        """The 40 characters before the run."""
        run_start = self.run[0].start
        return self.text[max(0, run_start - 40) : run_start]

    @property
    def after(self) -> str:
        """The 40 characters after the run."""
        return self.text[self.run[-1].end : self.run[-1].end + 40]

    @_once
    def opens_run(self) -> bool:
        """Nothing but directions before the name in its run ("in the South Pacific")."""
        return self.i == 0 or all(t.lower in DIRECTIONS for t in self.run[: self.i])

    @_once
    def closes_run(self) -> bool:
        return self.j == len(self.run)

    @_once
    def embedded(self) -> bool:
        """Other words of the run beside the name."""
        return not (self.i == 0 and self.closes_run)

    @_once
    def street_next(self) -> bool:
        """A street word follows the name in its run ("Royal Street")."""
        return self.embedded and not self.closes_run and self.run[self.j].lower in STREET_WORDS

    @_once
    def left_reading(self) -> Signal | None:
        return _left_reading(self)

    @_once
    def right_reading(self) -> Signal | None:
        return _right_reading(self)

    @_once
    def preposition(self) -> str:
        """The preposition just before the run, lower case, or ""."""
        prep = PREP_BEFORE.search(self.before)
        return prep.group("prep").lower() if prep else ""

    @_once
    def strong_prep(self) -> bool:
        return _strong_prep(self)


@dataclass(frozen=True, slots=True)
class MentionContext:
    """A finished mention, ``text[start:end]``, with the document's headlines."""

    text: str
    start: int
    end: int
    headlines: tuple[tuple[int, int], ...]


# -- how the name sits in its run ----------------------------------------------------


def _embedded(c: NameContext) -> bool:
    return c.embedded


def _street_next(c: NameContext) -> bool:
    return c.street_next


def _left_reading(c: NameContext) -> Signal | None:
    """What the word before the name in its run makes of it."""
    if not c.embedded or c.street_next or c.i == 0:
        return None
    left = c.run[c.i - 1]
    if left.lower in DIRECTIONS:
        return Signal.DIRECTION
    if left.lower in INNER_ONLY:
        return Signal.ORG  # "University of Alabama", "Gulf of Aden"
    if left.is_acronym and len(left.text) > 1:
        return Signal.ORG  # "CTV Winnipeg", "CBC Toronto"
    if left.lower in ORG_WORDS and c.i == len(c.run) - (c.j - c.i) and left.lower != "city":
        return Signal.ORG  # "Police Toronto" is rare; "Radio Free Europe" is not
    return Signal.NAME_PART


def _right_reading(c: NameContext) -> Signal | None:
    """What the words after the name in its run make of it."""
    if not c.embedded or c.street_next or c.closes_run:
        return None
    left = c.left_reading
    if left is Signal.NAME_PART:
        return None
    right = c.run[c.j :]
    rights = [t.lower for t in right]
    if rights[0] in GENERIC_AFTER:
        return Signal.GENERIC
    if rights[0] in _PERSON_TITLES or (
        len(rights) > 1 and rights[1] in _PERSON_TITLES - {"president"}
    ):
        return Signal.ORG  # "Russian President Putin", "British Columbia Finance Minister"
    if any(w in ORG_WORDS for w in rights) or any(t.is_acronym for t in right):
        return Signal.ORG  # "Alexandria Police Department", "Gainesville VFW"
    if left is None:
        return Signal.NAME_HEAD  # "Jackson Browne", but also "Mississippi State"
    if left is not Signal.DIRECTION:
        return Signal.NAME_PART  # "Paul Stone"
    return None


def _direction(c: NameContext) -> bool:
    return c.left_reading is Signal.DIRECTION


def _org(c: NameContext) -> bool:
    return Signal.ORG in (c.left_reading, c.right_reading)


def _name_part(c: NameContext) -> bool:
    return Signal.NAME_PART in (c.left_reading, c.right_reading)


def _generic(c: NameContext) -> bool:
    return c.right_reading is Signal.GENERIC


def _person_follows(c: NameContext) -> bool:
    return any(t.lower in c.person_words for t in c.run[c.j :])


def _name_head(c: NameContext) -> bool:
    return c.right_reading is Signal.NAME_HEAD and _person_follows(c)


def _head(c: NameContext) -> bool:
    # "Fargo City Commissioner", "a Kettering Republican", "Mississippi State": no
    # person's name follows, so the place names what follows
    return c.right_reading is Signal.NAME_HEAD and not _person_follows(c)


# -- the words before the run --------------------------------------------------------


def _strong_prep(c: NameContext) -> bool:
    # "at Cornell University": the preposition is the school's, and schools are named
    # after people as often as after places
    school = not c.closes_run and any(t.lower in SCHOOL_WORDS for t in c.run[c.j :])
    strong = c.preposition in PREP_STRONG or OF_DIRECTION.search(c.before)
    return bool(strong) and not school


def _prep(c: NameContext) -> bool:
    return c.opens_run and c.strong_prep


def _prep_weak(c: NameContext) -> bool:
    word = c.preposition
    return c.opens_run and not c.strong_prep and (word in PREP_WEAK or word in PREP_STRONG)


def _party(c: NameContext) -> bool:
    run_start = c.run[0].start
    return c.opens_run and bool(
        PARTY_BEFORE.search(c.text[max(0, run_start - 3) : run_start])
        or (run_start >= 2 and PARTY_BEFORE.search(c.text[max(0, run_start - 2) : run_start]))
    )


_LAST_WORD = re.compile(r"\b([A-Za-z]+)\.?\s+$")
_PERSON_TITLES = TITLES - TITLE_SAINT


def title_before(text: str, start: int) -> bool:
    """A person's title just before ``start`` ("Gov.", "Officer"), a saint's aside."""
    m = _LAST_WORD.search(text[max(0, start - 20) : start])
    return bool(m) and m.group(1).lower() in _PERSON_TITLES


def _title(c: NameContext) -> bool:
    return c.opens_run and title_before(c.text, c.run[0].start)


def _the(c: NameContext) -> bool:
    # "the Atlantic", "the tropical Atlantic": seldom a town; but "the Washington Post"
    # and "the Manhattan tycoon" are about the longer name or the noun
    return (
        c.opens_run
        and bool(THE_BEFORE.search(c.before))
        and c.closes_run
        and not NOUN_AFTER.match(c.after)
    )


# -- the words after the run ---------------------------------------------------------


def _modifier(c: NameContext) -> bool:
    return c.closes_run and bool(MODIFIER_AFTER.match(c.after))


def _said(c: NameContext) -> bool:
    return c.closes_run and bool(PERSON_AFTER.match(c.after))


def _owner(c: NameContext) -> bool:
    owned = OWNER_BEFORE.match(c.after) if c.closes_run else None
    return bool(owned) and owned.group("noun").lower() in PROPERTY_WORDS


# -- the name itself -----------------------------------------------------------------


def _dateline(c: NameContext) -> bool:
    """An upper-case place at the start of a line or paragraph followed by a dash
    ("TORONTO —", "SAN FRANCISCO --"), the wire-story dateline."""
    if c.i != 0:
        return False
    start = c.run[0].start
    line_start = c.text.rfind("\n", 0, start) + 1
    prefix = c.text[line_start:start].strip(" .\t")
    if prefix and not prefix.endswith((".", "?", "!")) and len(prefix) > 3:
        return False
    letters = c.text[start : c.end].replace(" ", "").replace("-", "")
    after = c.text[c.run[-1].end : c.run[-1].end + 30]
    return letters.isupper() and len(letters) > 2 and bool(DATELINE_AFTER.match(after))


def is_generic_word(word: str) -> bool:
    """A word that names a kind of thing, not one thing: "University", "Section"."""
    return (
        word in ORG_WORDS
        or word in STREET_WORDS
        or word in DIRECTIONS
        or word in TITLES
        or word in GENERIC_AFTER
        or word in CUE_NOUNS
        or word in CALENDAR_WORDS
        or word in POLITICAL_WORDS
        or word in SECTION_WORDS
    )


def _generic_word(c: NameContext) -> bool:
    return c.j - c.i == 1 and is_generic_word(c.name[0].lower)


def _street_name(c: NameContext) -> bool:
    return len(c.name) > 1 and c.name[-1].lower in STREET_WORDS


def _saint(c: NameContext) -> bool:
    name = c.name
    return (
        name[0].lower in TITLE_SAINT and len(name) > 1 and c.text[c.end : c.end + 2] in ("'s", "’s")
    )


def _acronym(c: NameContext) -> bool:
    name = c.name
    return len(name) == 1 and name[0].is_acronym and not name[0].text.endswith(".")


def _abbreviation(c: NameContext) -> bool:
    # not a name ending a sentence ("Wales. He")
    name = c.name
    return (
        len(name) == 1
        and len(name[0].text) <= 5
        and c.text[c.end : c.end + 1] == "."
        and (name[0].lower in ABBREVIATIONS or not SENTENCE_END_AFTER.match(c.text[c.end :]))
    )


def _common(c: NameContext) -> bool:
    return c.j - c.i == 1 and (
        c.is_common_word(c.start, c.end)
        or (
            c.i == 0
            and bool(SENTENCE_END.search(c.before[-3:]))
            and c.name[0].lower in FUNCTION_WORDS
        )
    )


def _person_name(c: NameContext) -> bool:
    return len(c.run) == c.j - c.i and all(t.lower in c.person_words for t in c.name)


def _comma_after(c: NameContext) -> bool:
    return bool(QUALIFIER_SEPARATOR.match(c.text[c.end : c.end + 3])) or (
        c.text[c.end : c.end + 2] == ", "
    )


def _comma_before(c: NameContext) -> bool:
    return c.text[max(0, c.start - 2) : c.start] == ", "


NAME_RULES: tuple[Rule[NameContext], ...] = (
    Rule(Signal.EMBEDDED, _embedded, "the [Alexandria] Police Department"),
    Rule(Signal.STREET, _street_next, "a house on [Royal] Street"),
    Rule(Signal.DIRECTION, _direction, "storms in Northeast [Georgia]"),
    Rule(Signal.ORG, _org, "the [Alexandria] Police Department"),
    Rule(Signal.NAME_PART, _name_part, "the dancer Paul [Taylor] wrote"),
    Rule(Signal.GENERIC, _generic, "a farm in [Laurel] County"),
    Rule(Signal.NAME_HEAD, _name_head, "Jackson Browne sang. [Jackson] Browne said so."),
    Rule(Signal.HEAD, _head, "a [Kettering] Republican won"),
    Rule(Signal.PREP, _prep, "fighting near [Raqqa] went on"),
    Rule(Signal.PREP_WEAK, _prep_weak, "a flight to [Raqqa] left"),
    Rule(Signal.PARTY, _party, "Sen. Dick Durbin, D-[Ill]., said"),
    Rule(Signal.PERSON, _title, "the arresting officer [Baker] arrived"),
    Rule(Signal.THE, _the, "storms over the [Atlantic] in May"),
    Rule(Signal.MODIFIER, _modifier, "a [Toronto] man was hurt"),
    Rule(Signal.PERSON, _said, "[Taylor] said nothing"),
    Rule(Signal.OWNER, _owner, "dinner at [Wilson]'s Farm"),
    Rule(Signal.DATELINE, _dateline, "[TORONTO] — The mayor resigned."),
    Rule(Signal.GENERIC_WORD, _generic_word, "a visit to the [University]"),
    Rule(Signal.STREET, _street_name, "a rally in [Washington Square]"),
    Rule(Signal.PERSON, _saint, "crowds filled [St. Peter]'s Basilica"),
    Rule(Signal.ACRONYM, _acronym, "[ISIS] fighters attacked"),
    Rule(Signal.ABBREV, _abbreviation, "a man from Arlington, [Va]. The mayor"),
    Rule(Signal.COMMON, _common, "He left. [Still] the talks went on, still."),
    Rule(Signal.PERSON_NAME, _person_name, "Paul Taylor spoke, and [Taylor] spoke again."),
    Rule(Signal.COMMA_AFTER, _comma_after, "in [Arlington], Va."),
    Rule(Signal.COMMA_BEFORE, _comma_before, "in Arlington, [Virginia] today"),
)
"""The rules for a gazetteer name in its run, in the order their signals are listed."""


_NAME_CHECKS = tuple((rule.signal, rule.applies) for rule in NAME_RULES)
"""``NAME_RULES`` as plain pairs: the recogniser runs them for every name it finds."""


def name_signals(context: NameContext) -> tuple[Signal, ...]:
    """The signals of the ``NAME_RULES`` that apply to a name, each once, in rule order."""
    found: list[Signal] = []
    for signal, applies in _NAME_CHECKS:
        if signal not in found and applies(context):
            found.append(signal)
    return tuple(found)


def is_associative(text: str, start: int, end: int) -> bool:
    """A name used as a modifier ("US-led", "pro-Damascus", "the US dollar"), not as a
    location: it is reported, but says nothing about where the text is."""
    return bool(
        ASSOCIATIVE_BEFORE.search(text[max(0, start - 5) : start])
        or ASSOCIATIVE_AFTER.match(text[end : end + 16])
    )


def _associative(c: MentionContext) -> bool:
    return is_associative(c.text, c.start, c.end)


def _in_headline(c: MentionContext) -> bool:
    return any(s <= c.start and c.end <= e for s, e in c.headlines)


MENTION_RULES: tuple[Rule[MentionContext], ...] = (
    Rule(Signal.ASSOCIATIVE, _associative, "the [US]-led coalition"),
    Rule(Signal.TITLECASE, _in_headline, "Army Repels Series Of Attacks Near [Raqqa]\nText."),
)
"""The rules for a finished mention, in the order their signals are added."""


FOUND: dict[Signal, str] = {
    Signal.GAZETTEER: "ISIS attacked [Raqqa] at dawn",
    Signal.CUE: "the SDF took the town of [Dashisha]",
    Signal.LIST_CUE: "the villages of Abu Hamdah, [Shamas] and Al-Hulwa",
    Signal.LIST: "strikes on [Homs], [Hama] and [Idlib]",
    Signal.NER_GPE: "fighting in [Utopia Vale|GPE] went on",
    Signal.NER_LOC: "fighting in [Utopia Vale|LOC] went on",
    Signal.NER_FAC: "fighting at [Utopia Gate|FAC] went on",
    Signal.INSIDE_GPE: "[However|GPE], the talks went on.",
    Signal.INSIDE_LOC: "[However|LOC], the talks went on.",
    Signal.INSIDE_FAC: "[However|FAC], the talks went on.",
    Signal.INSIDE_PERSON: "[Jordan|PERSON] scored twice",
    Signal.INSIDE_ORG: "[Jordan|ORG] Telecom grew",
    Signal.INSIDE_NORP: "[Jordan|NORP] fans cheered",
}
"""The signals the finding steps give, with an example each: a gazetteer match in a run
(``recognize._run_mentions``), a cue phrase (``recognize._cued``), the NER's spans
(``recognize._entity_mention`` and ``_merge``) and lists (``recognize._mark_lists``)."""
