"""The figures of a geoparser run over an annotated corpus (``geoevents eval``, run by
``app.services.corpus_eval``): each place of a result becomes one ``Predicted`` span per
mention, scored by ``app.evaluation.metrics``.

Nationality words (one documented choice, made here): places the pipeline reports
with role ``"demonym"`` ("Syrian" naming Syria) are not toponym predictions by
default, and GeoWebNews's adjectival annotations (Demonym, Language, adjectival
modifiers) are then ignored: neither missed when absent nor wrong when predicted.
TR-News and LGL do annotate many nationality adjectives as toponyms without
marking them (about 8 % and 5 % of their spans), so there they stay gold and cap
recall. ``count_demonyms=True`` counts demonym places and every adjectival
annotation instead, for figures comparable with systems that tag them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from app.evaluation.corpora import GoldArticle
from app.evaluation.metrics import (
    CalibrationBin,
    GoldToponym,
    Predicted,
    Recognition,
    Resolution,
)
from app.geoparse.types import Document, ParseResult, Place

DEMONYM_ROLE = "demonym"


class Parser(Protocol):
    """What the evaluation needs from the geoparser (``app.geoparse.pipeline``): its
    results, and its gazetteer, whose geometries give the features the API returns."""

    gazetteer: Any

    def parse_many(
        self, docs: Iterable[Document], batch_size: int = 32
    ) -> Iterator[ParseResult]: ...


@dataclass(frozen=True, slots=True)
class EvalConfig:
    corpus_path: str
    limit: int | None = None
    offset: int = 0
    batch_size: int = 32
    count_demonyms: bool = False
    data_dir: str = ""
    spacy_model: str = ""
    all_stages: bool = False
    """Run the geoparser's later stages (derived places, events) too. They do not change
    the places scored, only the time taken."""


@dataclass(frozen=True, slots=True)
class GoldCounts:
    """What the corpus holds, after alignment and the demonym choice."""

    documents: int
    toponyms: int
    with_coordinates: int
    ignored: int
    shifted: int
    unaligned: int
    formats: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PredictionCounts:
    mentions: int
    demonyms_excluded: int
    skipped_on_ignored: int
    text_changed: int
    """Documents whose result text differs from the input (offsets may not line up)."""


@dataclass(frozen=True, slots=True)
class Throughput:
    """Documents per second over the whole run, model loading included."""

    documents: int
    seconds: float
    load_seconds: float
    documents_per_second: float


@dataclass(frozen=True, slots=True)
class CorpusReport:
    corpus: str
    config: EvalConfig
    gold: GoldCounts
    predictions: PredictionCounts
    recognition: Recognition
    resolution: Resolution
    calibration: tuple[CalibrationBin, ...]
    expected_calibration_error: float | None
    throughput: Throughput
    entry_point_resolution: Resolution | None = None
    """The same figures with each place at its gazetteer entry's own point, which the API
    does not return: for comparison only. ``resolution`` scores the API's coordinates."""

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (the ``--report`` file)."""
        return asdict(self)


def gold_for(
    article: GoldArticle, count_demonyms: bool
) -> tuple[tuple[GoldToponym, ...], tuple[GoldToponym, ...]]:
    """The article's (gold toponyms, ignored spans) under the demonym choice."""
    if count_demonyms:
        return article.toponyms + article.adjectival, ()
    return article.toponyms, article.adjectival


PlacePoint = Callable[[Place], tuple[float, float]]
"""The (lon, lat) a place is scored at."""


def entry_point(place: Place) -> tuple[float, float]:
    """The gazetteer entry's own point (not what the API returns for an area)."""
    return place.entry.lon, place.entry.lat


def predictions_from(
    result: ParseResult, count_demonyms: bool, point: PlacePoint = entry_point
) -> tuple[Predicted, ...]:
    """One prediction per mention of each place, at ``point`` of the place, with its score.

    Demonym places are dropped unless ``count_demonyms`` (see the module docstring).
    """
    predicted = []
    for place in result.places:
        if count_demonyms or place.role != DEMONYM_ROLE:
            lon, lat = point(place)
            predicted += [Predicted(m.start, m.end, lat, lon, place.score) for m in place.mentions]
    return tuple(predicted)
