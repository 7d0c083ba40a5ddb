"""Bulk ingestion: the single-process path against ``--dask local`` on the LGL articles.

    python benchmarks/bulk.py                                  # LGL 588, PostGIS and SQLite
    python benchmarks/bulk.py --backend postgis --repeat 1 --workers 2

Each repeat ingests the same articles into a fresh store, once per path:

1. single process: ``load_geoparser`` then ``ingest_many`` (what ``geoevents ingest`` does);
2. Dask: a LocalCluster of ``--workers`` processes (one thread each) is started, every
   worker loads its geoparser, then ``bulk_ingest`` with ``--partition-size``.

Two figures per path, in articles per second: end to end (model loading and cluster
start included) and ingest alone (after the model is loaded / the workers are warm).
Medians over the repeats, with the load average before each run (the machine is shared).
Bounded: at most 5 repeats of at most 588 articles, 8 workers; network only to
127.0.0.1 (the LocalCluster and PostgreSQL).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `app` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402

from app.store.factory import normalize_url  # noqa: E402
from benchmarks.scratch_stores import DEFAULT_PG, fresh_store  # noqa: E402

LGL = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "LGL.xml"
MAX_ARTICLES, MAX_REPEAT, MAX_WORKERS = 588, 5, 8
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def load_articles(corpus: Path, limit: int) -> list:
    from app.evaluation.corpora import read_corpus
    from app.services.ingest import article_input

    return [
        article_input({"text": a.text, "title": a.doc_id}, 200_000, f"lgl:{a.doc_id}")
        for a in read_corpus(corpus, limit=limit)
    ]


def single_process(url: str, articles: list) -> tuple[float, float, int]:
    """(seconds end to end, seconds ingesting, articles created)."""
    from app.core.config import Settings
    from app.services.geoparser import load_geoparser
    from app.services.ingest import ingest_many
    from app.store.factory import open_repository

    t0 = time.perf_counter()
    geoparser = load_geoparser(Settings())
    repo = open_repository(url)
    try:
        t1 = time.perf_counter()
        created = sum(r.created for r in ingest_many(repo, articles, lambda: geoparser))
        t2 = time.perf_counter()
    finally:
        repo.close()
        geoparser.gazetteer.db.close()
    return t2 - t0, t2 - t1, created


def _warm(config) -> int:
    """In a worker: load its geoparser (cached for the tasks that follow)."""
    from app.services.bulk import _geoparser

    _geoparser(config)
    return os.getpid()


def on_dask(url: str, articles: list, workers: int, partition: int) -> tuple[float, float, int]:
    """(seconds end to end, seconds ingesting after the workers are warm, created)."""
    from app.core.config import Settings
    from app.services.bulk import WorkerConfig, bulk_ingest, dask_client, prepare_workers

    config = dataclasses.replace(WorkerConfig.from_settings(Settings()), store_url=url)
    t0 = time.perf_counter()
    with dask_client("local", workers) as client:
        prepare_workers(client, config)
        warm = [
            client.submit(_warm, config, workers=[address], pure=False)
            for address in client.nthreads()
        ]
        assert len(set(client.gather(warm))) == workers
        t1 = time.perf_counter()
        outcomes = list(bulk_ingest(client, articles, config, partition_size=partition))
        t2 = time.perf_counter()
    failed = [o.error for o in outcomes if o.error]
    if failed:
        raise SystemExit(f"partitions failed: {failed}")
    return t2 - t0, t2 - t1, sum(r.created for o in outcomes for r in o.results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgis", "both"), default="both")
    parser.add_argument("--lgl", type=Path, default=LGL)
    parser.add_argument("--limit", type=int, default=MAX_ARTICLES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partition-size", type=int, default=50)
    parser.add_argument(
        "--postgres-url", default=os.environ.get("GEOEVENTS_TEST_POSTGRES_URL", DEFAULT_PG)
    )
    args = parser.parse_args(argv)
    if sa.make_url(normalize_url(args.postgres_url)).host not in LOOPBACK:
        parser.error("--postgres-url must be on 127.0.0.1")
    limit = max(1, min(args.limit, MAX_ARTICLES))
    repeat = max(1, min(args.repeat, MAX_REPEAT))
    workers = max(1, min(args.workers, MAX_WORKERS))
    articles = load_articles(args.lgl, limit)
    backends = ["postgis", "sqlite"] if args.backend == "both" else [args.backend]
    print(
        f"{dt.date.today()}, Python {platform.python_version()}, {os.cpu_count()} CPUs; "
        f"LGL {len(articles)} articles; {repeat} repeat(s); Dask: {workers} worker processes, "
        f"partitions of {args.partition_size}"
    )
    print("\n| backend | path | end to end, articles/s | ingest alone, articles/s | load avg |")
    print("|---|---|---:|---:|---|")
    for backend in backends:
        runs: dict[str, list[tuple[float, float]]] = {"single process": [], "dask": []}
        loads: dict[str, list[float]] = {"single process": [], "dask": []}
        for _ in range(repeat):
            for path in runs:
                loads[path].append(os.getloadavg()[0])
                with fresh_store(backend, args.postgres_url, "bulk") as url:
                    if path == "dask":
                        total, ingest, created = on_dask(
                            url, articles, workers, args.partition_size
                        )
                    else:
                        total, ingest, created = single_process(url, articles)
                assert created == len({a.content_hash for a in articles}), created
                runs[path].append((len(articles) / total, len(articles) / ingest))
                print(
                    f"  {backend} {path}: {runs[path][-1][0]:.1f} / {runs[path][-1][1]:.1f} "
                    f"articles/s (load {loads[path][-1]:.2f})",
                    file=sys.stderr,
                    flush=True,
                )
        for path, figures in runs.items():
            total = statistics.median(f[0] for f in figures)
            ingest = statistics.median(f[1] for f in figures)
            load = ", ".join(f"{value:.1f}" for value in loads[path])
            name = path if path != "dask" else f"dask local, {workers} workers"
            print(f"| {backend} | {name} | {total:.1f} | {ingest:.1f} | {load} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
