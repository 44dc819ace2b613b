"""Sharded and compressed archives read back equal to the plain one, and validate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import normalize
from conftest import ROOT
from normalize.shards import parse_size
from normalize.validation import validate_archive

CORPUS = ROOT / "tests" / "corpus"  # real files of several families (SOURCES.tsv)


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    out = tmp_path_factory.mktemp("plain") / "a"
    normalize.build([CORPUS], out)
    return list(normalize.read_archive(out))


@pytest.mark.parametrize("compress", ["none", "gzip", "zstd"])
def test_sharded_archives_read_back_equal(tmp_path: Path, plain: list[dict], compress: str):
    manifest = normalize.build([CORPUS], tmp_path / "a", shard_bytes=50_000, compress=compress)
    assert len(manifest["documents"]) > 1
    suffix = {"none": ".jsonl", "gzip": ".jsonl.gz", "zstd": ".jsonl.zst"}[compress]
    assert all(s["file"].startswith("documents-") and s["file"].endswith(suffix) for s in manifest["documents"])
    assert list(normalize.read_archive(tmp_path / "a")) == plain
    assert validate_archive(tmp_path / "a") == []


def test_compressed_archives_are_deterministic(tmp_path: Path):
    for name in ("one", "two"):
        normalize.build([ROOT / "seeds"], tmp_path / name, compress="gzip")
    first, second = ((tmp_path / n / "documents-00000.jsonl.gz").read_bytes() for n in ("one", "two"))
    assert first == second


def test_a_damaged_shard_is_named(tmp_path: Path):
    normalize.build([ROOT / "seeds"], tmp_path / "a", compress="zstd")
    shard = tmp_path / "a" / "documents-00000.jsonl.zst"
    shard.write_bytes(shard.read_bytes()[:-10])
    messages = [str(p) for p in validate_archive(tmp_path / "a")]
    assert any(m.startswith("documents-00000.jsonl.zst") and "SHA-256" in m for m in messages)


def test_the_schemas_ship_inside_the_archive(tmp_path: Path):
    normalize.build([ROOT / "seeds"], tmp_path / "a")
    for name in ("document.schema.json", "manifest.schema.json"):
        shipped = (tmp_path / "a" / name).read_text("utf-8")
        assert json.loads(shipped) == json.loads((ROOT / "schemas" / name).read_text("utf-8"))
        assert shipped.count("\n") == 1  # one line: see test_archive's datatrove test


@pytest.mark.parametrize("text, size", [("256MB", 256_000_000), ("1.5G", 1_500_000_000), ("1000", 1000)])
def test_parse_size(text: str, size: int):
    assert parse_size(text) == size
