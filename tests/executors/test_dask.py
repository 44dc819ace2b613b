"""The Dask engine: a local cluster of 2 worker processes writes the local build's archive, byte for byte."""

from __future__ import annotations

import filecmp
import functools
import os
from pathlib import Path

import pytest

import normalize

pytest.importorskip("distributed")
from normalize.executors import chunks  # noqa: E402
from normalize.executors.dask import DaskExecutor  # noqa: E402
from normalize.options import BuildOptions  # noqa: E402
from normalize.plan import collect_inputs, file_size  # noqa: E402
from normalize.process import process_chunk, process_file  # noqa: E402

from conftest import ROOT, SEEDS  # noqa: E402

SAMPLE = ROOT / "tests" / "corpus"


@pytest.fixture(scope="module")
def executor():
    """A local Dask cluster with 2 single-threaded worker processes."""
    running = DaskExecutor(workers=2)
    assert len(running.client.scheduler_info()["workers"]) == 2
    yield running
    running.close()


@pytest.fixture(scope="module")
def cluster(executor):
    return executor.client


def _same_archive(first: Path, second: Path) -> None:
    names = sorted(os.listdir(first))
    assert names == sorted(os.listdir(second))
    for name in names:
        assert filecmp.cmp(first / name, second / name, shallow=False), name


def _mixed_folder(tmp_path: Path) -> Path:
    """The seeds, damaged copies of them (encodings, duplicates) and a rejected file."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    for seed in sorted(SEEDS.iterdir()):
        text = seed.read_text("utf-8")
        (folder / seed.name).write_text(text, "utf-8")
        (folder / f"gb-{seed.name}").write_bytes(text.encode("gb18030"))
        (folder / f"bom-{seed.name}").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
        (folder / f"copy-{seed.name}").write_text(text, "utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return folder


@pytest.mark.parametrize("source", ["seeds", "mixed", "sample"])
def test_dask_engine_writes_the_local_archive_byte_for_byte(cluster, tmp_path, source):
    folder = {"seeds": SEEDS, "mixed": None, "sample": SAMPLE}[source]
    if source == "mixed":
        folder = _mixed_folder(tmp_path)
    local = normalize.build([folder], tmp_path / "local")
    distributed = normalize.build([folder], tmp_path / "dask", engine="dask", scheduler=cluster.scheduler.address)
    assert distributed == local
    _same_archive(tmp_path / "local", tmp_path / "dask")
    assert local["totals"]["records"] > 0


def test_dask_engine_with_shards_and_compression(cluster, tmp_path):
    options = {"shard_bytes": 20_000, "compress": "gzip", "drop_duplicates": True}
    normalize.build([SEEDS], tmp_path / "local", **options)
    normalize.build([SEEDS], tmp_path / "dask", engine="dask", scheduler=cluster.scheduler.address, **options)
    _same_archive(tmp_path / "local", tmp_path / "dask")
    assert len(list((tmp_path / "dask").glob("documents-*.jsonl.gz"))) > 1


def test_an_unknown_engine_is_a_usage_error(tmp_path):
    from normalize.options import UsageError

    with pytest.raises(UsageError, match="unknown engine"):
        normalize.build([SEEDS], tmp_path / "out", engine="spark")


def test_cli_starts_its_own_local_cluster(tmp_path):
    from normalize.cli import main

    assert main(["build", str(SEEDS), "-o", str(tmp_path / "dask"), "--engine", "dask", "--jobs", "2", "--quiet"]) == 0
    assert main(["build", str(SEEDS), "-o", str(tmp_path / "local"), "--quiet"]) == 0
    _same_archive(tmp_path / "local", tmp_path / "dask")


def test_the_file_time_limit_holds_on_dask_workers(cluster, tmp_path):
    folder = tmp_path / "big"
    folder.mkdir()
    text = (SEEDS / sorted(p.name for p in SEEDS.iterdir())[0]).read_text("utf-8")
    for number in range(2):  # files that take far longer than the limit (and than a GIL switch)
        (folder / f"{number}.txt").write_text(f"{number}\n" + text * 600, "utf-8")  # ~0.5 s each
    local = normalize.build([folder], tmp_path / "local", file_timeout=0.05)
    remote = normalize.build([folder], tmp_path / "dask", file_timeout=0.05, engine="dask",
                             scheduler=cluster.scheduler.address)
    assert [entry["reason"] for entry in remote["inputs"]] == ["too_slow", "too_slow"]
    assert remote == local


def test_builds_sharing_a_cluster_never_share_results(executor, tmp_path):
    folders = []
    for name, salt in (("p", "甲"), ("q", "乙")):
        folder = tmp_path / name
        folder.mkdir()
        for number in range(20):
            (folder / f"f{number:02d}.txt").write_text(f"{salt}新闻第{number}篇。\n" * 30, "utf-8")
        folders.append(collect_inputs([folder]))
    work = functools.partial(process_chunk, options=BuildOptions())
    first = executor.map(work, chunks(folders[0], file_size))
    next(first)  # the first build is under way on the cluster
    second = list(executor.map(work, chunks(folders[1], file_size)))
    assert [r.sha256 for r in second] == [process_file(item).sha256 for item in folders[1]]
    assert len(list(first)) == 19


def test_a_slow_file_on_dask_is_rejected_and_the_rest_archived(cluster, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = (SEEDS / sorted(p.name for p in SEEDS.iterdir())[0]).read_text("utf-8")
    (folder / "a.txt").write_text(">>>题一\n\n正文一。\n", "utf-8")
    (folder / "slow.txt").write_text(text * 600, "utf-8")
    (folder / "z.txt").write_text(">>>题二\n\n正文二。\n", "utf-8")
    manifest = normalize.build([folder], tmp_path / "out", file_timeout=0.2, engine="dask",
                               scheduler=cluster.scheduler.address)
    assert [(e["path"], e["reason"]) for e in manifest["inputs"]] == [("a.txt", None), ("slow.txt", "too_slow"),
                                                                    ("z.txt", None)]
    assert not normalize.validate(tmp_path / "out")


def test_a_file_that_needs_more_memory_than_allowed_is_rejected_on_dask(cluster, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    paragraph = "这是一段用来测试内存限制的正文，内容重复但足够长。" * 20 + "\n\n"
    (folder / "big.txt").write_text(paragraph * 40_000, "utf-8")
    (folder / "ok.txt").write_text(">>>标题\n\n正文。\n", "utf-8")
    manifest = normalize.build([folder], tmp_path / "out", file_timeout=60, file_memory=600_000_000,
                               engine="dask", scheduler=cluster.scheduler.address)
    entries = {e["path"]: e for e in manifest["inputs"]}
    assert entries["big.txt"]["reason"] == "too_complex" and entries["ok.txt"]["status"] == "archived"
    assert not normalize.validate(tmp_path / "out")
