"""Per-mention results of an evaluation run, for error analysis.

One JSON-ready row per gold toponym and per unmatched prediction: what the gold
says, what the geoparser chose (entry, type, score, role) and the error in km.
``geoevents eval --details out.jsonl`` writes them; nothing in the metrics
depends on them.
"""

from __future__ import annotations

from typing import Any

from app.evaluation.corpora import GoldArticle
from app.evaluation.metrics import ACCURACY_KM, DocumentMatch
from app.geoparse.types import ParseResult, Place


def _place_row(place: Place | None) -> dict[str, Any]:
    if place is None:
        return {}
    e = place.entry
    return {
        "gid": e.gid,
        "entry": e.name,
        "type": e.feature_type,
        "cc": e.country_code,
        "pop": e.population,
        "score": place.score,
        "role": place.role,
    }


def mention_rows(
    article: GoldArticle, result: ParseResult, match: DocumentMatch
) -> list[dict[str, Any]]:
    """Rows for one document: ``outcome`` is right, wrong, unjudged, missed or false+."""
    by_span = {(m.start, m.end): p for p in result.places for m in p.mentions}
    signals = {(m.start, m.end): list(m.signals) for p in result.places for m in p.mentions}
    unresolved = {(u.start, u.end): u.reason for u in result.unresolved}
    text = article.text
    rows: list[dict[str, Any]] = []
    for pair in match.pairs:
        g, p = pair.gold, pair.predicted
        error = pair.error_km
        outcome = "unjudged" if error is None else "right" if error < ACCURACY_KM else "wrong"
        rows.append(
            {
                "doc": article.doc_id,
                "outcome": outcome,
                "gold": g.name,
                "start": g.start,
                "pred": text[p.start : p.end],
                "error_km": None if error is None else round(error, 1),
                "gold_latlon": [g.lat, g.lon],
                "signals": signals.get((p.start, p.end), []),
                **_place_row(by_span.get((p.start, p.end))),
            }
        )
    for g in match.missed:
        reason = next((r for (s, e), r in unresolved.items() if s < g.end and g.start < e), None)
        rows.append(
            {
                "doc": article.doc_id,
                "outcome": "missed",
                "gold": g.name,
                "start": g.start,
                "gold_latlon": [g.lat, g.lon],
                "unresolved": reason,
                "context": text[max(0, g.start - 40) : g.end + 40],
            }
        )
    for p in match.false_positives:
        rows.append(
            {
                "doc": article.doc_id,
                "outcome": "false+",
                "pred": text[p.start : p.end],
                "start": p.start,
                "context": text[max(0, p.start - 40) : p.end + 40],
                "signals": signals.get((p.start, p.end), []),
                **_place_row(by_span.get((p.start, p.end))),
            }
        )
    return rows
