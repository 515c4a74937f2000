"""Shared test fixtures: paths to the repo's seeds and, where present, the shared corpora."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_PAGE = SEEDS / "000_9090311ae2bed687.txt"
SHARED = Path(os.environ.get("AKHBAR_SHARED", REPO.parent / "shared"))
CORPORA = SHARED / "corpora"

from akhbar.config import prefect_defaults  # noqa: E402 - the environment first, before Prefect is imported

prefect_defaults()


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED_PAGE.read_bytes()


def needs_corpus(*parts: str) -> Path:
    """The path of a shared corpus, or skip the test with the reason when it is absent."""
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the shared corpus {path} (not present in this checkout)")
    return path
