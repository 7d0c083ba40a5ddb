"""Helpers shared by the tests: real components, small data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.config import PROJECT_ROOT, Settings
from app.gazetteer.lookup import Gazetteer
from app.gazetteer.rows import to_row
from app.gazetteer.types import Record
from app.store.gazetteer_db import IndexWriter

SHARED = PROJECT_ROOT.parent / "shared"
SEED = SHARED / "corpora" / "seed" / "syria-bukamal-2018-06-11.txt"


def need_file(path: Path) -> Path:
    """The path, or a skip with the reason (a failure under CI, where it must exist)."""
    if path.exists():
        return path
    message = f"{path} is missing (it comes from ../shared or `make test`)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def run_cli(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``python -m app ARGS`` as a user runs it, from the project root, with ``env`` added
    to this process's environment."""
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=PROJECT_ROOT,
    )


def default_settings() -> Settings:
    return Settings()


def tiny_index(
    path: Path,
    records: list[Record],
    extra_names: dict[str, list[tuple[str, str]]] | None = None,
) -> Gazetteer:
    """A gazetteer built from a handful of records, for unit tests. ``extra_names``:
    gazetteer id -> (name, kind) pairs ("Va.", "abbreviation"; "Syrian", "demonym")."""
    writer = IndexWriter(path)
    extra_names = extra_names or {}
    writer.add(to_row(r, extra_names.get(r.gid, ())) for r in records)
    writer.commit({"built_at": "test", "sources": "{}"})
    return Gazetteer.open(path)


def place(gid: str, name: str, lon: float, lat: float, **kw) -> Record:
    kw.setdefault("feature_type", "town")
    kw.setdefault("names", (name,))
    kw.setdefault("source", "test")
    return Record(gid=gid, name=name, lon=lon, lat=lat, **kw)
