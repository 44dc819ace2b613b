"""Every engine writes the same archive, byte for byte: --jobs 1, --jobs 2, --engine dask
(records kept on the workers, pairs checked there), and a local build whose index is
memory-mapped; on a corpus with exact duplicates, near duplicates and partial copies."""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

import numpy as np
import pytest

import normalize
from normalize import archive, dedup
from conftest import SEEDS

pytest.importorskip("distributed")
from normalize.executors.dask import DaskExecutor, verify_stored  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    running = DaskExecutor(workers=2)
    yield running.client
    running.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seeds, plus copies edited a little (near duplicates), first halves (partial
    copies) and the same text in another file (exact duplicates), over many files."""
    folder = tmp_path_factory.mktemp("engines") / "in"
    folder.mkdir()
    for seed in sorted(SEEDS.iterdir()):
        text = seed.read_text("utf-8")
        (folder / seed.name).write_text(text, "utf-8")
        title, _, body = text.partition("\n")
        (folder / f"near-{seed.name}").write_text(f"{title}（转载）\n{body[:len(body) // 2]}另据报道。{body[len(body) // 2:]}",
                                                  "utf-8")
        (folder / f"half-{seed.name}").write_text(f"{title}\n{body[:len(body) * 5 // 8]}", "utf-8")
        (folder / f"same-{seed.name}").write_text(f"{title}\n\n{body}", "utf-8")  # other bytes, same text
    return folder


def _same_archive(first: Path, second: Path) -> None:
    names = sorted(os.listdir(first))
    assert names == sorted(os.listdir(second))
    for name in names:
        assert filecmp.cmp(first / name, second / name, shallow=False), name


def _links(out: Path) -> dict[str, int]:
    return {key.split(":")[1]: value for key, value in archive.read_manifest(out)["counters"].items()
            if key.startswith("dedup:")}


@pytest.mark.parametrize("options", [{"jobs": 2}, {"engine": "dask"}, {"engine": "dask", "drop_duplicates": True},
                                     {"engine": "dask", "shard_bytes": 30_000, "compress": "zstd"}])
def test_every_engine_writes_the_same_archive(cluster, corpus, tmp_path, options):
    if options.get("engine") == "dask":
        options = {**options, "scheduler": cluster.scheduler.address}
    layout = {k: v for k, v in options.items() if k in ("drop_duplicates", "shard_bytes", "compress")}
    local = normalize.build([corpus], tmp_path / "local", **layout)
    other = normalize.build([corpus], tmp_path / "other", **options)
    assert other == local
    _same_archive(tmp_path / "local", tmp_path / "other")
    if not layout:
        found = _links(tmp_path / "local")
        assert found["duplicate_of"] and found["near_duplicate_of"] and found["contained_in"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no workspace, staging or lock left


def test_a_memory_mapped_index_links_the_same(corpus, tmp_path, monkeypatch):
    normalize.build([corpus], tmp_path / "memory")
    spilled = []
    original = dedup.FingerprintTable.matrix

    def matrix(table):
        spilled.append(table.spilled)
        return original(table)

    monkeypatch.setattr(archive, "SPILL_RECORDS", 3)
    monkeypatch.setattr(dedup.FingerprintTable, "matrix", matrix)
    normalize.build([corpus], tmp_path / "mapped")
    assert spilled == [True]
    _same_archive(tmp_path / "memory", tmp_path / "mapped")


def test_a_spilled_table_reads_back_what_was_appended(tmp_path):
    prints = [dedup.fingerprint(f"第{i}篇新闻，内容各不相同，编号{i * 7919}。") for i in range(40)] + [dedup.fingerprint("")]
    kept = dedup.FingerprintTable.of(prints)
    mapped = dedup.FingerprintTable(tmp_path / "signatures", spill_after=5)
    for print_ in prints:
        mapped.append(print_)
    assert mapped.spilled and (tmp_path / "signatures").stat().st_size > 0
    assert np.array_equal(mapped.matrix(), kept.matrix())
    assert mapped.digests == kept.digests and mapped.kinds == kept.kinds
    mapped.close()


def test_appending_under_dask_equals_appending_locally(cluster, corpus, tmp_path):
    files = sorted(corpus.iterdir())
    for name, extra in (("local", {}), ("dask", {"engine": "dask", "scheduler": cluster.scheduler.address})):
        normalize.build(files[:7], tmp_path / name, **extra)
        normalize.build(files[5:], tmp_path / name, append=True, **extra)
    _same_archive(tmp_path / "local", tmp_path / "dask")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no workspace, staging or partitions left


@pytest.mark.parametrize("per_shuffle", [16, 2])
def test_pairs_checked_on_the_cluster_equal_the_local_ones(cluster, tmp_path, monkeypatch, per_shuffle):
    """Synthetic signatures with planted near copies and partial copies, kept in
    partitions of uneven sizes: the cluster finds and keeps the pairs numpy finds here,
    however many bands go to one shuffle."""
    from normalize import partitions
    from normalize.executors import dask as engine

    monkeypatch.setattr(engine, "BANDS_PER_SHUFFLE", per_shuffle)

    rng = np.random.default_rng(5)
    count = 3000
    signatures = rng.integers(0, 1 << 32, size=(count, dedup.SLOTS), dtype=np.uint64).astype(np.uint32)
    for copy in range(0, count, 37):  # a near copy of an earlier record
        source = rng.integers(0, copy) if copy else 0
        signatures[copy] = signatures[source]
        signatures[copy, rng.choice(dedup.SLOTS, 20, replace=False)] = rng.integers(0, 1 << 32, 20)
    table = dedup.FingerprintTable()
    shingles = rng.integers(50, 400, size=count)
    for index in range(count):
        table.append(dedup.Fingerprint(f"{index:064x}", int(shingles[index]), int(shingles[index]) + 4,
                                       signatures[index].tobytes()))
    columns = table.columns()
    position = rng.permutation(count).astype(np.int64)
    members = np.argsort(position, kind="stable")
    local = dedup.verify_local(columns, members)
    bases = np.array([0, 5, 900, 901, 2000], dtype=np.int64)
    names = []
    for start, end in zip(bases.tolist(), bases.tolist()[1:] + [count]):
        part = dedup.FingerprintTable()
        for index in range(start, end):
            part.append(dedup.Fingerprint(f"{index:064x}", int(shingles[index]), int(shingles[index]) + 4,
                                          signatures[index].tobytes()))
        names.append(f"p{start}")
        partitions.write_fingerprints(tmp_path / names[-1], part)
    remote = verify_stored(cluster, tmp_path, names, bases, position, shuffles=3)
    assert local.near.size and local.held.size
    assert np.array_equal(remote.near, local.near)
    assert np.array_equal(remote.held, local.held) and np.array_equal(remote.shares, local.shares)


def test_a_failed_link_leaves_no_partition_no_staging_and_no_archive(tmp_path):
    from normalize import partitions
    from normalize.plan import collect_inputs
    from normalize.process import process_file

    out = tmp_path / "out"

    def verify(*_):
        raise RuntimeError("the cluster went away")

    with archive.workspace(out) as folder:
        results = partitions.store([process_file(item) for item in collect_inputs([SEEDS])], folder)
        assert any(result.stored for result in results) and list(folder.iterdir())
        with pytest.raises(RuntimeError, match="went away"):
            archive.write_archive(out, results, workers=archive.WorkerStore(folder, verify))
        assert list(folder.iterdir()) == []
    assert list(tmp_path.iterdir()) == []
