"""The archive as a whole: archive/ is what seeds/ builds, validation, determinism."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest
import zstandard
from datatrove.pipeline.readers import JsonlReader

import normalize
from conftest import ROOT, SEEDS
from normalize.archive import DOCUMENTS, MANIFEST
from normalize.shards import COMPRESSIONS
from normalize.validation import validate_archive
from test_paths import hostile_copy


def test_committed_archive_equals_a_fresh_build(seeds_archive: Path):
    assert (seeds_archive / DOCUMENTS).read_bytes() == (ROOT / "archive" / DOCUMENTS).read_bytes()
    fresh, committed = (json.loads((folder / MANIFEST).read_text("utf-8")) for folder in (seeds_archive, ROOT / "archive"))
    assert fresh.pop("roots") != committed.pop("roots")  # the path given differs: absolute here
    assert fresh == committed


def test_seeds_archive_validates(seeds_archive: Path):
    assert validate_archive(seeds_archive) == []


def test_every_record_has_every_key_in_schema_order(seeds_archive: Path):
    from normalize.validation import schema
    keys = list(schema("document")["properties"])
    for line in (seeds_archive / DOCUMENTS).read_text("utf-8").splitlines():
        assert list(json.loads(line)) == keys


def test_output_is_utf8_not_ascii_escaped(seeds_archive: Path):
    data = (seeds_archive / DOCUMENTS).read_text("utf-8")
    assert "\\u" not in data and "习近平" in data


def test_jobs_do_not_change_the_archive(tmp_path: Path, seeds_archive: Path):
    normalize.build([SEEDS], tmp_path / "two", jobs=2)
    for name in (DOCUMENTS, MANIFEST):
        assert (tmp_path / "two" / name).read_bytes() == (seeds_archive / name).read_bytes()


def test_ids_are_unique_and_stable(seeds_archive: Path):
    records = list(normalize.read_archive(seeds_archive))
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    for record in records:
        assert record["id"].startswith(record["provenance"]["sha256"][:16])


def test_provenance_lines_point_at_the_title(seeds_archive: Path):
    for record in normalize.read_archive(seeds_archive):
        if record["format"] != "newsdump":
            continue
        lines = (SEEDS / record["provenance"]["path"]).read_text("utf-8").split("\n")
        assert lines[record["provenance"]["line_start"] - 1] == ">>>" + record["title"]
        assert lines[record["provenance"]["line_end"] - 1].strip()


def test_validate_reports_a_broken_record_with_its_line(tmp_path: Path, seeds_archive: Path):
    out = tmp_path / "broken"
    out.mkdir()
    lines = (seeds_archive / DOCUMENTS).read_text("utf-8").splitlines()
    record = json.loads(lines[2])
    del record["text"]
    lines[2] = json.dumps(record, ensure_ascii=False)
    lines.append(lines[0])
    (out / DOCUMENTS).write_text("\n".join(lines) + "\n", "utf-8")
    (out / MANIFEST).write_bytes((seeds_archive / MANIFEST).read_bytes())
    messages = [str(p) for p in validate_archive(out)]
    assert any(m.startswith("documents.jsonl:3:") and "text" in m for m in messages)
    assert any("already used" in m for m in messages)
    assert any("SHA-256" in m for m in messages)


SEPARATORS = "\u2028\u2029\x85"  # characters inside a record, never line breaks (str.splitlines breaks at them)


def _with_separators(record: dict) -> None:
    record["title"] = f"标题{SEPARATORS}续"
    record["text"] = SEPARATORS + record["text"][len(SEPARATORS):]  # same length: blocks stay inside


def separated_archive(seeds_archive: Path, target: Path) -> Path:
    """The seeds' archive at ``target`` with raw U+2028, U+2029 and U+0085 in its first
    record's title and text (valid JSON: only control characters must be escaped)."""
    out = hostile_copy(seeds_archive, target, record_edit=_with_separators)
    assert SEPARATORS.encode("utf-8") in (out / DOCUMENTS).read_bytes()  # raw, not escaped as \u2028
    return out


@pytest.fixture()
def separated(tmp_path: Path, seeds_archive: Path) -> Path:
    return separated_archive(seeds_archive, tmp_path / "separated")


def _compressed(out: Path, compress: str) -> Path:
    """``out`` with its one shard written as documents-00000.jsonl[.gz|.zst], as --compress writes it."""
    if compress == "none":
        return out
    data = (out / DOCUMENTS).read_bytes()
    name = f"documents-00000.jsonl{COMPRESSIONS[compress]}"
    packed = gzip.compress(data, mtime=0) if compress == "gzip" else zstandard.ZstdCompressor().compress(data)
    (out / name).write_bytes(packed)
    (out / DOCUMENTS).unlink()
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    manifest["documents"][0].update(file=name, bytes=len(packed), sha256=hashlib.sha256(packed).hexdigest())
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return out


@pytest.mark.parametrize("compress", ["none", "gzip", "zstd"])
def test_line_separators_inside_a_record_are_no_line_breaks(separated: Path, seeds_archive: Path, compress: str):
    out = _compressed(separated, compress)
    assert validate_archive(out) == []
    records = list(normalize.read_archive(out))
    assert len(records) == len(list(normalize.read_archive(seeds_archive)))
    assert records[0]["title"] == f"标题{SEPARATORS}续" and records[0]["text"].startswith(SEPARATORS)


@pytest.mark.parametrize("compress", COMPRESSIONS)
def test_datatrove_reads_the_archive_folder_with_default_settings(tmp_path: Path, compress: str):
    """datatrove's JsonlReader lists every file under the folder given, the manifest and
    the schemas too: each is one line, an object without text, which it skips. Every
    record with text comes through, in order, with its id and the rest as metadata."""
    out = tmp_path / "a"
    normalize.build([ROOT / "seeds"], out, shard_bytes=60_000, compress=compress)
    records = [r for r in normalize.read_archive(out) if r["text"]]
    documents = list(JsonlReader(str(out)).run())
    assert [d.id for d in documents] == [r["id"] for r in records]
    assert [d.text for d in documents] == [r["text"] for r in records]
    assert documents[0].metadata["title"] == records[0]["title"]
    assert documents[0].metadata["provenance"] == records[0]["provenance"]
    for name in (MANIFEST, "document.schema.json", "manifest.schema.json"):
        assert (out / name).read_text("utf-8").count("\n") == 1
