"""``geoevents gazetteer download`` against a Natural Earth mirror on 127.0.0.1.

The mirror serves the shared GeoJSON files (symlinked, not copied) under Natural
Earth's ``{scale}/{category}/{layer}`` paths, and one layer as a zipped shapefile
like Natural Earth's own server, so both formats and the .zip -> .geojson fallback
are exercised.
"""

from __future__ import annotations

import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyogrio
import pytest

from app.core.errors import SourceUnavailable
from app.gazetteer import download
from app.gazetteer.download import NATURALEARTH_URL, candidate_urls, relative_path
from app.gazetteer.sources.naturalearth import LAYERS, layer_path, read_layer

ZIPPED = LAYERS["region_points"]
"""Served as a zipped shapefile, as naciscdn.org serves every layer; small (235 points)."""


@contextmanager
def serve(root: Path, faults: dict[str, list[str]] | None = None) -> Iterator[tuple[str, list]]:
    """An HTTP server for ``root`` on 127.0.0.1; yields its URL and the paths requested.

    ``faults`` maps a request path to misbehaviours used up one per request:
    "truncate" (promise more bytes than sent), "500", or "html" (200 with a web page).
    """
    requests: list[str] = []
    pending = {path: list(actions) for path, actions in (faults or {}).items()}

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format: str, *args: object) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:
            requests.append(self.path)
            actions = pending.get(self.path)
            if not actions:
                super().do_GET()
                return
            action = actions.pop(0)
            if action == "500":
                self.send_error(500, "boom")
                return
            body = b"<html>mirror maintenance</html>" if action == "html" else b"x" * 10
            self.send_response(200)
            length = len(body) if action == "html" else 100_000
            self.send_header("Content-Length", str(length))
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def sources(shared_file: Callable[[str], Path]) -> dict[str, Path]:
    """The shared GeoJSON file of every layer the gazetteer uses."""
    return {
        layer: shared_file(f"geodata/naturalearth/{layer}.geojson") for layer in LAYERS.values()
    }


@pytest.fixture
def cli_main() -> Callable[[list[str]], int]:
    """``app.cli.main``: the command line as a user runs it, in-process."""
    from app.cli import main

    return main


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(download, "RETRY_BACKOFF_S", 0.0)


def _zip_shapefile(source: Path, target: Path) -> None:
    """Write ``source`` as a zipped shapefile, laid out like Natural Earth's zips."""
    work = target.parent / f"{target.stem}.work"
    work.mkdir()
    pyogrio.write_dataframe(pyogrio.read_dataframe(source), work / f"{target.stem}.shp")
    with zipfile.ZipFile(target, "w") as archive:
        for part in sorted(work.iterdir()):
            archive.write(part, part.name)
        archive.writestr(f"{target.stem}.VERSION.txt", "5.1.1\n")


def _mirror(root: Path, sources: dict[str, Path], layers: list[str]) -> Path:
    """A directory laid out like naciscdn.org/naturalearth holding ``layers``."""
    for layer in layers:
        target = root / f"{relative_path(layer)}.geojson"
        target.parent.mkdir(parents=True, exist_ok=True)
        if layer == ZIPPED:
            _zip_shapefile(sources[layer], target.with_suffix(".zip"))
        else:
            target.symlink_to(sources[layer])
    return root


def _features(path: Path) -> int:
    return int(pyogrio.read_info(path)["features"])


def _leftovers(dest: Path) -> list[str]:
    """Temporary files of an unfinished download (hidden names in ``dest``)."""
    return sorted(p.name for p in dest.iterdir() if p.name.startswith("."))


def test_relative_paths_follow_natural_earth_layout() -> None:
    assert relative_path("ne_50m_admin_0_countries") == "50m/cultural/ne_50m_admin_0_countries"
    assert relative_path("ne_10m_rivers_lake_centerlines") == (
        "10m/physical/ne_10m_rivers_lake_centerlines"
    )
    assert relative_path("ne_10m_admin_1_states_provinces") == (
        "10m/cultural/ne_10m_admin_1_states_provinces"
    )
    assert relative_path("ne_10m_geography_marine_polys") == (
        "10m/physical/ne_10m_geography_marine_polys"
    )
    assert all(relative_path(layer) for layer in LAYERS.values())
    with pytest.raises(ValueError):
        relative_path("ne_10m_lakes_antarctica")
    assert candidate_urls(NATURALEARTH_URL + "/", "ne_110m_admin_0_countries") == [
        "https://naciscdn.org/naturalearth/110m/cultural/ne_110m_admin_0_countries.zip"
    ]
    assert [u.rsplit(".", 1)[1] for u in candidate_urls("http://m", ZIPPED)] == ["zip", "geojson"]


def test_download_every_layer_then_skip(
    tmp_path: Path, sources: dict[str, Path], cli_main, capsys: pytest.CaptureFixture
) -> None:
    root = _mirror(tmp_path / "mirror", sources, list(LAYERS.values()))
    dest = tmp_path / "ne"
    with serve(root) as (url, requests):
        argv = ["gazetteer", "download", "--base-url", url, "--dest", str(dest)]
        assert cli_main(argv) == 0
        first = capsys.readouterr()
        for layer, source in sources.items():
            path = layer_path(dest, layer)
            assert path is not None, f"{layer} not downloaded"
            assert path.suffix == (".zip" if layer == ZIPPED else ".geojson")
            assert _features(path) == _features(source), layer
        assert len(read_layer(dest, "region_points")) == _features(sources[ZIPPED])
        assert _leftovers(dest) == []
        assert f"{len(sources)} downloaded" in first.out

        served = len(requests)
        mtimes = {p.name: p.stat().st_mtime_ns for p in dest.iterdir()}
        assert cli_main(argv) == 0
        second = capsys.readouterr()
        assert len(requests) == served, "second run fetched again"
        assert {p.name: p.stat().st_mtime_ns for p in dest.iterdir()} == mtimes
        assert "0 downloaded" in second.out
        assert f"{len(sources)} already present" in second.out


def test_missing_layer_fails_naming_the_url(
    tmp_path: Path, sources: dict[str, Path], cli_main, capsys: pytest.CaptureFixture
) -> None:
    countries, missing = LAYERS["countries"], LAYERS["admin1"]
    root = _mirror(tmp_path / "mirror", sources, [countries])
    dest = tmp_path / "ne"
    with serve(root) as (url, _):
        code = cli_main(["gazetteer", "download", "--base-url", url, "--dest", str(dest)])
    err = capsys.readouterr().err
    assert code != 0
    assert f"{url}/10m/cultural/{missing}.zip" in err
    assert f"{url}/10m/cultural/{missing}.geojson" in err
    assert layer_path(dest, countries) is not None  # finished files stay
    assert layer_path(dest, missing) is None
    assert _leftovers(dest) == []


@pytest.mark.parametrize(
    ("fault", "attempts", "reason"),
    [("truncate", 3, "RemoteProtocolError"), ("500", 3, "HTTP 500"), ("html", 1, "readable")],
)
def test_failed_download_leaves_no_file(
    tmp_path: Path, sources: dict[str, Path], fault: str, attempts: int, reason: str
) -> None:
    root = _mirror(tmp_path / "mirror", sources, [ZIPPED])
    path = f"/{relative_path(ZIPPED)}.zip"
    dest = tmp_path / "ne"
    with (
        serve(root, {path: [fault] * 3}) as (url, requests),
        pytest.raises(SourceUnavailable) as info,
    ):
        download.download_layers(dest, base_url=url, layers=[ZIPPED], progress=False)
    assert f"{url}{path}" in info.value.detail
    assert reason in str(info.value.detail) + repr(info.value.__cause__)
    assert requests.count(path) == attempts
    # Not even an empty directory: naturalearth_path() would prefer it to the shared copy.
    assert not dest.exists()


def test_transient_failure_is_retried(tmp_path: Path, sources: dict[str, Path]) -> None:
    root = _mirror(tmp_path / "mirror", sources, [ZIPPED])
    path = f"/{relative_path(ZIPPED)}.zip"
    dest = tmp_path / "ne"
    with serve(root, {path: ["truncate", "500"]}) as (url, requests):
        report = download.download_layers(dest, base_url=url, layers=[ZIPPED], progress=False)
    assert requests.count(path) == 3
    assert [f.path.name for f in report.downloaded] == [f"{ZIPPED}.zip"]
    assert report.files[0].features == _features(sources[ZIPPED])


def test_force_replaces_the_other_format(tmp_path: Path, sources: dict[str, Path]) -> None:
    layer = LAYERS["elevation_points"]
    dest = tmp_path / "ne"
    dest.mkdir()
    (dest / f"{layer}.geojson").symlink_to(sources[layer])
    root = tmp_path / "mirror"
    zipped = root / f"{relative_path(layer)}.zip"
    zipped.parent.mkdir(parents=True)
    _zip_shapefile(sources[layer], zipped)
    with serve(root) as (url, requests):
        kept = download.download_layers(dest, base_url=url, layers=[layer], progress=False)
        assert requests == [] and kept.downloaded == []
        download.download_layers(dest, base_url=url, layers=[layer], force=True, progress=False)
    assert sorted(p.name for p in dest.iterdir()) == [f"{layer}.zip"]
    assert _features(dest / f"{layer}.zip") == _features(sources[layer])
