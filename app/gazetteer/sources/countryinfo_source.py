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
