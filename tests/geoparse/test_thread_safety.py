"""One Geoparser serves every request thread of the server: the NER pass on selected
sentences and the event stage's parse share its spaCy pipeline, and neither may change
it for the other (issue 15 item 5: "[E030] Sentence boundaries unset" under load)."""

from __future__ import annotations

import threading
import time

from app.events.stage import EventStage
from app.geoparse.pipeline import NER_ONLY, Geoparser
from app.geoparse.types import Document

ITERATIONS = 300
TIME_LIMIT_S = 60.0

NER_TEXT = "Heavy fighting was reported in Tal Tamr and near Ain Issa on Monday."
EVENT_TEXT = "An airstrike killed five people in Homs on Monday. Residents fled the town."


def _run_together(*jobs) -> list[BaseException]:
    """Run each job ``ITERATIONS`` times, all in their own thread at once (bounded in
    time); the exceptions they raised."""
    errors: list[BaseException] = []
    start = threading.Barrier(len(jobs), timeout=30)
    deadline = time.monotonic() + TIME_LIMIT_S

    def loop(job) -> None:
        start.wait()
        for _ in range(ITERATIONS):
            if errors or time.monotonic() > deadline:
                return
            try:
                job()
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                errors.append(exc)
                return

    threads = [threading.Thread(target=loop, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIME_LIMIT_S + 30)
    assert not any(t.is_alive() for t in threads)
    return errors


def test_ner_pass_and_event_parse_share_the_pipeline_safely(geoparser: Geoparser):
    stage = next(p for p in geoparser.postprocessors if isinstance(p, EventStage))
    names = list(geoparser.nlp.pipe_names)
    ner_span = geoparser.tokens(NER_TEXT)[:]
    expected_ents = [e.text for e in geoparser.parse_spans([ner_span], NER_ONLY)[0].ents]
    assert "Tal Tamr" in expected_ents

    def ner_pass() -> None:
        (doc,) = geoparser.parse_spans([ner_span], NER_ONLY)
        assert [e.text for e in doc.ents] == expected_ents
        assert list(geoparser.nlp.pipe_names) == names  # nothing switched off for others

    def event_parse() -> None:
        (doc,) = list(stage.extractor.parse([EVENT_TEXT]))
        assert doc.has_annotation("DEP")
        assert len(list(doc.sents)) == 2  # raised E030 when the parser was switched off
        assert list(geoparser.nlp.pipe_names) == names

    assert _run_together(ner_pass, event_parse) == []


def test_whole_documents_parsed_in_parallel_match_one_at_a_time(geoparser: Geoparser):
    docs = [Document("ner", NER_TEXT), Document("event", f"{EVENT_TEXT} Shelling in Tal Tamr.")]
    expected = {d.id: geoparser.parse(d) for d in docs}
    assert expected["event"].events

    def job(doc: Document):
        def parse() -> None:
            assert geoparser.parse(doc) == expected[doc.id]

        return parse

    assert _run_together(*(job(d) for d in docs)) == []
