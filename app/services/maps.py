"""Map pages: a text not stored, a stored article, the stored events; and the offline
basemap. Each page comes with its Content-Security-Policy.

Orchestration only: the geoparser, the store and the layers service give the
FeatureCollections, ``app.maps`` draws them.
"""

from __future__ import annotations

import dataclasses
import gzip
import math
import threading
import weakref
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import shapely.errors
from geojson_pydantic import FeatureCollection as GeoJSONCollection
from pydantic import ValidationError
from shapely.geometry import shape

from app.core.config import Settings, frame_ancestor_sources
from app.core.errors import InvalidInput, NotFound
from app.gazetteer.lookup import Gazetteer
from app.geoparse.pipeline import Geoparser
from app.geoparse.types import Document
from app.maps.basemap import Basemap, outline_bytes, outline_collection
from app.maps.csp import content_security_policy
from app.maps.records import (
    article_link,
    cell_record,
    event_records,
    safe_link,
    split,
    type_counts,
)
from app.services.aggregates import AGGREGATE_BELOW_ZOOM, aggregate_view
from app.services.articles import article_collection
from app.services.geoparse import geoparse_documents
from app.services.layers import LayerParams, build_filter, fetch_page
from app.store.base import ArticleRepository

STATIC_URL = "/static"
BASEMAP_URL = "/v1/maps/basemap.geojson"
EVENT_RECORDS_URL = "/v1/maps/events/records"
EVENT_CELLS_URL = "/v1/maps/events/cells"
ARTICLE_URL = "/v1/articles/{id}"
ARTICLE_MAP_URL = "/v1/maps/articles/{id}"


@dataclass(frozen=True, slots=True)
class MapPage:
    html: str
    content_security_policy: str


def basemap(settings: Settings) -> Basemap:
    """Online tiles when configured, else the offline outlines served by the service."""
    if settings.map_tiles_url:
        return Basemap.online(settings.map_tiles_url, settings.map_tiles_attribution or "")
    return Basemap.offline(BASEMAP_URL)


def page(
    collection: dict,
    settings: Settings,
    *,
    title: str,
    embed: bool,
    subtitle: str | None = None,
    links: list[tuple[str, str]] | None = None,
    **options,
) -> MapPage:
    """Render a collection, and the policy that lets only its own scripts run and only
    the configured origins frame it (embedded pages; full pages: this service only)."""
    from app.maps.render import render_map  # folium: imported when a map is drawn

    background = basemap(settings)
    html = render_map(
        collection,
        title=title,
        embed=embed,
        basemap=background,
        static_url=STATIC_URL,
        subtitle=subtitle,
        links=links or [],
        **options,
    )
    ancestors = frame_ancestor_sources(settings.map_frame_ancestors) if embed else ["'self'"]
    origin = background.tile_origin()
    policy = content_security_policy(html, ancestors, [origin] if origin else [])
    return MapPage(html, policy)


def _summary(collection: dict, published_at: str | None = None, unresolved: bool = True) -> str:
    """Date, counts, and the failed stages; the names not resolved unless ``unresolved``
    is False (a stored article's page has never counted them)."""
    parts = split(collection)
    words = [published_at] if published_at else []
    words.append(_count(len(parts.places), "place"))
    words.append(_count(len(parts.events), "event"))
    names = len(collection.get("unresolved") or []) if unresolved else 0
    if names:
        words.append(_count(names, "name") + " not resolved")
    warnings = collection.get("warnings")
    if isinstance(warnings, list):
        stages = [w.get("stage") for w in warnings if isinstance(w, dict)]
        words += [f"the {stage} stage failed" for stage in stages if isinstance(stage, str)]
    return " · ".join(words)


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


# ---------------------------------------------------------------- pages


def preview_page(
    geoparser: Geoparser, doc: Document, settings: Settings, embed: bool = False
) -> MapPage:
    """The map of a text that is not stored."""
    collection = next(geoparse_documents(geoparser, [doc]))
    published = doc.published_at.isoformat() if doc.published_at else None
    return page(
        collection,
        settings,
        title=doc.title or "Map preview",
        subtitle=_summary(collection, published),
        embed=embed,
    )


def _geojson_errors(exc: ValidationError) -> str:
    """The first problem of each member at fault, where it is: 'features.0.geometry...'."""
    parts: list[str] = []
    seen: set[tuple] = set()
    for error in exc.errors():
        loc = tuple(error["loc"])
        if loc[:3] in seen:
            continue
        seen.add(loc[:3])
        parts.append(f"{'.'.join(str(x) for x in loc) or 'collection'}: {error['msg']}")
    more = f" (and {len(seen) - 5} more)" if len(parts) > 5 else ""
    return "not valid GeoJSON: " + "; ".join(parts[:5]) + more


def check_collection(collection: object) -> None:
    """A GeoJSON FeatureCollection (RFC 7946, validated by geojson-pydantic) whose
    geometries shapely can build, with longitudes in [-180, 180] and latitudes in
    [-90, 90]; InvalidInput (422) saying what is wrong and where."""
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise InvalidInput("send a GeoJSON FeatureCollection (the output of /v1/geoparse)")
    if not isinstance(collection.get("features"), list):
        raise InvalidInput("the FeatureCollection has no 'features' list")
    try:
        GeoJSONCollection.model_validate(collection)
    except ValidationError as exc:
        raise InvalidInput(_geojson_errors(exc)) from None
    for i, feature in enumerate(collection["features"]):
        geometry = feature.get("geometry")
        if geometry is None:
            continue
        where = f"features.{i}.geometry"
        if geometry.get("type") == "GeometryCollection" and any(
            g.get("type") == "GeometryCollection" for g in geometry["geometries"]
        ):
            raise InvalidInput(f"{where}: nested GeometryCollections (RFC 7946 3.1.8)")
        try:
            built = shape(geometry)
        except (ValueError, TypeError, AttributeError, shapely.errors.ShapelyError) as exc:
            raise InvalidInput(f"{where}: not a valid geometry ({exc})") from None
        if built.is_empty:
            raise InvalidInput(f"{where}: no coordinates (a feature without any has null)")
        minx, miny, maxx, maxy = built.bounds
        if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)) or not (
            -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
        ):
            raise InvalidInput(
                f"features.{i}.geometry: coordinates out of range (longitude in [-180, 180], "
                "latitude in [-90, 90], as [longitude, latitude])"
            )


def collection_page(collection: object, settings: Settings, embed: bool = False) -> MapPage:
    """The map of a FeatureCollection of the geoparse contract that the client sends."""
    check_collection(collection)
    assert isinstance(collection, dict)
    title = collection.get("title")
    return page(
        collection,
        settings,
        title=title if isinstance(title, str) and title else "Map",
        subtitle=_summary(collection),
        embed=embed,
    )


def article_page(
    repo: ArticleRepository, article_id: str, settings: Settings, embed: bool = False
) -> MapPage:
    """The map of a stored article: its places and its events (the article's own
    collection, ``articles.article_collection``)."""
    collection = article_collection(repo, article_id)
    article_id = collection["id"]
    api_url = ARTICLE_URL.format(id=quote(article_id, safe=""))
    source = safe_link(collection["url"])
    links = [("Article (JSON)", api_url)]
    if source:
        links.append(("Source", source))
    map_url = ARTICLE_MAP_URL.format(id=quote(article_id, safe=""))
    links.append(("Embed", f"{map_url}?embed=1"))
    return page(
        collection,
        settings,
        title=collection["title"] or f"Article {article_id}",
        subtitle=_summary(collection, collection["published_at"], unresolved=False),
        embed=embed,
        links=links,
        link=article_link(None, source or api_url),
    )


def _query(params: LayerParams) -> dict[str, str]:
    """The filters of an events map as query parameters (for its data requests)."""
    query = {
        "start": params.start.isoformat() if params.start else None,
        "end": params.end.isoformat() if params.end else None,
        "event_type": params.event_type,
        "actor": params.actor,
        "country": params.country,
        "article_id": params.article_id,
        "min_score": None if params.min_score is None else str(params.min_score),
        "source_dataset": params.source_dataset,
    }
    return {k: v for k, v in query.items() if v}


def events_page(
    repo: ArticleRepository, params: LayerParams, settings: Settings, embed: bool = False
) -> MapPage:
    """The map of the stored events matching the filters. Up to
    ``settings.map_inline_events`` events are carried in the page; with more, the page
    asks for the events of the visible area (``event_records``) as the user pans, and
    below zoom ``AGGREGATE_BELOW_ZOOM`` for their counts per grid cell
    (``event_cells_page``) instead."""
    from app.maps.render import EventsView

    filters = build_filter(params, repo)
    inline = settings.map_inline_events
    first = fetch_page(repo, "events", filters, limit=max(inline, 1), count=False)
    complete = first.next_key is None and len(first.features) <= inline
    view = EventsView(cluster=True, heat=True, slider=True, query=_query(params))
    records = stored_event_records(first.features) if complete else []
    bounds = filters.bboxes[0] if len(filters.bboxes) == 1 else None
    if not complete:  # each request of the page: up to 1,000..10,000 records, or cells
        limit = min(max(inline, 1000), 10_000)
        extent = repo.extent("event", filters.source_dataset)
        view = dataclasses.replace(
            view,
            source_url=EVENT_RECORDS_URL,
            limit=limit,
            cells_url=EVENT_CELLS_URL,
            cells_below=AGGREGATE_BELOW_ZOOM,
            dates=_dates(extent.start, extent.end),
        )
        if bounds is None:  # start where the events are
            bounds = extent.bbox
    subtitle = _events_subtitle(params, len(first.features) if complete else None)
    links = [("Events (GeoJSON)", "/v1/layers/events?" + urlencode(_layer_query(params)))]
    links.append(("Embed", "/v1/maps/events?" + urlencode({**_layer_query(params), "embed": 1})))
    return page(
        {"type": "FeatureCollection", "features": []},
        settings,
        title="Events",
        subtitle=subtitle,
        embed=embed,
        links=links,
        view=view,
        bounds=bounds,
        records=records,
    )


def _dates(start: object, end: object) -> tuple[str, str] | None:
    """The stored events' first and last day as ISO dates (the time slider's range in
    cell mode, where the page has no events to take it from); None when undated."""
    if start is None or end is None:
        return None
    return (_iso_day(start), _iso_day(end))


def _iso_day(value: object) -> str:
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]


def _layer_query(params: LayerParams) -> dict[str, str]:
    query = _query(params)
    if params.bbox:
        query["bbox"] = params.bbox
    return query


def _events_subtitle(params: LayerParams, count: int | None) -> str:
    words = [_count(count, "event") if count is not None else "events of the visible area"]
    if params.start or params.end:
        start = params.start.isoformat() if params.start else "…"
        end = params.end.isoformat() if params.end else "…"
        words.append(f"{start} – {end}")
    if params.event_type:
        words.append(params.event_type)
    if params.actor:
        words.append(f"actor: {params.actor}")
    if params.country:
        words.append(f"country: {params.country}")
    if params.article_id:
        words.append(f"article: {params.article_id}")
    if params.min_score is not None:
        words.append(f"score ≥ {params.min_score:g}")
    if params.source_dataset:
        words.append(f"source: {params.source_dataset}")
    return " · ".join(words)


def event_records_page(repo: ArticleRepository, params: LayerParams, limit: int) -> dict:
    """The events of an area as the records the map script draws, with the OGC counts:
    ``numberMatched`` (None when not counted), ``numberReturned``, ``complete``."""
    if not 1 <= limit <= 10_000:
        raise InvalidInput("limit must be between 1 and 10000")
    filters = build_filter(params, repo)
    result = fetch_page(repo, "events", filters, limit=limit, count=True)
    features = [f for f in result.features if isinstance(f.get("geometry"), dict)]
    records = stored_event_records(features)
    return {
        "numberMatched": result.number_matched,
        "numberReturned": len(records),
        "complete": result.next_key is None,
        "records": records,
    }


def event_cells_page(repo: ArticleRepository, params: LayerParams, zoom: int) -> dict:
    """The events of an area counted per grid cell (``aggregates.aggregate_view``) as the
    records the map script draws: ``numberMatched`` (every matching event of the area,
    the sum of the counts), ``cellZoom``, ``cells``, and ``types``: the same events
    counted per legend row (``records.type_counts``), which add up to ``numberMatched``."""
    view = aggregate_view(repo, params, zoom, by_type=True)
    return {
        "numberMatched": view.total,
        "cellZoom": view.cells.zoom,
        "cells": [cell_record(c) for c in view.found],
        "types": type_counts(view.types or {}),
    }


def stored_event_records(events: list[dict]) -> list[dict]:
    """Records of stored events, linked to their articles. The evidence highlights come
    from the events' own ``locations`` (offsets in the article), so no article is read."""
    return event_records(events, [], article_link(ARTICLE_URL, None))


# ---------------------------------------------------------------- basemap


@dataclass(frozen=True, slots=True)
class Outlines:
    """The offline basemap as served: JSON, and the same gzip-compressed."""

    json: bytes
    gzip: bytes


_outlines: weakref.WeakKeyDictionary[Gazetteer, Outlines] = weakref.WeakKeyDictionary()
_outlines_lock = threading.Lock()


def basemap_outlines(gazetteer: Gazetteer) -> Outlines:
    """Natural Earth land and country outlines from the gazetteer's country polygons,
    simplified for the screen; built once per gazetteer and kept."""
    import shapely

    with _outlines_lock:
        cached = _outlines.get(gazetteer)
        if cached is None:
            rows = gazetteer.db.with_geometry("country")
            countries = [(entry.name, shapely.from_wkb(wkb)) for entry, wkb in rows]
            if not countries:
                raise NotFound(
                    "the gazetteer has no country polygons (build it with Natural Earth)"
                )
            data = outline_bytes(outline_collection(countries))
            cached = Outlines(data, gzip.compress(data, compresslevel=6))
            _outlines[gazetteer] = cached
        return cached
