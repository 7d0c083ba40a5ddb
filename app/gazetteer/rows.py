"""Gazetteer records as index rows: the entry and its searchable names (normalised,
variant and phonetic keys). Every source reader's records pass through ``to_row``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from app.gazetteer.normalize import is_latin, name_key, variant_key
from app.gazetteer.phonetic import phonetic_key, phonetic_keys_for
from app.gazetteer.types import Record
from app.store.gazetteer_db import EntryRow, NameRow


def name_rows(
    names: Iterable[str], kind: str = "name", phonetic: bool = False
) -> tuple[NameRow, ...]:
    """(key, variant, name, kind, phonetic key) for each name; non-Latin names keep their
    own script. ``phonetic``: compute the phonetic key (places where names are romanised
    from Arabic, Persian..., ``phonetic.phonetic_keys_for``); else it is ''."""
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
            out.append((key, variant, name, kind, phonetic_key(name) if phonetic else ""))
    return tuple(out)


def to_row(record: Record, extra_names: Iterable[tuple[str, str]] = ()) -> EntryRow:
    geometry = record.geometry
    if geometry is not None:
        bbox = tuple(float(v) for v in geometry.bounds)
        wkb = geometry.wkb
    else:
        bbox = (record.lon, record.lat, record.lon, record.lat)
        wkb = None
    phonetic = phonetic_keys_for(record.country_code)
    names = name_rows(record.names or (record.name,), phonetic=phonetic)
    for kind in dict.fromkeys(k for _, k in extra_names):  # in order: builds are reproducible
        names += name_rows([n for n, k in extra_names if k == kind], kind, phonetic)
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
