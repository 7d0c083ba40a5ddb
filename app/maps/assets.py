"""The scripts, style sheets and images map pages load, all served by the service itself.

Leaflet and its plugins come from the PyPI packages that ship them (XStatic-Leaflet,
XStatic-Leaflet-MarkerCluster, and folium's own copy of Leaflet.heat); the page script
and style are ours, in ``app/maps/static``. Nothing is copied into the repository and
nothing is fetched from a CDN.

Paths are relative to the static URL prefix (``/static`` in the service):

>>> LEAFLET_JS
'vendor/leaflet/leaflet.js'
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from app.core.errors import NotFound

LEAFLET_JS = "vendor/leaflet/leaflet.js"
LEAFLET_CSS = "vendor/leaflet/leaflet.css"
CLUSTER_JS = "vendor/leaflet.markercluster/leaflet.markercluster.js"
CLUSTER_CSS = "vendor/leaflet.markercluster/MarkerCluster.css"
CLUSTER_DEFAULT_CSS = "vendor/leaflet.markercluster/MarkerCluster.Default.css"
HEAT_JS = "vendor/leaflet.heat/leaflet-heat.js"
PAGE_JS = "geoevents/geoevents-map.js"
PAGE_CSS = "geoevents/geoevents-map.css"

MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}
"""Only these kinds of file are served (no source maps, no Python files)."""


@dataclass(frozen=True, slots=True)
class Mount:
    """A URL prefix served from a directory of an installed package (or one file of it)."""

    prefix: str
    module: str
    subdir: str
    only: str | None = None
    """Serve just this file of the directory, under the name ``rename`` (or its own)."""
    rename: str | None = None


MOUNTS: tuple[Mount, ...] = (
    Mount("vendor/leaflet", "xstatic.pkg.leaflet", "data"),
    Mount("vendor/leaflet.markercluster", "xstatic.pkg.leaflet_markercluster", "data"),
    Mount("vendor/leaflet.heat", "folium", "templates", "leaflet_heat.min.js", "leaflet-heat.js"),
    Mount("geoevents", "app.maps", "static"),
)


def _package_dir(module: str) -> Path:
    """The directory of an installed package, found without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise NotFound(f"the package {module!r} that ships this file is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=256)
def resolve(path: str) -> tuple[Path, str]:
    """The file behind a static path and its media type; NotFound for anything else.

    >>> resolve("vendor/leaflet/leaflet.js")[1]
    'text/javascript; charset=utf-8'
    """
    pure = PurePosixPath(path)
    media_type = MEDIA_TYPES.get(pure.suffix)
    if media_type is None or ".." in pure.parts or pure.is_absolute():
        raise NotFound(f"no static file {path!r}")
    for mount in MOUNTS:
        prefix = PurePosixPath(mount.prefix)
        if pure.parts[: len(prefix.parts)] != prefix.parts:
            continue
        rest = PurePosixPath(*pure.parts[len(prefix.parts) :])
        base = (_package_dir(mount.module) / mount.subdir).resolve()
        if mount.only is not None:
            if str(rest) != (mount.rename or mount.only):
                break
            rest = PurePosixPath(mount.only)
        candidate = (base / rest).resolve()
        if candidate.is_file() and candidate.is_relative_to(base):
            return candidate, media_type
        break
    raise NotFound(f"no static file {path!r}")


def page_assets() -> list[str]:
    """Every file a page may load, for checks that the installation is complete."""
    return [
        LEAFLET_JS,
        LEAFLET_CSS,
        CLUSTER_JS,
        CLUSTER_CSS,
        CLUSTER_DEFAULT_CSS,
        HEAT_JS,
        PAGE_JS,
        PAGE_CSS,
    ]
