"""How far ``geoevents geocode NAME --country CC`` reaches on ACLED's coded locations.

    python benchmarks/geocode_reach.py ../shared/corpora/acled-dev/acled_global_2020.jsonl
    python benchmarks/geocode_reach.py FILE... --index PATH --radius 25 --misses misses.tsv

Each distinct (location, country) of an ACLED dev file (its first coded point) is geocoded
as the CLI does it (``app.services.geocode.geocode``, the country given as its ISO code),
and counts as reached when the first candidate is within ``--radius`` km of ACLED's point.
ACLED's rows are read at run time for this measure only: nothing from them enters the
gazetteer (see ``../shared/corpora/acled-dev/README.md``).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `app` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


@dataclass(frozen=True, slots=True)
class Location:
    """One distinct coded location: ACLED's name, country name and first point."""

    name: str
    country: str
    lon: float
    lat: float


def read_locations(path: Path) -> list[Location]:
    """The distinct (location, country) pairs of a JSON Lines dev file, first point kept."""
    seen: dict[tuple[str, str], Location] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)["gold"]
        key = (gold["location"], gold["country"])
        if key not in seen:
            seen[key] = Location(key[0], key[1], float(gold["lon"]), float(gold["lat"]))
    return list(seen.values())


def km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def country_code(gazetteer, name: str) -> str | None:
    """The ISO code of a country named as ACLED names it, from the gazetteer's countries."""
    matches = gazetteer.lookup(name, fuzzy=False, feature_types=("country",))
    return matches[0].entry.country_code if matches else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--index", type=Path, help="gazetteer index (default: the settings')")
    ap.add_argument("--radius", type=float, default=25.0, help="km (default 25)")
    ap.add_argument("--misses", type=Path, help="write the missed locations here (TSV)")
    args = ap.parse_args(argv)

    from app.core.config import get_settings
    from app.gazetteer.lookup import Gazetteer
    from app.services.geocode import geocode

    gazetteer = Gazetteer.open(args.index or get_settings().gazetteer_path)
    misses: list[str] = []
    print("| file | locations | reached | % |\n|---|---|---|---|")
    for path in args.files:
        locations = read_locations(path)
        reached = 0
        for loc in locations:
            cc = country_code(gazetteer, loc.country)
            features = geocode(gazetteer, loc.name, cc, 1)["features"]
            dist = math.inf
            if features:
                lon, lat = features[0]["geometry"]["coordinates"][:2]
                dist = km(lon, lat, loc.lon, loc.lat)
            if dist <= args.radius:
                reached += 1
            else:
                misses.append(f"{path.stem}\t{loc.name}\t{cc}\t{dist:.0f}")
        share = 100 * reached / len(locations) if locations else 0.0
        print(f"| {path.stem} | {len(locations)} | {reached} | {share:.1f} |")
    if args.misses:
        args.misses.write_text("\n".join(misses) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
