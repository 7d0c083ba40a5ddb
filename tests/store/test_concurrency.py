"""Concurrent ingest requests of different articles plus concurrent readers of the layers,
for a bounded time, against a real uvicorn server on each backend: no 5xx, no reset
connection, no lost or duplicated rows.

Every article sends a sentence to the statistical NER pass ("in Tal Tamr": a name the
gazetteer lacks after a locative) and has an event to parse, so that the NER pass of one
request runs while the event stage of another parses (issue 15 item 5: a quarter of the
writes answered 500 "[E030] Sentence boundaries unset" when one shared spaCy pipeline had
its parser switched off for the NER pass)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from app.store.factory import open_repository
from tests.live_server import PLACES, LiveServer
from tests.support import default_settings, need_file

WRITERS = 16
READERS = 4
DURATION_S = 15.0
MAX_WRITES_PER_WRITER = 500  # bounded even on a fast machine


def _article(writer: int, n: int) -> dict:
    place = PLACES[(writer + n) % len(PLACES)]
    return {
        "text": f"An airstrike killed {n % 9 + 2} people in {place} on Monday, residents "
        f"said. Heavy fighting was also reported in Tal Tamr. Report {writer}-{n}.",
        "title": f"report {writer}-{n}",
    }


def test_concurrent_ingest_and_reads(store_url, tmp_path):
    need_file(default_settings().gazetteer_path)
    start = threading.Barrier(WRITERS + READERS, timeout=60)
    writing = threading.Event()
    lock = threading.Lock()
    acked: dict[str, dict] = {}  # article id -> the response body, with the text sent
    failures: list[str] = []
    read_statuses: list[int] = []

    def write(writer: int) -> int:
        """Post new articles on one kept-alive connection until the time is up."""
        with httpx.Client(base_url=server.url, timeout=60) as client:
            start.wait()
            end = time.monotonic() + DURATION_S
            n = 0
            while time.monotonic() < end and n < MAX_WRITES_PER_WRITER:
                article = _article(writer, n)
                n += 1
                try:
                    response = client.post("/v1/articles", json=article)
                except httpx.TransportError as exc:  # a reset connection
                    with lock:
                        failures.append(f"writer {writer} #{n}: {exc!r}")
                    return n
                with lock:
                    if response.status_code != 201:
                        status, text = response.status_code, response.text[:300]
                        failures.append(f"writer {writer} #{n}: {status} {text}")
                    else:
                        body = response.json()
                        if body["id"] in acked:
                            failures.append(f"writer {writer} #{n}: id {body['id']} given twice")
                        acked[body["id"]] = {**body, "text": article["text"]}
            return n

    def read(n: int) -> None:
        layers = ("events", "places")
        with httpx.Client(base_url=server.url, timeout=60) as client:
            start.wait()
            while writing.is_set():
                response = client.get(f"/v1/layers/{layers[n % 2]}", params={"limit": 100})
                read_statuses.append(response.status_code)
                n += 1

    with LiveServer({"GEOEVENTS_DATABASE_URL": store_url}, log=tmp_path / "server.log") as server:
        writing.set()
        with ThreadPoolExecutor(WRITERS + READERS) as pool:
            readers = [pool.submit(read, n) for n in range(READERS)]
            writers = [pool.submit(write, w) for w in range(WRITERS)]
            try:
                sent = sum(w.result(timeout=DURATION_S + 120) for w in writers)
            finally:
                writing.clear()  # the readers stop, even when a writer failed
            for r in readers:
                r.result(timeout=60)
        final = httpx.get(f"{server.url}/v1/layers/places", params={"limit": 1000}, timeout=30)

    assert failures == [], failures[:10]
    assert len(acked) == sent >= WRITERS  # every write answered 201 with its own id
    assert read_statuses and all(status == 200 for status in read_statuses), set(read_statuses)
    assert final.status_code == 200 and final.json()["features"]
    repo = open_repository(store_url)
    try:
        stored = list(repo.iter_articles())
        assert len(stored) == len({a.id for a in stored})  # nothing duplicated
        assert {a.id for a in stored} == set(acked)  # nothing lost, nothing unacknowledged
        for article in stored:  # each one whole
            body = acked[article.id]
            assert article.text == body["text"]
            assert (article.place_count, article.event_count) == (body["places"], body["events"])
            assert article.place_count >= 1 and article.event_count >= 1
            features = repo.article_features(article.id)
            assert len(features) == body["places"] + body["events"]
            assert len({f["id"] for f in features}) == len(features)
    finally:
        repo.close()
