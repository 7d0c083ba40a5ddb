"""Map pages: generation time, page weight, and (with ``--browser``) time to draw.

    python benchmarks/maps.py                      # 5,000 events inline; 50,000 in a store
    python benchmarks/maps.py --browser            # also load the pages in headless Chromium
    python benchmarks/maps.py --inline 2000 --stored 20000 --repeat 5

1. ``render_map`` of ``--inline`` synthetic events (every type, two months, evidence
   sentences, actors, fatality reports; a place for each of 50 towns) with clustering, a
   layer per type, the time slider and the heat map: median and max of ``--repeat``
   runs after a warm-up, the page's size and its gzip size.
2. ``--stored`` events written through the repository into a fresh SQLite store
   (temporary file): the events map of the first 5,000 (one actor: the store query and
   the page, events carried), and over all of them (too many to carry: the page fetches
   by area), generation time and size; then one area request of 1,000 and of 5,000
   records (the store query, the records, the JSON), time and gzip size.
3. ``--browser``: a uvicorn server on a free loopback port over that store, and Debian's
   headless Chromium: time from navigation until the markers are drawn, for the first
   ``--inline`` events (one actor: carried in the page) and for all of them (fetched).

Bounded: at most 200,000 events; network only to 127.0.0.1. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as a script: make `app` (and `tests.browser`) importable
    sys.path.insert(0, str(ROOT))

from app.maps.basemap import Basemap  # noqa: E402
from app.maps.render import EVENTS_VIEW, render_map  # noqa: E402

EVENT_TYPES = (
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Riots", "Violent demonstration"),
    ("Strategic developments", "Headquarters or base established"),
)
ACTORS = ("ISIS", "Syrian Arab Army", "SDF", "US-led coalition", "Iraqi Air Force", "Civilians")
MAX_EVENTS = 200_000


def synthetic(n: int, seed: int = 3, inline_actor: str = "Inline Brigade") -> dict:
    """A FeatureCollection of 50 towns and ``n`` events at them; the first events (up to
    5,000) name ``inline_actor`` so that one filter selects them."""
    rng = random.Random(seed)
    towns = []
    for i in range(50):
        lon, lat = round(rng.uniform(36, 44), 4), round(rng.uniform(32, 37), 4)
        name = f"Town {i}"
        towns.append(
            {
                "type": "Feature",
                "id": f"bench:{i}",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "kind": "place",
                    "name": name,
                    "gazetteer_id": f"bench:{i}",
                    "feature_type": "town",
                    "mentions": [{"start": 0, "end": len(name), "text": name}],
                },
            }
        )
    events = []
    base = dt.date(2018, 5, 1)
    for i in range(n):
        town = towns[rng.randrange(len(towns))]
        name = town["properties"]["name"]
        event_type, sub_type = EVENT_TYPES[i % len(EVENT_TYPES)]
        day = base + dt.timedelta(days=rng.randrange(60))
        sentence = (
            f"Fighters of {rng.choice(ACTORS)} attacked positions near {name} on "
            f"{day:%B %d}, killing at least {rng.randrange(1, 40)} people, local sources said."
        )
        lon, lat = town["geometry"]["coordinates"]
        events.append(
            {
                "type": "Feature",
                "id": f"event-{i}",
                "geometry": {
                    "type": "Point",
                    "coordinates": [lon + rng.gauss(0, 0.05), lat + rng.gauss(0, 0.05)],
                },
                "properties": {
                    "kind": "event",
                    "event_type": event_type,
                    "sub_event_type": sub_type,
                    "date_start": day.isoformat(),
                    "date_end": (day + dt.timedelta(days=rng.randrange(2))).isoformat(),
                    "actors": [
                        {"name": inline_actor if i < 5000 else rng.choice(ACTORS)},
                        {"name": rng.choice(ACTORS)},
                    ],
                    "fatalities": {
                        "reports": [{"count": rng.randrange(40), "qualifier": "at least"}],
                        "best": rng.randrange(40),
                    },
                    "source_attribution": "local sources",
                    "evidence": {"start": 0, "end": len(sentence), "text": sentence},
                    "place_ids": [town["id"]],
                },
            }
        )
    return {"type": "FeatureCollection", "title": "Benchmark", "features": towns + events}


def timed(call: Callable[[], object], repeat: int) -> tuple[list[float], object]:
    call()  # warm-up
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - t0)
    return times, result


def size(data: str | bytes) -> tuple[int, int]:
    raw = data.encode() if isinstance(data, str) else data
    return len(raw), len(gzip.compress(raw, 6))


def row(label: str, times: list[float], weight: tuple[int, int] | None) -> str:
    median = statistics.median(times) * 1000
    worst = max(times) * 1000
    weight_text = f"{weight[0] / 1e6:.2f} MB | {weight[1] / 1e6:.2f} MB" if weight else "- | -"
    return f"| {label} | {median:,.0f} | {worst:,.0f} | {weight_text} |"


def bench_inline(n: int, repeat: int) -> list[str]:
    collection = synthetic(n)
    events_only = {
        "type": "FeatureCollection",
        "features": [f for f in collection["features"] if f["properties"]["kind"] == "event"],
    }
    basemap = Basemap.offline("/v1/maps/basemap.geojson")
    times, html = timed(
        lambda: render_map(events_only, title="Events", basemap=basemap, view=EVENTS_VIEW),
        repeat,
    )
    rows = [row(f"`render_map`, {n:,} events carried in the page", times, size(html))]
    times, html = timed(lambda: render_map(collection, title="Article", basemap=basemap), repeat)
    rows.append(row(f"`render_map`, article view: 50 places + {n:,} events", times, size(html)))
    return rows


def bench_store(n: int, repeat: int, store_url: str) -> list[str]:
    from app.core.config import Settings
    from app.services.layers import LayerParams
    from app.services.maps import event_records_page, events_page
    from app.store.base import NewArticle
    from app.store.factory import open_repository

    collection = synthetic(n)
    repo = open_repository(store_url)
    rows = []
    try:
        article = NewArticle(
            content_hash=f"{random.getrandbits(128):032x}",
            body="benchmark",
            body_format="text",
            text="benchmark",
            geoparser_version="benchmark",
            published_at=dt.date(2018, 6, 1),
        )
        article_id, _ = repo.add_article(article, {"features": collection["features"][:50]})
        t0 = time.perf_counter()
        events = collection["features"][50:]
        for i in range(0, len(events), 1000):
            repo.add_features(article_id, events[i : i + 1000])
        print(f"stored {n:,} events in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        settings = Settings()
        inline = LayerParams(actor="Inline Brigade")
        times, page = timed(lambda: events_page(repo, inline, settings), repeat)
        label = f"events map of {min(n, 5000):,} of them (store query + page, carried)"
        rows.append(row(label, times, size(page.html)))
        times, page = timed(lambda: events_page(repo, LayerParams(), settings), repeat)
        how = "fetches by area" if n > settings.map_inline_events else "carried in the page"
        label = f"events map over {n:,} stored events ({how})"
        rows.append(row(label, times, size(page.html)))
        for limit in (1000, 5000):
            times, body = timed(
                lambda limit=limit: json.dumps(
                    event_records_page(repo, LayerParams(bbox="35,31,45,38"), limit)
                ),
                repeat,
            )
            rows.append(row(f"one area request: {limit:,} records of {n:,}", times, size(body)))
    finally:
        repo.close()
    return rows


def bench_browser(store_url: str, inline: int) -> list[str]:
    """Time from navigation until every event of the page is drawn (in clusters or as
    markers), as the page's own clock says, and until the HTML was parsed."""
    from tests.browser import Chromium

    drawn = (
        "[...document.querySelectorAll('.marker-cluster')]"
        ".reduce((n, c) => n + (+c.innerText), 0)"
        " + document.querySelectorAll('.ge-event').length"
    )
    parsed = "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
    transferred = (
        "performance.getEntriesByType('navigation').concat("
        "performance.getEntriesByType('resource')).reduce((n, e) => n + e.transferSize, 0)"
    )
    rows = []
    with _server(store_url) as url, Chromium(timeout=180) as browser:
        for label, path, expected in (
            (
                f"{inline:,} events carried in the page",
                "/v1/maps/events?actor=Inline%20Brigade",
                str(inline),
            ),
            (
                "all stored events, fetched by area",
                "/v1/maps/events",
                "+(document.querySelector('.folium-map').dataset.geLoaded || -1)",
            ),
        ):
            page = browser.page()
            page.open(f"{url}{path}", until=f"({drawn}) === {expected}")
            done = page.evaluate("performance.now()")
            shown = page.evaluate(drawn)
            assert not page.outside_requests() and not page.errors, page.errors
            rows.append(
                f"| Chromium: {label}: parsed / all {shown:,} drawn | "
                f"{page.evaluate(parsed):,.0f} / {done:,.0f} | - | "
                f"{page.evaluate(transferred) / 1e6:.2f} MB transferred | - |"
            )
            page.close()
    return rows


class _server:
    """uvicorn on a free loopback port over the benchmark's store."""

    def __init__(self, store_url: str) -> None:
        self.store_url = store_url

    def __enter__(self) -> str:
        import socket

        import httpx

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {**os.environ, "GEOEVENTS_DATABASE_URL": self.store_url}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app"]
            + ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                    return url
            except httpx.HTTPError:
                time.sleep(0.3)
        self.process.terminate()
        raise RuntimeError("the server did not get ready")

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inline", type=int, default=5000, help="events carried in a page")
    parser.add_argument("--stored", type=int, default=50_000, help="events in the store")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--browser", action="store_true", help="also time Chromium")
    args = parser.parse_args(argv)
    if not (0 < args.inline <= MAX_EVENTS and 0 <= args.stored <= MAX_EVENTS):
        parser.error(f"at most {MAX_EVENTS:,} events")
    repeat = max(1, min(args.repeat, 20))
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {dt.datetime.now():%Y-%m-%d}",
        file=sys.stderr,
    )
    print("| what | median ms | max ms | page or body | gzip |")
    print("|---|---|---|---|---|")
    for line in bench_inline(args.inline, repeat):
        print(line, flush=True)
    if args.stored:
        with tempfile.TemporaryDirectory(prefix="geoevents-maps-") as tmp:
            store_url = f"sqlite:///{Path(tmp) / 'store.sqlite'}"
            for line in bench_store(args.stored, repeat, store_url):
                print(line, flush=True)
            if args.browser:
                for line in bench_browser(store_url, min(args.inline, 5000)):
                    print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
