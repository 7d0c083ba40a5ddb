"""Sentence-level rules on spaCy's parse: fatality figures, sources, what did not happen,
and which place an event is linked to."""

import pytest

from app.events.attribution import find_attributions
from app.events.fatalities import best_estimate, find_figures
from app.events.linking import LocMention, search
from app.events.triggers import is_irrealis
from app.events.types import FatalityReport, Span


def _sentence(nlp, text):
    return next(iter(nlp(text).sents))


def _figures(nlp, text):
    sentence = _sentence(nlp, text)
    return [(f.report.count, f.report.qualifier, f.report.side) for f in find_figures(sentence)]


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        (
            "In clashes that took place from June 8 to and June 10, about 35 pro-government "
            "fighters were killed, according to pro-opposition sources.",
            [(35, "about", "pro-government fighters")],
        ),
        (
            "In turn, the SAA reportedly killed up to 20 ISIS members and destroyed at least two "
            "car bombs.",
            [(20, "up to", "ISIS members")],
        ),
        ("Gunmen killed at least six civilians.", [(6, "at least", "civilians")]),
        ("The air strike killed dozens of people.", [(12, "dozens", "people")]),
        ("The clashes left 55 dead, officials said.", [(55, None, None)]),
        ("Twelve soldiers died in the ambush.", [(12, None, "soldiers")]),
        ("The strike killed 20 people including nine children.", [(20, None, "people")]),
        ("No casualties were reported.", [(0, None, None)]),
        ("Five soldiers were wounded and 279 schoolgirls were abducted.", []),
        # one death per singular victim of the kill verb, not of a verb before it
        ("Gunmen shot and killed a trader in Garissa.", [(1, None, "trader")]),
        ("Militants attacked a village and killed a chief.", [(1, None, "chief")]),
        ("Assailants hit the editor with clubs and killed him.", [(1, None, "editor")]),
    ],
)
def test_fatality_figures(nlp, text, figures):
    assert _figures(nlp, text) == figures


def test_best_estimate_is_the_lowest_per_side_summed():
    def report(count, side):
        return FatalityReport(count, None, side, None, Span(0, 1, "x"))

    assert best_estimate([report(35, "pro-government fighters"), report(20, "ISIS members")]) == 55
    assert best_estimate([report(12, "SAA soldiers"), report(9, "SAA soldiers")]) == 9
    assert best_estimate([report(None, "soldiers")]) is None
    assert best_estimate([report(24, None), report(10, "civilians")]) == 24


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        (
            "About 35 fighters were killed, according to pro-opposition sources.",
            ["pro-opposition sources"],
        ),
        (
            "The ISIS-linked news agency Amaq claimed that 12 SAA soldiers had been killed.",
            ["Amaq"],
        ),
        (
            "Six civilians were killed, the Syrian Observatory for Human Rights (SOHR) said.",
            ["Syrian Observatory for Human Rights"],
        ),
        ("Local sources told us that the village was shelled.", ["Local sources"]),
        ("He said the town was shelled.", []),
        ("The SAA reportedly killed 20 militants.", []),
    ],
)
def test_sources(nlp, text, sources):
    assert [a.text for a in find_attributions(_sentence(nlp, text))] == sources


@pytest.mark.parametrize(
    ("text", "trigger", "irrealis"),
    [
        ("ISIS failed to capture any key positions.", "capture", True),
        ("Analysts warned that ISIS could launch new attacks on Deir ez-Zor.", "attacks", True),
        ("A spokesman denied reports of air strikes near Idlib.", "strikes", True),
        ("The army will attack the town.", "attack", True),
        ("There were no clashes in the city.", "clashes", True),
        ("If the coalition withdraws, fighting will resume.", "fighting", True),
        ("ISIS attacked the town of al-Bukamal.", "attacked", False),
        ("Amaq claimed that 12 soldiers had been killed in the clashes.", "clashes", False),
    ],
)
def test_what_did_not_happen(nlp, text, trigger, irrealis):
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    assert is_irrealis(token) is irrealis


def _link(nlp, text, trigger, names):
    """The places linked to ``trigger``, first = where it happened."""
    doc = nlp(text)
    mentions = {}
    for name in names:
        start = text.index(name)
        span = doc.char_span(start, start + len(name), alignment_mode="expand")
        mention = LocMention(start, start + len(name), name, f"test:{name}", "town")
        for token in span:
            mentions[token.i] = mention
    token = next(t for t in doc if t.text == trigger)
    return [link.mention.text for link in search(token, mentions) if link.mention is not None]


@pytest.mark.parametrize(
    ("text", "trigger", "names", "first"),
    [
        (
            "KABUL - Afghan commandos conducted a raid on a Taliban prison in Nimroz province.",
            "raid",
            ["KABUL", "Nimroz"],
            "Nimroz",
        ),
        (
            "Troops from Aleppo shelled the town of Maarat al-Numan.",
            "shelled",
            ["Aleppo", "Maarat al-Numan"],
            "Maarat al-Numan",
        ),
        (
            "All the ISIS attacks on al-Bukamal came from the eastern bank of the Euphrates.",
            "attacks",
            ["al-Bukamal", "Euphrates"],
            "al-Bukamal",
        ),
        (
            "Fighting raged for a third day in Khartoum, officials in Cairo said.",
            "Fighting",
            ["Khartoum", "Cairo"],
            "Khartoum",
        ),
    ],
)
def test_linking_picks_where_it_happened(nlp, text, trigger, names, first):
    linked = _link(nlp, text, trigger, names)
    assert linked and linked[0] == first, linked


def test_origin_only_when_nothing_else(nlp):
    linked = _link(nlp, "Militants fired rockets from Gaza.", "rockets", ["Gaza"])
    assert linked == ["Gaza"]
