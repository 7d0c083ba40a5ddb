"""Issue 4's accuracy targets, end to end from raw text on the full public corpora, so
that a change which loses them fails here rather than in the README. Speed is measured
by ``geoevents eval`` and the benchmarks, never here.

Scored at the coordinates the API returns (``report.resolution``: a place feature's
``label_point`` for a line or an area, its point for a point), not at the gazetteer
entries' own points (``report.entry_point_resolution``, for comparison only)."""

import time

import pytest

from app.evaluation.corpora import read_corpus
from app.evaluation.corpus_scores import EvalConfig
from app.geoparse.pipeline import Geoparser
from app.services.corpus_eval import evaluate
from app.services.geoparser import load_geoparser
from tests.support import SHARED, default_settings, need_file

TARGETS = {
    # corpus: (acc@161 of the detected toponyms, recall@161 of all gold toponyms)
    "TR-News.xml": (0.88, 0.80),
    "LGL.xml": (0.83, 0.70),
    "GeoWebNews.xml": (0.94, 0.65),
}


@pytest.fixture(scope="module")
def parser() -> Geoparser:
    settings = default_settings()
    need_file(settings.gazetteer_path)
    return load_geoparser(settings, stages=False)


@pytest.mark.parametrize("corpus", TARGETS)
def test_the_geoparser_meets_the_accuracy_targets(parser, corpus):
    path = need_file(SHARED / "corpora" / corpus)
    articles = list(read_corpus(path))
    report = evaluate(articles, parser, EvalConfig(str(path)), time.perf_counter())
    accuracy, recall = TARGETS[corpus]
    assert report.gold.documents == len(articles) > 100
    assert report.resolution.accuracy_at_161 >= accuracy
    assert report.resolution.recall_at_161 >= recall
