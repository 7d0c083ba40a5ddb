"""Syria's administrative units from OpenSyria's data-geography (CC BY 4.0).

Three JSON files, one per level: ``governorates.json`` (14, admin-1),
``districts.json`` (62, admin-2, *mintaqa*) and ``subdistricts.json`` (272, admin-3,
*nahiya*). Each unit has English and Arabic names, aliases (formal names, GeoNames
transliterations, other spellings), a centroid, its 2004 population and external ids
(OCHA pcode, GeoNames, Wikidata). Centroids only: the gazetteer derives the areas
(``app.gazetteer.syria``). The data's upstream sources (geoBoundaries/OCHA, GeoNames,
Wikidata, the US Census Bureau) are listed in the directory's ``sources.json``;
attribution to OpenSyria and to them is kept with every entry (``ATTRIBUTION``).

>>> [u.name for u in units(Path("opensyria")) if u.level == 1][:2]  # doctest: +SKIP
['Al-Hasakah', 'Aleppo']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import SourceUnavailable
from app.gazetteer.normalize import is_latin

FILES = {1: "governorates.json", 2: "districts.json", 3: "subdistricts.json"}
"""The file of each administrative level."""
PARENT_FIELDS = {1: None, 2: "governorateId", 3: "districtId"}
ATTRIBUTION = (
    "OpenSyria data-geography (CC BY 4.0), from geoBoundaries/OCHA COD-AB, GeoNames, "
    "Wikidata and the US Census Bureau via HDX"
)
"""What CC BY asks to be shown with the data: OpenSyria and its sources."""


@dataclass(frozen=True, slots=True)
class Unit:
    """One administrative unit. ``parent`` is the governorate of a district, the district
    of a subdistrict. ``names``: English names first, then the Arabic ones."""

    uid: str
    level: int
    parent: str | None
    governorate: str | None
    name: str
    names: tuple[str, ...]
    lon: float
    lat: float
    population: int = 0
    iso_3166_2: str | None = None
    pcode: str | None = None
    geonames_id: str | None = None
    wikidata_id: str | None = None


def useful_alias(name: str) -> bool:
    """Keep an alias unless it is a machine transliteration without capitals, as
    "nahyt mrkz alhskt" (which no text writes and which could only match by accident).

    >>> useful_alias("Nahiyat Markaz al Hasakah"), useful_alias("nahyt mrkz alhskt")
    (True, False)
    >>> useful_alias("ناحية مركز الحسكة")
    True
    """
    name = name.strip()
    if not name:
        return False
    return not is_latin(name) or name != name.lower()


def units(directory: Path) -> list[Unit]:
    """Every unit, governorates first, then districts, then subdistricts. A missing file
    gives none of its level; an unreadable one raises ``SourceUnavailable``."""
    out: list[Unit] = []
    for level, filename in FILES.items():
        path = directory / filename
        if not path.exists():
            continue
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SourceUnavailable(f"cannot read OpenSyria file {path}: {exc}") from exc
        out.extend(_unit(row, level) for row in rows if row.get("centroid"))
    return out


def _unit(row: dict, level: int) -> Unit:
    name = row.get("name") or {}
    english = str(name.get("en") or row["id"]).strip()
    arabic = str(name.get("ar") or "").strip()
    aliases = [a for a in row.get("aliases") or [] if useful_alias(str(a.get("value") or ""))]
    latin = [str(a["value"]).strip() for a in aliases if a.get("language") != "ar"]
    script = [str(a["value"]).strip() for a in aliases if a.get("language") == "ar"]
    names = tuple(dict.fromkeys([english, *latin, *([arabic] if arabic else []), *script]))
    centroid = row["centroid"]
    external = row.get("externalIds") or {}
    parent_field = PARENT_FIELDS[level]
    return Unit(
        uid=str(row["id"]),
        level=level,
        parent=str(row[parent_field]) if parent_field else None,
        governorate=str(row.get("governorateId") or row["id"]),
        name=english,
        names=names,
        lon=float(centroid["longitude"]),
        lat=float(centroid["latitude"]),
        population=int((row.get("population") or {}).get("value") or 0),
        iso_3166_2=row.get("iso31662"),
        pcode=external.get("ochaPcode"),
        geonames_id=external.get("geonames"),
        wikidata_id=external.get("wikidata"),
    )


def version(directory: Path) -> str:
    """The directory and the upstream commit its README names, for the index's sources."""
    readme = directory / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    words = [w.strip(",.()") for w in text.split()]
    commit = next((w for w in words if len(w) == 40 and w.isalnum()), None)
    return f"{directory} (commit {commit})" if commit else str(directory)
