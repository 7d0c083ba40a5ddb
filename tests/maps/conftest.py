"""A real server (uvicorn in a subprocess on a free loopback port, the default gazetteer
index, a fresh SQLite store) and a real headless Chromium, for the map pages."""

from __future__ import annotations

import contextlib
import http.server
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from app.core.config import PROJECT_ROOT
from tests.browser import CHROMIUM, Chromium
from tests.support import default_settings, need_file

REPO_ROOT = PROJECT_ROOT
OUTPUT = REPO_ROOT / "tests" / "output" / "maps"
"""Screenshots of the pages the tests looked at (ignored by git)."""
INLINE_EVENTS = 200
"""The test server's GEOEVENTS_MAP_INLINE_EVENTS: larger events maps fetch by area."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    store_url: str
    parent_port: int
    """A loopback port allowed to frame embedded maps (GEOEVENTS_MAP_FRAME_ANCESTORS)."""


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    store = tmp_path_factory.mktemp("maps-store") / "geoevents.sqlite"
    with serve(store, tmp_path_factory) as running:
        yield running


@contextlib.contextmanager
def serve(store: Path, tmp_path_factory) -> Iterator[Server]:
    """A server over the SQLite store at ``store`` (made when missing)."""
    need_file(default_settings().gazetteer_path)
    port, parent_port = free_port(), free_port()
    env = {
        **os.environ,
        "GEOEVENTS_DATABASE_URL": f"sqlite:///{store}",
        "GEOEVENTS_MAP_INLINE_EVENTS": str(INLINE_EVENTS),
        "GEOEVENTS_MAP_FRAME_ANCESTORS": f"'self' http://127.0.0.1:{parent_port}",
    }
    env.pop("GEOEVENTS_MAP_TILES_URL", None)
    log = tmp_path_factory.mktemp("maps-server") / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app"]
            + ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process, log)
        yield Server(url, f"sqlite:///{store}", parent_port)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _wait_ready(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the server did not get ready: {log.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    need_file(CHROMIUM)  # `make chromium` (part of `make test`) installs Debian's chromium
    with Chromium() as browser:
        yield browser


@pytest.fixture
def page(chromium):
    tab = chromium.page()
    yield tab
    tab.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def static_site(tmp_path):
    """A tiny web site on a loopback port: ``serve(port, {name: html})`` -> its URL."""
    servers = []

    def serve(port: int, files: dict[str, str]) -> str:
        for name, html in files.items():
            (tmp_path / name).write_text(html, encoding="utf-8")
        handler = lambda *a, **kw: _Quiet(*a, directory=str(tmp_path), **kw)  # noqa: E731
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{port}"

    yield serve
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()
