"""The article store contract: one repository protocol, two backends (SQLite, PostGIS).

Services talk to an :class:`ArticleRepository`; they never see SQL. Articles go in with the
FeatureCollection the geoparser produced for them; layers come out as GeoJSON features
with ``numberMatched`` and a keyset for the next page.

>>> repo = open_repository("sqlite:///tmp/geoevents.sqlite")   # doctest: +SKIP
>>> article_id, created = repo.add_article(new_article, collection)  # doctest: +SKIP
>>> page = repo.query_events(LayerFilter(start=date(2018, 6, 8)), limit=100)  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from app.geometry.cells import Cell, CellRange
from app.geometry.tiles import Tile

BBox = tuple[float, float, float, float]
"""minlon, minlat, maxlon, maxlat in EPSG:4326 (CRS84 axis order), min <= max."""
SOURCE_DATASETS = ("geoevents", "acled")
"""Where stored events come from: extracted by geoevents, or imported from an ACLED export."""


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article to store. ``body`` is what was submitted (text or HTML, ``body_format``);
    ``text`` is the text the feature offsets refer to (the extracted text for HTML)."""

    content_hash: str
    body: str
    body_format: str
    text: str
    geoparser_version: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: dt.date | None = None
    stored_by: str | None = None
    """The id of the API key that stored it (None without a key)."""


@dataclass(frozen=True, slots=True)
class StoredArticle:
    id: str
    content_hash: str
    title: str | None
    url: str | None
    source: str | None
    published_at: dt.date | None
    body: str
    body_format: str
    text: str
    ingested_at: dt.datetime
    processed_at: dt.datetime
    geoparser_version: str
    meta: dict
    place_count: int = 0
    event_count: int = 0
    stored_by: str | None = None


@dataclass(frozen=True, slots=True)
class ArticlePage:
    articles: list[StoredArticle]
    number_matched: int
    next_key: str | None


@dataclass(frozen=True, slots=True)
class LayerFilter:
    """Filters shared by the events and places layers (all optional, combined with AND).

    ``bboxes``: the feature's geometry intersects any of them (several boxes express one
    crossing the antimeridian). ``start``/``end``: the feature's date range overlaps
    [start, end] (events: the event dates; places: the article's publication date).
    ``event_types``/``countries``: any of the values. ``actor``: a case-insensitive part of
    an actor's name. For places, ``event_types`` and ``actor`` keep the places named by
    a matching event. ``source_dataset``: one of :data:`SOURCE_DATASETS` (places are all
    ``geoevents``).
    """

    bboxes: tuple[BBox, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    event_types: tuple[str, ...] = ()
    actor: str | None = None
    countries: tuple[str, ...] = ()
    article_id: str | None = None
    min_score: float | None = None
    source_dataset: str | None = None


@dataclass(frozen=True, slots=True)
class FeaturePage:
    """One page of a layer. ``number_matched`` is None when counting was off or over the
    configured cap; ``next_key`` is None on the last page."""

    features: list[dict]
    number_matched: int | None
    next_key: str | None = None


@dataclass(frozen=True, slots=True)
class Extent:
    bbox: BBox | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    count: int = 0
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TileContent:
    """One vector tile (Mapbox Vector Tile bytes, one layer) and how many features it
    holds; ``truncated`` when more features matched than the tile was allowed to carry."""

    data: bytes
    count: int
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class CellCounts:
    """The matching events of a cell range counted per cell (north to south, west to
    east) and per event type (``None``: no type); both add up to the same total."""

    cells: list[Cell]
    types: dict[str | None, int]


class ArticleRepository(Protocol):
    """What the services need from a store. Every write is one transaction."""

    backend: str
    """``sqlite`` or ``postgis``."""

    def add_article(self, article: NewArticle, collection: dict) -> tuple[str, bool]:
        """Store the article and the features of its collection: ``(id, True)``; or
        ``(id, False)`` without changes when an article with the same content hash exists."""
        ...

    def find_by_hash(self, content_hash: str) -> str | None: ...

    def replace_features(
        self,
        article_id: str,
        collection: dict,
        text: str,
        geoparser_version: str,
        fields: dict | None = None,
    ) -> None:
        """Swap the article's features for a new collection (re-processing); the id stays.
        ``fields``: article columns to change in the same transaction (``title``, ``url``,
        ``source``, ``published_at``: a correction of its metadata)."""
        ...

    def get_article(self, article_id: str) -> StoredArticle | None: ...

    def article_features(self, article_id: str) -> list[dict]:
        """The article's features as GeoJSON, in the order they were stored."""
        ...

    def list_articles(self, limit: int, after: str | None = None) -> ArticlePage:
        """Newest first."""
        ...

    def iter_articles(self, outdated_for: str | None = None) -> Iterator[StoredArticle]:
        """Every article (oldest first), or those processed by another geoparser version."""
        ...

    def delete_article(self, article_id: str) -> bool: ...

    def query_events(
        self,
        filters: LayerFilter,
        limit: int,
        after: str | None = None,
        offset: int = 0,
        count: bool = True,
    ) -> FeaturePage: ...

    def query_places(
        self,
        filters: LayerFilter,
        limit: int,
        after: str | None = None,
        offset: int = 0,
        count: bool = True,
    ) -> FeaturePage:
        """One feature per gazetteer place, aggregated over the matching mentions."""
        ...

    def get_event(self, item_id: str) -> dict | None: ...

    def get_place(self, gazetteer_id: str) -> dict | None: ...

    def extent(self, kind: str, source_dataset: str | None = None) -> Extent:
        """Bounds, dates and count of the ``event`` or ``place`` features (of one source)."""
        ...

    def revision(self) -> str:
        """An opaque value that changes whenever the stored content changes (every
        committed add, re-process or delete of an article, and ``add_features``)."""
        ...

    def tile(self, layer: str, filters: LayerFilter, tile: Tile, limit: int) -> TileContent:
        """The ``events`` or ``places`` features of the layer that intersect the tile
        (``filters.bboxes`` is replaced by the tile's), as a vector tile of one layer
        named after ``layer``, with at most ``limit`` features in the layer's order."""
        ...

    def aggregate_events(self, filters: LayerFilter, cells: CellRange) -> list[Cell]:
        """The matching events counted per cell of ``cells`` (the area: ``filters.bboxes``
        is ignored), computed in the database: count, fatalities, the most frequent
        event type and the mean position of each cell that holds any; the counts add
        up to the number of matching events with a geometry in the range."""
        ...

    def count_cells(self, filters: LayerFilter, cells: CellRange) -> CellCounts:
        """What ``aggregate_events`` counts, and the same events counted per event type
        (``None``: no type), from one pass over them in the database: the type counts
        add up to the sum of the cells' counts."""
        ...

    def import_events(self, dataset: str, features: list[dict]) -> int:
        """Store the event features of an imported ``dataset`` (``acled``) in one
        transaction, replacing stored events of that dataset with the same ids; returns
        how many were replaced. They belong to the dataset's container article (id
        ``dataset``), made on the first import."""
        ...

    def add_features(self, article_id: str, features: list[dict]) -> int:
        """Append features to a stored article (bulk loading, benchmarks)."""
        ...

    def ping(self) -> None:
        """A round trip to the database; StoreUnavailable when it cannot be reached."""
        ...

    def close(self) -> None: ...
