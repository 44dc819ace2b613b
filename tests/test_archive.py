"""The archive as a whole: archive/ is what seeds/ builds, validation, determinism."""

from __future__ import annotations

import json
from pathlib import Path

import normalize
from conftest import ROOT, SEEDS
from normalize.archive import DOCUMENTS, MANIFEST
from normalize.validate import validate_archive


def test_committed_archive_equals_a_fresh_build(seeds_archive: Path):
    assert (seeds_archive / DOCUMENTS).read_bytes() == (ROOT / "archive" / DOCUMENTS).read_bytes()
    fresh, committed = (json.loads((folder / MANIFEST).read_text("utf-8")) for folder in (seeds_archive, ROOT / "archive"))
    assert fresh.pop("roots") != committed.pop("roots")  # the path given differs: absolute here
    assert fresh == committed


def test_seeds_archive_validates(seeds_archive: Path):
    assert validate_archive(seeds_archive) == []


def test_every_record_has_every_key_in_schema_order(seeds_archive: Path):
    from normalize.validate import schema
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
