"""Metrics on hand-made spans whose figures can be worked out on paper."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Iterator

import pytest
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from app.evaluation.corpora import GoldArticle
from app.evaluation.corpus_scores import EvalConfig, predictions_from
from app.evaluation.metrics import (
    GoldToponym,
    Predicted,
    auc_of_errors,
    calibration,
    expected_calibration_error,
    match_document,
    overlaps,
    recognition,
    resolution,
)
from app.gazetteer.types import Entry
from app.geoparse.types import Document, Mention, ParseResult, Place
from app.services.corpus_eval import evaluate

ONE_DEGREE_KM = 6371.0088 * math.pi / 180
"""One degree of longitude along the equator, where every gold point below lies."""

LOG_MAX = math.log(20039)

GOLD = (
    GoldToponym(0, 5, "Paris", 0.0, 0.0),
    GoldToponym(10, 14, "Lyon", 0.0, 0.0),
    GoldToponym(20, 26, "Berlin", 0.0, 0.0),
    GoldToponym(30, 35, "Homey", None, None),  # recognition only: no coordinates
    GoldToponym(50, 55, "Cairo", 0.0, 0.0),
)
PREDICTED = (
    Predicted(0, 5, 0.0, 0.0, 0.95),  # exact span, exact place
    Predicted(11, 14, 0.0, 1.0, 0.85),  # partial overlap, 1 degree off: still right
    Predicted(20, 26, 0.0, 90.0, 0.15),  # far-off resolution: a quarter of the globe
    Predicted(40, 45, 0.0, 0.0, 0.55),  # false positive
)


def test_overlap_is_on_half_open_ranges() -> None:
    assert overlaps(0, 5, 4, 9)
    assert not overlaps(0, 5, 5, 9)
    assert overlaps(2, 3, 0, 10)


def test_match_pairs_false_positive_and_misses() -> None:
    match = match_document(GOLD, PREDICTED)
    assert [(p.gold.name, p.predicted.start) for p in match.pairs] == [
        ("Paris", 0),
        ("Lyon", 11),
        ("Berlin", 20),
    ]
    assert match.false_positives == (PREDICTED[3],)
    assert [g.name for g in match.missed] == ["Homey", "Cairo"]


def test_each_gold_and_prediction_is_matched_once() -> None:
    gold = (GoldToponym(0, 10, "Washington"), GoldToponym(12, 14, "DC"))
    long_span = Predicted(0, 14, 38.9, -77.0, 0.9)
    match = match_document(gold, (long_span,))
    assert [p.gold.name for p in match.pairs] == ["Washington"]  # the larger overlap
    assert [g.name for g in match.missed] == ["DC"]

    twice = (Predicted(0, 4, 0, 0, 0.5), Predicted(3, 10, 0, 0, 0.5))
    match = match_document(gold[:1], twice)
    assert match.pairs[0].predicted == twice[1]
    assert match.false_positives == (twice[0],)


def test_predictions_on_ignored_spans_are_neither_right_nor_wrong() -> None:
    ignored = (GoldToponym(0, 6, "Syrian"),)
    on_ignored = Predicted(0, 6, 35.0, 38.0, 0.7)
    match = match_document((), (on_ignored,), ignored)
    assert match.false_positives == ()
    assert match.skipped == (on_ignored,)
    assert recognition([match]).fp == 0


def test_precision_recall_f1_exact() -> None:
    scores = recognition([match_document(GOLD, PREDICTED)])
    assert (scores.tp, scores.fp, scores.fn) == (3, 1, 2)
    assert scores.precision == pytest.approx(3 / 4)
    assert scores.recall == pytest.approx(3 / 5)
    assert scores.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)


def test_recognition_sums_over_documents() -> None:
    one = match_document(GOLD[:1], PREDICTED[:1])
    other = match_document((), PREDICTED[3:])
    scores = recognition([one, other])
    assert (scores.tp, scores.fp, scores.fn) == (1, 1, 0)
    assert scores.precision == 0.5
    assert scores.recall == 1.0


def test_recognition_of_nothing_is_zero_not_an_error() -> None:
    scores = recognition([])
    assert (scores.precision, scores.recall, scores.f1) == (0.0, 0.0, 0.0)


def test_resolution_exact() -> None:
    res = resolution([match_document(GOLD, PREDICTED)])
    errors = [0.0, ONE_DEGREE_KM, 90 * ONE_DEGREE_KM]
    assert res.gold_with_coordinates == 4  # Paris, Lyon, Berlin, Cairo; not Homey
    assert res.resolved == 3
    assert res.correct == 2
    assert res.accuracy_at_161 == pytest.approx(2 / 3)
    assert res.recall_at_161 == pytest.approx(2 / 4)
    assert res.mean_error_km == pytest.approx(sum(errors) / 3, rel=1e-9)
    assert res.median_error_km == pytest.approx(ONE_DEGREE_KM, rel=1e-9)
    scaled = [math.log(1 + e) / LOG_MAX for e in errors]
    expected_auc = ((scaled[0] + scaled[1]) / 2 + (scaled[1] + scaled[2]) / 2) / 2
    assert res.auc == pytest.approx(expected_auc, rel=1e-9)


def test_resolution_without_matches_has_no_error_figures() -> None:
    res = resolution([match_document(GOLD, ())])
    assert res.resolved == 0
    assert (res.accuracy_at_161, res.recall_at_161) == (0.0, 0.0)
    assert (res.mean_error_km, res.median_error_km, res.auc) == (None, None, None)


def test_auc_on_the_log_scale() -> None:
    assert auc_of_errors([]) is None
    assert auc_of_errors([0.0]) == 0.0
    assert auc_of_errors([20038.0]) == pytest.approx(1.0)
    assert auc_of_errors([20038.0, 0.0]) == pytest.approx(0.5)  # sorted first
    assert auc_of_errors([0.0, 0.0, 20038.0]) == pytest.approx(0.25)
    assert auc_of_errors([math.e - 1] * 4) == pytest.approx(1 / LOG_MAX)


def test_calibration_table() -> None:
    table = calibration([match_document(GOLD, PREDICTED)])
    assert len(table) == 10
    assert [(b.low, b.high) for b in table[:2]] == [(0.0, 0.1), (0.1, 0.2)]
    filled = {b.low: (b.count, b.correct, b.false_positives) for b in table if b.count}
    assert filled == {0.1: (1, 0, 0), 0.5: (1, 0, 1), 0.8: (1, 1, 0), 0.9: (1, 1, 0)}
    assert table[9].accuracy == 1.0
    assert table[9].mean_score == pytest.approx(0.95)
    assert table[0].accuracy is None
    gaps = [1 - 0.95, 1 - 0.85, 0.15, 0.55]
    assert expected_calibration_error(table) == pytest.approx(sum(gaps) / 4)


def test_calibration_puts_a_perfect_score_in_the_last_bin() -> None:
    match = match_document(GOLD[:1], (Predicted(0, 5, 0.0, 0.0, 1.0),))
    table = calibration([match])
    assert table[9].count == 1
    assert expected_calibration_error(table) == pytest.approx(0.0)
    assert expected_calibration_error(calibration([])) is None


def _entry(name: str, lon: float, lat: float) -> Entry:
    return Entry(
        rowid=1,
        gid=name,
        name=name,
        feature_type="country",
        lon=lon,
        lat=lat,
        country_code=None,
        admin1=None,
        population=0,
        importance=0.0,
        source="test",
        geometry_source="",
        geometry_precision="exact",
        has_geometry=False,
    )


TEXT = "Syrian forces left Raqqa for Deir ez-Zor."
SYRIA = Place(_entry("Syria", 38.0, 35.0), (Mention(0, 6, "Syrian"),), 0.8, role="demonym")
RAQQA = Place(_entry("Raqqa", 39.0, 35.95), (Mention(19, 24, "Raqqa"),), 0.9)
DEIR = Place(_entry("Deir ez-Zor", 40.14, 35.33), (Mention(29, 40, "Deir ez-Zor"),), 0.6)


class PointGazetteer:
    """Every entry is its own point."""

    def geometry(self, entry: Entry) -> BaseGeometry:
        return Point(entry.lon, entry.lat)


class FakeParser:
    """Stands in for ``app.geoparse.pipeline.Geoparser``: fixed places per document."""

    gazetteer = PointGazetteer()

    def parse_many(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[ParseResult]:
        for doc in docs:
            yield ParseResult(doc_id=doc.id, text=doc.text, places=(SYRIA, RAQQA, DEIR))


def test_demonym_places_are_not_toponym_predictions() -> None:
    result = ParseResult(doc_id="a", text=TEXT, places=(SYRIA, RAQQA))
    assert [p.start for p in predictions_from(result, count_demonyms=False)] == [19]
    assert [p.start for p in predictions_from(result, count_demonyms=True)] == [0, 19]


def test_evaluate_scores_a_parser_end_to_end() -> None:
    article = GoldArticle(
        doc_id="a",
        text=TEXT,
        toponyms=(GoldToponym(19, 24, "Raqqa", 35.95, 39.0),),
        adjectival=(GoldToponym(0, 6, "Syrian", 35.0, 38.0),),
        format="geowebnews",
        shifted=1,
    )
    config = EvalConfig(corpus_path="/data/Tiny.xml")
    report = evaluate([article], FakeParser(), config, started=time.perf_counter())
    assert report.corpus == "Tiny"
    assert (report.recognition.tp, report.recognition.fp, report.recognition.fn) == (1, 1, 0)
    assert report.resolution.accuracy_at_161 == 1.0
    assert report.predictions.demonyms_excluded == 1
    assert report.gold.ignored == 1
    assert report.gold.shifted == 1
    assert report.throughput.documents == 1
    assert report.as_dict()["recognition"]["precision"] == 0.5

    counted = evaluate(
        [article],
        FakeParser(),
        EvalConfig(corpus_path="Tiny.xml", count_demonyms=True),
        started=time.perf_counter(),
    )
    assert (counted.recognition.tp, counted.recognition.fp) == (2, 1)
    assert counted.gold.ignored == 0
