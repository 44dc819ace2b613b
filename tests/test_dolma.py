"""The Dolma export, read by the real Dolma toolkit: ``dolma tag`` and ``dolma mix``.

Dolma lives in its own environment (scripts/install-dolma, which the README's test
command runs): its pins are not ours.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
from pathlib import Path

import pytest

import normalize
from conftest import ROOT, SEEDS
from normalize import dolma, exports
from normalize.archive import read_manifest
from normalize.cli import main

DOLMA = ROOT / ".cache" / "dolma" / "bin" / "dolma"


def _dolma(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    if not DOLMA.exists():
        pytest.fail("the Dolma toolkit is not installed: run scripts/install-dolma (the README's test command does)")
    done = subprocess.run([str(DOLMA), *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "TQDM_DISABLE": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def _lines(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture(scope="module")
def sharded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds in several gzipped shards."""
    out = tmp_path_factory.mktemp("dolma") / "seed-news"
    normalize.build([SEEDS], out, shard_bytes=40_000, compress="gzip")
    return out


def test_a_folder_gets_one_documents_file_per_archive_shard(tmp_path: Path, sharded: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1583798400")
    shards = read_manifest(sharded)["documents"]
    assert len(shards) > 2
    assert main(["export", str(sharded), "--to", "dolma", "-o", str(tmp_path / "d")]) == 0
    files = sorted((tmp_path / "d" / "documents").iterdir())
    assert [f.name for f in files] == [dolma.shard_name(i) for i in range(len(shards))]
    assert not (tmp_path / "d" / "attributes").exists()
    records = list(normalize.read_archive(sharded))
    lines = [line for f in files for line in _lines(f)]
    assert [line["id"] for line in lines] == [r["id"] for r in records]
    assert [len(_lines(f)) for f in files] == [s["records"] for s in shards]
    assert {line["source"] for line in lines} == {"seed-news"}  # the archive folder's name
    assert all(line.get("created", "x") for line in lines)  # never null
    assert lines[0]["added"] == "2020-03-10T00:00:00Z"
    again = tmp_path / "again"
    exports.export(sharded, "dolma", again)
    assert [f.read_bytes() for f in files] == [(again / "documents" / f.name).read_bytes() for f in files]


def test_source_is_settable_and_stale_files_go(tmp_path: Path, sharded: Path, seeds_archive: Path):
    exports.export(sharded, "dolma", tmp_path / "d")
    assert len(list((tmp_path / "d" / "documents").iterdir())) > 1
    (tmp_path / "d" / "documents" / "notes.txt").write_text("mine", "utf-8")
    exports.export(seeds_archive, "dolma", tmp_path / "d", source="news-2020")
    left = sorted(f.name for f in (tmp_path / "d" / "documents").iterdir())
    assert left == ["documents-00000.jsonl.gz", "notes.txt"]  # an earlier export's shards gone, not the user's file
    assert {line["source"] for line in _lines(tmp_path / "d" / "documents" / left[0])} == {"news-2020"}


def test_attributes_carry_blocks_flags_fixes_and_duplicates(tmp_path: Path, seeds_archive: Path):
    exports.export(seeds_archive, "dolma", tmp_path / "d", attributes=True)
    records = list(normalize.read_archive(seeds_archive))
    tags = _lines(tmp_path / "d" / "attributes" / "normalize" / "documents-00000.jsonl.gz")
    assert [t["id"] for t in tags] == [r["id"] for r in records]
    for record, tag in zip(records, tags):
        spans = tag["attributes"]
        blocks = sorted((b["start"], b["end"], b["type"]) for b in record["blocks"])
        assert sorted((s, e, k.split("__")[2]) for k, v in spans.items() if "__block__" in k for s, e, _ in v) == blocks
        assert sorted(k.split("__")[2] for k in spans if "__flag__" in k) == sorted(record["flags"])
        assert {k.split("__")[2]: v[0][2] for k, v in spans.items() if "__fix__" in k} == record["fixes"]
        assert ("normalize__dedup__duplicate" in spans) == bool(record["duplicate_of"])
    assert any(r["duplicate_of"] for r in records) and any(r["flags"] for r in records)


def test_dolma_tag_runs_on_the_export(tmp_path: Path, sharded: Path):
    exports.export(sharded, "dolma", tmp_path / "d")
    _dolma("tag", "--documents", str(tmp_path / "d" / "documents" / "*.jsonl.gz"), "--experiment", "check",
           "--taggers", "char_length_v1", "--processes", "1", cwd=tmp_path)
    records = {r["id"]: r for r in normalize.read_archive(sharded)}
    tagged = sorted((tmp_path / "d" / "attributes" / "check").iterdir())
    assert [f.name for f in tagged] == sorted(f.name for f in (tmp_path / "d" / "documents").iterdir())
    lengths = {t["id"]: t["attributes"]["check__char_length_v1__length"][0][2] for f in tagged for t in _lines(f)}
    assert lengths == {i: float(len(r["text"])) for i, r in records.items()}


def test_dolma_mix_filters_on_our_attributes(tmp_path: Path, seeds_archive: Path):
    """The attribute files line up with the documents as the mixer demands, and a filter
    on them drops exactly the records normalize linked as duplicates."""
    exports.export(seeds_archive, "dolma", tmp_path / "d", attributes=True)
    config = {"streams": [{"name": "kept", "documents": [str(tmp_path / "d" / "documents" / "*.jsonl.gz")],
                           "attributes": ["normalize"],
                           "output": {"path": str(tmp_path / "mixed"), "max_size_in_bytes": 100_000_000},
                           "filter": {"exclude": ["$.attributes[?(@.normalize__dedup__duplicate || "
                                                  "@.normalize__dedup__near_duplicate)]"]}}],
              "processes": 1}
    (tmp_path / "mix.json").write_text(json.dumps(config), "utf-8")
    _dolma("-c", str(tmp_path / "mix.json"), "mix", cwd=tmp_path)
    kept = [line["id"] for f in sorted((tmp_path / "mixed").iterdir()) for line in _lines(f)]
    assert kept == [r["id"] for r in exports.records(seeds_archive, drop_duplicates=True)]
    assert len(kept) < len(list(normalize.read_archive(seeds_archive)))


def test_one_file_and_standard_output(tmp_path: Path, seeds_archive: Path, capfd):
    assert main(["export", str(seeds_archive), "--to", "dolma", "-o", str(tmp_path / "d.jsonl.gz")]) == 0
    one = _lines(tmp_path / "d.jsonl.gz")
    capfd.readouterr()
    assert main(["export", str(seeds_archive), "--to", "dolma", "-o", "-"]) == 0
    out, err = capfd.readouterr()
    assert [json.loads(line)["id"] for line in out.splitlines()] == [line["id"] for line in one]
    assert "records exported" in err  # the count goes to stderr: stdout is the export
    assert main(["export", str(seeds_archive), "--to", "jsonl", "-o", "-", "--drop-duplicates"]) == 0
    out, _ = capfd.readouterr()
    assert [json.loads(line) for line in out.splitlines()] == list(exports.records(seeds_archive, True))


def test_export_json_and_refusals(tmp_path: Path, seeds_archive: Path, capsys):
    assert main(["export", str(seeds_archive), "--to", "dolma", "-o", str(tmp_path / "d"), "--attributes",
                 "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["records"] == 15 and summary["exit_code"] == 0
    assert sorted(Path(f).relative_to(tmp_path / "d").as_posix() for f in summary["files"]) == [
        "attributes/normalize/documents-00000.jsonl.gz", "documents/documents-00000.jsonl.gz"]
    for args in (["--to", "parquet", "-o", "-"], ["--to", "dolma", "-o", str(tmp_path / "x.jsonl"), "--attributes"],
                 ["--to", "jsonl", "-o", "-", "--json"]):
        assert main(["export", str(seeds_archive), *args]) == 2, args
    assert not (tmp_path / "x.jsonl").exists()
