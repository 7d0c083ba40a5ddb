"""Geoparsing metrics: pure functions over small frozen values.

Nothing here knows the pipeline or the corpus formats, so every figure can be
checked by hand on a few spans. Definitions follow Gritta, Pilehvar and Collier,
"A Pragmatic Guide to Geoparsing Evaluation" (LREV 2019):

* recognition: a predicted span matches a gold span when their character ranges
  overlap; matching is one-to-one (each gold and each prediction used once), so
  precision = tp / (tp + fp), recall = tp / (tp + fn);
* resolution: over matched gold toponyms that have coordinates, the great-circle
  error between gold and predicted coordinates; accuracy@161 counts errors under
  161 km (100 miles); recall@161 divides the same count by every gold toponym with
  coordinates, detected or not;
* AUC: area under the curve of the sorted errors on the scale
  ``log(1 + km) / log(20039)`` (20,039 km being half the earth's circumference),
  by the trapezoidal rule on an x axis from 0 to 1. 0 is perfect, 1 is the worst.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.geometry.distance import haversine_km

ACCURACY_KM = 161.0
"""The "within 100 miles" radius used across the geoparsing literature."""

MAX_ERROR_KM = 20039.0
"""Half the earth's circumference: the largest possible error, the AUC scale's top."""


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """An annotated place name. ``lat``/``lon`` are None when the corpus gives none:
    such toponyms count for recognition only."""

    start: int
    end: int
    name: str
    lat: float | None = None
    lon: float | None = None

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class Predicted:
    """A predicted place-name span with the coordinates and score of its place."""

    start: int
    end: int
    lat: float
    lon: float
    score: float


@dataclass(frozen=True, slots=True)
class Pair:
    """A gold toponym and the prediction matched to it."""

    gold: GoldToponym
    predicted: Predicted

    @property
    def error_km(self) -> float | None:
        """Distance between gold and predicted coordinates; None without gold ones."""
        if self.gold.lat is None or self.gold.lon is None:
            return None
        return haversine_km(self.gold.lon, self.gold.lat, self.predicted.lon, self.predicted.lat)


@dataclass(frozen=True, slots=True)
class DocumentMatch:
    """How one document's predictions line up with its gold toponyms.

    ``skipped`` are predictions that overlapped only spans the evaluation ignores:
    they are neither right nor wrong.
    """

    pairs: tuple[Pair, ...]
    false_positives: tuple[Predicted, ...]
    missed: tuple[GoldToponym, ...]
    skipped: tuple[Predicted, ...] = ()


@dataclass(frozen=True, slots=True)
class Recognition:
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class Resolution:
    """Resolution figures. Error statistics are None when nothing was resolved."""

    gold_with_coordinates: int
    resolved: int
    correct: int
    accuracy_at_161: float
    recall_at_161: float
    mean_error_km: float | None
    median_error_km: float | None
    auc: float | None


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    """Predictions whose score lies in ``[low, high)`` (the last bin includes 1.0).

    ``false_positives`` are predictions that matched no gold toponym; they count as
    wrong, since a place that is not there is not right.
    """

    low: float
    high: float
    count: int
    correct: int
    false_positives: int
    mean_score: float | None
    accuracy: float | None


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether two half-open character ranges share at least one character."""
    return a_start < b_end and b_start < a_end


def _overlap_length(gold: GoldToponym, predicted: Predicted) -> int:
    return min(gold.end, predicted.end) - max(gold.start, predicted.start)


def match_document(
    gold: Sequence[GoldToponym],
    predicted: Sequence[Predicted],
    ignored: Sequence[GoldToponym] = (),
) -> DocumentMatch:
    """Pair predictions with gold spans one-to-one, largest overlaps first.

    Largest-first keeps a long prediction ("Washington, DC") on the gold span it
    covers most rather than on whichever came first. Unmatched predictions that
    overlap an ``ignored`` span are set aside instead of counted as false positives.
    """
    candidates = sorted(
        (
            (-_overlap_length(g, p), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(predicted)
            if overlaps(g.start, g.end, p.start, p.end)
        ),
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, Pair]] = []
    for _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, Pair(gold[gi], predicted[pi])))
    unmatched = [p for pi, p in enumerate(predicted) if pi not in used_pred]
    is_ignored = [any(overlaps(s.start, s.end, p.start, p.end) for s in ignored) for p in unmatched]
    return DocumentMatch(
        pairs=tuple(pair for _, pair in sorted(pairs, key=lambda item: item[0])),
        false_positives=tuple(p for p, skip in zip(unmatched, is_ignored, strict=True) if not skip),
        missed=tuple(g for gi, g in enumerate(gold) if gi not in used_gold),
        skipped=tuple(p for p, skip in zip(unmatched, is_ignored, strict=True) if skip),
    )


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def recognition(matches: Iterable[DocumentMatch]) -> Recognition:
    """Micro-averaged precision, recall and F1 of place-name spans.

    >>> m = DocumentMatch(pairs=(), false_positives=(), missed=())
    >>> recognition([m]).f1
    0.0
    """
    tp = fp = fn = 0
    for match in matches:
        tp += len(match.pairs)
        fp += len(match.false_positives)
        fn += len(match.missed)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = _ratio(2 * precision * recall, precision + recall)
    return Recognition(tp=tp, fp=fp, fn=fn, precision=precision, recall=recall, f1=f1)


def auc_of_errors(errors_km: Sequence[float]) -> float | None:
    """Gritta et al.'s AUC of the error curve; lower is better, None for no errors.

    The sorted errors, scaled to ``log(1 + km) / log(20039)``, are integrated by the
    trapezoidal rule over an x axis of length 1. One error is its own scaled value.

    >>> auc_of_errors([0.0, 20038.0])
    0.5
    """
    if not errors_km:
        return None
    scaled = sorted(min(1.0, math.log1p(e) / math.log(MAX_ERROR_KM)) for e in errors_km)
    if len(scaled) == 1:
        return scaled[0]
    area = sum((a + b) / 2 for a, b in zip(scaled, scaled[1:], strict=False))
    return area / (len(scaled) - 1)


def resolution(matches: Iterable[DocumentMatch]) -> Resolution:
    """Resolution figures over gold toponyms that have coordinates.

    Accuracy is conditional on detection (only matched spans); recall@161 is the
    end-to-end figure (every gold toponym with coordinates in the denominator).
    """
    errors: list[float] = []
    gold_with_coordinates = 0
    for match in matches:
        gold_with_coordinates += sum(1 for g in match.missed if g.has_coordinates)
        for pair in match.pairs:
            error = pair.error_km
            if error is not None:
                gold_with_coordinates += 1
                errors.append(error)
    correct = sum(1 for e in errors if e < ACCURACY_KM)
    return Resolution(
        gold_with_coordinates=gold_with_coordinates,
        resolved=len(errors),
        correct=correct,
        accuracy_at_161=_ratio(correct, len(errors)),
        recall_at_161=_ratio(correct, gold_with_coordinates),
        mean_error_km=statistics.fmean(errors) if errors else None,
        median_error_km=statistics.median(errors) if errors else None,
        auc=auc_of_errors(errors),
    )


def _bin_index(score: float, bins: int) -> int:
    return min(bins - 1, max(0, int(score * bins)))


def calibration(matches: Iterable[DocumentMatch], bins: int = 10) -> tuple[CalibrationBin, ...]:
    """Predictions bucketed by score against how often they were right.

    Right means within 161 km of the gold toponym the prediction matched. Matched
    predictions whose gold has no coordinates cannot be judged and are left out;
    false positives are wrong. A calibrated scorer has ``accuracy ~ mean_score``.
    """
    outcomes: list[list[tuple[float, bool, bool]]] = [[] for _ in range(bins)]
    for match in matches:
        for pair in match.pairs:
            error = pair.error_km
            if error is not None:
                score = pair.predicted.score
                outcomes[_bin_index(score, bins)].append((score, error < ACCURACY_KM, False))
        for predicted in match.false_positives:
            outcomes[_bin_index(predicted.score, bins)].append((predicted.score, False, True))
    return tuple(_calibration_bin(i, bins, rows) for i, rows in enumerate(outcomes))


def _calibration_bin(index: int, bins: int, rows: list[tuple[float, bool, bool]]) -> CalibrationBin:
    count = len(rows)
    correct = sum(1 for _, ok, _ in rows if ok)
    return CalibrationBin(
        low=round(index / bins, 6),
        high=round((index + 1) / bins, 6),
        count=count,
        correct=correct,
        false_positives=sum(1 for _, _, fp in rows if fp),
        mean_score=statistics.fmean(s for s, _, _ in rows) if rows else None,
        accuracy=correct / count if count else None,
    )


def expected_calibration_error(table: Sequence[CalibrationBin]) -> float | None:
    """Count-weighted mean gap between a bin's mean score and its accuracy.

    One number for "does 0.9 mean 90 %": 0 is perfectly calibrated.
    """
    total = sum(b.count for b in table)
    if not total:
        return None
    gaps = (
        b.count * abs(b.accuracy - b.mean_score)
        for b in table
        if b.accuracy is not None and b.mean_score is not None
    )
    return sum(gaps) / total
