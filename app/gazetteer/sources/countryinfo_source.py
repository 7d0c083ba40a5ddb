"""Country reference points from the PyPI package ``countryinfo`` (MIT).

Its ``latlng`` is the conventional "geographic coordinates" of a country as the CIA
World Factbook gives them (Russia 60 N 100 E, China 35 N 105 E), which GeoNames and
most gazetteers use as the country's point.
"""

from __future__ import annotations


def version() -> str:
    from importlib.metadata import version as pkg_version

    return pkg_version("countryinfo")


def reference_points() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 code -> (lon, lat) of the country's reference point."""
    import countryinfo

    out: dict[str, tuple[float, float]] = {}
    for country in countryinfo.all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha2")
        latlng = info.get("latlng") or []
        if code and len(latlng) == 2:
            out[code.upper()] = (float(latlng[1]), float(latlng[0]))
    return out


def alternate_names() -> dict[str, tuple[str, ...]]:
    """ISO alpha-2 code -> the country's other spellings ("UAE", "DRC", "Holland",
    "Czechia", "Democratic People's Republic of Korea"), less its ISO codes ("CAN" or
    "ARE" in an upper-case headline is no country) and short words that are no acronym
    ("Mann", "Thai": more often a surname or a nationality)."""
    import countryinfo

    out: dict[str, tuple[str, ...]] = {}
    for country in countryinfo.all_countries():
        info = country.info()
        iso = info.get("ISO") or {}
        code = iso.get("alpha2")
        if not code:
            continue
        codes = {str(v).upper() for v in iso.values()}
        names = [
            n.strip()
            for n in info.get("altSpellings") or []
            if isinstance(n, str) and _usable(n.strip(), codes)
        ]
        if names:
            out[code.upper()] = tuple(dict.fromkeys(names))
    return out


def _usable(name: str, codes: set[str]) -> bool:
    if len(name) < 2 or name.upper() in codes:
        return False
    return len(name) > 4 or name.isupper() or not name.isascii()
