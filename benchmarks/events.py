"""What the event stage costs: geoparsing throughput with and without it.

    python benchmarks/events.py                         # 100 TR-News articles from ../shared
    python benchmarks/events.py --corpus ../shared/corpora/LGL.xml -n 200

The same articles are geoparsed twice after a warm-up (the model and the gazetteer are
loaded before timing): with the post-processors the geoparser loads (derived areas and
events), and without the event stage. Prints documents per second, the events found per
article and how many of the sentences the event stage had to parse.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `app` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.config import PROJECT_ROOT, get_settings  # noqa: E402
from app.events.stage import EventStage  # noqa: E402
from app.geoparse.pipeline import Geoparser  # noqa: E402
from app.geoparse.types import Document  # noqa: E402
from app.services.geoparser import load_geoparser  # noqa: E402

DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "corpora" / "TR-News.xml"


def _timed(geoparser: Geoparser, docs: list[Document]) -> tuple[float, list]:
    started = time.perf_counter()
    results = list(geoparser.parse_many(docs))
    return time.perf_counter() - started, results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("-n", type=int, default=100, help="articles (at most)")
    args = parser.parse_args(argv)

    from app.evaluation.corpora import read_corpus

    articles = list(read_corpus(args.corpus, limit=args.n))
    docs = [Document(str(i), a.text) for i, a in enumerate(articles)]
    geoparser = load_geoparser(get_settings())
    stage = next(p for p in geoparser.postprocessors if isinstance(p, EventStage))
    without = tuple(p for p in geoparser.postprocessors if p is not stage)
    list(geoparser.parse_many(docs[:5]))  # warm-up: model, gazetteer caches, parser

    with_events, results = _timed(geoparser, docs)
    full = geoparser.postprocessors
    geoparser.postprocessors = without
    try:
        no_events, _ = _timed(geoparser, docs)
    finally:
        geoparser.postprocessors = full

    chunks = [c for r in results for c in stage.extractor.chunks(r.text, geoparser.tokens(r.text))]
    parsed = sum(1 for c in chunks if c[3])
    events = sum(len(r.events) for r in results)
    print(f"corpus {args.corpus.name}, {len(docs)} articles")
    print("| geoparse | docs/s | s |")
    print("|---|---|---|")
    print(f"| without events | {len(docs) / no_events:.1f} | {no_events:.2f} |")
    print(f"| with events | {len(docs) / with_events:.1f} | {with_events:.2f} |")
    print(
        f"events {events} ({events / len(docs):.2f} per article); sentences parsed by the "
        f"event stage {parsed} of {len(chunks)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
