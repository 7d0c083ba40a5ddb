"""Ingestion: geoparse an article, then store it with its features in one transaction.

Idempotent by content: the SHA-256 of the submitted body (line endings and trailing
spaces normalised) identifies an article, and its first 16 hex digits are the article id,
so the same text ingested twice, or on another machine, gives the same id. An article
that is already stored is not geoparsed again. ``reprocess`` re-geoparses stored articles
(after a gazetteer or model upgrade) and swaps their features; ids stay.

>>> item = article_input({"text": "Clashes in Homs."}, max_chars=200_000)  # doctest: +SKIP
>>> [(r.article_id, r.created) for r in ingest_many(repo, [item], load)]  # doctest: +SKIP
[('5b0c2f3e9a7d41c2', True)]
"""

from __future__ import annotations

import codecs
import contextvars
import datetime as dt
import hashlib
import math
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from itertools import islice

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app import __version__
from app.core.deadline import check
from app.core.errors import (
    GeoeventsError,
    GeoparseFailed,
    InvalidInput,
    NotFound,
    UnsupportedMediaType,
)
from app.geoparse.pipeline import Geoparser
from app.geoparse.published import GIVEN
from app.geoparse.types import Document, StageWarning, check_size
from app.services.documents import DocumentIn, describe
from app.services.geoparse import geoparse_documents, geoparse_within, warnings_of
from app.store.base import ArticleRepository, NewArticle


class ArticleIn(DocumentIn):
    """An article: the geoparse document plus where it comes from."""

    url: str | None = Field(default=None, max_length=4000)
    source: str | None = Field(default=None, max_length=500)


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """A validated article, ready to ingest. ``label`` names it in messages
    (``file.txt``, ``line 3``)."""

    document: Document
    url: str | None
    source: str | None
    content_hash: str
    label: str = ""
    stored_by: str | None = None
    """The id of the API key that sends it (recorded on the article)."""


@dataclass(frozen=True, slots=True)
class IngestResult:
    """``warnings``: the stages that failed on the article, which was then not stored
    (only whole results are); ``collection`` is what the other stages found."""

    article_id: str
    created: bool
    places: int = 0
    events: int = 0
    label: str = ""
    warnings: tuple[StageWarning, ...] = ()
    collection: dict | None = None

    @property
    def stored(self) -> bool:
        return not self.warnings

    @property
    def status(self) -> str:
        if not self.stored:
            return "not_stored"
        return "created" if self.created else "existing"


def content_hash(body: str, is_html: bool) -> str:
    """SHA-256 of the body with line endings and trailing spaces normalised."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")
    normalized = "\n".join(line.rstrip() for line in lines)
    prefix = "html\n" if is_html else "text\n"
    return hashlib.sha256((prefix + normalized).encode("utf-8")).hexdigest()


def article_input(obj: object, max_chars: int, label: str = "") -> ArticleInput:
    """Validate a decoded JSON value as an article, or raise InvalidInput/TextTooLarge."""
    if not isinstance(obj, dict):
        raise InvalidInput("an article must be a JSON object")
    try:
        article = ArticleIn.model_validate(obj)
    except ValidationError as exc:
        raise InvalidInput(describe(exc)) from exc
    return make_input(article, max_chars, label)


def make_input(article: ArticleIn, max_chars: int, label: str = "") -> ArticleInput:
    document = check_size(article.to_document(label or "article"), max_chars)
    fields = {"text": document.text, "title": document.title, "url": article.url}
    fields["source"] = article.source
    for name, value in fields.items():
        if value and "\x00" in value:  # no store holds it (PostgreSQL cannot), none has it
            raise InvalidInput(f"the article's {name} contains a NUL character (U+0000)")
    if not document.text.strip():
        raise InvalidInput("the article has no text")
    return ArticleInput(
        document=document,
        url=article.url,
        source=article.source,
        content_hash=content_hash(document.text, document.is_html),
        label=label,
    )


# -- HTML and text bodies ------------------------------------------------------------------
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` near its start."""
    match = _META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii") if match else None


class BodyNotDecoded(ValueError):
    """Bytes that do not decode: ``charset`` as tried, ``how`` it was chosen ("given",
    "declared" by the page or "assumed"), ``position`` the first bad byte (None for an
    unknown charset)."""

    def __init__(self, charset: str, how: str, position: int | None) -> None:
        super().__init__(charset, how, position)
        self.charset, self.how, self.position = charset, how, position


def decode_bytes(data: bytes, charset: str | None = None, is_html: bool = True) -> str:
    """Text of an HTML (or plain-text) body: by the given charset, else a byte-order mark,
    else the page's ``<meta charset>``, else UTF-8. Raises BodyNotDecoded."""
    how = "given"
    if data.startswith(codecs.BOM_UTF8):
        charset, data = charset or "utf-8", data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        charset = charset or "utf-16"
    if charset is None and is_html:
        charset, how = declared_charset(data), "declared"
    if charset is None:
        charset, how = "utf-8", "assumed"
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        raise BodyNotDecoded(charset, how, None) from None
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise BodyNotDecoded(charset, how, exc.start) from None


def decode_body(data: bytes, charset: str | None = None, is_html: bool = True) -> str:
    """:func:`decode_bytes` for an HTTP body (``charset`` from its Content-Type).

    Raises UnsupportedMediaType (415) for an unknown charset or bytes that do not decode.
    """
    try:
        return decode_bytes(data, charset, is_html)
    except BodyNotDecoded as exc:
        if exc.position is None:
            raise UnsupportedMediaType(f"unknown charset {exc.charset!r}") from None
        how = "declared" if exc.how == "given" else exc.how
        raise UnsupportedMediaType(
            f"the body is not valid {exc.charset} ({how} charset) at byte {exc.position}; "
            "send UTF-8 or declare the charset (Content-Type or <meta charset>)"
        ) from None


def html_title(html: str) -> str | None:
    match = _TITLE.search(html[:20000])
    if not match:
        return None
    import html as html_lib

    title = " ".join(html_lib.unescape(match.group(1)).split())
    return title[:2000] or None


# -- ingestion -------------------------------------------------------------------------------
def geoparser_version(geoparser: Geoparser) -> str:
    """What produced an article's features: code, gazetteer index and model versions."""
    meta = geoparser.gazetteer.db.meta
    nlp = getattr(geoparser.nlp, "meta", {}) or {}
    return (
        f"geoevents {__version__}; gazetteer v{meta.get('index_version', '?')} "
        f"built {meta.get('built_at', '?')}; model {nlp.get('name', '?')} {nlp.get('version', '')}"
    ).strip()


def _counts(collection: dict) -> tuple[int, int]:
    kinds = [(f.get("properties") or {}).get("kind", "place") for f in collection["features"]]
    return kinds.count("place"), kinds.count("event")


def _new_article(item: ArticleInput, collection: dict, version: str) -> NewArticle:
    doc = item.document
    return NewArticle(
        content_hash=item.content_hash,
        body=doc.text,
        body_format="html" if doc.is_html else "text",
        text=collection.get("text", doc.text) if doc.is_html else doc.text,
        geoparser_version=version,
        title=doc.title,
        url=item.url,
        source=item.source,
        published_at=doc.published_at or _published(collection),
        stored_by=item.stored_by,
    )


def _published(collection: dict) -> dt.date | None:
    """The publication date the geoparser found in the document (``date_basis``)."""
    value = collection.get("published_at")
    return dt.date.fromisoformat(value) if value else None


def article_id(content_hash: str) -> str:
    """The id an article with this content hash has (or gets) in the store."""
    return content_hash[:16]


def store(
    repo: ArticleRepository, item: ArticleInput, collection: dict, version: str
) -> IngestResult:
    """Store one geoparsed article (one transaction)."""
    article_id, created = repo.add_article(_new_article(item, collection, version), collection)
    places, events = _counts(collection)
    return IngestResult(article_id, created, places, events, item.label)


def ingest_many(
    repo: ArticleRepository,
    items: Iterable[ArticleInput],
    geoparser: Callable[[], Geoparser],
    batch_size: int = 32,
    *,
    timeout: float | None = None,
    skipped: Callable[[ArticleInput, GeoeventsError], None] | None = None,
    background: bool = True,
) -> Iterator[IngestResult]:
    """Results in input order. ``geoparser`` is called (once) only when some article is
    new, so re-ingesting stored articles does not load the model.

    ``timeout``: seconds each article may take to geoparse (the deadline applies per
    batch, then per article: ``app.services.geoparse.geoparse_within``). An article over
    it, or one that fails to geoparse, is not stored and has no result; it goes to
    ``skipped`` (its GeoparseTimeout or GeoparseFailed is raised without one). Only whole
    results are stored: an article one of whose stages failed (its collection has
    ``warnings``) is not stored either; it goes to ``skipped`` as GeoparseFailed, or
    without one, has a result with status ``not_stored``, the warnings and the collection.
    The other articles are never affected.

    ``background``: a batch is stored by a writer thread while the next one is geoparsed
    (the database's waits overlap the geoparser's work); results still come in input
    order, and an error in either stops the run after the batch being stored is done.
    """
    iterator = iter(items)
    loaded: list[Geoparser] = []
    pending: Future[list[IngestResult]] | None = None
    with ThreadPoolExecutor(1, "ingest-writer") if background else nullcontext() as writer:
        while batch := list(islice(iterator, batch_size)):
            try:
                known, todo = _known(repo, batch)
                parsed = _geoparse(loaded, geoparser, batch, todo, batch_size, timeout)
            except BaseException:
                if pending is not None:
                    yield from pending.result()  # stored already: report it, then fail
                raise
            if pending is not None:
                yield from pending.result()
                pending = None
            args = (repo, batch, known, todo, parsed, skipped)
            if writer is None:
                yield from _store_batch(*args)
            else:
                pending = writer.submit(contextvars.copy_context().run, _store_batch, *args)
        if pending is not None:
            yield from pending.result()


def _known(
    repo: ArticleRepository, batch: list[ArticleInput]
) -> tuple[dict[int, IngestResult], dict[str, list[int]]]:
    """Results of the stored articles of a batch, and the positions of the others by
    content hash (a text repeated within the batch is geoparsed once)."""
    results: dict[int, IngestResult] = {}
    todo: dict[str, list[int]] = {}
    for i, item in enumerate(batch):
        known = _stored_result(repo, item)
        if known is not None:
            results[i] = known
        else:
            todo.setdefault(item.content_hash, []).append(i)
    return results, todo


def _stored_result(repo: ArticleRepository, item: ArticleInput) -> IngestResult | None:
    """The result (``existing``) of an article whose content is stored already, else None."""
    existing = repo.find_by_hash(item.content_hash)
    stored = repo.get_article(existing) if existing is not None else None
    if stored is None:
        return None
    return IngestResult(stored.id, False, stored.place_count, stored.event_count, item.label)


def _not_stored(
    item: ArticleInput, collection: dict, warnings: tuple[StageWarning, ...], label: str
) -> IngestResult:
    """The result (``not_stored``) of an article some stage failed on."""
    places, events = _counts(collection)
    return IngestResult(
        article_id(item.content_hash), False, places, events, label, warnings, collection
    )


def _geoparse(
    loaded: list[Geoparser],
    geoparser: Callable[[], Geoparser],
    batch: list[ArticleInput],
    todo: dict[str, list[int]],
    batch_size: int,
    timeout: float | None,
) -> list[tuple[ArticleInput, dict | GeoeventsError, str]]:
    """(article, collection or its failure, geoparser version) of each new text: one
    article's failure (or timeout) is its own, the others are geoparsed."""
    if not todo:
        return []
    if not loaded:
        loaded.append(geoparser())
    parser = loaded[0]
    version = geoparser_version(parser)
    first = [batch[indexes[0]] for indexes in todo.values()]
    docs = [item.document for item in first]
    seconds = math.inf if timeout is None else timeout
    within = geoparse_within(parser, docs, seconds, batch_size=batch_size)
    collections = (outcome for _, outcome in within)
    return [(item, c, version) for item, c in zip(first, collections, strict=True)]


def _store_batch(
    repo: ArticleRepository,
    batch: list[ArticleInput],
    results: dict[int, IngestResult],
    todo: dict[str, list[int]],
    parsed: list[tuple[ArticleInput, dict | GeoeventsError, str]],
    skipped: Callable[[ArticleInput, GeoeventsError], None] | None,
) -> list[IngestResult]:
    """Store the geoparsed articles of a batch (one transaction each); the batch's
    results in input order."""
    for item, collection, version in parsed:
        failure = collection if isinstance(collection, GeoeventsError) else None
        warnings = () if failure is not None else tuple(warnings_of(collection))
        if warnings:
            stages = ", ".join(w.detail for w in warnings)
            failure = GeoparseFailed(f"{stages}; only whole articles are stored")
        if failure is not None:
            if skipped is not None:
                for i in todo[item.content_hash]:
                    skipped(batch[i], failure)
                continue
            if not warnings:
                raise failure
            for i in todo[item.content_hash]:
                results[i] = _not_stored(item, collection, warnings, batch[i].label)
            continue
        check()  # a request answered 408 meanwhile stores nothing
        result = store(repo, item, collection, version)
        for n, i in enumerate(todo[item.content_hash]):
            created = result.created and n == 0  # a repeat within the batch exists
            results[i] = IngestResult(
                result.article_id, created, result.places, result.events, batch[i].label
            )
    return [results[i] for i in range(len(batch)) if i in results]


def ingest(repo: ArticleRepository, geoparser: Geoparser, item: ArticleInput) -> IngestResult:
    """One article (``POST /v1/articles``), in the calling thread and under its deadline:
    what ``ingest_many`` does for a batch of one, without the batches and the writer.

    Stored already (same content hash): ``existing``, without geoparsing. A geoparsing
    that fails or passes the deadline raises (GeoparseFailed, GeoparseTimeout). A stage
    that fails: ``not_stored``, with the warnings and what the other stages found.
    Otherwise the article is stored with its features in one transaction, unless the
    deadline passed meanwhile.
    """
    known = _stored_result(repo, item)
    if known is not None:
        return known
    version = geoparser_version(geoparser)
    _, outcome = next(geoparse_within(geoparser, [item.document], math.inf, batch_size=1))
    if isinstance(outcome, GeoeventsError):
        raise outcome
    warnings = tuple(warnings_of(outcome))
    if warnings:
        return _not_stored(item, outcome, warnings, item.label)
    check()  # a request answered 408 meanwhile stores nothing
    return store(repo, item, outcome, version)


@dataclass(frozen=True, slots=True)
class ReprocessResult:
    article_id: str
    places: int
    events: int


def reprocess(
    repo: ArticleRepository,
    geoparser: Geoparser,
    everything: bool = False,
    batch_size: int = 32,
) -> Iterator[ReprocessResult]:
    """Re-geoparse the articles processed by another geoparser version (or all of them)
    and replace their features, one transaction per article; ids stay."""
    version = geoparser_version(geoparser)
    articles = iter(repo.iter_articles(None if everything else version))
    while batch := list(islice(articles, batch_size)):
        docs = [
            Document(
                id=a.id,
                text=a.body,
                published_at=a.published_at,
                title=a.title,
                is_html=a.body_format == "html",
                date_basis=a.meta.get("date_basis") if a.published_at else None,
            )
            for a in batch
        ]
        collections = geoparse_documents(geoparser, docs, batch_size=batch_size)
        for article, collection in zip(batch, collections, strict=True):
            text = collection.get("text", article.body) if article.body_format == "html" else None
            repo.replace_features(article.id, collection, text or article.body, version)
            places, events = _counts(collection)
            yield ReprocessResult(article.id, places, events)


class ArticlePatch(BaseModel):
    """A correction of a stored article's metadata: only the fields given change; a
    ``published_at`` of null goes back to the date the article states, if any."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, max_length=2000)
    url: str | None = Field(default=None, max_length=4000)
    source: str | None = Field(default=None, max_length=500)
    published_at: dt.date | None = Field(default=None, description="YYYY-MM-DD")


def patch_input(obj: object) -> dict:
    """The fields a JSON PATCH body sets, validated; InvalidInput otherwise."""
    if not isinstance(obj, dict):
        raise InvalidInput("a correction must be a JSON object")
    try:
        patch = ArticlePatch.model_validate(obj)
    except ValidationError as exc:
        raise InvalidInput(describe(exc)) from exc
    fields = patch.model_dump(exclude_unset=True)
    for name, value in fields.items():
        if isinstance(value, str) and "\x00" in value:
            raise InvalidInput(f"the article's {name} contains a NUL character (U+0000)")
    return fields


def correct_article(
    repo: ArticleRepository, geoparser: Geoparser, article_id: str, fields: dict
) -> ReprocessResult:
    """Change an article's metadata and geoparse it again with it, so that its events are
    dated from the corrected publication date; one transaction, the id stays. NotFound
    for an unknown id; GeoparseFailed (nothing changes) when a stage fails on it."""
    article = repo.get_article(article_id)
    if article is None:
        raise NotFound(f"article {article_id!r} not found")
    if "published_at" in fields:
        published = fields["published_at"]
        basis = GIVEN if published else None
    else:
        published = article.published_at
        basis = article.meta.get("date_basis") if published else None
    doc = Document(
        id=article.id,
        text=article.body,
        published_at=published,
        title=fields.get("title", article.title),
        is_html=article.body_format == "html",
        date_basis=basis,
    )
    collection = next(geoparse_documents(geoparser, [doc]))
    if collection.get("warnings"):
        stages = ", ".join(w["stage"] for w in collection["warnings"])
        raise GeoparseFailed(f"the {stages} stage failed on the article; nothing changed")
    html = article.body_format == "html"
    text = collection.get("text", article.text) if html else article.body
    changes = {**fields, "published_at": _published(collection)}
    repo.replace_features(article.id, collection, text, geoparser_version(geoparser), changes)
    places, events = _counts(collection)
    return ReprocessResult(article.id, places, events)
