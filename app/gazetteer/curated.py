"""The curated layer in ``geodata/``: aliases and demonyms, each with its source."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from app.core.errors import SourceUnavailable
from app.gazetteer.normalize import name_key


@dataclass(frozen=True, slots=True)
class Curated:
    aliases: dict[str, tuple[str, ...]]
    """gazetteer id -> extra names."""
    river_groups: dict[str, str]
    """name key of a river segment -> the river it belongs to."""
    demonyms: dict[str, tuple[str, ...]]
    """ISO country code -> demonyms."""
    abbreviations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """gazetteer id -> abbreviations ("Va.", "W.Va.", "B.C."): names of kind
    ``abbreviation``, which the geoparser trusts most as qualifiers ("Arlington, Va.")."""


def _rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = set(columns) - set(reader.fieldnames or ())
        if missing:
            raise SourceUnavailable(f"{path}: missing columns {sorted(missing)}")
        rows = list(reader)
    for number, row in enumerate(rows, start=2):
        if not all((row.get(c) or "").strip() for c in columns):
            raise SourceUnavailable(f"{path}:{number}: every row needs {', '.join(columns)}")
    return rows


def load_curated(directory: Path) -> Curated:
    aliases: dict[str, list[str]] = {}
    groups: dict[str, str] = {}
    for row in _rows(directory / "aliases.csv", ("target", "alias", "source")):
        target, alias = row["target"].strip(), row["alias"].strip()
        if target.startswith("river:"):
            river = target.removeprefix("river:")
            groups[name_key(alias)] = river
            groups[name_key(river)] = river
        else:
            aliases.setdefault(target, []).append(alias)
    demonyms: dict[str, list[str]] = {}
    for row in _rows(directory / "demonyms.csv", ("country_code", "demonym", "source")):
        demonyms.setdefault(row["country_code"].strip(), []).append(row["demonym"].strip())
    abbreviations: dict[str, list[str]] = {}
    for row in _rows(directory / "abbreviations.csv", ("target", "abbreviation", "source")):
        abbreviations.setdefault(row["target"].strip(), []).append(row["abbreviation"].strip())
    return Curated(
        aliases={k: tuple(v) for k, v in aliases.items()},
        river_groups=groups,
        demonyms={k: tuple(v) for k, v in demonyms.items()},
        abbreviations={k: tuple(v) for k, v in abbreviations.items()},
    )
