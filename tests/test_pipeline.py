"""The pipeline's scheduling: copies are hashed, not parsed; chunks keep input order."""

from __future__ import annotations

import shutil

import normalize
from normalize import executors, process
from normalize.executors import chunks as make_chunks
from normalize.options import BuildOptions
from normalize.plan import InputFile, file_size

from conftest import SEEDS


def test_copies_are_hashed_not_parsed(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    seed = sorted(SEEDS.iterdir())[0]
    for name in ("a.txt", "b.txt", "c.md"):
        shutil.copyfile(seed, folder / name)
    parsed = []
    real = process._parse_text
    monkeypatch.setattr(process, "_parse_text", lambda data, base, *rest, **kw: parsed.append(base["path"]) or real(data, base, *rest, **kw))
    manifest = normalize.build([folder], tmp_path / "out")
    assert parsed == ["a.txt"]
    first, *copies = manifest["inputs"]
    assert first["status"] == "archived"
    for entry in copies:
        assert entry["status"] == "skipped" and entry["reason"] == "duplicate_file"
        assert entry["detail"] == "same bytes as a.txt"
        assert (entry["format"], entry["encoding"], entry["sha256"]) == (first["format"], first["encoding"], first["sha256"])

    (folder / "d.txt").write_bytes(seed.read_bytes())  # appended later: a copy of an archived file
    parsed.clear()
    manifest = normalize.build([folder / "d.txt"], tmp_path / "out", append=True)
    assert parsed == []
    assert manifest["inputs"][-1]["reason"] == "already_archived"


def test_a_copy_of_a_rejected_file_is_judged_on_its_own(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"   \n")
    (folder / "b.txt").write_bytes(b"   \n")
    manifest = normalize.build([folder], tmp_path / "out")
    assert [e["reason"] for e in manifest["inputs"]] == ["empty", "empty"]


def test_chunks_keep_input_order_and_cover_every_file(tmp_path):
    items = []
    for number in range(40):
        path = tmp_path / f"{number:02d}.txt"
        path.write_bytes(b"x" * (number * 100_000))
        items.append(InputFile(str(path), path.name))
    chunks = list(make_chunks(items, file_size))
    assert [item for chunk in chunks for item in chunk] == items
    assert all(len(chunk) <= executors.CHUNK_FILES for chunk in chunks) and len(chunks) > 2


def test_a_build_times_every_stage(tmp_path):
    from normalize import stages

    stages.reset()
    normalize.build([SEEDS], tmp_path / "out")
    assert set(stages.SECONDS) == set(stages.STAGES)
    assert all(seconds >= 0 for seconds in stages.SECONDS.values())


def test_the_time_limit_grows_with_the_file_past_30_mb():
    thirty, none = BuildOptions(seconds=30), BuildOptions(seconds=0)
    assert thirty.file_limit(1_000) == 30 and thirty.file_limit(30_000_000) == 30
    assert thirty.file_limit(90_000_000) == 90 and none.file_limit(90_000_000) == 0
