"""Provenance you can audit: a record, the exact source lines it came from, its repairs.

``show`` renders a record as JSON; with ``source`` it appends the lines
``provenance.line_start..line_end`` of the original file, decoded as the build decoded
it; with ``diff`` it appends the fixes, the flags and a unified diff from those source
lines to the record's title and text.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .archive import read_archive, read_manifest
from .decode import decode
from .repairs.text import newlines


class NotFound(Exception):
    """The record, or its original file, cannot be found."""


def find_record(out: str | os.PathLike, record_id: str) -> dict[str, Any]:
    """The record with ``record_id``; raises NotFound."""
    for record in read_archive(out):
        if record["id"] == record_id:
            return record
    raise NotFound(f"no record {record_id} in {out}")


def source_lines(out: str | os.PathLike, record: dict[str, Any], originals: str | None = None,
                 manifest: dict[str, Any] | None = None) -> list[str]:
    """The record's source lines, from the original file (checked against its SHA-256)."""
    lines = original_lines(original_path(out, record, originals, manifest), record["provenance"]["sha256"])
    start, end = record["provenance"]["line_start"], record["provenance"]["line_end"]
    return lines[start - 1:end]


def original_lines(path: Path, sha256: str) -> list[str]:
    """Every line of an original file, decoded as the build decoded it; NotFound if its
    bytes are no longer the ones archived."""
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise NotFound(f"{path} has changed since it was archived (SHA-256 differs)")
    text, _ = newlines(decode(data).text)
    return text.split("\n")


def original_path(out: str | os.PathLike, record: dict[str, Any], originals: str | None = None,
                  manifest: dict[str, Any] | None = None) -> Path:
    """Where the record's source file is: under ``originals`` if given, else under the
    root it was found in (as recorded in the manifest)."""
    relative = record["provenance"]["path"]
    candidates = [Path(originals) / relative] if originals else []
    manifest = manifest or read_manifest(out)
    for entry in manifest["inputs"]:
        if entry["path"] == relative and entry["sha256"] == record["provenance"]["sha256"]:
            given = Path(manifest["roots"][entry["root"]])
            for root in (Path(out).resolve().parent / given, given):
                candidates.append(root if root.is_file() else root / relative)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise NotFound(f"cannot find the original of {relative}; pass --originals DIR")


def show(out: str | os.PathLike, record_id: str, *, source: bool = False, diff: bool = False,
         originals: str | None = None) -> str:
    """The report ``normalize show`` prints."""
    record = find_record(out, record_id)
    parts = [json.dumps(record, ensure_ascii=False, indent=2)]
    if source or diff:
        lines = source_lines(out, record, originals)
        start = record["provenance"]["line_start"]
        if source:
            parts.append(f"--- source: {record['provenance']['path']} lines {start}-{start + len(lines) - 1}")
            parts.extend(f"{start + i:>6} | {line}" for i, line in enumerate(lines))
        if diff:
            parts.append(f"--- fixes: {json.dumps(record['fixes'], ensure_ascii=False)}")
            parts.append(f"--- flags: {json.dumps(record['flags'], ensure_ascii=False)}")
            after = ([record["title"]] if record["title"] else []) + record["text"].split("\n")
            parts.extend(difflib.unified_diff([l for l in lines if l.strip()], [l for l in after if l.strip()],
                                              "source", "record", lineterm="", n=1))
    return "\n".join(parts)
