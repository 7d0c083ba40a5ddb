"""Articles: ingest (geoparse + store), list, read with their features, delete."""

from __future__ import annotations

import dataclasses
import datetime as dt

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from app.api.access import WriteAccess, current_key, require_delete, run_with_timeout
from app.api.body import read_body, read_json
from app.api.deps import GeoparserDep, SettingsDep, StoreDep
from app.api.urls import public_base, public_url
from app.services import articles
from app.services.articles import ArticleMeta, StoredArticle
from app.services.ingest import (
    ArticleIn,
    ArticlePatch,
    IngestResult,
    article_input,
    correct_article,
    decode_body,
    html_title,
    ingest,
    patch_input,
)
from app.services.layers import encode_token, url_with

router = APIRouter(prefix="/v1", tags=["articles"])

_RAW_TYPES = {"text/html": True, "application/xhtml+xml": True, "text/plain": False}
_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ArticleIn.model_json_schema()},
            "text/html": {"schema": {"type": "string"}},
            "text/plain": {"schema": {"type": "string"}},
        },
    }
}


class Link(BaseModel):
    href: str
    rel: str
    type: str


class StageWarningOut(BaseModel):
    stage: str
    detail: str


class IngestResponse(BaseModel):
    id: str
    status: str
    created: bool
    places: int
    events: int
    links: list[Link]
    warnings: list[StageWarningOut] | None = None
    """With status ``not_stored``: the stages that failed on the article (only whole
    results are stored)."""
    collection: dict | None = None
    """With status ``not_stored``: what the other stages found (the geoparse output)."""


class ArticleSummary(ArticleMeta):
    links: list[Link]


class ArticleList(BaseModel):
    articles: list[ArticleSummary]
    numberMatched: int
    numberReturned: int
    links: list[Link]


def _article_links(request: Request, article_id: str) -> list[Link]:
    base = public_base(request)
    return [
        Link(href=f"{base}/v1/articles/{article_id}", rel="self", type="application/geo+json"),
        Link(
            href=f"{base}/v1/layers/events?article_id={article_id}",
            rel="events",
            type="application/geo+json",
        ),
        Link(
            href=f"{base}/v1/layers/places?article_id={article_id}",
            rel="places",
            type="application/geo+json",
        ),
    ]


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None


@router.post(
    "/articles",
    summary="Ingest an article",
    status_code=201,
    openapi_extra=_BODY,
    dependencies=[WriteAccess],
    response_model=IngestResponse,
    responses={
        200: {
            "model": IngestResponse,
            "description": "Already stored (same content), or not stored: a stage failed",
        }
    },
)
async def create_article(
    request: Request,
    store: StoreDep,
    geoparser: GeoparserDep,
    settings: SettingsDep,
    title: str | None = Query(None, max_length=2000, description="For text/html bodies."),
    url: str | None = Query(None, max_length=4000, description="For text/html bodies."),
    source: str | None = Query(None, max_length=500, description="For text/html bodies."),
    published_at: dt.date | None = Query(None, description="For text/html bodies."),
) -> JSONResponse:
    """Geoparse an article and store it with its places and events, in one transaction.

    JSON ``{text | html, title, url, published_at, source}``, or the page itself as
    ``text/html`` (decoded by its declared charset; 415 when it does not decode) or
    ``text/plain`` with the metadata as query parameters. 201 when stored, 200 with
    ``"status": "existing"`` when the same content was stored before (nothing changes).
    Only whole results are stored: when a stage failed on the article (events, derived
    places), 200 with ``"status": "not_stored"``, ``warnings`` naming the stage, and the
    ``collection`` of what the other stages found.
    """
    content_type = request.headers.get("content-type", "")
    media_type = content_type.split(";")[0].strip().lower()
    if media_type in _RAW_TYPES:
        is_html = _RAW_TYPES[media_type]
        raw = await read_body(request, settings.max_request_bytes)
        body = decode_body(raw, _charset(content_type), is_html)
        fields = {
            "html" if is_html else "text": body,
            "title": title or (html_title(body) if is_html else None),
            "url": url,
            "source": source,
            "published_at": published_at,
        }
        item = article_input(fields, settings.max_text_chars)
    else:
        obj = await read_json(request, settings.max_request_bytes)
        item = article_input(obj, settings.max_text_chars)
    key = current_key(request)
    if key is not None:  # recorded on the article: that key may delete it
        item = dataclasses.replace(item, stored_by=key.id)
    result: IngestResult = await run_with_timeout(
        lambda: ingest(store, geoparser, item), settings.geoparse_timeout, "ingesting the article"
    )
    if not result.stored:
        payload = IngestResponse(
            id=result.article_id,
            status=result.status,
            created=False,
            places=result.places,
            events=result.events,
            links=[],
            warnings=[StageWarningOut(stage=w.stage, detail=w.detail) for w in result.warnings],
            collection=result.collection,
        )
        return JSONResponse(payload.model_dump(exclude_none=True), status_code=200)
    links = _article_links(request, result.article_id)
    payload = IngestResponse(
        id=result.article_id,
        status=result.status,
        created=result.created,
        places=result.places,
        events=result.events,
        links=links,
    )
    return JSONResponse(
        payload.model_dump(exclude_none=True),
        status_code=201 if result.created else 200,
        headers={"Location": links[0].href},
    )


def _summary(request: Request, article: StoredArticle) -> ArticleSummary:
    meta = ArticleMeta.of(article).model_dump()
    return ArticleSummary(**meta, links=_article_links(request, article.id))


@router.get("/articles", summary="List stored articles", response_model=ArticleList)
def list_articles(
    request: Request,
    store: StoreDep,
    limit: int = Query(100, ge=1, le=1000),
    after: str | None = Query(None, description="Page token from a `next` link."),
) -> ArticleList:
    """Newest first, paged with ``next`` links."""
    page = articles.list_articles(store, limit, after)
    url = public_url(request)
    params = list(request.query_params.multi_items())
    links = [Link(href=url_with(url, params), rel="self", type="application/json")]
    if page.next_key is not None:
        next_href = url_with(url, params, after=encode_token(page.next_key))
        links.append(Link(href=next_href, rel="next", type="application/json"))
    return ArticleList(
        articles=[_summary(request, a) for a in page.articles],
        numberMatched=page.number_matched,
        numberReturned=len(page.articles),
        links=links,
    )


@router.get(
    "/articles/{article_id}",
    summary="An article with its FeatureCollection",
    responses={200: {"content": {"application/geo+json": {}}}},
)
def get_article(request: Request, article_id: str, store: StoreDep) -> JSONResponse:
    """The stored article as a GeoJSON FeatureCollection: its metadata and text as foreign
    members, its places and events as features (offsets refer to ``text``)."""
    links = [link.model_dump() for link in _article_links(request, article_id)]
    collection = articles.article_collection(store, article_id, links)
    return JSONResponse(collection, media_type="application/geo+json")


@router.delete(
    "/articles/{article_id}",
    summary="Delete an article with its places and events",
    status_code=204,
    dependencies=[WriteAccess],
)
def delete_article(request: Request, article_id: str, store: StoreDep) -> Response:
    """Needs an ``admin`` key or the key that stored the article (403 otherwise)."""
    articles.delete_article(store, article_id, lambda owner: require_delete(request, owner))
    return Response(status_code=204)


@router.patch(
    "/articles/{article_id}",
    summary="Correct an article's metadata",
    dependencies=[WriteAccess],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ArticlePatch.model_json_schema()}},
        }
    },
    responses={200: {"content": {"application/geo+json": {}}}},
)
async def patch_article(
    request: Request,
    article_id: str,
    store: StoreDep,
    geoparser: GeoparserDep,
    settings: SettingsDep,
) -> JSONResponse:
    """Change ``title``, ``url``, ``source`` or ``published_at`` (JSON, only the fields
    given; ``"published_at": null`` goes back to the date the article states). The article
    is geoparsed again with them, so its events are re-dated; the id stays. Needs an
    ``admin`` key or the key that stored it. Answers the article as ``GET`` does."""
    fields = patch_input(await read_json(request, settings.max_request_bytes))
    article = articles.get_article(store, article_id)
    require_delete(request, article.stored_by, "correcting")
    await run_with_timeout(
        lambda: correct_article(store, geoparser, article_id, fields),
        settings.geoparse_timeout,
        "geoparsing the article again",
    )
    return get_article(request, article_id, store)
