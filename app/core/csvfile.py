"""The curated CSV files (actors, event triggers, demonyms): rows with their line numbers,
and one clear error for a file that cannot be read."""

from __future__ import annotations

import csv
from pathlib import Path

from app.core.errors import SourceUnavailable


def csv_rows(path: Path, what: str) -> list[tuple[int, dict[str, str]]]:
    """``(line number, row)`` of a CSV file with a header line; ``what`` names the file
    in the error ("the actor dictionary"): SourceUnavailable when it cannot be read."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(enumerate(csv.DictReader(handle), start=2))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SourceUnavailable(f"cannot read {what} {path}: {exc}") from exc
