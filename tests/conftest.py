"""Shared fixtures. Tests that read ../shared/data skip cleanly when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_DATA = SHARED / "data"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path to ../shared/data; skips the test when the folder is not there."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present (fresh clone without the development data)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def mission_page() -> Path:
    return EXAMPLES / "idntimes-kazakhstan-belarus.txt"
