"""The full pipeline (geoparser with its derived-places and events stages, and the
FeatureCollection the API returns) over every document of ``../shared/corpora``: the
three geoparsing corpora, the seed article and every ACLED note. No document may fail,
time out or lose a stage (issue 15, item 2: 14 ACLED notes recursed forever in the
events stage). About 6,000 documents: a few minutes on the test machine."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.errors import GeoeventsError
from app.evaluation.corpora import read_corpus
from app.geoparse.pipeline import Geoparser
from app.geoparse.types import Document
from app.services.geoparse import geoparse_within
from app.services.geoparser import load_geoparser
from tests.support import SEED, default_settings, need_file

pytestmark = pytest.mark.slow

XML_CORPORA = ("GeoWebNews.xml", "LGL.xml", "TR-News.xml")
SECONDS = 60.0
"""Per document: far above any real one, so that a hang is reported, not waited for."""


@pytest.fixture(scope="module")
def geoparser() -> Geoparser:
    settings = default_settings()
    need_file(settings.gazetteer_path)
    return load_geoparser(settings)


def _acled(path: Path) -> Iterator[Document]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                note = json.loads(line)
                published = note.get("published_at")
                yield Document(
                    f"{path.name}:{number}",
                    note["text"],
                    published_at=dt.date.fromisoformat(published) if published else None,
                )


def _documents(corpora: Path) -> Iterator[Document]:
    for name in XML_CORPORA:
        for article in read_corpus(need_file(corpora / name)):
            yield Document(f"{name}:{article.doc_id}", article.text)
    yield Document("seed", need_file(SEED).read_text(encoding="utf-8"))
    notes = sorted(need_file(corpora / "acled-dev").glob("*.jsonl"))
    assert notes, "no ACLED notes in ../shared/corpora/acled-dev"
    for path in notes:
        yield from _acled(path)


def test_every_shared_document_goes_through_every_stage(geoparser):
    corpora = SEED.parents[1]
    started = time.monotonic()
    failures, incomplete, done, events = [], [], 0, 0
    for doc, outcome in geoparse_within(geoparser, _documents(corpora), SECONDS):
        done += 1
        if isinstance(outcome, GeoeventsError):
            failures.append(f"{doc.id}: {outcome.detail}")
            continue
        if outcome.get("warnings"):
            incomplete.append(f"{doc.id}: {outcome['warnings']}")
        events += sum(f["properties"].get("kind") == "event" for f in outcome["features"])
    elapsed = time.monotonic() - started
    print(f"{done:,} documents, {events:,} events in {elapsed:.0f} s")
    assert done > 6_000
    assert failures == [] and incomplete == []
