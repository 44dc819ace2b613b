"""Shared fixtures: the repository's seeds and a built archive of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import normalize

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh archive of seeds/ (built once per test session)."""
    out = tmp_path_factory.mktemp("seeds") / "archive"
    normalize.build([SEEDS], out)
    return out


@pytest.fixture(scope="session")
def seed_records(seeds_archive: Path) -> dict[str, list[dict]]:
    """Records of the seeds' archive grouped by the seed's 3-digit prefix."""
    grouped: dict[str, list[dict]] = {}
    for record in normalize.read_archive(seeds_archive):
        grouped.setdefault(record["provenance"]["path"][:3], []).append(record)
    return grouped


def load_jsonl(path: Path) -> list[dict]:
    """Every line of a JSONL file as a dict."""
    return [json.loads(line) for line in path.read_text("utf-8").split("\n") if line.strip()]
