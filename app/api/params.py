"""The filter parameters of every route that reads stored features, declared once.

The layers, downloads, the ACLED CSV, the events map and its data requests, OGC API
items and vector tiles all filter the same way (``app.services.layers.LayerParams``).
Their attribute filters are one FastAPI dependency, ``filter_params``; the routes that
take dates as ``start``/``end`` add them and ``bbox`` with ``layer_params``, the OGC
routes take an RFC 3339 ``datetime`` instead (``ogc_params``), and OGC items add their
own ``bbox``, which may cross the antimeridian.

>>> layer_params(filter_params(event_type="Battles"), start=None)   # doctest: +SKIP
LayerParams(bbox=None, start=None, end=None, event_type='Battles', ...)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated

from fastapi import Depends, Query

from app.services import ogc
from app.services.layers import LayerParams


def filter_params(
    event_type: str | None = Query(
        None, description="ACLED event types, comma-separated (e.g. Battles)."
    ),
    actor: str | None = Query(
        None, max_length=200, description="Part of an actor's name (case-insensitive)."
    ),
    country: str | None = Query(None, description="ISO 3166-1 alpha-2 codes, comma-separated."),
    article_id: str | None = Query(None, max_length=64, description="Only this article."),
    min_score: float | None = Query(None, ge=0, le=1, description="Lowest confidence."),
    source_dataset: str | None = Query(
        None, description="Events of one source: geoevents (extracted) or acled (imported)."
    ),
) -> LayerParams:
    """The attribute filters (no area, no dates)."""
    return LayerParams(
        event_type=event_type,
        actor=actor,
        country=country,
        article_id=article_id,
        min_score=min_score,
        source_dataset=source_dataset,
    )


FiltersDep = Annotated[LayerParams, Depends(filter_params)]


def layer_params(
    filters: FiltersDep,
    bbox: str | None = Query(
        None,
        description="minlon,minlat,maxlon,maxlat (EPSG:4326): features intersecting it.",
        examples=["38,33,42,36"],
    ),
    start: dt.date | None = Query(
        None, description="Events ending on or after this date (places: articles published)."
    ),
    end: dt.date | None = Query(None, description="Events starting on or before this date."),
) -> LayerParams:
    """The filters of the ``/v1`` routes: an area, a date range and the attributes."""
    return dataclasses.replace(filters, bbox=bbox, start=start, end=end)


def ogc_params(
    filters: FiltersDep,
    datetime: str | None = Query(
        None, description="RFC 3339 instant or interval: 2018-06-10, 2018-06-08/2018-06-10, ../x"
    ),
) -> LayerParams:
    """The filters of the OGC routes: the dates as ``datetime`` (400 when unreadable)."""
    start, end = ogc.parse_datetime(datetime)
    return dataclasses.replace(filters, start=start, end=end)


LayerParamsDep = Annotated[LayerParams, Depends(layer_params)]
OgcParamsDep = Annotated[LayerParams, Depends(ogc_params)]
