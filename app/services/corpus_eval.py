"""Run the geoparser over an annotated corpus and score what it returns (``geoevents
eval``): the use case; the scoring itself is ``app.evaluation``.

The pipeline sees only each article's raw ``<text>``, as a user's document would. Each
place is scored at the coordinates the API returns for it (``api_point``) and, for
comparison, at its gazetteer entry's own point (``entry_point``); which places count as
toponym predictions is ``app.evaluation.corpus_scores.predictions_from``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from app.evaluation.acled_scores import point_of
from app.evaluation.corpora import GoldArticle, read_corpus
from app.evaluation.corpus_scores import (
    DEMONYM_ROLE,
    CorpusReport,
    EvalConfig,
    GoldCounts,
    Parser,
    PlacePoint,
    PredictionCounts,
    Throughput,
    gold_for,
    predictions_from,
)
from app.evaluation.details import mention_rows
from app.evaluation.metrics import (
    DocumentMatch,
    calibration,
    expected_calibration_error,
    match_document,
    recognition,
    resolution,
)
from app.geometry.geojson import SIMPLIFY_TOLERANCE
from app.geoparse.types import Document, ParseResult, Place
from app.services.geoparse import place_feature
from app.services.geoparser import load_geoparser

if TYPE_CHECKING:
    from app.core.config import Settings


def api_point(parser: Parser) -> PlacePoint:
    """The coordinates the API returns for a place: its feature's ``label_point`` for a
    line or an area, its point for a point (``app.services.geoparse.place_feature``,
    read back by ``app.evaluation.acled_scores.point_of``). One feature per entry."""
    points: dict[str, tuple[float, float]] = {}

    def point(place: Place) -> tuple[float, float]:
        gid = place.entry.gid
        if gid not in points:
            found = point_of(place_feature(parser, place, SIMPLIFY_TOLERANCE))
            if found is None:
                raise RuntimeError(f"the API gives no point for {gid}")
            points[gid] = found
        return points[gid]

    return point


def _demonym_mentions(result: ParseResult) -> int:
    return sum(len(p.mentions) for p in result.places if p.role == DEMONYM_ROLE)


def evaluate(
    articles: Sequence[GoldArticle],
    parser: Parser,
    config: EvalConfig,
    started: float,
    progress: bool = False,
    details: Callable[[dict[str, Any]], None] | None = None,
) -> CorpusReport:
    """Parse every article's text and score the results against its gold spans.

    ``started`` is the ``time.perf_counter()`` value the run began at, so that
    throughput includes reading the corpus and loading the models. ``details``, when
    given, receives one row per mention (``app.evaluation.details``).
    """
    loaded = time.perf_counter()
    docs = (Document(id=a.doc_id, text=a.text) for a in articles)
    results = parser.parse_many(docs, batch_size=config.batch_size)
    bar = tqdm(
        results,
        total=len(articles),
        desc=Path(config.corpus_path).name,
        unit="doc",
        file=sys.stderr,
        disable=not progress,
    )
    matches: list[DocumentMatch] = []
    internal: list[DocumentMatch] = []
    point = api_point(parser)
    mentions = demonyms = text_changed = 0
    for article, result in zip(articles, bar, strict=True):
        if result.doc_id != article.doc_id:
            raise RuntimeError(f"pipeline returned {result.doc_id!r} for {article.doc_id!r}")
        predicted = predictions_from(result, config.count_demonyms, point)
        gold, ignored = gold_for(article, config.count_demonyms)
        matches.append(match_document(gold, predicted, ignored))
        internal.append(
            match_document(gold, predictions_from(result, config.count_demonyms), ignored)
        )
        if details is not None:
            for row in mention_rows(article, result, matches[-1]):
                details(row)
        mentions += len(predicted)
        demonyms += 0 if config.count_demonyms else _demonym_mentions(result)
        text_changed += result.text != article.text
    finished = time.perf_counter()
    table = calibration(matches)
    return CorpusReport(
        corpus=Path(config.corpus_path).stem,
        config=config,
        gold=_gold_counts(articles, config.count_demonyms),
        predictions=PredictionCounts(
            mentions=mentions,
            demonyms_excluded=demonyms,
            skipped_on_ignored=sum(len(m.skipped) for m in matches),
            text_changed=text_changed,
        ),
        recognition=recognition(matches),
        resolution=resolution(matches),
        calibration=table,
        expected_calibration_error=expected_calibration_error(table),
        throughput=_throughput(len(articles), started, loaded, finished),
        entry_point_resolution=resolution(internal),
    )


def _gold_counts(articles: Sequence[GoldArticle], count_demonyms: bool) -> GoldCounts:
    toponyms = with_coordinates = ignored = 0
    for article in articles:
        gold, skipped = gold_for(article, count_demonyms)
        toponyms += len(gold)
        with_coordinates += sum(1 for g in gold if g.has_coordinates)
        ignored += len(skipped)
    return GoldCounts(
        documents=len(articles),
        toponyms=toponyms,
        with_coordinates=with_coordinates,
        ignored=ignored,
        shifted=sum(a.shifted for a in articles),
        unaligned=sum(a.unaligned for a in articles),
        formats=tuple(sorted({a.format for a in articles if a.format})),
    )


def _throughput(documents: int, started: float, loaded: float, finished: float) -> Throughput:
    seconds = finished - started
    return Throughput(
        documents=documents,
        seconds=round(seconds, 3),
        load_seconds=round(loaded - started, 3),
        documents_per_second=round(documents / seconds, 3) if seconds > 0 else 0.0,
    )


def run(
    config: EvalConfig,
    settings: Settings,
    started: float | None = None,
    progress: bool = True,
    details: Callable[[dict[str, Any]], None] | None = None,
) -> CorpusReport:
    """Read the corpus, load the geoparser and evaluate it: the ``eval`` command."""
    started = time.perf_counter() if started is None else started
    articles = list(read_corpus(Path(config.corpus_path), limit=config.limit, offset=config.offset))
    parser = load_geoparser(settings, stages=config.all_stages)
    return evaluate(articles, parser, config, started=started, progress=progress, details=details)
