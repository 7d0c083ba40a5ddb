"""Geoparse documents into GeoJSON FeatureCollections (the geoparse contract)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from app.core.deadline import check, deadline
from app.core.errors import GeoeventsError, GeoparseFailed, GeoparseTimeout
from app.geometry.geojson import SIMPLIFY_TOLERANCE, label_point, to_geojson
from app.geoparse.pipeline import Geoparser, stage_warning
from app.geoparse.types import Document, ParseResult, Place, StageWarning
from app.services.derived_features import derived_features
from app.services.events import event_features

log = logging.getLogger(__name__)


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
        properties["label_point"] = label_point(geometry, (entry.lon, entry.lat))
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
BUILDER_STAGES = {derived_features: "derived", event_features: "events"}
"""The stage whose results a builder turns into features (named in warnings)."""


def feature_collection(
    geoparser: Geoparser, result: ParseResult, source: Document, simplify: float | None
) -> dict:
    """The geoparse contract's FeatureCollection of a result. A builder that raises costs
    only its own features; like a stage that failed, it is named under ``warnings``
    (``[{"stage", "detail"}]``, present only when something failed)."""
    check()
    features = [place_feature(geoparser, p, simplify) for p in result.places]
    warnings = list(result.warnings)
    failed = {w.stage for w in warnings}
    for build in FEATURE_BUILDERS:
        stage = BUILDER_STAGES.get(build, getattr(build, "__name__", "features"))
        if stage in failed:
            continue
        try:
            features += build(geoparser, result, simplify)
        except GeoparseTimeout:
            raise
        except Exception as exc:  # noqa: BLE001 - one builder's failure costs only its features
            warnings.append(stage_warning(stage, result.doc_id, exc))
    collection: dict = {
        "type": "FeatureCollection",
        "id": result.doc_id,
        "features": features,
        "unresolved": [
            {"text": u.text, "start": u.start, "end": u.end, "reason": u.reason}
            for u in result.unresolved
        ],
    }
    if warnings:
        collection["warnings"] = [{"stage": w.stage, "detail": w.detail} for w in warnings]
    if source.title is not None:
        collection["title"] = source.title
    if source.source is not None:
        collection["source"] = source.source
    published = result.published_at or source.published_at
    if published is not None:
        collection["published_at"] = published.isoformat()
        collection["date_basis"] = result.date_basis or "given"
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


def warnings_of(collection: dict) -> list[StageWarning]:
    """The stages that failed on a FeatureCollection's document."""
    return [StageWarning(w["stage"], w["detail"]) for w in collection.get("warnings") or ()]


def geoparse_within(
    geoparser: Geoparser,
    docs: Iterable[Document],
    seconds: float,
    full_geometry: bool = False,
    batch_size: int = 32,
) -> Iterator[tuple[Document, dict | GeoeventsError]]:
    """``(document, its FeatureCollection)`` in input order, or ``(document, the
    GeoparseTimeout)`` for a document that took longer than ``seconds``, or ``(document,
    GeoparseFailed)`` for one that could not be geoparsed at all (a stage that fails
    only adds ``warnings`` to the collection).

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
        except Exception as exc:  # noqa: BLE001 - the unfinished documents go one at a time
            if len(batch) == 1:
                yield batch[0], _failure(batch[0], exc)
                continue
        yield from zip(batch, done, strict=False)
        for doc in batch[len(done) :]:
            yield doc, _one_within(geoparser, doc, seconds, full_geometry)


def _one_within(
    geoparser: Geoparser, doc: Document, seconds: float, full_geometry: bool
) -> dict | GeoeventsError:
    try:
        with deadline(seconds):
            return next(geoparse_documents(geoparser, [doc], full_geometry, 1))
    except Exception as exc:  # noqa: BLE001 - reported for this document only
        return _failure(doc, exc)


def _failure(doc: Document, exc: Exception) -> GeoeventsError:
    """What a document's own failure is reported as: a timeout or another domain error as
    it is, anything else as GeoparseFailed (logged with its traceback)."""
    if isinstance(exc, GeoeventsError):
        return exc
    log.error("geoparsing document %r failed", doc.id, exc_info=exc)
    return GeoparseFailed(f"geoparsing failed ({type(exc).__name__})")
