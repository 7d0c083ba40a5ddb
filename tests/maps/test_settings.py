"""The map settings refuse what would weaken the pages' policy or break the basemap."""

import pytest
from pydantic import ValidationError

from app.core.config import Settings, frame_ancestor_sources


def test_frame_ancestors_default_and_lists():
    assert Settings().map_frame_ancestors == "'self'"
    assert frame_ancestor_sources(
        "'self', https://wiki.example.org https://*.intra.example:8443"
    ) == [
        "'self'",
        "https://wiki.example.org",
        "https://*.intra.example:8443",
    ]
    assert frame_ancestor_sources(" ") == ["'none'"]


@pytest.mark.parametrize(
    "value",
    [
        "*",
        "https://a.example; script-src *",
        "javascript:alert(1)",
        "'unsafe-inline'",
        "https://a.example/path",
        "'none' https://a.example",
    ],
)
def test_frame_ancestors_that_are_not_origins_are_refused(value):
    with pytest.raises(ValidationError):
        Settings(map_frame_ancestors=value)


def test_tiles_need_a_template_and_their_attribution():
    ok = Settings(
        map_tiles_url="https://t.example.org/{z}/{x}/{y}.png", map_tiles_attribution="(c)"
    )
    assert ok.map_tiles_url
    with pytest.raises(ValidationError):
        Settings(map_tiles_url="https://t.example.org/{z}/{x}/{y}.png")
    with pytest.raises(ValidationError):
        Settings(map_tiles_url="https://t.example.org/tiles.png", map_tiles_attribution="(c)")
    with pytest.raises(ValidationError):
        Settings(map_tiles_url="file:///tiles/{z}/{x}/{y}.png", map_tiles_attribution="(c)")


def test_environment_variables(monkeypatch):
    monkeypatch.setenv("GEOEVENTS_MAP_FRAME_ANCESTORS", "https://wiki.example.org")
    monkeypatch.setenv("GEOEVENTS_MAP_INLINE_EVENTS", "100")
    settings = Settings()
    assert settings.map_frame_ancestors == "https://wiki.example.org"
    assert settings.map_inline_events == 100
