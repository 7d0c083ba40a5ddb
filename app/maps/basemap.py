"""The map background: online raster tiles, or the offline default drawn from Natural Earth.

Offline, the land and the country outlines are one vector layer made from the
gazetteer's Natural Earth country polygons, simplified for the screen: it needs no tile
server, so maps work on networks with no internet.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from app.core.errors import InvalidInput

NATURAL_EARTH = "Natural Earth"
OUTLINE_TOLERANCE = 0.02
"""Degrees (about 2 km): finer than a pixel up to zoom 7, and the world weighs ~0.8 MB."""
OUTLINE_GRID = 0.001
"""Coordinates are snapped to this grid (degrees) to keep the file small."""
_TILE_URL = re.compile(r"^https?://[^\s\"'<>]+$")


@dataclass(frozen=True, slots=True)
class Basemap:
    """Either ``tiles`` (an XYZ URL template with its ``attribution``) or ``outlines``: a
    URL the page fetches the country outlines from, or the collection itself (inlined,
    for pages saved to a file)."""

    tiles: str | None = None
    attribution: str | None = None
    outlines: str | dict | None = None

    @classmethod
    def online(cls, url: str, attribution: str) -> Basemap:
        """Raster tiles, e.g. ``https://tile.example.org/{z}/{x}/{y}.png``.

        >>> Basemap.online("https://t.example.org/{z}/{x}/{y}.png", "(c) Example").tiles
        'https://t.example.org/{z}/{x}/{y}.png'
        """
        if not _TILE_URL.match(url) or not all(k in url for k in ("{z}", "{x}", "{y}")):
            raise InvalidInput(f"a tile URL is http(s) with {{z}}, {{x}} and {{y}}: {url!r}")
        if not attribution or not attribution.strip():
            raise InvalidInput("online tiles need their attribution (terms of the tile server)")
        return cls(tiles=url, attribution=attribution)

    @classmethod
    def offline(cls, outlines: str | dict) -> Basemap:
        return cls(outlines=outlines, attribution=NATURAL_EARTH)

    def tile_origin(self) -> str | None:
        """The origin the tiles come from, for the page's Content-Security-Policy
        (``{s}`` subdomains become a wildcard)."""
        if self.tiles is None:
            return None
        parts = urlsplit(self.tiles.replace("{s}", "SUBDOMAIN"))
        host = parts.netloc.replace("SUBDOMAIN", "*")
        return f"{parts.scheme}://{host}"


def outline_collection(
    countries: Iterable[tuple[str, BaseGeometry]],
    tolerance: float = OUTLINE_TOLERANCE,
    grid: float = OUTLINE_GRID,
) -> dict:
    """Country polygons (name, geometry in lon/lat) as a small GeoJSON FeatureCollection.

    >>> from shapely.geometry import box
    >>> fc = outline_collection([("Square", box(0, 0, 1, 1))])
    >>> fc["features"][0]["properties"], fc["features"][0]["geometry"]["type"]
    ({'name': 'Square'}, 'Polygon')
    """
    features = []
    for name, geometry in countries:
        simpler = shapely.simplify(geometry, tolerance, preserve_topology=True)
        simpler = shapely.set_precision(simpler, grid)
        if simpler.is_empty:
            continue
        features.append(
            {"type": "Feature", "properties": {"name": name}, "geometry": mapping(simpler)}
        )
    return {"type": "FeatureCollection", "features": features}


def outline_bytes(collection: dict) -> bytes:
    """The collection as compact JSON (the format served to pages)."""
    return json.dumps(collection, separators=(",", ":")).encode()
