"""How much each recognition signal says that a name is a place (natural-log odds).

Every ``Signal`` has an entry, read with ``WEIGHTS[signal]``: a signal without one is a
``KeyError``, not a silent zero. The signals that weigh nothing because other logic reads
them are listed in ``UNWEIGHED`` with the reader, so a zero is always a decision.

>>> WEIGHTS[Signal.PREP]
2.0
"""

from __future__ import annotations

from types import MappingProxyType

from app.geoparse.signals import Signal

UNWEIGHED: MappingProxyType[Signal, str] = MappingProxyType(
    {
        Signal.GAZETTEER: "how the name was found, for the analysis output only",
        Signal.LIST_CUE: "resolve.group_mentions and _group_cue: a lent cue may be dropped",
        Signal.STREET: "Group.street: a name all of whose mentions are streets",
        Signal.THE: "resolve._with_the: a name mostly after 'the' is seldom a town",
        Signal.ABBREV: "resolve.group_mentions: 'Va.' keeps the abbreviation readings",
        Signal.COMMA_AFTER: "the analysis output; qualifiers are found from the text",
        Signal.COMMA_BEFORE: "the analysis output; qualifiers are found from the text",
        Signal.ASSOCIATIVE: "Group.associative: reported, but votes for no country",
        Signal.INSIDE_GPE: "the analysis output: the span's own mention was declined",
        Signal.INSIDE_LOC: "the analysis output: the span's own mention was declined",
        Signal.INSIDE_FAC: "the analysis output: the span's own mention was declined",
        Signal.INSIDE_NORP: "nothing: a nationality around a name says nothing either way",
    }
)
"""Signals deliberately without weight, each with what reads it instead."""

WEIGHTS: MappingProxyType[Signal, float] = MappingProxyType(
    {
        Signal.PREP: 2.0,
        Signal.PREP_WEAK: 0.6,
        Signal.DATELINE: 3.0,
        Signal.MODIFIER: 1.2,
        Signal.CUE: 2.0,
        Signal.LIST: 0.5,
        Signal.ORG: 0.3,
        Signal.DIRECTION: 1.5,
        Signal.GENERIC: 1.5,
        Signal.PARTY: 3.0,
        Signal.NER_GPE: 2.5,
        Signal.NER_LOC: 2.0,
        Signal.NER_FAC: 1.0,
        Signal.NAME_PART: -3.5,
        Signal.NAME_HEAD: -3.5,
        Signal.HEAD: -1.5,
        Signal.GENERIC_WORD: -4.0,
        Signal.PERSON: -3.0,
        Signal.OWNER: -2.0,
        Signal.PERSON_NAME: -2.0,
        Signal.COMMON: -3.0,
        Signal.TITLECASE: -0.7,
        Signal.ACRONYM: -3.0,
        Signal.EMBEDDED: -0.3,
        Signal.INSIDE_PERSON: -2.0,
        Signal.INSIDE_ORG: -0.8,
        **dict.fromkeys(UNWEIGHED, 0.0),
    }
)
"""Signal -> log-odds that the name is a place; the ``UNWEIGHED`` ones at 0.0."""
