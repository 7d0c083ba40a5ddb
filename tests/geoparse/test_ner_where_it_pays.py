from app.geoparse.pipeline import _windows, unknown_after_locative
from app.geoparse.types import Document


def test_unknown_names_after_a_locative_preposition_are_selected():
    text = "Fighting in Tal Tamr. Paul Smith met Homs officials. Shelling near Ain Issa."
    covered = [(text.index("Homs"), text.index("Homs") + 4)]
    selected = [text[s:e] for s, e in unknown_after_locative(text, covered, [])]
    assert selected == ["Tal Tamr", "Ain Issa"]
    # a name a mention covers as a whole, or boilerplate, is not sent to the NER
    whole = [(text.index("Tal Tamr"), text.index("Tal Tamr") + 8)]
    assert "Tal Tamr" not in [text[s:e] for s, e in unknown_after_locative(text, whole, [])]
    assert unknown_after_locative(text, [], [(0, len(text))]) == []


def test_places_missing_from_exact_names_are_reported_not_lost(geoparser):
    text = "Heavy fighting was reported in Tal Tamr and near Ain Issa on Monday."
    result = geoparser.parse(Document("x", text))
    reported = {p.mentions[0].text for p in result.places} | {u.text for u in result.unresolved}
    assert {"Tal Tamr", "Ain Issa"} <= reported
    assert "Ain" not in {m.text for p in result.places for m in p.mentions}


def test_only_windows_around_the_targets_are_tokenized_whole_sentences_kept():
    text = (
        "The market opened. Officials met. Gen. Smith said fighting in Tal Tamr went on. "
        "Prices rose. Markets fell. Talks went on. Rain fell. Shelling near Ain Issa. End."
    )
    tal = text.index("Tal Tamr")
    ain = text.index("Ain Issa")
    windows = _windows(text, [(tal, tal + 8), (ain, ain + 8)])
    pieces = [text[a:b] for a, b in windows]
    # "Gen." looks like a sentence end: one more possible end before keeps the sentence
    assert any("Gen. Smith said fighting in Tal Tamr went on." in p for p in pieces)
    assert any("Shelling near Ain Issa." in p for p in pieces)
    assert len(windows) == 2 and sum(b - a for a, b in windows) < len(text)
    assert _windows(text, [(tal, tal + 8), (tal + 3, tal + 8)]) == windows[:1]  # merged
