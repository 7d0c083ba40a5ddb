"""How likely a gazetteer reading is before the document is read: its prominence and
the name the text spells.

``prominence`` is log10 of a population-like figure (more for countries and admin-1
areas); ``prior`` adds the name (its primary name or an alternate, an admin-2 area named
without its generic word, an inexact match). ``TYPE_PRIOR`` ranks feature types for the
geocoding API.
"""

from __future__ import annotations

import math

from app.gazetteer.normalize import name_key
from app.gazetteer.types import ADMIN1_IMPORTANCE, SETTLEMENTS, Entry, Match
from app.geoparse.weights import COUNTRY_BONUS, INEXACT, PRIMARY_NAME

TYPE_PRIOR = {
    "country": 1.0,
    "continent": 0.9,
    "admin1": 0.8,
    "admin2": 0.7,
    "admin3": 0.65,
    "city": 0.8,
    "river": 0.7,
    "region": 0.6,
    "sea": 0.6,
    "town": 0.6,
    "valley": 0.5,
    "mountain": 0.5,
    "island": 0.5,
    "lake": 0.5,
    "village": 0.45,
    "airport": 0.45,
    "border": 0.5,
    "other": 0.4,
}
"""How likely each feature type is as the reading of a bare name (the geocoding API
ranks by it; the resolver uses ``prominence``)."""
ADMIN_AREAS = {"admin2", "admin3"}
"""Districts and subdistricts: named after their main town, ranked like each other."""
ADMIN1_PROMINENCE = 6.3
ADMIN1_SPREAD = 10.0
"""Prominence lost per unit of importance an admin-1 area has under the usual
(``ADMIN1_IMPORTANCE``), at most 1.0: the areas of small countries are less known
(``app.gazetteer.sources.naturalearth.admin1_importance``)."""
ADMIN3_DISCOUNT = 1.0
"""A subdistrict is less known than its people make it (log10 units): most of them live
in the town it is named after, which has an entry of its own ("Duma", 182,000 people in
the subdistrict, 112,000 in the town, in a story about the Russian Duma)."""


def prominence(entry: Entry) -> float:
    """How well known a place is, in log10 of a population-like figure."""
    t = entry.feature_type
    if t == "country":
        return max(6.0, math.log10(entry.population + 1)) + COUNTRY_BONUS
    if t == "continent":
        return 9.0
    if t == "admin1":
        shortfall = max(0.0, ADMIN1_IMPORTANCE - entry.importance)
        return ADMIN1_PROMINENCE - min(1.0, ADMIN1_SPREAD * shortfall)
    if t == "admin2":
        return max(4.5, math.log10(entry.population + 1))
    if t == "admin3":
        return max(3.5, math.log10(entry.population + 1) - ADMIN3_DISCOUNT)
    if t in SETTLEMENTS:
        return max(math.log10(entry.population + 1), 7.0 * entry.importance)
    if t in ("river", "sea"):
        return 4.0 + 3.0 * entry.importance
    return 3.5 + 3.0 * entry.importance


def is_primary(match: Match) -> bool:
    return match.kind != "name" or name_key(match.matched_name) == name_key(match.entry.name)


ADMIN2_WORDS = frozenset(
    [
        "county",
        "parish",
        "borough",
        "district",
        "municipality",
        "region",
        "shire",
        "township",
        "department",
        "subdistrict",
        "nahiya",
    ]
)
AREA_WORDS = ADMIN2_WORDS | {"province", "governorate"}
BARE_ADMIN2 = 1.5
"""An admin-2 area named without its generic word ("Cambridge", not "Cambridge County")
is rarely what the bare name means: the town it is named after is."""
THE_SETTLEMENT = 1.5
"""A name written with "the" ("the Atlantic", "the Gulf") is seldom a town or village."""
THE_SETTLEMENT_PLACE = 2.5
"""The same, against the name being a place at all when its only readings are towns
("the tropical Atlantic" with no ocean in the gazetteer is not Atlantic, Iowa)."""


def prior(match: Match) -> float:
    """The score of a reading before the document is considered."""
    score = prominence(match.entry)
    bare_area = match.entry.feature_type in ADMIN_AREAS and not (
        ADMIN2_WORDS & set(match.matched_name.lower().split())
    )
    if bare_area:
        score -= BARE_ADMIN2
    elif is_primary(match):
        score += PRIMARY_NAME  # not for a district's bare name, its town's ("Douma")
    score -= INEXACT * max(0.0, 0.95 - match.quality) * 10
    return score
