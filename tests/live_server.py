"""A real ``geoevents serve`` (uvicorn) in a subprocess on a free 127.0.0.1 port, for the
crash, concurrency and shutdown tests and ``benchmarks/load.py``. Bounded waits everywhere."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """``geoevents serve --port P [--workers N]`` with ``env`` added to the environment.
    Use as a context manager: started and ready on entry, killed on exit."""

    def __init__(
        self, env: dict[str, str], workers: int = 1, log: Path | None = None, ready_s: float = 120
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "GEOEVENTS_AUTH": "off", **env}  # writes without API keys
        self.workers = workers
        self.log = log
        self.ready_s = ready_s
        self.process: subprocess.Popen | None = None

    def start(self) -> LiveServer:
        command = [sys.executable, "-m", "app", "serve", "--port", str(self.port)]
        if self.workers > 1:
            command += ["--workers", str(self.workers)]
        out = self.log.open("ab") if self.log else subprocess.DEVNULL
        self.process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=self.env, stdout=out, stderr=out
        )
        deadline = time.monotonic() + self.ready_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}")
            try:
                if httpx.get(f"{self.url}/ready", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.kill()
        raise RuntimeError(f"the server was not ready within {self.ready_s} s")

    def signal(self, sig: int) -> None:
        assert self.process is not None
        self.process.send_signal(sig)

    def wait(self, timeout: float) -> int:
        assert self.process is not None
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        """SIGKILL the server and its workers (``--workers`` starts child processes)."""
        if self.process is None or self.process.poll() is not None:
            return
        children = _children(self.process.pid)
        self.process.send_signal(signal.SIGKILL)
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM, then SIGKILL after ``timeout`` seconds."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _children(pid: int) -> list[int]:
    """Child process ids (Linux /proc), for killing uvicorn's workers too."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(p) for p in path.read_text().split()]
    except (OSError, ValueError):
        return []


PLACES = (
    "Homs",
    "Hama",
    "Aleppo",
    "Idlib",
    "Daraa",
    "Raqqa",
    "Latakia",
    "Tartus",
    "Cairo",
    "Mosul",
    "Kirkuk",
    "Baghdad",
    "Basra",
    "Tikrit",
    "Fallujah",
    "Erbil",
    "Beirut",
    "Damascus",
    "Amman",
    "Aden",
)


def short_articles(count: int, tag: str = "") -> list[dict]:
    """``count`` different short articles, each naming a known place."""
    return [
        {
            "text": f"An airstrike killed {i + 2} people in {PLACES[i % len(PLACES)]} on Monday, "
            f"residents said. {tag}#{i}",
            "title": f"report {tag}{i}",
        }
        for i in range(count)
    ]
