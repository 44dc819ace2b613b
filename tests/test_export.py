"""Exports: Parquet round-trips every field; Dolma JSONL; a folder datasets loads."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

import normalize
from normalize.cli import main
from normalize.export import from_parquet_row


def test_parquet_round_trips_every_field(tmp_path: Path, seeds_archive: Path):
    assert main(["export", str(seeds_archive), "--to", "parquet", "-o", str(tmp_path / "a.parquet")]) == 0
    table = pq.read_table(tmp_path / "a.parquet")
    records = list(normalize.read_archive(seeds_archive))
    assert table.num_rows == len(records)
    assert [from_parquet_row(row) for row in table.to_pylist()] == records
    assert str(table.schema.field("blocks").type).startswith("list<element: struct<")
    assert str(table.schema.field("provenance").type).startswith("struct<")


def test_dolma(tmp_path: Path, seeds_archive: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1583798400")
    assert main(["export", str(seeds_archive), "--to", "dolma", "-o", str(tmp_path / "d.jsonl"),
                 "--drop-duplicates"]) == 0
    lines = [json.loads(line) for line in (tmp_path / "d.jsonl").read_text("utf-8").splitlines()]
    assert len(lines) == 12
    first = lines[0]
    assert list(first) == ["id", "text", "source", "added", "created", "metadata"]
    assert first["added"] == "2020-03-10T00:00:00Z" and first["source"] == "normalize/newsdump"
    assert first["metadata"]["title"] and "text" not in first["metadata"]


def test_hf_folder_loads_with_datasets(tmp_path: Path, seeds_archive: Path):
    import datasets
    assert main(["export", str(seeds_archive), "--to", "hf", "-o", str(tmp_path / "ds")]) == 0
    loaded = datasets.load_dataset(str(tmp_path / "ds"), split="train")
    assert loaded.num_rows == 15
    assert loaded[0]["id"] == next(normalize.read_archive(seeds_archive))["id"]
