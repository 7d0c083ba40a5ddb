"""Small frozen values exchanged between the gazetteer and its users."""

from __future__ import annotations

from dataclasses import dataclass, field

from shapely.geometry.base import BaseGeometry

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
class Entry:
    """An indexed gazetteer entry, as lookups return it."""

    rowid: int
    gid: str
    name: str
    feature_type: str
    lon: float
    lat: float
    country_code: str | None
    admin1: str | None
    population: int
    importance: float
    source: str
    geometry_source: str
    geometry_precision: str
    has_geometry: bool


@dataclass(frozen=True, slots=True)
class Match:
    """An entry found for a query name, with how well the name matched (0..1)."""

    entry: Entry
    matched_name: str
    quality: float
    kind: str  # the matched name is a "name", an "alias" or a "demonym"
    method: str = "exact"
    """How the name was matched, from the surest: "exact" (the name or its normalised
    key), "variant" (transliteration variant key), "phonetic" (``phonetic_key``), "fuzzy"."""


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
