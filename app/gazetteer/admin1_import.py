"""Real admin-1 polygons from a file replace the approximate ones.

Any OGR format pyogrio reads (GeoPackage, Shapefile, GeoJSON; Natural Earth's
``ne_10m_admin_1_states_provinces``, geoBoundaries or GADM level 1). Each polygon is
matched to an admin-1 entry of the index: by Natural Earth's ``adm1_code`` when the
file has it, else by country code and any of the entry's names (normalised). The
matched entries keep their point and names and take the polygon as an ``exact``
geometry. The index is replaced only when the whole file was read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import shapely

from app.core.config import Settings
from app.core.errors import InvalidInput, SourceUnavailable
from app.gazetteer.normalize import name_key
from app.store.gazetteer_db import GazetteerDB, IndexWriter, dumps_meta

CODE_FIELDS = ("adm1_code",)
COUNTRY_FIELDS = ("iso_a2", "ISO_A2", "iso2", "country_code")
NAME_FIELDS = ("name", "NAME", "name_en", "shapeName", "NAME_1")


@dataclass(frozen=True, slots=True)
class Admin1Report:
    path: Path
    features: int
    matched: int
    unmatched: tuple[str, ...]


def _field(columns: list[str], wanted: str | None, candidates: tuple[str, ...]) -> str | None:
    if wanted is not None:
        if wanted not in columns:
            raise InvalidInput(f"the file has no field {wanted!r}; its fields: {columns}")
        return wanted
    return next((c for c in candidates if c in columns), None)


def import_admin1(
    settings: Settings,
    path: Path,
    country_field: str | None = None,
    name_field: str | None = None,
) -> Admin1Report:
    """Put the polygons of ``path`` on the admin-1 entries they match."""
    import pyogrio

    try:
        frame = pyogrio.read_dataframe(path)
    except Exception as exc:  # pyogrio raises several error types for unreadable files
        raise SourceUnavailable(f"cannot read {path}: {exc}") from exc
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    columns = [c for c in frame.columns if c != "geometry"]
    code_col = _field(columns, None, CODE_FIELDS)
    country_col = _field(columns, country_field, COUNTRY_FIELDS)
    name_col = _field(columns, name_field, NAME_FIELDS)
    if code_col is None and (country_col is None or name_col is None):
        raise InvalidInput(
            f"{path.name}: need an adm1_code field, or a country code and a name field "
            f"(--country-field, --name-field); its fields: {columns}"
        )

    GazetteerDB(settings.gazetteer_path).close()  # refuse a missing or incompatible index
    writer = IndexWriter.extend(settings.gazetteer_path)
    try:
        matched, unmatched = 0, []
        by_country: dict[str, dict[str, str]] = {}
        for row in frame.itertuples(index=False):
            geometry = row.geometry
            label = str(getattr(row, name_col) if name_col else getattr(row, code_col))
            if (
                geometry is None
                or geometry.is_empty
                or geometry.geom_type
                not in (
                    "Polygon",
                    "MultiPolygon",
                )
            ):
                unmatched.append(f"{label} (no polygon)")
                continue
            gid = _match(writer, row, code_col, country_col, name_col, by_country)
            old = writer.stored(gid) if gid else None
            if old is None:
                unmatched.append(label)
                continue
            polygon = shapely.make_valid(geometry)
            writer.upsert(
                replace(
                    old,
                    geometry_wkb=polygon.wkb,
                    geometry_source=f"import:{path.name}",
                    geometry_precision="exact",
                    bbox=tuple(float(v) for v in polygon.bounds),
                )
            )
            matched += 1
        writer.commit(_meta(writer.meta, path, matched))
    except BaseException:
        writer.abort()
        raise
    return Admin1Report(path, len(frame), matched, tuple(unmatched))


def _match(writer, row, code_col, country_col, name_col, by_country) -> str | None:
    if code_col is not None:
        gid = f"naturalearth:admin1:{getattr(row, code_col)}"
        if writer.has(gid):
            return gid
    if country_col is None or name_col is None:
        return None
    country = str(getattr(row, country_col) or "").upper()
    if country not in by_country:
        by_country[country] = {key: gid for gid, key in writer.admin1_names(country)}
    return by_country[country].get(name_key(str(getattr(row, name_col) or "")))


def _meta(meta: dict[str, str], path: Path, matched: int) -> dict[str, str]:
    import json

    sources = json.loads(meta.get("sources", "{}"))
    sources[f"admin1-polygons:{path.name}"] = f"{matched} admin-1 areas"
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return {**meta, "sources": dumps_meta(sources), "updated_at": now}
