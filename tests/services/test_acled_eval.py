"""Feeding ACLED notes to the geoparser: batches, failures and time limits contained."""

from app.core.errors import GeoparseTimeout
from app.evaluation.acled import AcledGold, AcledNote
from app.services import acled_eval


def _note(i: int, text: str) -> AcledNote:
    return AcledNote(f"n{i}", text, "2020-05-01", AcledGold(lat=0.0, lon=0.0))


def test_a_failing_document_costs_only_its_own_output(monkeypatch):
    batches = []

    def fake_within(geoparser, docs, seconds, full_geometry=False, batch_size=32):
        batches.append([d.id for d in docs])
        if any("boom" in d.text for d in docs):
            raise RuntimeError("boom")
        for doc in docs:
            if "slow" in doc.text:
                yield doc, GeoparseTimeout("too slow")
            else:
                yield doc, {"type": "FeatureCollection", "id": doc.id, "features": []}

    monkeypatch.setattr(acled_eval, "geoparse_within", fake_within)
    texts = ["fine", "boom", "slow", "fine", "x" * 2_000, "fine"]
    notes = [_note(i, t) for i, t in enumerate(texts)]
    got = list(acled_eval.geoparse_notes(None, notes, timeout=1.0, max_chars=1_000, batch_size=3))
    assert [n.id for n, _ in got] == [n.id for n in notes]  # every note, in order
    assert [c is not None for _, c in got] == [True, False, False, True, False, True]
    assert got[0][1]["id"] == "n0"
    # the batch with the failing note ran again one note at a time; the too long note
    # never reached the geoparser and did not shift the batches
    assert batches == [["n0", "n1", "n2"], ["n0"], ["n1"], ["n2"], ["n3", "n5"]]
