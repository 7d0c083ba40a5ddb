"""POST /v1/geoparse: a document in, a GeoJSON FeatureCollection of its places out."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from app.api.access import run_with_timeout
from app.api.body import read_json
from app.api.deps import GeoparserDep, SettingsDep
from app.geoparse.types import check_size
from app.services.documents import DocumentIn, parse_document
from app.services.geoparse import geoparse_documents

router = APIRouter(prefix="/v1", tags=["geoparse"])

_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": DocumentIn.model_json_schema()}},
    }
}


@router.post(
    "/geoparse",
    summary="Geoparse a document",
    openapi_extra=_BODY,
    responses={200: {"content": {"application/geo+json": {}}}},
)
async def geoparse(
    request: Request,
    geoparser: GeoparserDep,
    settings: SettingsDep,
    full_geometry: bool = Query(False, description="Do not simplify lines and polygons."),
) -> JSONResponse:
    """Places of a document as a GeoJSON FeatureCollection: one feature per place with its
    mentions (character offsets), and the names that could not be resolved under
    ``unresolved``. A document without text is 422."""
    doc = check_size(
        parse_document(await read_json(request, settings.max_request_bytes)),
        settings.max_text_chars,
    )
    collection = await run_with_timeout(
        lambda: next(geoparse_documents(geoparser, [doc], full_geometry)),
        settings.geoparse_timeout,
        "geoparsing the document",
    )
    return JSONResponse(collection, media_type="application/geo+json")
