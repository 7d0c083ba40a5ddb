"""Fetch the Natural Earth layers the gazetteer uses, from Natural Earth or a mirror.

Files land in the directory ``Settings.naturalearth_path()`` looks in. Each file is
streamed to a temporary file next to its destination, checked to open with pyogrio,
then renamed into place, so an interrupted or failed download never leaves a file
the index builder would mistake for a layer.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from app.core.errors import SourceUnavailable
from app.gazetteer.sources.naturalearth import LAYERS, layer_path

NATURALEARTH_URL = "https://naciscdn.org/naturalearth"
"""Natural Earth's own download server; it serves every layer as a zipped shapefile."""

MAX_ATTEMPTS = 3
"""Attempts per URL on network errors and 5xx answers; a 404 is not retried."""

RETRY_BACKOFF_S = 1.0
"""Wait before the second attempt; doubled before each later one."""

TIMEOUT = httpx.Timeout(60.0, connect=15.0)
"""Per network operation (connect, each read), not for the whole file."""

CHUNK_BYTES = 1 << 16

_CATEGORIES = {
    "admin_0_countries": "cultural",
    "admin_1_label_points": "cultural",
    "admin_1_states_provinces": "cultural",
    "admin_0_boundary_lines_land": "cultural",
    "populated_places": "cultural",
    "rivers_lake_centerlines": "physical",
    "geography_regions_polys": "physical",
    "geography_regions_points": "physical",
    "geography_regions_elevation_points": "physical",
    "geography_marine_polys": "physical",
}
"""Natural Earth's folder for each theme: its URLs are ``{scale}/{category}/{layer}``."""

_LAYER_NAME = re.compile(r"ne_(10m|50m|110m)_(\w+)")


@dataclass(frozen=True, slots=True)
class LayerFile:
    """One layer file in the destination directory after a run."""

    layer: str
    path: Path
    features: int
    downloaded_bytes: int | None
    """None when the file was already present and kept."""


@dataclass(slots=True)
class DownloadReport:
    dest: Path
    files: list[LayerFile] = field(default_factory=list)

    @property
    def downloaded(self) -> list[LayerFile]:
        return [f for f in self.files if f.downloaded_bytes is not None]

    def summary(self) -> str:
        """One line for the CLI: what arrived, what was kept, how big, how many features."""
        fetched = sum(f.downloaded_bytes or 0 for f in self.files)
        features = sum(f.features for f in self.files)
        kept = len(self.files) - len(self.downloaded)
        return (
            f"naturalearth: {len(self.files)} layers in {self.dest} "
            f"({len(self.downloaded)} downloaded, {fetched / 1e6:.1f} MB; {kept} already present; "
            f"{features:,} features, all readable)"
        )


class _NotOnServer(Exception):
    """A 404: the caller tries the next file name before giving up."""


def relative_path(layer: str) -> str:
    """``ne_10m_rivers_lake_centerlines`` -> ``10m/physical/ne_10m_rivers_lake_centerlines``.

    Natural Earth (and a mirror of it) files each layer under its scale and category.
    """
    match = _LAYER_NAME.fullmatch(layer)
    if match is None or match.group(2) not in _CATEGORIES:
        raise ValueError(f"not a known Natural Earth layer: {layer!r}")
    scale, theme = match.groups()
    return f"{scale}/{_CATEGORIES[theme]}/{layer}"


def candidate_urls(base_url: str, layer: str) -> list[str]:
    """URLs to try for ``layer``, in order.

    Natural Earth itself only has zipped shapefiles; a mirror may hold the same
    paths as ``.zip`` or as GeoJSON, so both are tried there.
    """
    base = base_url.rstrip("/")
    suffixes = (".zip",) if base == NATURALEARTH_URL else (".zip", ".geojson")
    return [f"{base}/{relative_path(layer)}{suffix}" for suffix in suffixes]


def feature_count(path: Path) -> int:
    """Open ``path`` with pyogrio as the index builder will; its feature count."""
    import pyogrio

    try:
        return int(pyogrio.read_info(path)["features"])
    except Exception as exc:  # pyogrio raises several error types for unreadable files
        raise SourceUnavailable(f"{path} is not a readable vector file: {exc}") from exc


def _stream(client: httpx.Client, url: str, out, progress: bool) -> int:
    """Write the body at ``url`` to ``out``; the bytes received.

    Raises _NotOnServer on 404, httpx.HTTPStatusError on other error statuses and
    httpx.TransportError (including truncated bodies) on network failures.
    """
    from tqdm import tqdm

    with client.stream("GET", url) as response:
        if response.status_code == 404:
            raise _NotOnServer(url)
        response.raise_for_status()
        length = response.headers.get("content-length")
        total = int(length) if length and length.isdigit() else None
        name = url.rsplit("/", 1)[-1]
        with tqdm(
            total=total,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            desc=name,
            file=sys.stderr,
            disable=not progress,
            leave=False,
        ) as bar:
            seen = 0
            # iter_bytes undoes any Content-Encoding; the bar and the length check
            # count bytes on the wire, as Content-Length does.
            for chunk in response.iter_bytes(CHUNK_BYTES):
                out.write(chunk)
                bar.update(response.num_bytes_downloaded - seen)
                seen = response.num_bytes_downloaded
        if total is not None and seen != total:
            raise httpx.RemoteProtocolError(
                f"body truncated: got {seen} of {total} bytes", request=response.request
            )
        return seen


def _fetch_to(client: httpx.Client, url: str, target: Path, progress: bool) -> tuple[int, int]:
    """Download ``url`` to ``target`` atomically, retrying transient failures.

    The body goes to a hidden temporary file in the same directory (so the rename is
    atomic), which must open with pyogrio before it replaces ``target``: a mirror
    answering with an HTML error page must not leave a "layer" behind. Returns the
    size in bytes and the feature count.
    """
    last_error = ""
    for attempt in range(MAX_ATTEMPTS):
        if attempt:
            time.sleep(RETRY_BACKOFF_S * 2 ** (attempt - 1))
        fd, tmp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.stem}.", suffix=target.suffix
        )
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                size = _stream(client, url, out, progress)
            try:
                features = feature_count(tmp)
            except SourceUnavailable as exc:
                raise SourceUnavailable(f"{url} is not a readable vector file") from exc
            os.replace(tmp, target)
            return size, features
        except httpx.HTTPStatusError as exc:
            status = exc.response.status_code
            last_error = f"HTTP {status}"
            if status < 500 and status not in (408, 429):
                break
        except httpx.TransportError as exc:
            last_error = f"{type(exc).__name__}: {exc}"
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
    raise SourceUnavailable(f"cannot download {url}: {last_error} (after {attempt + 1} attempts)")


def _download_layer(
    client: httpx.Client, base_url: str, layer: str, dest: Path, progress: bool
) -> LayerFile:
    """Fetch the first of ``layer``'s candidate URLs the server has."""
    urls = candidate_urls(base_url, layer)
    for url in urls:
        target = dest / f"{layer}{Path(url).suffix}"
        try:
            size, features = _fetch_to(client, url, target, progress)
        except _NotOnServer:
            continue
        _drop_other_download(dest, layer, keep=target)
        return LayerFile(layer, target, features, size)
    raise SourceUnavailable(f"Natural Earth layer {layer} not found (404) at {' or '.join(urls)}")


def _drop_other_download(dest: Path, layer: str, keep: Path) -> None:
    """Remove a stale copy in the other downloadable format (``--force`` from a new mirror).

    Otherwise an old ``.geojson`` would shadow a fresh ``.zip`` in ``layer_path``.
    """
    for suffix in (".zip", ".geojson"):
        other = dest / f"{layer}{suffix}"
        if other != keep:
            with contextlib.suppress(FileNotFoundError):
                other.unlink()


def download_layers(
    dest: Path,
    *,
    base_url: str = NATURALEARTH_URL,
    force: bool = False,
    layers: Iterable[str] | None = None,
    progress: bool = True,
    log: Callable[[str], None] = lambda message: None,
) -> DownloadReport:
    """Fetch ``layers`` (default: every layer in LAYERS) into ``dest``.

    Layers with a file already in ``dest`` are kept unless ``force``; kept files are
    opened with pyogrio too, so that a bad file is reported now and not in the
    middle of an index build.
    """
    created = not dest.exists()
    dest.mkdir(parents=True, exist_ok=True)
    try:
        return _download_into(dest, base_url, force, layers, progress, log)
    except BaseException:
        # An empty <data_dir>/naturalearth would be preferred by naturalearth_path()
        # over the shared copy, and the build would silently lack Natural Earth.
        if created and not any(dest.iterdir()):
            dest.rmdir()
        raise


def _download_into(
    dest: Path,
    base_url: str,
    force: bool,
    layers: Iterable[str] | None,
    progress: bool,
    log: Callable[[str], None],
) -> DownloadReport:
    """The loop of ``download_layers``, split out so that it can clean up after a failure."""
    report = DownloadReport(dest)
    with httpx.Client(timeout=TIMEOUT, follow_redirects=True) as client:
        for layer in dict.fromkeys(LAYERS.values() if layers is None else layers):
            present = layer_path(dest, layer)
            if present is not None and not force:
                report.files.append(LayerFile(layer, present, _kept_count(present), None))
                continue
            got = _download_layer(client, base_url, layer, dest, progress)
            log(f"downloaded {got.path.name} ({(got.downloaded_bytes or 0) / 1e6:.1f} MB)")
            used = layer_path(dest, layer)
            if used != got.path:
                log(f"warning: {used} shadows {got.path.name}; remove it to use the new file")
            report.files.append(got)
    return report


def _kept_count(path: Path) -> int:
    """Feature count of a file from an earlier run, with a hint when it is unreadable."""
    try:
        return feature_count(path)
    except SourceUnavailable as exc:
        raise SourceUnavailable(f"{exc.detail} (run the download with --force)") from exc
