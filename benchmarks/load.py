"""HTTP load: requests per second and p50/p99 latency of a real server, 1 then 2 workers.

    python benchmarks/load.py                          # 300 requests per endpoint, 4 threads
    python benchmarks/load.py --requests 500 --threads 8 --workers 1,2,4

For each worker count the script starts ``geoevents serve --workers N --port P`` itself on
127.0.0.1 (a free port), over a store in a temporary directory (SQLite, or
``--database-url``) seeded once with ``examples/euphrates-report.json`` and ``--seed``
short articles, and the default gazetteer index. After a warm-up it sends ``--requests``
requests to each endpoint from a pool of ``--threads`` httpx clients (a new connection
per request, so that the workers share them):

- ``POST /v1/geoparse``: a different short text (one sentence, one place) per request;
- ``GET /v1/layers/events`` and ``GET /v1/layers/places`` (``limit=100``);
- ``GET /v1/maps/events``: the events map page (HTML with its events inline).

It prints a markdown table (requests/s, p50/p99 in milliseconds, non-2xx count) and the
throughput ratio of the last worker count to the first. The client threads run on the
same machine as the server and take CPU from it, so the figures are a lower bound.

Bounded: at most 5,000 requests per endpoint, ``--seconds`` per endpoint (stops early),
a timeout on every request and on server start; network only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PLACES = ("Homs", "Hama", "Aleppo", "Idlib", "Daraa", "Raqqa", "Mosul", "Kirkuk", "Basra")
ENDPOINTS = ("POST /v1/geoparse", "GET /v1/layers/events", "GET /v1/layers/places")
ENDPOINTS += ("GET /v1/maps/events",)
NO_KEEPALIVE = httpx.Limits(max_keepalive_connections=0)
"""A new connection per request, so the kernel spreads them over the workers (a kept-alive
connection stays with the worker that accepted it)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def short_text(i: int) -> str:
    return f"An airstrike killed {i % 50 + 2} people in {PLACES[i % len(PLACES)]}, residents said."


@contextlib.contextmanager
def server(workers: int, env: dict[str, str], log: Path, timeout: float = 180):
    """``geoevents serve --workers N`` on a free port; its base URL once every worker
    answers; SIGTERM (then SIGKILL) on exit."""
    port = free_port()
    command = [sys.executable, "-m", "app", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        ready = 0
        while ready < 3 * workers:  # several answers in a row: every worker is up
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not start (see {log})")
            try:
                ok = httpx.get(f"{base}/ready", timeout=5).status_code == 200
            except httpx.TransportError:
                ok = False
            ready = ready + 1 if ok else 0
            time.sleep(0.2 if not ok else 0.05)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def seed(base: str, count: int) -> None:
    example = ROOT / "examples" / "euphrates-report.json"
    with httpx.Client(base_url=base, timeout=60) as client:
        r = client.post("/v1/articles", content=example.read_bytes(), headers=_json())
        r.raise_for_status()
        for i in range(count):
            text = f"{short_text(i)} Report {i}."
            r = client.post("/v1/articles", json={"text": text, "published_at": "2018-06-11"})
            r.raise_for_status()


def _json() -> dict[str, str]:
    return {"Content-Type": "application/json"}


def request(client: httpx.Client, endpoint: str, i: int) -> httpx.Response:
    if endpoint == "POST /v1/geoparse":
        return client.post("/v1/geoparse", json={"text": short_text(i)})
    if endpoint == "GET /v1/maps/events":
        return client.get("/v1/maps/events")
    return client.get(endpoint.split()[1], params={"limit": 100})


def measure(base: str, endpoint: str, count: int, threads: int, seconds: float) -> dict:
    """``count`` requests from ``threads`` clients (or fewer, when ``seconds`` run out)."""
    local = threading.local()
    deadline = time.monotonic() + seconds
    clients: list[httpx.Client] = []

    def one(i: int) -> tuple[float, int] | None:
        if time.monotonic() > deadline:
            return None
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(base_url=base, timeout=60, limits=NO_KEEPALIVE)
            clients.append(client)
        t0 = time.perf_counter()
        try:
            status = request(client, endpoint, i).status_code
        except httpx.HTTPError:
            status = 0
        return time.perf_counter() - t0, status

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        results = [r for r in pool.map(one, range(count)) if r is not None]
    wall = time.perf_counter() - start
    for client in clients:
        client.close()
    latencies = sorted(t for t, _ in results)
    return {
        "requests": len(results),
        "errors": sum(1 for _, s in results if not 200 <= s < 300),
        "rps": len(results) / wall,
        "p50": 1000 * statistics.median(latencies),
        "p99": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="per endpoint (<= 5000)")
    parser.add_argument("--threads", type=int, default=4, help="client threads (<= 32)")
    parser.add_argument("--workers", default="1,2", help="worker counts, e.g. 1,2")
    parser.add_argument("--seconds", type=float, default=60, help="time cap per endpoint")
    parser.add_argument("--seed", type=int, default=50, help="short articles stored first")
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    args = parser.parse_args(argv)
    count = max(1, min(args.requests, 5000))
    threads = max(1, min(args.threads, 32))
    workers = [max(1, min(int(w), 8)) for w in args.workers.split(",")]

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="geoevents-load-") as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'store.sqlite'}"
        env = {"GEOEVENTS_DATABASE_URL": url, "GEOEVENTS_AUTH": "off"}  # writes need no key
        log = Path(tmp) / "server.log"
        rows: list[tuple[int, str, dict]] = []
        for n, worker_count in enumerate(workers):
            with server(worker_count, env, log) as base:
                if n == 0:
                    seed(base, args.seed)
                for endpoint in ENDPOINTS:  # warm-up: every worker, every code path
                    measure(base, endpoint, 20 * worker_count, threads, args.seconds)
                for endpoint in ENDPOINTS:
                    result = measure(base, endpoint, count, threads, args.seconds)
                    rows.append((worker_count, endpoint, result))
                    print(
                        f"  {worker_count} worker(s) {endpoint}: {result['rps']:.1f} req/s",
                        file=sys.stderr,
                    )

    print(
        f"\n{platform.node()}: {os.cpu_count()} CPUs, {threads} client threads, "
        f"{count} requests per endpoint, load average {load_before:.2f} before the run "
        "(the client and any other work share the CPUs with the server)\n"
    )
    print("| workers | endpoint | requests | non-2xx | req/s | p50 ms | p99 ms |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for worker_count, endpoint, r in rows:
        print(
            f"| {worker_count} | `{endpoint}` | {r['requests']} | {r['errors']} "
            f"| {r['rps']:.1f} | {r['p50']:.1f} | {r['p99']:.1f} |"
        )
    if len(workers) > 1:
        first, last = workers[0], workers[-1]
        print(f"\n| endpoint | req/s ratio {last}/{first} workers |")
        print("|---|---:|")
        by = {(w, e): r for w, e, r in rows}
        for endpoint in ENDPOINTS:
            ratio = by[(last, endpoint)]["rps"] / by[(first, endpoint)]["rps"]
            print(f"| `{endpoint}` | {ratio:.2f} |")
    return 1 if any(r["errors"] for _, _, r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
