"""Run ACLED's notes through the geoparser as ``geoevents geoparse --jsonl`` does, and
score what it returns (``geoevents events eval --acled``).

Each note is one document (``id``, the note as ``text``, the event date as
``published_at``), validated, batched, timed out and turned into a FeatureCollection by
the same code as the CLI, so the figures are those of the output a user gets. A batch
that raises is run again one document at a time; a document that fails alone, or runs
over the time limit, counts as giving no output.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from tqdm import tqdm

from app.core.errors import GeoeventsError, GeoparseTimeout
from app.evaluation.acled import AcledNote, read_notes, select_notes
from app.evaluation.acled_scores import NoteOutcome, Tally, detail_row, score_note
from app.geoparse.pipeline import Geoparser
from app.geoparse.types import Document, check_size
from app.services.documents import parse_document
from app.services.geoparse import geoparse_within

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AcledFileReport:
    """The figures of one file: over all its scored notes and per country (ACLED's
    names, most notes first). ``seconds`` is the geoparsing time (no model loading)."""

    file: str
    total: Tally
    countries: tuple[tuple[str, Tally], ...]
    seconds: float

    @property
    def docs_per_second(self) -> float | None:
        return self.total.rows / self.seconds if self.seconds > 0 else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            **self.total.as_dict(),
            "seconds": round(self.seconds, 3),
            "docs_per_second": self.docs_per_second,
            "countries": {name: tally.as_dict() for name, tally in self.countries},
        }


def evaluate_acled_file(
    geoparser: Geoparser,
    path: Path,
    *,
    country: str | None = None,
    limit: int | None = None,
    timeout: float = 30.0,
    max_chars: int = 200_000,
    batch_size: int = 32,
    details: Callable[[dict], Any] | None = None,
    progress: bool = True,
) -> AcledFileReport:
    """Score the geoparser on one ACLED file (CSV export or acled-dev JSON Lines)."""
    notes = select_notes(read_notes(path), country, limit)
    outcomes: list[NoteOutcome] = []
    started = time.perf_counter()
    bar = tqdm(
        total=len(notes),
        desc=path.name,
        unit="note",
        file=sys.stderr,
        disable=None if progress else True,
    )
    try:
        for note, collection in geoparse_notes(geoparser, notes, timeout, max_chars, batch_size):
            outcome = score_note(note, collection)
            outcomes.append(outcome)
            if details is not None:
                details(detail_row(note, outcome))
            bar.update()
    finally:
        bar.close()
    seconds = time.perf_counter() - started
    return AcledFileReport(path.name, Tally.of(outcomes), _by_country(outcomes), seconds)


def _by_country(outcomes: Sequence[NoteOutcome]) -> tuple[tuple[str, Tally], ...]:
    groups: dict[str, list[NoteOutcome]] = {}
    for outcome in outcomes:
        groups.setdefault(outcome.country or "?", []).append(outcome)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return tuple((name, Tally.of(group)) for name, group in ordered)


def geoparse_notes(
    geoparser: Geoparser,
    notes: Sequence[AcledNote],
    timeout: float,
    max_chars: int,
    batch_size: int = 32,
) -> Iterator[tuple[AcledNote, dict | None]]:
    """``(note, its FeatureCollection)`` in order; ``None`` for a note the geoparser
    gave nothing for (invalid document, failure, over the time limit). The valid
    documents are batched as ``geoevents geoparse --jsonl`` batches them."""
    docs: list[Document | None] = []
    for note in notes:
        payload = {"id": note.id, "text": note.text, "published_at": note.date}
        try:
            docs.append(check_size(parse_document(payload), max_chars))
        except GeoeventsError as exc:
            log.warning("%s: not geoparsed: %s", note.id, exc.detail)
            docs.append(None)
    valid = iter([i for i, doc in enumerate(docs) if doc is not None])
    done = 0
    while batch := list(islice(valid, batch_size)):
        results = _run(geoparser, [docs[i] for i in batch], timeout)
        got = dict(zip(batch, results, strict=True))
        for i in range(done, batch[-1] + 1):
            yield notes[i], got.get(i)
        done = batch[-1] + 1
    for i in range(done, len(notes)):
        yield notes[i], None


def _run(geoparser: Geoparser, docs: list[Document], timeout: float) -> list[dict | None]:
    """The collections of one batch, in order; ``None`` for a document over the time
    limit. A batch that raises is run again one document at a time, and a document that
    raises alone gets ``None``."""
    try:
        outcomes = list(geoparse_within(geoparser, docs, timeout, batch_size=len(docs)))
    except Exception as exc:  # noqa: BLE001 - a failing document costs only its own output
        if len(docs) > 1:
            return [result for doc in docs for result in _run(geoparser, [doc], timeout)]
        log.warning("%s: the geoparser failed: %r", docs[0].id, exc)
        return [None]
    results: list[dict | None] = []
    for doc, result in outcomes:
        if isinstance(result, GeoparseTimeout):
            log.warning("%s: %s; counted as no output", doc.id, result.detail)
            result = None
        results.append(result)
    return results
