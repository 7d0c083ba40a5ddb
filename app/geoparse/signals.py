"""The signals a recognised name carries: the evidence around it, one documented member each.

Recognition (``app.geoparse.recognize``, with the rules of ``app.geoparse.rules``) marks
each mention with the signals its context gives; the resolver weighs them
(``app.geoparse.weights``) to tell whether the name is a place at all, and reads a few of
them directly (a street, "the", a cue lent by a list). A ``Signal`` is a ``str``, so the
signals are written out (``geoevents eval --details``) as the plain words they always were.

>>> Signal.PREP == "prep"
True
>>> Signal.ner("GPE")
<Signal.NER_GPE: 'ner:GPE'>
"""

from __future__ import annotations

from enum import StrEnum


class Signal(StrEnum):
    """One kind of evidence about a recognised name."""

    # -- how the name was found -------------------------------------------------------
    GAZETTEER = "gazetteer"
    """A name the gazetteer knows, found in a run of capitalised words."""
    CUE = "cue"
    """Introduced or closed by a cue phrase: "the town of X", "X Valley", "eastern X"."""
    LIST_CUE = "list-cue"
    """The cue is lent by the name before it in a list ("the villages of A, B and C")."""
    LIST = "list"
    """One of a list of names ("Homs, Hama and Idlib")."""
    NER_GPE = "ner:GPE"
    """Tagged a geopolitical entity by the statistical NER."""
    NER_LOC = "ner:LOC"
    """Tagged a location by the statistical NER."""
    NER_FAC = "ner:FAC"
    """Tagged a facility by the statistical NER."""
    INSIDE_GPE = "inside:GPE"
    """Inside a span the NER tags GPE that yields no mention of its own."""
    INSIDE_LOC = "inside:LOC"
    """Inside a span the NER tags LOC that yields no mention of its own."""
    INSIDE_FAC = "inside:FAC"
    """Inside a span the NER tags FAC that yields no mention of its own."""
    INSIDE_PERSON = "inside:PERSON"
    """Inside a span the NER tags as a person (the pipeline passes place spans only)."""
    INSIDE_ORG = "inside:ORG"
    """Inside a span the NER tags as an organisation (the pipeline passes place spans only)."""
    INSIDE_NORP = "inside:NORP"
    """Inside a span the NER tags as a nationality (the pipeline passes place spans only)."""

    # -- how the name sits in a longer run of capitalised words -------------------------
    EMBEDDED = "embedded"
    """Part of a longer capitalised run ("Alexandria Police Department")."""
    STREET = "street"
    """A street: "Royal Street", "Washington Square"."""
    DIRECTION = "direction"
    """After a direction in its run: "Northeast Georgia"."""
    ORG = "org"
    """Naming an organisation or facility: "Alexandria Police", "CTV Winnipeg"."""
    NAME_PART = "name-part"
    """The end or middle of a longer name that is no place: "Paul Taylor"."""
    GENERIC = "generic"
    """Before an area's generic word: "Laurel County", "Euphrates Valley"."""
    NAME_HEAD = "name-head"
    """The start of a longer name, a person's name following: "Jackson Browne"."""
    HEAD = "head"
    """The start of a longer name no person's name follows: "Fargo City Commissioner"."""

    # -- the words around the name ----------------------------------------------------
    PREP = "prep"
    """After a locative preposition: "in X", "near X", "north of X"."""
    PREP_WEAK = "prep-weak"
    """After a weak preposition ("to X", "of X") or one that belongs to a school's name."""
    PARTY = "party"
    """A political affiliation: "D-Ill."."""
    PERSON = "person"
    """A person's context: a title before, "said" or an age after, a saint's day."""
    THE = "the"
    """After "the": "the Atlantic", seldom a town."""
    MODIFIER = "modifier"
    """Modifying a noun: "a Toronto man", "the Cottonport area"."""
    OWNER = "owner"
    """An owner's possessive before a property noun: "Wilson's Farm"."""
    DATELINE = "dateline"
    """A wire-story dateline: "TORONTO —"."""
    GENERIC_WORD = "generic-word"
    """A generic word alone: "University", "Police", "Republican"."""
    ACRONYM = "acronym"
    """Written as an acronym: "ISIS"."""
    ABBREV = "abbrev"
    """An abbreviation with a stop: "Va.", "Calif.", "Gen."."""
    COMMON = "common"
    """A common word capitalised only because it starts a sentence."""
    PERSON_NAME = "person-name"
    """Every word is one the document uses in a person's name."""
    COMMA_AFTER = "comma-after"
    """Followed by a comma or a parenthesis, as a name before its qualifier is."""
    COMMA_BEFORE = "comma-before"
    """After a comma, as a qualifier is."""

    # -- the mention as a whole -------------------------------------------------------
    ASSOCIATIVE = "associative"
    """Used as a modifier, not a location: "US-led", "pro-Damascus", "the US dollar"."""
    TITLECASE = "titlecase"
    """In a headline written in Title Case, where a capital says nothing."""

    @classmethod
    def ner(cls, label: str) -> Signal:
        """The signal of a mention the NER tags ``label`` (a place label)."""
        return cls(f"ner:{label}")

    @classmethod
    def inside(cls, label: str) -> Signal:
        """The signal of a mention inside a span the NER tags ``label``."""
        return cls(f"inside:{label}")


NER_SIGNALS = frozenset({Signal.NER_GPE, Signal.NER_LOC, Signal.NER_FAC})
"""Found by the statistical NER as a place."""
