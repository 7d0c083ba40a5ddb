"""The numbers of resolution: the weight of each recognition signal, and the weights and
thresholds that rank a name's readings and decide whether it is a place.

``WEIGHTS`` says how much each signal says that a name is a place (natural-log odds).
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
        Signal.LIST_CUE: "candidates.group_mentions, _group_cue: a lent cue may be dropped",
        Signal.STREET: "candidates.Group.street: every mention a street, declined",
        Signal.THE: "candidates.with_the: a name mostly after 'the' is seldom a town",
        Signal.ABBREV: "candidates.group_mentions: 'Va.' keeps the abbreviation readings",
        Signal.COMMA_AFTER: "the analysis output; qualifiers are found from the text",
        Signal.COMMA_BEFORE: "the analysis output; qualifiers are found from the text",
        Signal.ASSOCIATIVE: "candidates.Group.associative: reported, votes for no country",
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


# -- ranking the readings of a name (log10 units) and deciding ----------------------

PRIMARY_NAME = 1.0
"""The text spells the entry's primary name, not one of its alternate names."""
QUALIFIED = 4.0
COUNTRY_FOCUS = 2.0
ADMIN1_FOCUS = 1.5
NEAR = 1.5
AREA_FOCUS = ADMIN1_FOCUS
"""An admin-1 reading gains as much from the document's admin-1 focus on it as the
towns in it do."""
NEAR_KM, FAR_KM = 30.0, 150.0
FOREIGN = 2.5
FOREIGN_PROMINENCE = 5.0
FOREIGN_SHARE = 0.05
FOREIGN_MIN_VOTES = 2.0
"""A small town (prominence under FOREIGN_PROMINENCE) in a country none of the
document's other names (at least FOREIGN_MIN_VOTES of them) points to is less likely
the place meant: the name is probably a place the gazetteer lacks (an airport, a
district) or no place at all."""
FOREIGN_ALTERNATE = 2.0
"""A town named only by one of its alternate names ("Eta" for Etah) is treated as small
up to this much more prominence."""
FOREIGN_AREA = 2.5
"""The same for an admin-1 area in a country nothing else in the document points to:
a province of Papua New Guinea named "Gulf" in a story about the Middle East."""
NAMED_ADMIN1 = 1.0
"""A town in an admin-1 area the document names ("Alexandria" beside "Virginia"),
shared among the areas it names (a sports page naming ten states says little)."""
SAME_ADMIN1 = 1.0
"""Added to the support of another name's reading in the same admin-1 area."""
LIST_KIND = 1.0
"""Names of one list ("England and Wales", "Homs, Hama and Idlib") are mostly of one
kind: a reading of the kind its list neighbours have gains up to this much."""
SHORT_FORM = 2.0
"""A name the document also writes with an area's generic word ("Suffolk" beside
"Suffolk County") gains this for the reading the longer name has: the same place."""
INEXACT = 1.5
"""Penalty per 0.1 of match quality under an exact match (variants, misspellings)."""
COUNTRY_BONUS = 1.0
INEXACT_QUALITY = 0.8
"""Matches at or below this quality (transliteration variants, misspellings) are only
accepted near another place of the document or inside a qualifier."""
INEXACT_NEAR = 0.6
PHONETIC_MAX_READINGS = 3
"""A name found only by its phonetic key ("Tell Tamer" for Tall Tamr) is weaker
evidence still: it is accepted inside a qualifier its reading fits ("Tell Tamer,
Syria"), or near another place of the document when the key proposes at most this many
places (a key many places share says little about which one is meant)."""

QUALIFIER_EVIDENCE = 3.0
"""A name qualified by its area ("Arlington, Va.") and the qualifier itself are places."""
PROMINENCE_EVIDENCE = 0.9
"""Per log10 unit of prominence above ``PROMINENCE_PIVOT``: "Texas" is a place even
at the start of a sentence, "Center" (a village of 500) needs a reason."""
PROMINENCE_PIVOT = 4.3
COHERENCE_EVIDENCE = 1.0
"""A reading near the document's other places, or in its admin-1 focus."""
EVIDENCE_BIAS = 0.0
MIN_PLACE = 0.5
"""Below this probability of being a place at all, the name is declined."""
MIN_CHOICE = 0.15
"""Below this probability of its best reading, a name is declined as too ambiguous."""
MIN_CONFIDENCE = 0.43
"""Below this raw confidence (place probability x reading probability) the name is
declined: on the development halves of the evaluation corpora such readings were the
annotated place about one time in ten (125 predictions), and a wrong point on a map costs
more than a name listed as unresolved."""
ROUNDS = 3
