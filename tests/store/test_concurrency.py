"""20 concurrent ingest requests of different articles plus concurrent readers of the
layers, against a real uvicorn server on each backend: no lost or duplicated rows, no 5xx."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx

from app.store.factory import open_repository
from tests.live_server import LiveServer, short_articles
from tests.support import default_settings, need_file

WRITERS = 20
READERS = 4


def test_concurrent_ingest_and_reads(store_url, tmp_path):
    need_file(default_settings().gazetteer_path)
    articles = short_articles(WRITERS, "concurrent")
    start = threading.Barrier(WRITERS + READERS, timeout=60)
    writing = threading.Event()
    read_statuses: list[int] = []

    def write(article: dict) -> tuple[int, dict]:
        with httpx.Client(timeout=60) as client:
            start.wait()
            response = client.post(f"{server.url}/v1/articles", json=article)
            return response.status_code, response.json()

    def read(n: int) -> None:
        layers = ("events", "places")
        with httpx.Client(timeout=60) as client:
            start.wait()
            while writing.is_set():
                layer = layers[n % 2]
                response = client.get(f"{server.url}/v1/layers/{layer}", params={"limit": 100})
                read_statuses.append(response.status_code)
                n += 1

    with LiveServer({"GEOEVENTS_DATABASE_URL": store_url}, log=tmp_path / "server.log") as server:
        writing.set()
        with ThreadPoolExecutor(WRITERS + READERS) as pool:
            readers = [pool.submit(read, n) for n in range(READERS)]
            writes = [pool.submit(write, a) for a in articles]
            try:
                results = [w.result(timeout=120) for w in writes]
            finally:
                writing.clear()  # the readers stop, even when a writer failed
            for r in readers:
                r.result(timeout=60)
        final = httpx.get(f"{server.url}/v1/layers/places", params={"limit": 1000}, timeout=30)

    assert [status for status, _ in results] == [201] * WRITERS, results
    assert read_statuses and all(status == 200 for status in read_statuses), read_statuses
    ids = [body["id"] for _, body in results]
    assert len(set(ids)) == WRITERS
    repo = open_repository(store_url)
    try:
        stored = repo.list_articles(limit=1000).articles
        assert sorted(a.id for a in stored) == sorted(ids)  # none lost, none duplicated
        assert all(article.place_count >= 1 for article in stored)
        for _, body in results:
            features = repo.article_features(body["id"])
            assert len(features) == body["places"] + body["events"]
            assert len({f["id"] for f in features}) == len(features)
    finally:
        repo.close()
    # the places layer names every article
    assert final.status_code == 200
    place_articles = {a for f in final.json()["features"] for a in f["properties"]["article_ids"]}
    assert place_articles == set(ids)
