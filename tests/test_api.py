"""The public API (normalize/__init__.py): build with a progress callback, validate,
package, export and report, each what its command does, typed."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

import normalize
from conftest import SEEDS


def test_build_calls_the_progress_function_with_snapshots(tmp_path: Path):
    seen: list[normalize.Snapshot] = []
    manifest = normalize.build([SEEDS], tmp_path / "a", progress=seen.append, jobs=2)
    stages = [s.stage for s in seen]
    assert stages == ["start"] + ["file"] * 5 + ["finishing", "done"]
    assert [s.files_done for s in seen] == [0, 1, 2, 3, 4, 5, 5, 5]
    assert all(s.files == 5 and s.bytes == sum(e["bytes"] for e in manifest["inputs"]) for s in seen)
    assert seen[-1].bytes_done == seen[-1].bytes and seen[-1].rejected == 0


def test_a_progress_function_that_raises_stops_the_build_and_is_told(tmp_path: Path):
    stages: list[str] = []

    def stop(snapshot: normalize.Snapshot) -> None:
        stages.append(snapshot.stage)
        if snapshot.stage == "file":
            raise RuntimeError("enough")

    with pytest.raises(RuntimeError, match="enough"):
        normalize.build([SEEDS], tmp_path / "a", progress=stop)
    assert stages == ["start", "file", "stopped"]
    assert not (tmp_path / "a" / "manifest.json").exists()


def test_validate_returns_the_problems(tmp_path: Path):
    normalize.build([SEEDS], tmp_path / "a")
    assert normalize.validate(tmp_path / "a") == []
    assert normalize.validate(tmp_path / "a") == []  # the name stays the function after use
    shard = tmp_path / "a" / "documents.jsonl"
    shard.write_bytes(shard.read_bytes().replace(b'"text":"', b'"text":"X', 1))
    problems = normalize.validate(tmp_path / "a")
    assert problems and problems[0].file == "documents.jsonl" and "SHA-256" in problems[0].message


def test_package_makes_a_bag_that_validates(tmp_path: Path):
    normalize.build([SEEDS], tmp_path / "a")
    bag = normalize.package(tmp_path / "a", tmp_path / "bag", originals=[SEEDS], info={"Source-Organization": "x"})
    assert bag == tmp_path / "bag" and normalize.validate(bag) == []
    assert "Source-Organization: x" in (bag / "bag-info.txt").read_text("utf-8")
    with pytest.raises(ValueError):
        normalize.package(tmp_path / "a")


def test_package_deposits_an_ocfl_version(tmp_path: Path):
    pytest.importorskip("ocfl")
    normalize.build([SEEDS], tmp_path / "a")
    where = normalize.package(tmp_path / "a", ocfl=tmp_path / "root", object_id="urn:x:1")
    assert json.loads((where / "inventory.json").read_text("utf-8"))["head"] == "v1"
    assert normalize.validate(tmp_path / "root") == []


def test_the_package_is_typed():
    assert resources.files("normalize").joinpath("py.typed").is_file()
    assert set(normalize.__all__) >= {"build", "validate", "export", "package", "report", "read_archive"}


def test_export_and_report_write_what_their_commands_write(tmp_path: Path):
    import pyarrow.parquet as pq

    normalize.build([SEEDS], tmp_path / "a")
    assert normalize.export(tmp_path / "a", "parquet", tmp_path / "a.parquet") == 15
    assert pq.read_table(tmp_path / "a.parquet").num_rows == 15
    figures = normalize.report(tmp_path / "a", tmp_path / "r.html", sample=3)
    assert figures.records == 15 and "<html" in (tmp_path / "r.html").read_text("utf-8")
    assert callable(normalize.export) and callable(normalize.report)  # not shadowed by their modules
    assert normalize.export(tmp_path / "a", "dolma", tmp_path / "d", source="news", attributes=True,
                            drop_duplicates=True) == 12
    assert sorted(p.relative_to(tmp_path / "d").as_posix() for p in (tmp_path / "d").rglob("*.gz")) == [
        "attributes/normalize/documents-00000.jsonl.gz", "documents/documents-00000.jsonl.gz"]
    bag = normalize.package(tmp_path / "a", tmp_path / "bag", originals=[SEEDS])
    assert normalize.report(tmp_path / "a", tmp_path / "r2.html", bag=bag).fixity.valid
