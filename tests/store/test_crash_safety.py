"""SIGKILL a real server in the middle of a batch ingest, restart it: every article is
either fully stored or absent, SQLite passes ``PRAGMA integrity_check``, and the batch
re-runs to completion without duplicates. Both backends."""

from __future__ import annotations

import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import sqlalchemy as sa

from app.store.factory import open_repository
from tests.live_server import LiveServer, short_articles
from tests.support import default_settings, need_file

BATCH = 40
KILL_AFTER = 10


def _counts(collection: dict) -> tuple[int, int]:
    kinds = [f["properties"].get("kind", "place") for f in collection["features"]]
    return kinds.count("place"), kinds.count("event")


def _post_all(url: str, articles: list[dict], acked: list[dict], stop: threading.Event) -> None:
    """Post the batch from 4 threads; keep each acknowledged (201/200) response."""
    lock = threading.Lock()

    def post(article: dict) -> None:
        if stop.is_set():
            return
        try:
            response = httpx.post(f"{url}/v1/articles", json=article, timeout=30)
        except httpx.TransportError:
            return  # the server was killed under this request
        if response.status_code in (200, 201):
            with lock:
                acked.append({**response.json(), "text": article["text"]})

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(post, articles))


def test_sigkill_mid_batch_leaves_whole_articles(store_url, backend, tmp_path):
    need_file(default_settings().gazetteer_path)
    articles = short_articles(BATCH, "crash")
    env = {"GEOEVENTS_DATABASE_URL": store_url}
    acked: list[dict] = []
    stop = threading.Event()

    server = LiveServer(env, log=tmp_path / "server.log").start()
    try:
        client = threading.Thread(target=_post_all, args=(server.url, articles, acked, stop))
        client.start()
        deadline = time.monotonic() + 120
        while len(acked) < KILL_AFTER and time.monotonic() < deadline and client.is_alive():
            time.sleep(0.01)
        server.kill()  # SIGKILL, requests in flight
        stop.set()
        client.join(timeout=60)
        assert not client.is_alive()
    finally:
        server.kill()
    assert KILL_AFTER <= len(acked) < BATCH, "the kill did not land in the middle of the batch"

    if backend == "sqlite":
        path = sa.make_url(store_url).database
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

    with LiveServer(env, log=tmp_path / "server.log") as server:
        # every stored article has all the features the geoparser gives its text
        repo = open_repository(store_url)
        try:
            stored = repo.list_articles(limit=1000).articles
            acked_ids = {a["id"] for a in acked}
            assert acked_ids <= {a.id for a in stored}, "an acknowledged article was lost"
            for article in stored:
                expected = httpx.post(
                    f"{server.url}/v1/geoparse", json={"text": article.text}, timeout=30
                )
                assert expected.status_code == 200
                assert (article.place_count, article.event_count) == _counts(expected.json())
                assert article.place_count >= 1
            for answer in acked:
                got = repo.get_article(answer["id"])
                assert (got.place_count, got.event_count) == (answer["places"], answer["events"])

            # the batch re-runs to completion: what was stored is "existing", the rest is new
            rerun: list[dict] = []
            _post_all(server.url, articles, rerun, threading.Event())
            assert len(rerun) == BATCH
            stored_ids = {a.id for a in stored}
            for answer in rerun:
                assert answer["status"] == ("existing" if answer["id"] in stored_ids else "created")
            final = repo.list_articles(limit=1000).articles
            assert len(final) == BATCH
            assert len({a.id for a in final}) == BATCH
            assert len({a.content_hash for a in final}) == BATCH
            assert {a.text for a in final} == {a["text"] for a in articles}
        finally:
            repo.close()
