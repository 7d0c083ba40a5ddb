"""The server freezes what start-up loaded (``app/core/heap.py``): those objects leave the
cyclic collector's walks, what requests create afterwards does not."""

from __future__ import annotations

import gc

from fastapi.testclient import TestClient

from app import main
from app.core.heap import freeze_loaded
from tests.support import default_settings, need_file


def test_objects_loaded_before_are_frozen_and_later_ones_collected_as_before():
    loaded = [["kept for the whole run"]]
    try:
        assert freeze_loaded() > 0
        assert not any(o is loaded for o in gc.get_objects())
        later = [["made by a request"]]
        assert any(o is later for o in gc.get_objects())
    finally:
        gc.unfreeze()


def test_the_server_freezes_once_started(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(main, "freeze_loaded", lambda: calls.append("frozen") or 1)
    settings = default_settings().model_copy(
        update={"database_url": f"sqlite:///{tmp_path / 'geoevents.sqlite'}"}
    )
    need_file(settings.gazetteer_path)
    app = main.create_app(settings)
    assert calls == []
    with TestClient(app) as client:
        assert calls == ["frozen"]  # after the geoparser and the store were loaded
        assert app.state.geoparser is not None and app.state.store is not None
        assert client.get("/health").status_code == 200
