"""Provenance you can audit: a record, the exact source lines it came from, its repairs.

``show`` renders a record as JSON; with ``source`` it appends the lines
``provenance.line_start..line_end`` of the original file, decoded as the build decoded
it; with ``diff`` it appends the fixes, the flags and a unified diff from those source
lines to the record's title and text.

Paths come from the archive and may be hostile: a record's ``provenance.path`` must be a
safe relative path and its file must resolve inside the root it is looked for in (see
:mod:`normalize.paths`); a name that is not UTF-8 is found again from its display path.
The manifest's ``roots`` are where the user's originals were, relative to the archive's
parent folder (so they may start with ``..``).
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .archive import MANIFEST, read_archive, read_manifest
from . import webarchive
from .decode import decode
from .paths import UnsafePath, archive_guard, atomic_output, check_output, disk_path, safe_relative
from .repairs.text import newlines
from .shards import shard_paths


class NotFound(Exception):
    """The record, or its original file, cannot be found."""


def find_record(out: str | os.PathLike, record_id: str) -> dict[str, Any]:
    """The record with ``record_id``; raises NotFound (also for an archive whose manifest
    names a shard outside it: nothing is read)."""
    if (Path(out) / MANIFEST).exists():
        try:
            shard_paths(out, read_manifest(out))
        except UnsafePath as error:
            raise NotFound(f"refused to read {out}: {error}") from error
    for record in read_archive(out):
        if record["id"] == record_id:
            return record
    raise NotFound(f"no record {record_id} in {out}")


def source_lines(out: str | os.PathLike, record: dict[str, Any], originals: str | None = None,
                 manifest: dict[str, Any] | None = None) -> list[str]:
    """The record's source lines, from the original file (checked against its SHA-256)."""
    lines = original_lines(original_path(out, record, originals, manifest), record["provenance"]["sha256"],
                           warc_offset(record))
    start, end = record["provenance"]["line_start"], record["provenance"]["line_end"]
    return lines[start - 1:end]


def warc_offset(record: dict[str, Any]) -> int | None:
    """The offset of the web archive record a record came from, or None (any other file)."""
    warc = record["provenance"].get("warc")
    offset = warc.get("offset") if isinstance(warc, dict) else None
    return offset if isinstance(offset, int) and not isinstance(offset, bool) and offset >= 0 else None


def original_lines(path: Path, sha256: str, offset: int | None = None) -> list[str]:
    """Every line of an original file, decoded as the build decoded it; of a web archive,
    every line of the payload of its record at ``offset`` (the HTTP body, as the build read
    it). NotFound if the file's bytes are no longer the ones archived, or no page record
    starts at ``offset``."""
    if offset is None:
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise NotFound(f"{path} has changed since it was archived (SHA-256 differs)")
    else:
        _check_unchanged(path, sha256)
        with open(path, "rb") as handle:
            data = webarchive.payload_at(handle, offset)
        if data is None:
            raise NotFound(f"no page record of {path} starts at offset {offset}")
    text, _ = newlines(decode(data).text)
    return text.split("\n")


def _check_unchanged(path: Path, sha256: str) -> None:
    """NotFound unless the file (read in pieces: a web archive may be large) has ``sha256``;
    a file checked once is not read again while its size and time are the same."""
    status = path.stat()
    if not _hashed(str(path), status.st_size, status.st_mtime_ns) == sha256:
        raise NotFound(f"{path} has changed since it was archived (SHA-256 differs)")


@functools.lru_cache(maxsize=8)
def _hashed(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def original_path(out: str | os.PathLike, record: dict[str, Any], originals: str | None = None,
                  manifest: dict[str, Any] | None = None) -> Path:
    """Where the record's source file is: under ``originals`` if given, else under the
    root it was found in (as recorded in the manifest). NotFound if it is nowhere, or
    if its path is unsafe or resolves outside the folder it is looked for in."""
    relative = record["provenance"]["path"]
    try:
        safe_relative(relative)
    except UnsafePath as error:
        raise NotFound(f"refused to look for the original of {relative!r}: {error}") from error
    roots = [Path(originals)] if originals else []
    manifest = manifest or read_manifest(out)
    for entry in manifest["inputs"]:
        if entry["path"] == relative and entry["sha256"] == record["provenance"]["sha256"]:
            roots.extend(root_places(out, manifest, entry["root"]))
    refused = ""
    for root in roots:
        try:
            candidate = root if root.is_file() else disk_path(root, relative)
        except UnsafePath as error:
            refused = f" (refused: {error})"
            continue
        if candidate.is_file():
            return candidate
    raise NotFound(f"cannot find the original of {relative}{refused}; pass --originals DIR")


def root_places(out: str | os.PathLike, manifest: dict[str, Any], number: object) -> list[Path]:
    """Where root ``number`` of the manifest may be: relative to the archive's parent
    folder (as written), then as given; none for a root the manifest does not hold."""
    roots = manifest.get("roots")
    if not isinstance(number, int) or not isinstance(roots, list) or not 0 <= number < len(roots):
        return []
    given = roots[number]
    if not isinstance(given, str) or not given or "\x00" in given:
        return []
    return [Path(out).resolve().parent / given, Path(given)]


def original_roots(out: str | os.PathLike, manifest: dict[str, Any]) -> list[Path]:
    """Every root of the manifest where the build found it (relative to the archive's
    parent folder): the folders and files outputs must stay out of."""
    return [places[0] for number in range(len(manifest.get("roots") or []))
            if (places := root_places(out, manifest, number))]


def show_json(out: str | os.PathLike, record_id: str, *, source: bool = False, diff: bool = False,
              originals: str | None = None) -> dict[str, Any]:
    """What ``normalize show --json`` prints: ``record``; with ``source``, ``source`` (the
    original's path, the record's WARC offset or null, its first line number and its
    lines); with ``diff``, ``diff`` (unified diff lines from the source to the record)."""
    record = find_record(out, record_id)
    shown: dict[str, Any] = {"record": record}
    if source or diff:
        lines = source_lines(out, record, originals)
        if source:
            shown["source"] = {"path": record["provenance"]["path"], "warc_offset": warc_offset(record),
                               "line_start": record["provenance"]["line_start"], "lines": lines}
        if diff:
            shown["diff"] = _diff(record, lines)
    return shown


def _diff(record: dict[str, Any], lines: list[str]) -> list[str]:
    """A unified diff from the non-blank source lines to the record's title and text."""
    after = ([record["title"]] if record["title"] else []) + record["text"].split("\n")
    return list(difflib.unified_diff([l for l in lines if l.strip()], [l for l in after if l.strip()],
                                     "source", "record", lineterm="", n=1))


def write_shown(out: str | os.PathLike, dest: str | os.PathLike, text: str) -> None:
    """What ``show -o FILE`` prints, written to ``dest`` atomically; OutputError when
    ``dest`` is a file of the archive ``out`` or lies in it or in its originals."""
    check_output(dest, archive_guard(out, original_roots(out, read_manifest(out))))
    with atomic_output(dest) as path:
        path.write_text(text, "utf-8")


def show(out: str | os.PathLike, record_id: str, *, source: bool = False, diff: bool = False,
         originals: str | None = None) -> str:
    """The report ``normalize show`` prints."""
    record = find_record(out, record_id)
    parts = [json.dumps(record, ensure_ascii=False, indent=2)]
    if source or diff:
        lines = source_lines(out, record, originals)
        start = record["provenance"]["line_start"]
        if source:
            offset = warc_offset(record)
            where = f" record at offset {offset} (its payload)" if offset is not None else ""
            parts.append(f"--- source: {record['provenance']['path']}{where} lines {start}-{start + len(lines) - 1}")
            parts.extend(f"{start + i:>6} | {line}" for i, line in enumerate(lines))
        if diff:
            parts.append(f"--- fixes: {json.dumps(record['fixes'], ensure_ascii=False)}")
            parts.append(f"--- flags: {json.dumps(record['flags'], ensure_ascii=False)}")
            parts.extend(_diff(record, lines))
    return "\n".join(parts)
