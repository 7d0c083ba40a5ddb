"""ACLED event notes with ACLED's own coding, read from an ACLED export or our JSON Lines.

Two layouts are read:

- ACLED's CSV export, as an analyst downloads it (``event_id_cnty``, ``event_date``,
  ``event_type``, ``sub_event_type``, ``actor1``, ``assoc_actor_1``, ``actor2``,
  ``assoc_actor_2``, ``country``, ``admin1``, ``location``, ``latitude``, ``longitude``,
  ``geo_precision``, ``notes``, ``fatalities``, ...). Columns may come in any order and
  the optional ones may be missing; ``event_date`` is ISO ("2016-06-15") or spelled
  out ("15 June 2016", "15-June-2016"). How many events share a note is counted in the
  file, since an export does not say.
- the JSON Lines of ``../shared/corpora/acled-dev`` (``id``, ``text``, ``published_at``,
  ``gold``, ``meta.notes_shared_by_n_events``).

>>> notes = read_notes(Path("acled.csv"))  # doctest: +SKIP
>>> notes[0].gold.event_type  # doctest: +SKIP
'Battles'
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from app.core.errors import InvalidInput

CSV_REQUIRED = ("event_date", "latitude", "longitude", "notes")
"""The columns without which a CSV row cannot be scored."""

DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%Y/%m/%d")
"""How ACLED exports have spelled ``event_date`` over the years."""


@dataclass(frozen=True, slots=True)
class AcledGold:
    """ACLED's coding of one event. ``actors`` is actor1, its associated actors, then
    actor2 and its associated actors (empty names left out)."""

    lat: float
    lon: float
    location: str = ""
    admin1: str = ""
    country: str = ""
    event_type: str = ""
    sub_event_type: str | None = None
    actors: tuple[str, ...] = ()
    fatalities: int | None = None
    geo_precision: int | None = None

    @property
    def actor1(self) -> str | None:
        return self.actors[0] if self.actors else None


@dataclass(frozen=True, slots=True)
class AcledNote:
    """One ACLED event: its note (``text``), its date (ISO, fed as ``published_at``) and
    ACLED's coding. ``shared_by`` is how many events of the source carry the same note."""

    id: str
    text: str
    date: str
    gold: AcledGold
    shared_by: int = 1


def read_notes(path: Path) -> list[AcledNote]:
    """Every note of an ACLED CSV export or an acled-dev JSON Lines file, in file order.

    Raises InvalidInput, naming the file and line, on a file or row that cannot be read.
    """
    if not path.is_file():
        raise InvalidInput(f"no ACLED file at {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        head = handle.read(4096)
        handle.seek(0)
        if head.lstrip().startswith("{"):
            return list(_jsonl_notes(handle, path))
        return _csv_notes(handle, path, head)


def _jsonl_notes(lines, path: Path) -> Iterator[AcledNote]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            row = json.loads(line)
            gold = row["gold"]
            yield AcledNote(
                id=str(row["id"]),
                text=str(row["text"]),
                date=iso_date(str(row["published_at"]), where),
                gold=AcledGold(
                    lat=float(gold["lat"]),
                    lon=float(gold["lon"]),
                    location=gold.get("location") or "",
                    admin1=gold.get("admin1") or "",
                    country=gold.get("country") or "",
                    event_type=gold.get("event_type") or "",
                    sub_event_type=gold.get("sub_event_type") or None,
                    actors=tuple(a for a in gold.get("actors") or () if a),
                    fatalities=whole_number(gold.get("fatalities"), where),
                    geo_precision=whole_number(gold.get("geo_precision"), where),
                ),
                shared_by=int((row.get("meta") or {}).get("notes_shared_by_n_events") or 1),
            )
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{where}: invalid JSON: {exc.msg}") from exc
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InvalidInput(f"{where}: not an ACLED note ({exc!r})") from exc


def csv_rows(
    handle, path: Path, head: str, required: tuple[str, ...] = CSV_REQUIRED
) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line number, row)`` for each row of an ACLED CSV export open in ``handle``
    (``head``: its first characters, to tell the delimiter). Column names are lower case
    and values stripped; a missing column reads as "". Raises InvalidInput when a
    ``required`` column is missing.
    """
    first_line = head.splitlines()[0] if head else ""
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.DictReader(handle, delimiter=delimiter)
    columns = {(name or "").strip().lower(): name for name in reader.fieldnames or ()}
    missing = [c for c in required if c not in columns]
    if missing:
        raise InvalidInput(
            f"{path}: not ACLED's CSV export (missing column(s) {', '.join(missing)})"
        )
    previous = reader.line_num
    for raw in reader:
        # where the row starts in the file (a quoted note may span several lines)
        yield previous + 1, {key: (raw.get(name) or "").strip() for key, name in columns.items()}
        previous = reader.line_num


def read_csv_rows(
    path: Path, required: tuple[str, ...] = CSV_REQUIRED
) -> Iterator[tuple[int, dict[str, str]]]:
    """:func:`csv_rows` of the ACLED CSV export at ``path``, read as it goes."""
    if not path.is_file():
        raise InvalidInput(f"no ACLED file at {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        head = handle.read(4096)
        handle.seek(0)
        yield from csv_rows(handle, path, head, required)


def _csv_notes(handle, path: Path, head: str) -> list[AcledNote]:
    notes = []
    for number, row in csv_rows(handle, path, head):
        if row["notes"]:
            notes.append(_csv_note(row, f"{path}, line {number}", number))
    shared = Counter(note.text for note in notes)
    return [replace(note, shared_by=shared[note.text]) for note in notes]


def _csv_note(row: dict[str, str], where: str, number: int) -> AcledNote:
    def actors(main: str, associated: str) -> list[str]:
        return [main, *(a.strip() for a in row.get(associated, "").split(";"))]

    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
    except ValueError as exc:
        raise InvalidInput(f"{where}: latitude/longitude are not numbers") from exc
    names = actors(row.get("actor1", ""), "assoc_actor_1")
    names += actors(row.get("actor2", ""), "assoc_actor_2")
    event_id = row.get("event_id_cnty") or row.get("data_id") or f"line{number}"
    return AcledNote(
        id=f"acled:{event_id}",
        text=row["notes"],
        date=iso_date(row["event_date"], where),
        gold=AcledGold(
            lat=lat,
            lon=lon,
            location=row.get("location", ""),
            admin1=row.get("admin1", ""),
            country=row.get("country", ""),
            event_type=row.get("event_type", ""),
            sub_event_type=row.get("sub_event_type") or None,
            actors=tuple(a for a in names if a),
            fatalities=whole_number(row.get("fatalities"), where),
            geo_precision=whole_number(row.get("geo_precision"), where),
        ),
    )


def iso_date(value: str, where: str) -> str:
    """``event_date`` in any of ACLED's spellings (:data:`DATE_FORMATS`) as ISO; raises
    InvalidInput naming ``where``."""
    text = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise InvalidInput(
        f"{where}: event date {value!r} is neither YYYY-MM-DD nor like '15 June 2016'"
    )


def whole_number(value: object, where: str) -> int | None:
    """A count or code (``fatalities``, ``geo_precision``), None when empty; raises
    InvalidInput naming ``where``."""
    if value is None or value == "":
        return None
    try:
        return int(float(value))  # some exports write "3.0"
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"{where}: {value!r} is not a whole number") from exc


def select_notes(
    notes: list[AcledNote], country: str | None = None, limit: int | None = None
) -> list[AcledNote]:
    """The notes scored, as the reference scorer picks them: those ACLED does not share
    between several events, of ``country`` (ACLED's name) if given, the first ``limit``."""
    kept = [n for n in notes if n.shared_by <= 1]
    if country:
        kept = [n for n in kept if n.gold.country == country]
    return kept[:limit] if limit else kept
