"""Exports: Parquet round-trips every field; Dolma JSONL; a folder datasets loads."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import normalize
from conftest import SEEDS
from normalize import exports
from normalize.archive import MANIFEST
from normalize.cli import main
from normalize.exports import from_parquet_row
from normalize.paths import OutputError
from test_archive import SEPARATORS, separated_archive


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
    for line in lines:  # never a null created: Dolma's schema refuses it
        assert list(line) == ["id", "text", "source", "added"] + (["created"] if "created" in line else []) + ["metadata"]
        assert line.get("created", "x") and line.get("created") == (line["metadata"]["date_published"] or None)
    assert any("created" not in line for line in lines) and any("created" in line for line in lines)
    assert first["added"] == "2020-03-10T00:00:00Z" and first["source"] == "archive"  # the archive folder's name
    assert first["metadata"]["title"] and "text" not in first["metadata"]


def test_hf_folder_loads_with_datasets(tmp_path: Path, seeds_archive: Path):
    import datasets
    assert main(["export", str(seeds_archive), "--to", "hf", "-o", str(tmp_path / "ds")]) == 0
    loaded = datasets.load_dataset(str(tmp_path / "ds"), split="train")
    assert loaded.num_rows == 15
    assert loaded[0]["id"] == next(normalize.read_archive(seeds_archive))["id"]


def test_line_separators_inside_a_record_survive_every_export(tmp_path: Path, seeds_archive: Path):
    out = separated_archive(seeds_archive, tmp_path / "separated")
    records = list(normalize.read_archive(out))
    exports.export(out, "parquet", tmp_path / "a.parquet")
    assert [from_parquet_row(row) for row in pq.read_table(tmp_path / "a.parquet").to_pylist()] == records
    exports.export(out, "dolma", tmp_path / "d.jsonl")
    lines = (tmp_path / "d.jsonl").read_bytes().decode("utf-8").split("\n")[:-1]
    assert len(lines) == len(records)
    assert json.loads(lines[0])["metadata"]["title"] == f"标题{SEPARATORS}续"
    assert json.loads(lines[0])["text"] == records[0]["text"]


@pytest.fixture()
def archive_copy(tmp_path: Path, seeds_archive: Path) -> Path:
    shutil.copytree(seeds_archive, tmp_path / "archive")
    return tmp_path / "archive"


def test_an_export_through_a_hard_link_leaves_the_manifest(tmp_path: Path, archive_copy: Path):
    before = (archive_copy / MANIFEST).read_bytes()
    os.link(archive_copy / MANIFEST, tmp_path / "d.jsonl")
    with pytest.raises(OutputError, match="manifest.json"):
        exports.export(archive_copy, "dolma", tmp_path / "d.jsonl")
    assert (archive_copy / MANIFEST).read_bytes() == before


@pytest.mark.parametrize("to, dest, message", [
    ("parquet", "FOLDER", "is a folder"),
    ("jsonl", "FOLDER", "is a folder"),
    ("dolma", "ARCHIVE/d.jsonl", "inside the archive"),
    ("dolma", "ARCHIVE", "inside the archive"),
    ("dolma", "FILE", "not a folder"),
    ("hf", "ARCHIVE", "inside the archive"),
    ("hf", "ARCHIVE/..", "inside the archive"),  # the folder holding the archive data/: its data/ is the archive
    ("parquet", "ORIGINALS/a.parquet", "inside the originals"),
    ("hf", "FILE", "not a folder"),
])
def test_an_export_never_lands_on_or_in_its_inputs(tmp_path: Path, seeds_archive: Path, to: str, dest: str,
                                                   message: str):
    originals = tmp_path / "originals"
    shutil.copytree(SEEDS, originals)
    out = tmp_path / "data"
    normalize.build([originals], out)
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("")
    path = Path(dest.replace("FOLDER", str(tmp_path / "folder")).replace("ARCHIVE", str(out))
                .replace("ORIGINALS", str(originals)).replace("FILE", str(tmp_path / "file")))
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(OutputError, match=message):
        exports.export(out, to, path)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_an_export_to_a_full_disk_is_an_output_error(seeds_archive: Path):
    with pytest.raises(OutputError, match="/dev/full: No space left"):
        exports.export(seeds_archive, "dolma", "/dev/full")
    assert not Path("/dev/full").is_file()
