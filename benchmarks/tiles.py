"""Vector tiles: time to build one events tile, and the revision read behind a 304.

    python benchmarks/tiles.py                           # SQLite and PostGIS, 100,000 events
    python benchmarks/tiles.py --backend sqlite --events 20000 --zooms 6,8

The synthetic events of ``benchmarks/store.py`` (uniform over 40 x 35 degrees of the
Middle East, written with ``add_features``) fill a fresh store of each backend; then, per
zoom level, ``--tiles`` random tiles whose centre lies in that area are built with the
repository's ``tile()`` (query, clipping, encoding; at most ``MAX_TILE_FEATURES``
features) after one warm-up. p50/p95 in milliseconds, the mean features per tile, and
the p50 of ``revision()``: all that an ``If-None-Match`` hit costs.

Bounded: at most 1,000,000 events and 200 tiles per zoom; network only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `app` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.geometry.tiles import Tile  # noqa: E402
from app.services.tiles import MAX_TILE_FEATURES  # noqa: E402
from app.store.base import ArticleRepository, LayerFilter  # noqa: E402
from app.store.factory import open_repository  # noqa: E402
from benchmarks.scratch_stores import DEFAULT_PG, fresh_store  # noqa: E402
from benchmarks.store import AREA, MAX_EVENTS, fill, percentile  # noqa: E402

MAX_TILES = 200


def random_tile(rng: random.Random, zoom: int) -> Tile:
    """A tile at ``zoom`` whose centre is a random point of the events' area."""
    minx, miny, maxx, maxy = AREA
    lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
    n = 2**zoom
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return Tile(zoom, x, y)


def time_tiles(repo: ArticleRepository, zoom: int, tiles: int, seed: int = 5) -> dict:
    rng = random.Random(seed + zoom)
    repo.tile("events", LayerFilter(), random_tile(rng, zoom), MAX_TILE_FEATURES)  # warm-up
    tile_ms, counts, revision_ms = [], [], []
    for _ in range(tiles):
        tile = random_tile(rng, zoom)
        t0 = time.perf_counter()
        repo.revision()
        t1 = time.perf_counter()
        content = repo.tile("events", LayerFilter(), tile, MAX_TILE_FEATURES)
        t2 = time.perf_counter()
        revision_ms.append((t1 - t0) * 1000)
        tile_ms.append((t2 - t1) * 1000)
        counts.append(content.count)
    return {
        "tile": (percentile(tile_ms, 0.5), percentile(tile_ms, 0.95)),
        "features": statistics.mean(counts),
        "revision": percentile(revision_ms, 0.5),
    }


def bench(backend: str, server_url: str, events: int, zooms: list[int], tiles: int) -> None:
    with fresh_store(backend, server_url, prefix="tiles") as url:
        repo = open_repository(url)
        try:
            fill(repo, events)
            if backend == "postgis":
                with repo.engine.connect() as conn:
                    conn.exec_driver_sql("ANALYZE")
                    conn.commit()
            for zoom in zooms:
                result = time_tiles(repo, zoom, tiles)
                p50, p95 = result["tile"]
                print(
                    f"| {backend} | {events:,} | {zoom} | {result['features']:,.0f} | "
                    f"{p50:.1f} / {p95:.1f} | {result['revision']:.2f} |",
                    flush=True,
                )
        finally:
            repo.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgis", "both"], default="both")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--zooms", default="4,6,8,10")
    parser.add_argument("--tiles", type=int, default=20)
    parser.add_argument("--postgres-url", default=DEFAULT_PG)
    args = parser.parse_args(argv)
    if not 1 <= args.events <= MAX_EVENTS or not 1 <= args.tiles <= MAX_TILES:
        parser.error(f"--events 1..{MAX_EVENTS:,}, --tiles 1..{MAX_TILES}")
    zooms = [int(z) for z in args.zooms.split(",")]
    backends = ["sqlite", "postgis"] if args.backend == "both" else [args.backend]
    print("| backend | events | zoom | features per tile | tile p50 / p95 ms | revision p50 ms |")
    print("|---|---|---|---|---|---|")
    for backend in backends:
        bench(backend, args.postgres_url, args.events, zooms, args.tiles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
