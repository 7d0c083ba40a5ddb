"""Shared fixtures.

Data too large for the repository (GeoNames, Natural Earth, ...) lives in
``../shared`` next to the checkout. Tests that need it skip with a reason when it is
missing, except in CI (``CI=true``), where a missing file is a broken setup and fails.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"
"""``../shared`` from the repository root (this file is ``tests/conftest.py``)."""


def _missing(reason: str) -> None:
    """Skip (locally) or fail (in CI) because shared data is missing."""
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason} (CI=true: shared data must be present)", pytrace=False)
    print(f"skipping: {reason}", file=sys.stderr)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (relative to the repository root); skips or fails when missing."""
    if not SHARED_DIR.is_dir():
        _missing(f"shared data directory {SHARED_DIR} not found")
    return SHARED_DIR


@pytest.fixture(scope="session")
def shared_file(shared_dir: Path) -> Callable[[str], Path]:
    """A function giving ``shared_dir / relative``; skips or fails when that file is missing."""

    def get(relative: str) -> Path:
        path = shared_dir / relative
        if not path.exists():
            _missing(f"shared file {path} not found")
        return path

    return get
