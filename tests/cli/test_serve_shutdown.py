"""Graceful shutdown: SIGTERM while a slow request is in flight, the request still completes
(``geoevents serve`` gives uvicorn ``timeout_graceful_shutdown``) and the server exits."""

from __future__ import annotations

import signal
import threading
import time

import httpx

from tests.live_server import LiveServer
from tests.support import SEED, default_settings, need_file


def test_sigterm_finishes_the_request_in_flight(tmp_path):
    need_file(default_settings().gazetteer_path)
    seed = need_file(SEED).read_text(encoding="utf-8")
    text = ("\n\n".join([seed] * 40))[:120_000]  # a few seconds of geoparsing
    outcome: dict = {}

    def long_request() -> None:
        try:
            response = httpx.post(f"{server.url}/v1/geoparse", json={"text": text}, timeout=60)
            outcome["status"], outcome["body"] = response.status_code, response.json()
        except httpx.HTTPError as exc:
            outcome["error"] = repr(exc)
        outcome["done"] = time.monotonic()

    env = {"GEOEVENTS_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite'}"}
    server = LiveServer(env, log=tmp_path / "server.log").start()
    try:
        client = threading.Thread(target=long_request)
        client.start()
        time.sleep(1.0)  # the request is being geoparsed
        assert "done" not in outcome, "the request finished before SIGTERM; make it longer"
        terminated = time.monotonic()
        server.signal(signal.SIGTERM)
        client.join(timeout=60)
        # uvicorn re-raises the signal once it has shut down cleanly
        assert server.wait(timeout=60) in (0, -signal.SIGTERM)
    finally:
        server.kill()
    assert "error" not in outcome, outcome.get("error")
    assert outcome["status"] == 200
    assert outcome["done"] > terminated
    assert outcome["body"]["type"] == "FeatureCollection"
    assert len(outcome["body"]["features"]) > 10
