"""Where the settings put the gazetteer index and the SQLite store."""

from pathlib import Path

import pytest

from app.core.config import Settings
from app.store.factory import open_repository


@pytest.fixture
def env(monkeypatch, tmp_path):
    """A clean environment with only the data directory set."""
    for name in ("GEOEVENTS_STORE_DIR", "GEOEVENTS_DATABASE_URL", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GEOEVENTS_DATA_DIR", str(tmp_path / "data"))
    return monkeypatch


def test_the_store_defaults_to_the_data_dir(env, tmp_path):
    settings = Settings()
    assert settings.store_dir is None
    assert settings.store_url == f"sqlite:///{tmp_path / 'data' / 'geoevents.sqlite'}"
    assert settings.gazetteer_path == tmp_path / "data" / "gazetteer.sqlite"


def test_store_dir_moves_the_store_and_not_the_gazetteer(env, tmp_path):
    env.setenv("GEOEVENTS_STORE_DIR", str(tmp_path / "volume"))
    settings = Settings()
    assert settings.store_dir == tmp_path / "volume"
    assert settings.store_url == f"sqlite:///{tmp_path / 'volume' / 'geoevents.sqlite'}"
    assert settings.gazetteer_path == tmp_path / "data" / "gazetteer.sqlite"


@pytest.mark.parametrize("variable", ["GEOEVENTS_DATABASE_URL", "DATABASE_URL"])
def test_a_database_url_wins_over_store_dir(env, tmp_path, variable):
    env.setenv("GEOEVENTS_STORE_DIR", str(tmp_path / "volume"))
    env.setenv(variable, "postgresql://geoevents@db:5432/geoevents")
    assert Settings().store_url == "postgresql://geoevents@db:5432/geoevents"


def test_the_sqlite_store_is_created_in_store_dir(env, tmp_path):
    """The volume may start empty: opening the store creates its file (and directory)."""
    env.setenv("GEOEVENTS_STORE_DIR", str(tmp_path / "volume" / "store"))
    repo = open_repository(Settings().store_url)
    repo.ping()
    repo.close()
    assert (tmp_path / "volume" / "store" / "geoevents.sqlite").is_file()
    assert not Path(tmp_path / "data").exists()
