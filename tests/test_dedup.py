"""Duplicates, near duplicates, partial copies; append; provenance you can audit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

import normalize
from conftest import SEEDS
from normalize import dedup
from normalize.cli import main
from normalize.validation import validate_archive
from normalize.records import SCHEMA_VERSION


def _by_path_ordinal(out: Path) -> dict[tuple[str, int], dict]:
    return {(r["provenance"]["path"][:3], r["provenance"]["ordinal"]): r for r in normalize.read_archive(out)}


def test_seed_links(seeds_archive: Path):
    records = _by_path_ordinal(seeds_archive)
    first = records[("000", 1)]["id"]
    assert records[("000", 2)]["duplicate_of"] == first
    assert records[("000", 3)]["duplicate_of"] == first
    assert records[("003", 0)]["near_duplicate_of"] == first
    assert records[("001", 0)]["contained_in"] == first
    assert 0.8 <= records[("001", 0)]["containment"] <= 1
    linked = {key for key, r in records.items() if r["duplicate_of"] or r["near_duplicate_of"]}
    assert linked == {("000", 2), ("000", 3), ("003", 0)}


def test_empty_text_is_never_a_duplicate():
    prints = [dedup.fingerprint(""), dedup.fingerprint(""), dedup.fingerprint("  \n ")]
    links = dedup.link(["a", "b", "c"], prints, [(0,), (1,), (2,)])
    assert all(link == dedup.Links() for link in links)


def test_fingerprints_do_not_depend_on_paragraphing():
    assert dedup.fingerprint("一二三四五六\n\n七八九十").exact == dedup.fingerprint("一二三四五六七八九十").exact


def test_near_duplicate_estimate_tracks_the_true_jaccard():
    base = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(3000))
    edited = base[:2700] + "".join(chr(0x4E00 + i) for i in range(300))
    first, second = (dedup.fingerprint(t) for t in (base, edited))
    matrix = dedup.FingerprintTable.of([first, second]).matrix()
    estimate = dedup._jaccards(matrix, np.array([0]), np.array([1]))[0]
    shingles = lambda t: {t[i:i + 5] for i in range(len(t) - 4)}  # noqa: E731
    truth = len(shingles(base) & shingles(edited)) / len(shingles(base) | shingles(edited))
    assert abs(estimate - truth) < 0.08


def test_append_equals_a_fresh_build(tmp_path: Path):
    seeds = sorted(SEEDS.iterdir())
    normalize.build(seeds, tmp_path / "all")
    normalize.build(seeds[:3], tmp_path / "grown")
    manifest = normalize.build(seeds[3:] + seeds[:1], tmp_path / "grown", append=True)
    fields = lambda out: {(r["id"], r["text"], r["duplicate_of"], r["near_duplicate_of"], r["contained_in"])  # noqa: E731
                          for r in normalize.read_archive(out)}
    assert fields(tmp_path / "grown") == fields(tmp_path / "all")
    assert validate_archive(tmp_path / "grown") == []
    skipped = [e for e in manifest["inputs"] if e["status"] == "skipped"]
    assert [(e["path"], e["reason"]) for e in skipped] == [(seeds[0].name, "already_archived")]


def test_append_to_a_corrupt_archive_writes_nothing(tmp_path: Path):
    out = tmp_path / "a"
    normalize.build([sorted(SEEDS.iterdir())[0]], out)
    with open(out / "documents.jsonl", "a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert main(["build", str(SEEDS), "-o", str(out), "--append", "--quiet"]) == 2
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_drop_duplicates(tmp_path: Path, seeds_archive: Path):
    manifest = normalize.build([SEEDS], tmp_path / "nlp", drop_duplicates=True)
    kept = list(normalize.read_archive(tmp_path / "nlp"))
    assert len(kept) == 12
    assert manifest["totals"]["dropped_duplicates"] == 2 and manifest["totals"]["dropped_near_duplicates"] == 1
    assert not any(r["duplicate_of"] or r["near_duplicate_of"] for r in kept)
    assert validate_archive(tmp_path / "nlp") == []


def test_every_record_range_holds_its_title(seeds_archive: Path):
    for record in normalize.read_archive(seeds_archive):
        lines = (SEEDS / record["provenance"]["path"]).read_text("utf-8").split("\n")
        cut = "".join(lines[record["provenance"]["line_start"] - 1:record["provenance"]["line_end"]])
        assert "".join(record["title"].split()) in "".join(cut.split()), record["id"]


def test_show_prints_the_record_its_source_and_its_repairs(tmp_path: Path, capsys):
    out = tmp_path / "a"
    normalize.build([SEEDS], out)
    record = next(r for r in normalize.read_archive(out) if r["fixes"].get("html_tags"))
    assert main(["show", str(out), record["id"], "--source", "--diff"]) == 0
    printed = capsys.readouterr().out
    assert json.dumps(record["title"], ensure_ascii=False) in printed
    assert f"{record['provenance']['line_start']:>6} | >>>{record['title']}" in printed
    assert '"html_tags": 1' in printed and "-" in printed and "_GB2312" in printed


def test_show_finds_moved_originals_and_refuses_changed_ones(tmp_path: Path):
    moved = tmp_path / "moved"
    shutil.copytree(SEEDS, moved)
    out = tmp_path / "a"
    normalize.build([moved], out)
    record = next(normalize.read_archive(out))
    shutil.move(moved, tmp_path / "elsewhere")
    assert main(["show", str(out), record["id"], "--source"]) == 1
    assert main(["show", str(out), record["id"], "--source", "--originals", str(tmp_path / "elsewhere")]) == 0
    (tmp_path / "elsewhere" / record["provenance"]["path"]).write_text("changed", "utf-8")
    assert main(["show", str(out), record["id"], "--source", "--originals", str(tmp_path / "elsewhere")]) == 1


@pytest.mark.parametrize("missing", ["no-such-id"])
def test_show_unknown_id(tmp_path: Path, seeds_archive: Path, missing: str):
    assert main(["show", str(seeds_archive), missing]) == 1


def test_bucket_pairs_pair_first_with_each_member_or_all_members():
    members = np.array([10, 11, 12, 13, 14, 15])
    keys = np.array([5, 7, 5, 5, 7, 9], dtype=np.uint64)
    first, other = dedup.bucket_pairs(members, keys, clique=False)
    assert sorted(zip(first.tolist(), other.tolist())) == [(10, 12), (10, 13), (11, 14)]
    first, other = dedup.bucket_pairs(members, keys, clique=True)
    assert sorted(zip(first.tolist(), other.tolist())) == [(10, 12), (10, 13), (11, 14), (12, 13)]
    none = dedup.bucket_pairs(members, np.arange(6, dtype=np.uint64), clique=True)
    assert none[0].size == 0 and none[1].size == 0


def test_append_to_an_archive_whose_records_end_differently(tmp_path: Path):
    """Records written by an earlier version (schema 1.1: no source_id, another line end)
    validate, are relinked by parsing them, and come out in the current schema."""
    import hashlib

    seeds = sorted(SEEDS.iterdir())
    out = tmp_path / "old"
    normalize.build(seeds[:2], out)
    shard = out / "documents.jsonl"
    old = []
    for line in shard.read_text("utf-8").splitlines():
        record = json.loads(line)
        del record["source_id"]
        old.append(json.dumps({**record, "schema_version": "1.1"}, ensure_ascii=False, separators=(",", ":")))
    shard.write_text("\n".join(old) + "\n", "utf-8")
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    data = shard.read_bytes()
    manifest["documents"][0].update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")
    assert validate_archive(out) == []
    grown = normalize.build(seeds[2:], out, append=True)
    assert validate_archive(out) == []
    records = list(normalize.read_archive(out))
    assert len(records) == grown["totals"]["records"]
    assert {r["schema_version"] for r in records} == {SCHEMA_VERSION}
    assert all(list(r)[list(r).index("url") + 1] == "source_id" and r["source_id"] is None for r in records)


def test_a_containment_bucket_of_a_stock_phrase_is_skipped():
    big = dedup.MAX_BUCKET + 1
    members = np.arange(big + 2)
    keys = np.r_[np.zeros(big, dtype=np.uint64), np.ones(2, dtype=np.uint64)]
    first, other = dedup.bucket_pairs(members, keys, clique=True)
    assert list(zip(first.tolist(), other.tolist())) == [(big, big + 1)]  # only the small bucket
    first, other = dedup.bucket_pairs(members, keys, clique=False)  # near-duplicate bands: never skipped
    assert first.size == big and set(first.tolist()) == {0, big}


def test_the_fingerprint_drops_exactly_what_a_whitespace_pattern_matches():
    """fingerprint() compacts a text with str.split (faster than re.sub(r"\\s+")): the two
    agree on every code point, so exact hashes and shingles are what they always were."""
    import re
    import sys

    pattern = re.compile(r"\s")
    assert [c for c in range(sys.maxunicode + 1) if bool(pattern.match(chr(c))) != chr(c).isspace()] == []
    text = "新华社\u3000北京\xa03月5日电\u2028记者\t张三\u200b 报道\x1c。"
    assert dedup.fingerprint(text) == dedup.fingerprint(re.sub(r"\s+", "", text))
