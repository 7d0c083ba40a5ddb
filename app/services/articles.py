"""Stored articles: read, list, delete, and the one FeatureCollection of an article.

The API's article routes and the article map page come here; neither reads the store.
Who may change an article is the API's to say: ``delete_article`` takes it as a check of
the key that stored the article (``authorize(stored_by)``), which raises to refuse.
``ArticleRepository`` and ``StoredArticle`` are named here as what the services take and
give, so that the API declares its dependencies without importing ``app.store``.

>>> collection = article_collection(repo, "5b0c2f3e9a7d41c2")  # doctest: +SKIP
>>> collection["type"], collection["id"]                        # doctest: +SKIP
('FeatureCollection', '5b0c2f3e9a7d41c2')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pydantic import BaseModel

from app.core.errors import NotFound
from app.services.layers import decode_token
from app.store.base import ArticlePage, ArticleRepository, StoredArticle

__all__ = [
    "ArticleMeta",
    "ArticlePage",
    "ArticleRepository",
    "StoredArticle",
    "article_collection",
    "delete_article",
    "get_article",
    "list_articles",
]


class ArticleMeta(BaseModel):
    """What is known of a stored article besides its text and features: the foreign
    members of its FeatureCollection, and an entry of the article list."""

    id: str
    title: str | None
    url: str | None
    source: str | None
    published_at: dt.date | None
    date_basis: str | None = None
    """Where ``published_at`` came from: ``given``, ``metadata`` (the page's) or ``byline``."""
    ingested_at: dt.datetime
    processed_at: dt.datetime
    geoparser_version: str
    places: int
    events: int

    @classmethod
    def of(cls, article: StoredArticle) -> ArticleMeta:
        return cls(
            id=article.id,
            title=article.title,
            url=article.url,
            source=article.source,
            published_at=article.published_at,
            date_basis=article.meta.get("date_basis") if article.published_at else None,
            ingested_at=article.ingested_at,
            processed_at=article.processed_at,
            geoparser_version=article.geoparser_version,
            places=article.place_count,
            events=article.event_count,
        )


def get_article(repo: ArticleRepository, article_id: str) -> StoredArticle:
    """The stored article; NotFound for an unknown id."""
    article = repo.get_article(article_id)
    if article is None:
        raise NotFound(f"article {article_id!r} not found")
    return article


def list_articles(repo: ArticleRepository, limit: int, after: str | None) -> ArticlePage:
    """Newest first; ``after`` is the page token of a ``next`` link (BadQuery when it is
    not one)."""
    return repo.list_articles(limit, decode_token(after))


def delete_article(
    repo: ArticleRepository, article_id: str, authorize: Callable[[str | None], None]
) -> None:
    """Delete an article with its features, once ``authorize`` (given the id of the key
    that stored it) has not refused; NotFound for an unknown id."""
    article = get_article(repo, article_id)
    authorize(article.stored_by)
    if not repo.delete_article(article_id):
        raise NotFound(f"article {article_id!r} not found")


def article_collection(
    repo: ArticleRepository, article_id: str, links: list[dict] | None = None
) -> dict:
    """A stored article as a GeoJSON FeatureCollection: its metadata (``ArticleMeta``)
    and ``text`` as foreign members, its places and events as features (offsets refer to
    ``text``), the names it did not resolve, and ``links`` (the API's, when given)."""
    article = get_article(repo, article_id)
    return {
        "type": "FeatureCollection",
        **ArticleMeta.of(article).model_dump(mode="json"),
        "text": article.text,
        "features": repo.article_features(article_id),
        "unresolved": article.meta.get("unresolved", []),
        "links": links or [],
    }
