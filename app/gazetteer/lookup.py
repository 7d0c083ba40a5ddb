"""Name and point lookups over the built index: the gazetteer service.

The geoparser and the geocoding API take a ``Gazetteer``; tests may hand them
one built from a tiny index.
"""

from __future__ import annotations

import json
import math
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
from rapidfuzz import fuzz, process
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from app.core.words import words
from app.gazetteer.normalize import is_latin, name_key, variant_key
from app.gazetteer.phonetic import phonetic_key
from app.gazetteer.types import POPULATED_PLACES, Entry, IndexStatus, Match
from app.geometry.distance import haversine_km
from app.store.gazetteer_db import GazetteerDB

EXACT, NORMALIZED, VARIANT, PHONETIC = 1.0, 0.95, 0.8, 0.7
PART, CITY = 0.65, 0.6
"""Qualities of a "City-Part" name's matches: the part found near its city, or the city."""
CITY_SIZE = 100_000
"""People a city needs for "City-Part" to be read as a part of it (not "Franco-German")."""
PART_RADIUS_KM = 30.0
"""How far from its city the part of a "City-Part" name may lie."""
_PARTICLES = words("e i o ye ul ol al el ad an ar as ash at az")
"""First words after a hyphen that belong to the name ("Deh-e Now", "Pul-e Charkhi")."""
FUZZY_CUTOFF = 85.0
"""rapidfuzz ratio (0..100) a misspelt name needs to match; its quality is scaled to <= 0.75."""


def query_key(name: str) -> str:
    if is_latin(name):
        return name_key(name)
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in folded).split())


def split_city_part(name: str) -> tuple[str, str] | None:
    """("Beirut", "Ras Beirut") for "Beirut-Ras Beirut"; None where the hyphen belongs to
    the name ("Deh-e Now", "Khan-Yunis" is tried whole first by ``lookup``).

    >>> split_city_part("Rio de Janeiro-North Zone"), split_city_part("Pul-e Charkhi")
    (('Rio de Janeiro', 'North Zone'), None)
    """
    city, hyphen, part = name.partition("-")
    city, part = city.strip(), part.strip()
    if not hyphen or len(city) < 3 or len(part) < 3:
        return None
    first = part.split()[0].casefold()
    if first in _PARTICLES or not part[:1].isalnum():
        return None
    return city, part


@dataclass(frozen=True, slots=True)
class Reverse:
    place: Entry | None
    distance_km: float | None
    country: Entry | None
    admin1: Entry | None


class Gazetteer:
    """Lookups by name (exact, normalised, transliteration variant, phonetic, "City-Part",
    fuzzy) and by point."""

    def __init__(self, db: GazetteerDB) -> None:
        self.db = db
        self._countries_lock = threading.Lock()
        self._countries: tuple[shapely.STRtree, list[Entry], list[BaseGeometry]] | None = None
        self._geometry = lru_cache(maxsize=4096)(self._load_geometry)
        self._keys_by_length = lru_cache(maxsize=None)(self._load_keys_by_length)

    @classmethod
    def open(cls, path: Path) -> Gazetteer:
        return cls(GazetteerDB(path))

    # names -------------------------------------------------------------
    def lookup(
        self,
        name: str,
        *,
        country: str | None = None,
        fuzzy: bool = True,
        feature_types: tuple[str, ...] | None = None,
    ) -> list[Match]:
        """Every entry that ``name`` may refer to, best-matching names first.

        Tiers, each tried only when the one before found nothing in ``country`` and
        ``feature_types``: the normalised key, the transliteration variant key, the
        phonetic key (``app.gazetteer.phonetic``), a "City-Part" name (``_city_part``),
        then a fuzzy match on the key. Each match says its tier in ``Match.method``.

        >>> [m.method for m in gazetteer.lookup("Tell Tamer")]  # doctest: +SKIP
        ['phonetic']
        """
        key = query_key(name)
        if not key:
            return []
        for tier in self._tiers(name, key, fuzzy):
            matches = self._filter(tier(), country, feature_types)
            if matches:
                return matches
        return []

    def _tiers(self, name: str, key: str, fuzzy: bool) -> list[Callable[[], list[Match]]]:
        """The lookups of ``lookup``, surest first, each run only if needed."""
        folded = name.casefold()

        def exact() -> list[Match]:
            return [
                Match(e, n, EXACT if n.casefold() == folded else NORMALIZED, kind)
                for _, n, kind, e in self.db.by_keys([key])
            ]

        def variant() -> list[Match]:
            rows = self.db.by_variants([variant_key(key)])
            return [Match(e, n, VARIANT, kind, "variant") for _, n, kind, e in rows]

        def phonetic() -> list[Match]:
            rows = self.db.by_phonetic([phonetic_key(name)])
            return [Match(e, n, PHONETIC, kind, "phonetic") for _, n, kind, e in rows]

        def qualified() -> list[Match]:
            return self._city_part(name)

        tiers = [exact, variant, phonetic, qualified]
        if fuzzy and len(key) >= 5:
            tiers.append(lambda: self._fuzzy(key))
        return tiers

    def _city_part(self, name: str) -> list[Match]:
        """A "City-Part" name, as ACLED and many tables write a district of a city
        ("Beirut-Ras Beirut", "Bogota-La Candelaria", "Tehran-District 12"): the part
        where it is known within ``PART_RADIUS_KM`` of the city, else the city itself."""
        split = split_city_part(name)
        if split is None:
            return []
        city_name, part_name = split
        cities = [m for m in self.lookup(city_name, fuzzy=False) if m.entry.population >= CITY_SIZE]
        if not cities:
            return []
        parts = [
            Match(m.entry, m.matched_name, PART, m.kind, "qualified")
            for m in self.lookup(part_name, fuzzy=False)
            if any(
                m.entry.country_code == c.entry.country_code
                and haversine_km(m.entry.lon, m.entry.lat, c.entry.lon, c.entry.lat)
                <= PART_RADIUS_KM
                for c in cities
            )
        ]
        return parts or [Match(c.entry, c.matched_name, CITY, c.kind, "qualified") for c in cities]

    def lookup_many(self, names: list[str]) -> dict[str, list[Match]]:
        """``lookup`` for several names at once: one query for all their normalised keys
        (the geoparser looks up every name of a document together)."""
        keys = {name: query_key(name) for name in names}
        rows: dict[str, list[tuple[str, str, Entry]]] = {}
        for key, n, kind, e in self.db.by_keys([k for k in keys.values() if k]):
            rows.setdefault(key, []).append((n, kind, e))
        out = {}
        for name, key in keys.items():
            if key not in rows:
                out[name] = self.lookup(name)
                continue
            folded = name.casefold()
            matches = [
                Match(e, n, EXACT if n.casefold() == folded else NORMALIZED, kind)
                for n, kind, e in rows[key]
            ]
            out[name] = self._filter(matches, None, None)
        return out

    def _fuzzy(self, key: str) -> list[Match]:
        # Misspellings rarely touch the first letter. A ratio of 85 needs lengths within
        # 0.74-1.35 times the key's, and we allow at most two letters more or less.
        by_length = self._keys_by_length(key[:1])
        shortest = max(len(key) - 2, math.ceil(len(key) * 0.739))
        longest = min(len(key) + 2, math.floor(len(key) * 1.353))
        keys = [k for n in range(shortest, longest + 1) for k in by_length.get(n, ())]
        if not keys:
            return []
        ratios = process.cdist(
            [key], keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, dtype=np.uint8, workers=1
        )[0]
        best = np.flatnonzero(ratios)
        best = best[np.argsort(-ratios[best], kind="stable")][:8]
        scores = {keys[i]: float(ratios[i]) for i in best}
        return [
            Match(e, n, 0.75 * scores[k] / 100.0, kind, "fuzzy")
            for k, n, kind, e in self.db.by_keys(scores)
        ]

    def _load_keys_by_length(self, first: str) -> dict[int, list[str]]:
        """The index's name keys that start with ``first``, by length: read once per
        letter (all letters together: about 1M keys, ~90 MiB, 0.9 s), so that a fuzzy lookup
        scans memory instead of the index."""
        by_length: dict[int, list[str]] = {}
        for k in self.db.keys_with_prefix(first, limit=10_000_000):
            by_length.setdefault(len(k), []).append(k)
        return by_length

    @staticmethod
    def _filter(
        matches: list[Match], country: str | None, feature_types: tuple[str, ...] | None
    ) -> list[Match]:
        best: dict[int, Match] = {}
        for m in matches:
            if country and m.entry.country_code != country.upper():
                continue
            if feature_types and m.entry.feature_type not in feature_types:
                continue
            old = best.get(m.entry.rowid)
            if old is None or m.quality > old.quality:
                best[m.entry.rowid] = m
        return sorted(best.values(), key=lambda m: (-m.quality, -m.entry.importance))

    def known_keys(self, keys: list[str]) -> set[str]:
        return self.db.known_keys(keys)

    def entry(self, gid: str) -> Entry | None:
        return self.db.entry(gid)

    def names(self, entry: Entry) -> list[tuple[str, str]]:
        return self.db.names_of(entry.rowid)

    # geometry ----------------------------------------------------------
    def geometry(self, entry: Entry) -> BaseGeometry:
        """The entry's best geometry: its polygon or line where known, else its point."""
        if not entry.has_geometry:
            return Point(entry.lon, entry.lat)
        return self._geometry(entry.rowid)

    def _load_geometry(self, rowid: int) -> BaseGeometry:
        return shapely.from_wkb(self.db.geometry_wkb(rowid))

    # points ------------------------------------------------------------
    def reverse(self, lon: float, lat: float) -> Reverse:
        """The nearest populated place, and the country and admin-1 area of the point."""
        place, distance = self.nearest(lon, lat, tuple(sorted(POPULATED_PLACES)))
        country = self.country_at(lon, lat)
        if country is None and place is not None and distance is not None and distance < 25:
            country = self.country_entry(place.country_code)
        admin1 = None
        if place is not None and (country is None or place.country_code == country.country_code):
            admin1 = self.admin1_entry(place.country_code, place.admin1, lon, lat)
        return Reverse(place, distance, country, admin1)

    def nearest(
        self, lon: float, lat: float, feature_types: tuple[str, ...]
    ) -> tuple[Entry | None, float | None]:
        for radius in (0.1, 0.5, 2.0, 8.0, 30.0):
            box = (lon - radius, lat - radius, lon + radius, lat + radius)
            entries = self.db.in_bbox(box, feature_types, limit=5000)
            if entries:
                scored = [(haversine_km(lon, lat, e.lon, e.lat), e) for e in entries]
                distance, entry = min(scored, key=lambda x: x[0])
                return entry, distance
        return None, None

    def _country_tree(self) -> tuple[shapely.STRtree, list[Entry], list[BaseGeometry]]:
        with self._countries_lock:
            if self._countries is None:
                entries, geoms = [], []
                for entry, wkb in self.db.with_geometry("country"):
                    entries.append(entry)
                    geoms.append(shapely.from_wkb(wkb))
                self._countries = (shapely.STRtree(geoms), entries, geoms)
            return self._countries

    def country_at(self, lon: float, lat: float) -> Entry | None:
        tree, entries, _ = self._country_tree()
        hits = tree.query(Point(lon, lat), predicate="intersects")
        return entries[int(hits[0])] if len(hits) else None

    def country_entry(self, code: str | None) -> Entry | None:
        return self.db.country(code.upper()) if code else None

    def admin1_entry(
        self, country: str | None, admin1: str | None, lon: float, lat: float
    ) -> Entry | None:
        """The admin-1 area with this code nearest to the point."""
        if not country or not admin1:
            return None
        areas = self.db.admin1(country, admin1)
        return min(areas, key=lambda e: haversine_km(lon, lat, e.lon, e.lat), default=None)

    # status ------------------------------------------------------------
    def status(self) -> IndexStatus:
        by_source, by_type, names = self.db.counts()
        meta = self.db.meta
        return IndexStatus(
            path=str(self.db.path),
            index_version=int(meta["index_version"]),
            built_at=meta.get("built_at", ""),
            sources=json.loads(meta.get("sources", "{}")),
            counts_by_source=by_source,
            counts_by_feature_type=by_type,
            names=names,
        )
