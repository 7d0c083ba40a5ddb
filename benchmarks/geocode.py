"""Latency of gazetteer lookups and reverse geocoding, as a markdown table for the README.

    python benchmarks/geocode.py                      # the default index, in process
    python benchmarks/geocode.py --index PATH -n 50
    python benchmarks/geocode.py --http http://127.0.0.1:8000   # a running server

A fixed, bounded set of queries (exact names, Arabic transliterations, misspellings,
unknown names) and points, each repeated ``-n`` times after one untimed warm-up call
(reported separately as "cold": the first reverse call builds the country tree).
The whole run stops at ``--budget`` seconds; rows then say how many calls they got.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `app` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

QUERIES: dict[str, tuple[str, ...]] = {
    "exact": ("London", "Paris", "Cairo", "Damascus", "Baghdad", "New York", "Tokyo", "Aleppo"),
    "transliteration": (
        "al-Bukamal",
        "Deir ez-Zor",
        "Sweida",
        "Dayr az Zawr",
        "al-Hasakah",
        "Halab",
        "Raqqah",
    ),
    "misspelling": ("Londn", "Damscus", "Bagdhad", "Aleppoo", "Kairo", "Pariss"),
    "unknown": ("Xyzzyville", "Qwertzstan", "Blorpton Heights", "Zzyzzx"),
}
"""Bounded on purpose: the run time must stay well under a minute."""

POINTS: tuple[tuple[str, float, float], ...] = (
    ("Damascus", 36.29, 33.51),
    ("Deir ez-Zor", 40.14, 35.33),
    ("Syria-Iraq border", 41.0, 34.4),
    ("London", -0.13, 51.51),
    ("Cairo", 31.24, 30.04),
    ("Tokyo", 139.69, 35.69),
    ("mid-Atlantic", -30.0, 30.0),
)
"""(label, lon, lat): cities, a border area, open ocean (no country, far from any place)."""


@dataclass(slots=True)
class Row:
    """Timings of one operation over one set of inputs."""

    operation: str
    inputs: str
    times_ms: list[float] = field(default_factory=list)
    hits: int = 0
    total: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    def cells(self) -> list[str]:
        """Table cells: medians and nearest-rank p95 are robust to a few slow calls."""
        times = sorted(self.times_ms)
        median = f"{statistics.median(times):.2f}" if times else "-"
        p95 = f"{times[max(0, math.ceil(0.95 * len(times)) - 1)]:.2f}" if times else "-"
        errors = ", ".join(f"{k} x{v}" for k, v in sorted(self.errors.items())) or "0"
        found = f"{self.hits}/{self.total}" if self.total else "-"
        return [self.operation, self.inputs, str(len(times)), median, p95, found, errors]


class Budget:
    """A deadline for the whole run, so that a slow machine cannot make it run away."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.perf_counter() + seconds
        self.exceeded = False

    def left(self) -> bool:
        if time.perf_counter() >= self.deadline:
            self.exceeded = True
        return not self.exceeded


def _timed(call: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000.0, result


def measure(
    row: Row,
    inputs: Sequence[object],
    call: Callable[[object], object],
    found: Callable[[object], bool],
    repeat: int,
    budget: Budget,
    cold: Row | None = None,
) -> None:
    """Time ``call`` on each input: one warm-up (recorded in ``cold``), then ``repeat`` runs.

    Exceptions are counted by type, not raised: the benchmark reports a broken
    endpoint instead of dying on it.
    """
    for item in inputs:
        row.total += 1
        for i in range(repeat + 1):
            if not budget.left():
                return
            try:
                ms, result = _timed(lambda item=item: call(item))
            except Exception as exc:  # report, do not stop the other rows
                status = getattr(getattr(exc, "response", None), "status_code", None)
                kind = f"HTTP {status}" if status else type(exc).__name__
                row.errors[kind] = row.errors.get(kind, 0) + 1
                break
            if i == 0:
                row.hits += bool(found(result))
                if cold is not None:
                    cold.times_ms.append(ms)
                continue
            row.times_ms.append(ms)


def in_process(index: Path, repeat: int, budget: Budget, show: bool) -> list[Row]:
    """Gazetteer.lookup, lookup + the service's ranking, and Gazetteer.reverse."""
    from app.gazetteer.lookup import Gazetteer

    opened_ms, gazetteer = _timed(lambda: Gazetteer.open(index))
    rows = [Row("open index", index.name, [opened_ms])]
    try:
        from app.services.geocode import rank
    except ImportError:  # the service layer is optional for this benchmark
        rank = None
    cold = Row("lookup (cold: first call per query)", "all")
    for category, names in QUERIES.items():
        row = Row("lookup", category)
        measure(row, names, gazetteer.lookup, bool, repeat, budget, cold)
        rows.append(row)
    rows.insert(1, cold)
    if rank is not None:
        for category, names in QUERIES.items():
            row = Row("lookup + rank", category)
            measure(row, names, lambda q: rank(gazetteer.lookup(q)), bool, repeat, budget)
            rows.append(row)
    points = [(lon, lat) for _, lon, lat in POINTS]
    first_ms, _ = _timed(lambda: gazetteer.reverse(*points[0]))
    rows.append(Row("reverse (cold: first call builds country tree)", "1 point", [first_ms]))
    reverse = Row("reverse", f"{len(points)} points")
    measure(reverse, points, lambda p: gazetteer.reverse(*p), _reversed, repeat, budget)
    rows.append(reverse)
    if show:
        _show_results(gazetteer, rank)
    return rows


def _reversed(found: object) -> bool:
    return getattr(found, "place", None) is not None or getattr(found, "country", None) is not None


def _show_results(gazetteer, rank) -> None:
    """What each query and point resolves to, so that fast-but-wrong is visible too."""
    print("\n| query | top result |\n|---|---|")
    for names in QUERIES.values():
        for name in names:
            matches = gazetteer.lookup(name)
            if rank is not None:
                matches = [m for _, m in rank(matches)]
            top = matches[0] if matches else None
            text = (
                f"{top.entry.name} ({top.entry.feature_type}, {top.entry.country_code}, "
                f"q={top.quality:.2f}) of {len(matches)}"
                if top
                else "-"
            )
            print(f"| {name} | {text} |")
    print("\n| point | nearest place | country | admin-1 |\n|---|---|---|---|")
    for label, lon, lat in POINTS:
        r = gazetteer.reverse(lon, lat)
        place = f"{r.place.name} ({r.distance_km:.1f} km)" if r.place else "-"
        country = r.country.name if r.country else "-"
        admin1 = r.admin1.name if r.admin1 else "-"
        print(f"| {label} ({lon}, {lat}) | {place} | {country} | {admin1} |")


def over_http(url: str, repeat: int, budget: Budget) -> list[Row]:
    """GET /v1/geocode and /v1/reverse against a running server.

    A connection failure or an error status is counted per input (and that input's
    remaining repeats skipped), so a missing server or endpoint gives a table of
    errors in a second, not a stack trace.
    """
    import httpx

    def get(path: str, params: dict) -> httpx.Response:
        response = client.get(path, params=params)
        response.raise_for_status()
        return response

    def features(response: httpx.Response) -> bool:
        return bool(response.json().get("features"))

    rows: list[Row] = []
    with httpx.Client(base_url=url.rstrip("/"), timeout=5.0) as client:
        for category, names in QUERIES.items():
            row = Row("GET /v1/geocode", category)
            measure(row, names, lambda q: get("/v1/geocode", {"q": q}), features, repeat, budget)
            rows.append(row)
        row = Row("GET /v1/reverse", f"{len(POINTS)} points")
        points = [{"lon": lon, "lat": lat} for _, lon, lat in POINTS]
        measure(row, points, lambda p: get("/v1/reverse", p), features, repeat, budget)
        rows.append(row)
    return rows


def table(rows: list[Row]) -> str:
    header = ["operation", "inputs", "calls", "median ms", "p95 ms", "found", "errors"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> str:
    return (
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, help="index file (default: Settings)")
    parser.add_argument("--http", metavar="URL", help="time a running server instead")
    parser.add_argument("-n", "--repeat", type=int, default=20, help="timed calls per input")
    parser.add_argument("--budget", type=float, default=50.0, help="stop after this many s")
    parser.add_argument("--show-results", action="store_true", help="print what queries find")
    args = parser.parse_args(argv)
    if not 1 <= args.repeat <= 1000:
        parser.error("--repeat must be between 1 and 1000")
    budget = Budget(args.budget)
    started = time.perf_counter()
    if args.http:
        target = f"server {args.http}"
        rows = over_http(args.http, args.repeat, budget)
    else:
        from app.core.config import Settings
        from app.core.errors import GeoeventsError

        index = args.index or Settings().gazetteer_path
        if not index.exists():
            print(f"error: no gazetteer index at {index}", file=sys.stderr)
            return 2
        target = f"index {index} ({index.stat().st_size / 1e6:.0f} MB)"
        try:
            rows = in_process(index, args.repeat, budget, args.show_results)
        except GeoeventsError as exc:
            print(f"error: {exc.detail}", file=sys.stderr)
            return 2
    print(f"\n{machine()}; {target}; {args.repeat} timed calls per input\n")
    print(table(rows))
    note = " (stopped by --budget: some rows are partial)" if budget.exceeded else ""
    print(f"\ntotal {time.perf_counter() - started:.1f} s{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
