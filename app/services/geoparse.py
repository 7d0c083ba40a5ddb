"""Geoparse documents into GeoJSON FeatureCollections (the geoparse contract)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from app.core.deadline import check, deadline
from app.core.errors import GeoparseTimeout
from app.geometry.geojson import SIMPLIFY_TOLERANCE, label_point, to_geojson
from app.geoparse.pipeline import Geoparser
from app.geoparse.types import Document, ParseResult, Place
from app.services.derived_features import derived_features
from app.services.events import event_features


def place_feature(geoparser: Geoparser, place: Place, simplify: float | None) -> dict:
    check()
    entry = place.entry
    geometry = geoparser.gazetteer.geometry(entry)
    properties = {
        "kind": "place",
        "name": entry.name,
        "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in place.mentions],
        "gazetteer_id": entry.gid,
        "feature_type": entry.feature_type,
        "country_code": entry.country_code,
        "admin1": entry.admin1,
        "population": entry.population or None,
        "score": place.score,
        "role": place.role,
        "cues": sorted({m.cue for m in place.mentions if m.cue}),
        "geometry_precision": entry.geometry_precision,
        "geometry_source": entry.geometry_source,
    }
    if geometry.geom_type != "Point":
        properties["label_point"] = label_point(geometry)
    return {
        "type": "Feature",
        "id": entry.gid,
        "geometry": to_geojson(geometry, simplify),
        "properties": properties,
    }


FeatureBuilder = Callable[[Geoparser, ParseResult, float | None], list[dict]]
FEATURE_BUILDERS: list[FeatureBuilder] = [derived_features, event_features]
"""Builders of the features later stages add (derived areas, events), after the places.
A stage's module appends its builder here."""


def feature_collection(
    geoparser: Geoparser, result: ParseResult, source: Document, simplify: float | None
) -> dict:
    check()
    collection = {
        "type": "FeatureCollection",
        "id": result.doc_id,
        "features": [place_feature(geoparser, p, simplify) for p in result.places]
        + [f for build in FEATURE_BUILDERS for f in build(geoparser, result, simplify)],
        "unresolved": [
            {"text": u.text, "start": u.start, "end": u.end, "reason": u.reason}
            for u in result.unresolved
        ],
    }
    if source.title is not None:
        collection["title"] = source.title
    if source.published_at is not None:
        collection["published_at"] = source.published_at.isoformat()
    if source.is_html:
        collection["text"] = result.text  # offsets refer to the extracted text
    return collection


def geoparse_documents(
    geoparser: Geoparser,
    docs: Iterable[Document],
    full_geometry: bool = False,
    batch_size: int = 32,
) -> Iterator[dict]:
    """One FeatureCollection per document, in input order."""
    simplify = None if full_geometry else SIMPLIFY_TOLERANCE
    pending: list[Document] = []

    def remember(items: Iterable[Document]) -> Iterator[Document]:
        for doc in items:
            pending.append(doc)
            yield doc

    for result in geoparser.parse_many(remember(docs), batch_size=batch_size):
        source = pending.pop(0)
        yield feature_collection(geoparser, result, source, simplify)


def geoparse_within(
    geoparser: Geoparser,
    docs: Iterable[Document],
    seconds: float,
    full_geometry: bool = False,
    batch_size: int = 32,
) -> Iterator[tuple[Document, dict | GeoparseTimeout]]:
    """``(document, its FeatureCollection)`` in input order, or ``(document, the
    GeoparseTimeout)`` for a document that took longer than ``seconds``.

    Documents are geoparsed in batches (the statistical NER runs once per batch), so the
    time of one document cannot be told apart inside a batch. A batch therefore runs
    under one deadline of ``seconds``: the documents finished by then are kept, and the
    others are geoparsed again one at a time, each under its own deadline of ``seconds``.
    A document over the limit thus costs at most about twice ``seconds`` before it is
    skipped, and a document is only ever skipped for its own time. ``batch_size=1``: one
    deadline per document from the start.

    >>> [type(r).__name__ for _, r in geoparse_within(gp, docs, 5.0)]  # doctest: +SKIP
    ['dict', 'GeoparseTimeout', 'dict']
    """
    iterator = iter(docs)
    while batch := list(islice(iterator, batch_size)):
        done: list[dict] = []
        try:
            with deadline(seconds):
                for collection in geoparse_documents(geoparser, batch, full_geometry, len(batch)):
                    done.append(collection)
        except GeoparseTimeout as exc:
            if len(batch) == 1:
                yield batch[0], exc
                continue
        yield from zip(batch, done, strict=False)
        for doc in batch[len(done) :]:
            yield doc, _one_within(geoparser, doc, seconds, full_geometry)


def _one_within(
    geoparser: Geoparser, doc: Document, seconds: float, full_geometry: bool
) -> dict | GeoparseTimeout:
    try:
        with deadline(seconds):
            return next(geoparse_documents(geoparser, [doc], full_geometry, 1))
    except GeoparseTimeout as exc:
        return exc
