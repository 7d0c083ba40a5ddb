"""The gazetteer index as one SQLite file: entries, names, an R*Tree, metadata.

The index is written to a temporary file and renamed into place when complete,
so a crash during a build never leaves a half-written index behind.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import IndexIncompatible, IndexMissing

INDEX_VERSION = 15
"""Bump when the schema, the normalisation or what the build derives changes; old
indexes are then refused. 2: approximate admin-1 polygons and shared borders. 3: keys
spell out a leading "St."/"Ft."/"Mt.", admin-2 areas, abbreviation and postal-code names,
admin-1 and country points placed as GeoNames places them, rivers at their mouths.
4: English admin-1 names, whole-code admin-1 areas, admin-1 points at the middle of their
area, other spellings of country names. 5: continent codes no country uses ("EU") as code
names of their continent. 6-7: airports, whole-code admin-1 areas by share of area.
8: "English", "Scottish", "Welsh" as demonyms; Australian state abbreviations.
9: admin-1 areas of countries under 100 million people less important. 10: UN
subregions ("North Africa", "Southeast Asia"). 11: a country's point always on the
country (its reference point where the midpoint falls in the sea). 12: phonetic keys of
names romanised from Arabic, Persian... (``names.phonetic``). 13: Natural Earth's real
admin-1 polygons, seas, region names title-cased, OpenSyria's districts and
subdistricts. 14: the admin-1 polygons no label claims, in countries the polygons divide
more finely than the labels (Kenya's counties, Bangladesh's districts), as admin-2 areas.
15: elsewhere, the unclaimed admin-1 polygons whose names the country has no entry for
(Panjshir, Akkar, Somaliland's regions), as admin-1 areas."""

BUILD_HINT = "run `geoevents gazetteer build` to build it"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (
    rowid INTEGER PRIMARY KEY,
    gid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    feature_type TEXT NOT NULL,
    lon REAL NOT NULL,
    lat REAL NOT NULL,
    country_code TEXT,
    admin1 TEXT,
    population INTEGER NOT NULL DEFAULT 0,
    importance REAL NOT NULL DEFAULT 0,
    source TEXT NOT NULL,
    geometry BLOB,
    geometry_source TEXT NOT NULL,
    geometry_precision TEXT NOT NULL
);
CREATE TABLE names (
    key TEXT NOT NULL,
    variant TEXT,
    entry INTEGER NOT NULL REFERENCES entries(rowid),
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'name',
    phonetic TEXT,
    PRIMARY KEY (key, entry, name)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE entries_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat);
"""

_POST_LOAD = """
CREATE INDEX IF NOT EXISTS names_variant ON names(variant) WHERE variant IS NOT NULL;
CREATE INDEX IF NOT EXISTS names_phonetic ON names(phonetic) WHERE phonetic IS NOT NULL;
CREATE INDEX IF NOT EXISTS entries_country_type ON entries(country_code, feature_type);
"""

_ENTRY_COLUMNS = (
    "rowid, gid, name, feature_type, lon, lat, country_code, admin1, population, importance, "
    "source, geometry_source, geometry_precision, geometry IS NOT NULL"
)


NameRow = tuple[str, str, str, str, str]
"""(key, variant, name, kind, phonetic key) of one name; '' where a key does not apply."""


@dataclass(frozen=True, slots=True)
class EntryRow:
    """What the builder writes for one entry."""

    gid: str
    name: str
    feature_type: str
    lon: float
    lat: float
    country_code: str | None
    admin1: str | None
    population: int
    importance: float
    source: str
    geometry_wkb: bytes | None
    geometry_source: str
    geometry_precision: str
    bbox: tuple[float, float, float, float]
    names: tuple[NameRow, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """An indexed gazetteer entry, as lookups return it (``app.gazetteer.types`` exports it)."""

    rowid: int
    gid: str
    name: str
    feature_type: str
    lon: float
    lat: float
    country_code: str | None
    admin1: str | None
    population: int
    importance: float
    source: str
    geometry_source: str
    geometry_precision: str
    has_geometry: bool


def _entry(row: tuple) -> Entry:
    return Entry(*row[:13], has_geometry=bool(row[13]))


class IndexWriter:
    """Writes a new index next to ``path`` and moves it into place on ``commit``."""

    def __init__(self, path: Path, base: Path | None = None) -> None:
        """``base``: start from a copy of that index instead of an empty one (see ``extend``)."""
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = path.with_name(path.name + ".building")
        self._tmp.unlink(missing_ok=True)
        self._conn = sqlite3.connect(self._tmp)
        self.meta: dict[str, str] = {}
        if base is None:
            self._conn.executescript(
                "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=8192;" + _SCHEMA
            )
            self._gids: dict[str, int] = {}
            return
        # The backup API copies a consistent snapshot even if a reader has the file open.
        source = sqlite3.connect(f"file:{base}?mode=ro", uri=True)
        try:
            source.backup(self._conn)
        finally:
            source.close()
        self._conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
        self.meta = dict(self._conn.execute("SELECT key, value FROM meta"))
        self._gids = dict(self._conn.execute("SELECT gid, rowid FROM entries"))

    @classmethod
    def extend(cls, path: Path) -> IndexWriter:
        """A writer that edits a copy of the index at ``path`` and replaces it on ``commit``.

        Imports use it so that a failure part-way leaves the old index untouched.
        ``meta`` holds the copied index's metadata.
        """
        return cls(path, base=path)

    def add(self, rows: Iterable[EntryRow]) -> int:
        """Add entries (a later entry with a known gid is skipped). Returns rows written."""
        conn = self._conn
        written = 0
        for row in rows:
            if row.gid in self._gids:
                continue
            cur = conn.execute(
                "INSERT INTO entries (gid, name, feature_type, lon, lat, country_code, admin1,"
                " population, importance, source, geometry, geometry_source, geometry_precision)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    row.gid,
                    row.name,
                    row.feature_type,
                    row.lon,
                    row.lat,
                    row.country_code,
                    row.admin1,
                    row.population,
                    row.importance,
                    row.source,
                    row.geometry_wkb,
                    row.geometry_source,
                    row.geometry_precision,
                ),
            )
            rowid = cur.lastrowid
            self._gids[row.gid] = rowid
            minx, miny, maxx, maxy = row.bbox
            conn.execute(
                "INSERT INTO entries_rtree VALUES (?,?,?,?,?)", (rowid, minx, maxx, miny, maxy)
            )
            self._add_names(rowid, row.names)
            written += 1
        return written

    def _add_names(self, rowid: int, names: Iterable[NameRow]) -> None:
        self._conn.executemany(
            "INSERT OR IGNORE INTO names (key, variant, entry, name, kind, phonetic)"
            " VALUES (?,?,?,?,?,?)",
            [(k, v or None, rowid, n, kind, p or None) for k, v, n, kind, p in names],
        )

    def add_names(self, gid: str, names: Iterable[NameRow]) -> bool:
        """Attach more names to an existing entry (curated aliases). False if unknown gid."""
        rowid = self._gids.get(gid)
        if rowid is None:
            return False
        self._add_names(rowid, names)
        return True

    def has(self, gid: str) -> bool:
        return gid in self._gids

    def stored(self, gid: str) -> EntryRow | None:
        """The entry already written with ``gid``, or None.

        Its ``names`` are left empty: the names table has no index by entry, and
        ``upsert`` keeps an entry's names anyway.
        """
        rowid = self._gids.get(gid)
        if rowid is None:
            return None
        conn = self._conn
        row = conn.execute(
            "SELECT gid, name, feature_type, lon, lat, country_code, admin1, population,"
            " importance, source, geometry, geometry_source, geometry_precision"
            " FROM entries WHERE rowid = ?",
            (rowid,),
        ).fetchone()
        box = conn.execute(
            "SELECT min_lon, min_lat, max_lon, max_lat FROM entries_rtree WHERE id = ?", (rowid,)
        ).fetchone()
        bbox = tuple(box) if box else (row[3], row[4], row[3], row[4])
        return EntryRow(*row, bbox=bbox, names=())

    def upsert(self, row: EntryRow) -> bool:
        """Write ``row``, overwriting the entry with the same gid. True if one was overwritten.

        An overwritten entry keeps its names; ``row.names`` are added to them.
        """
        rowid = self._gids.get(row.gid)
        if rowid is None:
            self.add([row])
            return False
        conn = self._conn
        conn.execute(
            "UPDATE entries SET name=?, feature_type=?, lon=?, lat=?, country_code=?, admin1=?,"
            " population=?, importance=?, source=?, geometry=?, geometry_source=?,"
            " geometry_precision=? WHERE rowid = ?",
            (
                row.name, row.feature_type, row.lon, row.lat, row.country_code, row.admin1,
                row.population, row.importance, row.source, row.geometry_wkb,
                row.geometry_source, row.geometry_precision, rowid,
            ),
        )  # fmt: skip
        minx, miny, maxx, maxy = row.bbox
        conn.execute(
            "UPDATE entries_rtree SET min_lon=?, max_lon=?, min_lat=?, max_lat=? WHERE id = ?",
            (minx, maxx, miny, maxy, rowid),
        )
        self._add_names(rowid, row.names)
        return True

    def remove_source(self, source: str) -> int:
        """Delete every entry of a source with its names; returns how many (an import
        of places replaces its earlier import)."""
        conn = self._conn
        rowids = [
            r for (r,) in conn.execute("SELECT rowid FROM entries WHERE source = ?", (source,))
        ]
        if not rowids:
            return 0
        conn.execute(
            "DELETE FROM names WHERE entry IN (SELECT rowid FROM entries WHERE source = ?)",
            (source,),
        )
        conn.execute(
            "DELETE FROM entries_rtree WHERE id IN (SELECT rowid FROM entries WHERE source = ?)",
            (source,),
        )
        conn.execute("DELETE FROM entries WHERE source = ?", (source,))
        removed = set(rowids)
        self._gids = {g: r for g, r in self._gids.items() if r not in removed}
        return len(rowids)

    def admin1_names(self, country: str) -> list[tuple[str, str]]:
        """(gid, name key) of every name of the admin-1 areas of a country."""
        return self._conn.execute(
            "SELECT e.gid, n.key FROM entries e JOIN names n ON n.entry = e.rowid"
            " WHERE e.feature_type = 'admin1' AND e.country_code = ?",
            (country,),
        ).fetchall()

    def commit(self, meta: dict[str, str]) -> None:
        meta = {**meta, "index_version": str(INDEX_VERSION)}
        conn = self._conn
        conn.executescript(_POST_LOAD)
        conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(meta.items()))
        conn.commit()
        conn.execute("ANALYZE")
        conn.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        self._conn.close()
        self._tmp.unlink(missing_ok=True)


class GazetteerDB:
    """Read access to a built index. Thread-safe: one connection per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.is_file():
            raise IndexMissing(f"No gazetteer index at {path}; {BUILD_HINT}.")
        try:
            meta = dict(self._connect().execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise IndexIncompatible(
                f"The gazetteer index at {path} is unreadable ({exc}); {BUILD_HINT}."
            ) from exc
        version = meta.get("index_version")
        if version != str(INDEX_VERSION):
            raise IndexIncompatible(
                f"The gazetteer index at {path} has version {version}, this geoevents needs "
                f"version {INDEX_VERSION}; {BUILD_HINT}."
            )
        self.meta = meta
        self._local: dict[int, sqlite3.Connection] = {}

    def _connect(self) -> sqlite3.Connection:
        uri = f"file:{self.path}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only=1")
        conn.execute("PRAGMA cache_size=-65536")
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        import threading

        ident = threading.get_ident()
        conn = self._local.get(ident)
        if conn is None:
            conn = self._local[ident] = self._connect()
        return conn

    def by_keys(self, keys: Iterable[str]) -> list[tuple[str, str, str, Entry]]:
        """(key, matched name, name kind, entry) for every name whose key is in ``keys``."""
        return self._names_where("key", keys)

    def by_variants(self, variants: Iterable[str]) -> list[tuple[str, str, str, Entry]]:
        """(variant, matched name, name kind, entry) for every name whose variant matches."""
        return self._names_where("variant", variants)

    def by_phonetic(self, keys: Iterable[str]) -> list[tuple[str, str, str, Entry]]:
        """(phonetic key, matched name, name kind, entry) for every name with that key."""
        return self._names_where("phonetic", keys)

    def _names_where(self, column: str, values: Iterable[str]) -> list[tuple[str, str, str, Entry]]:
        values = list(dict.fromkeys(v for v in values if v))
        if not values:
            return []
        marks = ",".join("?" * len(values))
        rows = self.conn.execute(
            f"SELECT n.{column}, n.name, n.kind, {_prefixed('e')} FROM names n JOIN entries e"
            f" ON e.rowid = n.entry WHERE n.{column} IN ({marks})",
            values,
        ).fetchall()
        return [(r[0], r[1], r[2], _entry(r[3:])) for r in rows]

    def keys_with_prefix(
        self, prefix: str, min_len: int = 0, max_len: int = 1_000, limit: int = 100_000
    ) -> list[str]:
        """Distinct name keys starting with ``prefix``, of a length in range (fuzzy matching)."""
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = self.conn.execute(
            "SELECT DISTINCT key FROM names WHERE key >= ? AND key < ?"
            " AND length(key) BETWEEN ? AND ? LIMIT ?",
            (prefix, upper, min_len, max_len, limit),
        ).fetchall()
        return [r[0] for r in rows]

    def known_keys(self, keys: Iterable[str]) -> set[str]:
        """The subset of ``keys`` that name at least one entry."""
        keys = list(dict.fromkeys(k for k in keys if k))
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT DISTINCT key FROM names WHERE key IN ({marks})", chunk
                )
            )
        return found

    def entry(self, gid: str) -> Entry | None:
        row = self.conn.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE gid = ?", (gid,)
        ).fetchone()
        return _entry(row) if row else None

    def names_of(self, rowid: int) -> list[tuple[str, str]]:
        """(name, kind) of every name of an entry."""
        return self.conn.execute(
            "SELECT name, kind FROM names WHERE entry = ?", (rowid,)
        ).fetchall()

    def geometry_wkb(self, rowid: int) -> bytes | None:
        row = self.conn.execute("SELECT geometry FROM entries WHERE rowid = ?", (rowid,)).fetchone()
        return row[0] if row else None

    def in_bbox(
        self,
        bbox: tuple[float, float, float, float],
        feature_types: tuple[str, ...] | None = None,
        limit: int = 1000,
    ) -> list[Entry]:
        """Entries whose bounding box intersects ``bbox`` (min_lon, min_lat, max_lon, max_lat)."""
        minx, miny, maxx, maxy = bbox
        sql = (
            f"SELECT {_prefixed('e')} FROM entries_rtree r JOIN entries e ON e.rowid = r.id"
            " WHERE r.max_lon >= ? AND r.min_lon <= ? AND r.max_lat >= ? AND r.min_lat <= ?"
        )
        params: list = [minx, maxx, miny, maxy]
        if feature_types:
            sql += f" AND e.feature_type IN ({','.join('?' * len(feature_types))})"
            params.extend(feature_types)
        sql += " LIMIT ?"
        params.append(limit)
        return [_entry(r) for r in self.conn.execute(sql, params)]

    def with_geometry(self, feature_type: str) -> Iterator[tuple[Entry, bytes]]:
        """Every entry of a type that has a geometry, with its WKB."""
        sql = (
            f"SELECT {_ENTRY_COLUMNS}, geometry FROM entries"
            " WHERE feature_type = ? AND geometry IS NOT NULL"
        )
        for row in self.conn.execute(sql, (feature_type,)):
            yield _entry(row[:14]), row[14]

    def admin1(self, country: str, admin1: str) -> list[Entry]:
        """The admin-1 areas of a country linked to a GeoNames admin-1 code (several when
        Natural Earth is finer than GeoNames, as with English counties under ENG)."""
        rows = self.conn.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE country_code = ? AND"
            " feature_type = 'admin1' AND admin1 = ?",
            (country, admin1),
        ).fetchall()
        return [_entry(row) for row in rows]

    def has_type(self, feature_type: str) -> bool:
        """Whether any entry has this feature type (an index built before a type existed
        has none: derived borders then fall back to the country polygons)."""
        row = self.conn.execute(
            "SELECT 1 FROM entries WHERE feature_type = ? LIMIT 1", (feature_type,)
        ).fetchone()
        return row is not None

    def country(self, code: str) -> Entry | None:
        row = self.conn.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE country_code = ? AND"
            " feature_type = 'country' LIMIT 1",
            (code,),
        ).fetchone()
        return _entry(row) if row else None

    def counts(self) -> tuple[dict[str, int], dict[str, int], int]:
        """Entries by source, by feature type, and the number of names."""
        conn = self.conn
        by_source = dict(conn.execute("SELECT source, count(*) FROM entries GROUP BY source"))
        by_type = dict(
            conn.execute("SELECT feature_type, count(*) FROM entries GROUP BY feature_type")
        )
        names = conn.execute("SELECT count(*) FROM names").fetchone()[0]
        return by_source, by_type, names

    def close(self) -> None:
        for conn in self._local.values():
            conn.close()
        self._local.clear()


def _prefixed(alias: str) -> str:
    """The entry columns qualified with a table alias, for joins."""
    cols = [c.strip() for c in _ENTRY_COLUMNS.split(",")]
    return ", ".join(f"{alias}.{c}" for c in cols)


def dumps_meta(value: object) -> str:
    return json.dumps(value, sort_keys=True)
