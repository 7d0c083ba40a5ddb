"""GET /v1/events.csv: the stored events in ACLED's column layout."""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.api.deps import SettingsDep, StoreDep
from app.api.params import LayerParamsDep
from app.services.events import acled_export
from app.services.layers import build_filter, iter_features

router = APIRouter(prefix="/v1", tags=["events"])

CSV = "text/csv; charset=utf-8"


@router.get(
    "/events.csv",
    summary="Stored events as ACLED-style CSV",
    response_class=Response,
    responses={200: {"content": {CSV: {}}}},
)
def events_csv(
    store: StoreDep,
    settings: SettingsDep,
    params: LayerParamsDep,
    limit: int | None = Query(None, ge=1, description="Default and maximum: the server's cap."),
) -> Response:
    """One row per matching event with ACLED's columns (event_date, event_type,
    sub_event_type, actor1, actor2, country, admin1, location, latitude, longitude,
    geo_precision, source, notes, fatalities); the filters of ``/v1/layers/events``. At
    most ``GEOEVENTS_MAX_DOWNLOAD_FEATURES`` rows; ``Geoevents-Truncated`` says when more
    matched."""
    filters = build_filter(params, store)
    cap = min(limit or settings.max_download_features, settings.max_download_features)
    features = list(iter_features(store, "events", filters, cap + 1))
    headers = {"Content-Disposition": 'attachment; filename="geoevents-events-acled.csv"'}
    if len(features) > cap:
        headers["Geoevents-Truncated"] = f"more than {cap} events matched"
    data = acled_export([{"features": features[:cap]}])
    return Response(data.encode("utf-8"), media_type=CSV, headers=headers)
