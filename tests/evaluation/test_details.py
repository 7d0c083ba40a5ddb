"""Per-mention rows of an evaluation run (``geoevents eval --details``)."""

from app.evaluation.corpora import GoldArticle
from app.evaluation.details import mention_rows
from app.evaluation.metrics import GoldToponym, Predicted, match_document
from app.gazetteer.types import Entry
from app.geoparse.types import Mention, ParseResult, Place, Unresolved

TEXT = "Clashes in Raqqa and Idlib, said Palmyra."


def _entry(name: str, lon: float, lat: float) -> Entry:
    return Entry(0, f"test:{name}", name, "city", lon, lat, "SY", None, 1000, 0.5, "test",
                 "test", "exact", False)  # fmt: skip


def test_rows_say_right_wrong_missed_and_false_positive() -> None:
    raqqa = Place(_entry("Raqqa", 39.0, 35.95), (Mention(11, 16, "Raqqa", ("prep",)),), 0.9)
    far = Place(_entry("Idlib", 10.0, 10.0), (Mention(21, 26, "Idlib"),), 0.6)
    extra = Place(_entry("Said", 31.0, 30.0), (Mention(28, 32, "said"),), 0.3)
    result = ParseResult("a", TEXT, (raqqa, far, extra), (Unresolved(33, 40, "Palmyra", "why"),))
    gold = (
        GoldToponym(11, 16, "Raqqa", 35.95, 39.0),
        GoldToponym(21, 26, "Idlib", 35.93, 36.63),
        GoldToponym(33, 40, "Palmyra", 34.55, 38.27),
    )
    predicted = tuple(
        Predicted(m.start, m.end, p.entry.lat, p.entry.lon, p.score)
        for p in result.places
        for m in p.mentions
    )
    article = GoldArticle("a", TEXT, gold)
    rows = mention_rows(article, result, match_document(gold, predicted))
    outcome = {r.get("gold") or r.get("pred"): r["outcome"] for r in rows}
    assert outcome == {"Raqqa": "right", "Idlib": "wrong", "Palmyra": "missed", "said": "false+"}
    palmyra = next(r for r in rows if r.get("gold") == "Palmyra")
    assert palmyra["unresolved"] == "why"
    raqqa_row = next(r for r in rows if r.get("gold") == "Raqqa")
    assert raqqa_row["gid"] == "test:Raqqa" and raqqa_row["score"] == 0.9
    assert raqqa_row["signals"] == ["prep"]  # what recognised the name, for error analysis
