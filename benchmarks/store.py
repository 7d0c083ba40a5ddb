"""Article store: layer queries over many events, and ingestion throughput.

    python benchmarks/store.py                         # SQLite and PostGIS, 100,000 events
    python benchmarks/store.py --backend sqlite --events 5000000 --queries 30 \
        --store-url sqlite:////tmp/store-5m.sqlite     # load once, query again later
    python benchmarks/store.py --lgl ../shared/corpora/LGL.xml --lgl-limit 588

1. Query latency: ``--events`` synthetic events (uniform over 40 x 35 degrees of the
   Middle East and ten years, 1-3 days long, one of three types, two actors of 51) are
   imported as ``geoevents import-events`` imports ACLED (``import_events``, ``--batch``
   per transaction) into a fresh store: a temporary SQLite file, and a temporary
   PostgreSQL database with PostGIS (dropped afterwards); or into ``--store-url`` when it
   is empty, kept and reused as it is by later runs. After the load, what the database
   would do on its own is done at once (PostgreSQL: ``VACUUM ANALYZE``; SQLite: ``PRAGMA
   optimize``); load rate and size on disk are printed. Then ``--queries`` random
   queries of each kind are timed after one warm-up, pages of 1,000 with
   ``numberMatched``: bbox + time sized to match about 1,000 events; the same with one
   event type and one actor, the window 150 times larger so that about 1,000 match; a
   country-year (5 x 5 degrees, 365 days: ~0.18% of the events) and its third page
   (reached by the ``next`` keys); a whole year of one type over the whole area (the
   count runs into thousands). The heap is frozen first, as the service freezes it once
   started (``app/core/heap.py``). Timed: the repository call (``numberMatched`` counted
   exactly up to the repository's cap and within ``--count-ms``, as the service counts
   it; geometries decoded) and the same plus the JSON encoding the REST layer does.
   p50/p95/p99 in milliseconds.
2. Ingestion (``--lgl``): the LGL articles geoparsed alone (the model loaded once), then
   stored alone (the geoparsed collections, one transaction each), then ingested end
   to end (geoparse + store) into a fresh store of each backend; articles per second.

Bounded: at most 5,000,000 events, 1,000 queries per kind and 100,000 events per
transaction; network only to 127.0.0.1. Figures: docs/performance.md and README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `app` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402

from app.core import fastjson  # noqa: E402
from app.core.config import Settings  # noqa: E402
from app.core.heap import freeze_loaded  # noqa: E402
from app.store.base import ArticleRepository, LayerFilter  # noqa: E402
from app.store.factory import open_repository  # noqa: E402
from benchmarks.scratch_stores import DEFAULT_PG, fresh_store  # noqa: E402

AREA = (25.0, 10.0, 65.0, 45.0)
START = dt.date(2015, 1, 1)
DAYS = 3650
EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
MAX_EVENTS = 5_000_000
BATCH = 10_000
DATASET = "acled"
MAX_QUERIES = 1_000
MAX_BATCH = 100_000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def synthetic_events(n: int, seed: int = 7) -> Iterator[dict]:
    rng = random.Random(seed)
    minx, miny, maxx, maxy = AREA
    for i in range(n):
        start = START + dt.timedelta(days=rng.randrange(DAYS))
        end = start + dt.timedelta(days=rng.randrange(3))
        yield {
            "type": "Feature",
            "id": f"event-{i}",
            "geometry": {
                "type": "Point",
                "coordinates": [
                    round(rng.uniform(minx, maxx), 5),
                    round(rng.uniform(miny, maxy), 5),
                ],
            },
            "properties": {
                "kind": "event",
                "event_type": rng.choice(EVENT_TYPES),
                "sub_event_type": "Armed clash",
                "date_start": start.isoformat(),
                "date_end": end.isoformat(),
                "actors": [{"name": "Actor A"}, {"name": f"Actor {rng.randrange(50)}"}],
                "fatalities": {"reports": [{"count": rng.randrange(20)}], "best": 1},
                "place_ids": [f"bench:{rng.randrange(5000)}"],
                "evidence": {"start": 0, "end": 40, "text": "Fighting was reported near..."},
                "score": round(rng.random(), 3),
            },
        }


def fill(repo: ArticleRepository, n: int, batch: int = BATCH) -> float:
    """Import ``n`` events as ``geoevents import-events`` does (``import_events``, one
    transaction per ``batch``); seconds taken."""
    started = time.perf_counter()
    events = synthetic_events(n)
    written = 0
    while written < n:
        chunk = [next(events) for _ in range(min(batch, n - written))]
        repo.import_events(DATASET, chunk)
        written += len(chunk)
    return time.perf_counter() - started


def window(rng: random.Random, fraction: float, **filters: object) -> LayerFilter:
    """A random bbox and date window holding about ``fraction`` of the events: as much
    of it in space as in time (a square root each), clipped to the area and the decade."""
    part = min(1.0, math.sqrt(fraction))
    minx, miny, maxx, maxy = AREA
    w, h = (maxx - minx) * math.sqrt(part), (maxy - miny) * math.sqrt(part)
    return box_window(rng, w, h, max(1, round(DAYS * part)), **filters)


def box_window(rng: random.Random, w: float, h: float, days: int, **filters) -> LayerFilter:
    """A ``w`` x ``h`` degrees bbox and a window of ``days``, at random in the area."""
    minx, miny, maxx, maxy = AREA
    x = rng.uniform(minx, maxx - w)
    y = rng.uniform(miny, maxy - h)
    start = START + dt.timedelta(days=rng.randrange(max(1, DAYS - days)))
    end = start + dt.timedelta(days=days - 1)
    return LayerFilter(bboxes=((x, y, x + w, y + h),), start=start, end=end, **filters)


def typed(rng: random.Random) -> dict:
    """One event type of three and one actor of fifty: 1/150 of the events."""
    return {"event_types": (rng.choice(EVENT_TYPES),), "actor": f"Actor {rng.randrange(10, 50)}"}


@dataclass(frozen=True)
class Kind:
    """One kind of query: its filters for a random draw (given the store's size), and
    which page is timed (1: the first; 3: the third, reached by the first two's keys)."""

    name: str
    filters: Callable[[random.Random, int], LayerFilter]
    page: int = 1


KINDS = (
    Kind("bbox + time, ~1,000", lambda rng, n: window(rng, 1000 / n)),
    Kind(
        "bbox + time + type + actor, ~1,000",
        lambda rng, n: window(rng, 150_000 / n, **typed(rng)),
    ),
    Kind("country-year (5 x 5 degrees, 1 year)", lambda rng, n: box_window(rng, 5, 5, 365)),
    Kind("country-year, 3rd page (after)", lambda rng, n: box_window(rng, 5, 5, 365), page=3),
    Kind(
        "whole area, 1 year, one type",
        lambda rng, n: box_window(rng, 40, 35, 365, event_types=(rng.choice(EVENT_TYPES),)),
    ),
)


def timed_page(repo: ArticleRepository, filters: LayerFilter, page: int) -> tuple:
    """The ``page``-th page of 1,000 (``numberMatched`` included), its repository time
    and its time with the JSON encoding the REST layer adds, in ms."""
    after = None
    for _ in range(page - 1):
        after = repo.query_events(filters, 1000, after=after, count=False).next_key
    t0 = time.perf_counter()
    result = repo.query_events(filters, 1000, after=after)
    t1 = time.perf_counter()
    fastjson.dumps({"type": "FeatureCollection", "features": result.features})
    t2 = time.perf_counter()
    return result, (t1 - t0) * 1000, (t2 - t0) * 1000


def time_queries(repo: ArticleRepository, kind: Kind, events: int, queries: int) -> dict:
    rng = random.Random(11)
    timed_page(repo, kind.filters(rng, events), kind.page)  # warm-up
    repo_ms, http_ms, returned, matched, uncounted = [], [], [], [], 0
    for _ in range(queries):
        page, query_ms, json_ms = timed_page(repo, kind.filters(rng, events), kind.page)
        repo_ms.append(query_ms)
        http_ms.append(json_ms)
        returned.append(len(page.features))
        matched.append(page.number_matched or 0)
        uncounted += page.number_matched is None
    return {
        "query": {q: percentile(repo_ms, q) for q in (0.5, 0.95, 0.99)},
        "query+json": {q: percentile(http_ms, q) for q in (0.5, 0.95, 0.99)},
        "returned": statistics.mean(returned),
        "matched": statistics.mean(matched),
        "uncounted": uncounted,
    }


def stores(
    backends: list[str], server_url: str, kept: str | None = None
) -> Iterator[tuple[str, Callable]]:
    """A fresh store per backend, dropped afterwards; or the one ``kept`` store."""
    if kept is not None:
        yield backends[0], lambda: nullcontext(kept)
        return
    for backend in backends:
        yield backend, lambda backend=backend: fresh_store(backend, server_url)


def settle(repo: ArticleRepository) -> float:
    """What the database does on its own after a bulk load, done now: PostgreSQL's
    autovacuum (``VACUUM ANALYZE``: statistics and the visibility map), SQLite's
    ``PRAGMA optimize``; seconds taken."""
    t0 = time.perf_counter()
    if repo.backend == "postgis":
        with repo.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with repo.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA optimize")
            conn.commit()
    return time.perf_counter() - t0


def store_size(repo: ArticleRepository) -> int:
    """Bytes on disk: the SQLite file and its WAL, or ``pg_database_size``."""
    if repo.backend == "postgis":
        with repo.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar()
    path = Path(repo.engine.url.database)
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def load(repo: ArticleRepository, backend: str, events: int, batch: int) -> int:
    """Fill an empty store with ``events`` (reusing a filled one as it is) and print how
    long that took and the size on disk; the number of events it holds."""
    held = repo.extent("event").count
    if held == 0:
        seconds = fill(repo, events, batch)
        settling = settle(repo)
        loaded = (
            f"{events:,} events loaded in {seconds:,.0f} s ({events / seconds:,.0f} events/s, "
            f"{batch:,} per transaction), settled in {settling:,.0f} s"
        )
        held = events
    else:
        loaded = f"{held:,} events already stored (reused)"
    size = store_size(repo)
    print(
        f"\n{backend}: {loaded}; store size {size / 2**30:.2f} GiB "
        f"({size / held:,.0f} bytes/event)",
        flush=True,
    )
    return held


def bench_queries(
    backend: str, store, events: int, queries: int, batch: int, count_ms: int | None
) -> None:
    with store() as url:
        repo = open_repository(url, count_ms=count_ms)
        try:
            events = load(repo, backend, events, batch)
            freeze_loaded()  # as the service does once started (app/core/heap.py)
            print(
                "\n| backend | query | matched (mean) | returned (mean) | "
                "query ms p50 / p95 / p99 | query + JSON ms p50 / p95 / p99 |"
            )
            print("|---|---|---|---|---|---|")
            for kind in KINDS:
                result = time_queries(repo, kind, events, queries)
                q, h = result["query"], result["query+json"]
                uncounted = f" ({result['uncounted']} uncounted)" if result["uncounted"] else ""
                print(
                    f"| {backend} | {kind.name} | {result['matched']:,.0f}{uncounted} | "
                    f"{result['returned']:,.0f} | "
                    f"{q[0.5]:.1f} / {q[0.95]:.1f} / {q[0.99]:.1f} | "
                    f"{h[0.5]:.1f} / {h[0.95]:.1f} / {h[0.99]:.1f} |",
                    flush=True,
                )
        finally:
            repo.close()


def load_lgl(corpus: Path, limit: int):
    from app.core.config import get_settings
    from app.evaluation.corpora import read_corpus
    from app.services.geoparse import geoparse_documents
    from app.services.geoparser import load_geoparser
    from app.services.ingest import article_input

    settings = get_settings()
    articles = [
        article_input({"text": a.text}, settings.max_text_chars, a.doc_id)
        for a in read_corpus(corpus, limit=limit)
    ]
    t0 = time.perf_counter()
    geoparser = load_geoparser(settings)
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    collections = list(geoparse_documents(geoparser, [a.document for a in articles]))
    parse = time.perf_counter() - t0
    print(
        f"\nLGL: {len(articles)} articles, {sum(len(a.document.text) for a in articles):,} "
        f"characters; model load {load:.1f} s; geoparsing alone {len(articles) / parse:.1f} "
        "articles/s"
    )
    return geoparser, articles, collections


def bench_ingest(backend: str, store, geoparser, articles, collections) -> None:
    """Storing alone (the geoparsed collections), then the whole pipeline, each into a
    fresh store."""
    from app.services.ingest import geoparser_version, ingest_many
    from app.services.ingest import store as store_one

    version = geoparser_version(geoparser)
    with store() as url:
        repo = open_repository(url)
        try:
            t0 = time.perf_counter()
            for item, collection in zip(articles, collections, strict=True):
                store_one(repo, item, collection, version)
            storing = time.perf_counter() - t0
        finally:
            repo.close()
    with store() as url:
        repo = open_repository(url)
        try:
            t0 = time.perf_counter()
            results = list(ingest_many(repo, articles, lambda: geoparser))
            pipeline = time.perf_counter() - t0
        finally:
            repo.close()
    created = sum(r.created for r in results)
    features = sum(len(c["features"]) for c in collections)
    print(
        f"| {backend} | {len(articles)} ({created} new, {features:,} features) | "
        f"{len(articles) / storing:.0f} | {len(articles) / pipeline:.1f} |",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgis", "both"), default="both")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100, help="per kind of query")
    parser.add_argument("--batch", type=int, default=BATCH, help="events per transaction")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("GEOEVENTS_TEST_POSTGRES_URL", DEFAULT_PG)
    )
    parser.add_argument("--lgl", type=Path, help="LGL corpus XML: also time ingestion")
    parser.add_argument("--lgl-limit", type=int, default=588)
    parser.add_argument("--skip-queries", action="store_true")
    parser.add_argument(
        "--count-ms",
        type=int,
        default=Settings().number_matched_ms,
        help="the time limit of numberMatched, as the service's GEOEVENTS_NUMBER_MATCHED_MS "
        "(0: none)",
    )
    parser.add_argument(
        "--store-url",
        help="a store to fill when empty (reused as it is otherwise) and keep: query runs "
        "over one load; with one --backend",
    )
    args = parser.parse_args(argv)
    events = max(1, min(args.events, MAX_EVENTS))
    queries = max(1, min(args.queries, MAX_QUERIES))
    backends = ["sqlite", "postgis"] if args.backend == "both" else [args.backend]
    print(
        f"{dt.date.today()}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"SQLAlchemy {sa.__version__}"
    )
    if not args.skip_queries:
        batch = max(1, min(args.batch, MAX_BATCH))
        if args.store_url and len(backends) > 1:
            parser.error("--store-url needs one --backend")
        for backend, store in stores(backends, args.postgres_url, args.store_url):
            bench_queries(backend, store, events, queries, batch, args.count_ms or None)
    if args.lgl:
        geoparser, articles, collections = load_lgl(args.lgl, args.lgl_limit)
        print(
            "\n| backend | articles | storing alone, articles/s | "
            "end to end (geoparse + store), articles/s |"
        )
        print("|---|---|---|---|")
        for backend, store in stores(backends, args.postgres_url):
            bench_ingest(backend, store, geoparser, articles, collections)
    return 0


if __name__ == "__main__":
    sys.exit(main())
