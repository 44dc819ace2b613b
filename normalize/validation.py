"""Checking an archive: every record against the schema, ids, links, manifest counts.

``validate_archive`` returns a list of :class:`Problem`; an empty list means valid. Every
path the archive names (``inputs[].path``, ``documents[].file``, each record's
``provenance.path``) must pass :mod:`normalize.paths`; shard lines end at ``\n`` only.
``validate_path`` raises :class:`NotAnArchive` for a path that is no folder at all.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .archive import MANIFEST
from .paths import UnsafePath, safe_relative
from .records import upgrade
from .shards import open_shard, shard_path

if TYPE_CHECKING:  # jsonschema (80 ms to import) is imported by the checks, not by every command
    import jsonschema

LINK_FIELDS = ("duplicate_of", "near_duplicate_of", "contained_in")


class NotAnArchive(Exception):
    """The path to validate does not exist or is not a folder (a usage error, not an invalid archive)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an archive: which file, which line (0 if none), what."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@lru_cache(maxsize=None)
def schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped with the package (``document`` or ``manifest``)."""
    text = resources.files("normalize").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


def _validator(name: str) -> jsonschema.protocols.Validator:
    import jsonschema

    cls = jsonschema.validators.validator_for(schema(name))
    return cls(schema(name))


def validate_path(path: str | Path) -> list[Problem]:
    """Every problem in an archive, in a bag (its BagIt checksums, the archive inside
    it, and each record's original against its provenance.sha256), or in an OCFL storage
    root or object (normalize/ocfl.py: ocfl-py's validator, then the head version as an
    archive). Raises NotAnArchive if ``path`` does not exist or is not a folder; OcflError
    for an OCFL path when ocfl-py is not installed."""
    from . import ocfl
    from .bagcheck import ARCHIVE_DIR, bag_problems, is_bag

    if not os.path.isdir(path):
        raise NotAnArchive(f"{path} is not a folder" if os.path.lexists(path) else f"no such folder: {path}")
    if ocfl.kind(path):
        found = ocfl.problems(path, lambda folder: [(p.file, p.line, p.message) for p in validate_archive(folder)])
        return [Problem(*item) for item in found]
    if not is_bag(path):
        return validate_archive(path)
    inner = [Problem(f"data/{ARCHIVE_DIR}/{p.file}", p.line, p.message)
             for p in validate_archive(Path(path) / "data" / ARCHIVE_DIR)]
    return [Problem(file, 0, message) for file, message in bag_problems(path)] + inner


def validate_archive(out: str | Path) -> list[Problem]:
    """Every problem found in the archive at ``out``."""
    out = Path(out)
    try:
        manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as error:
        return [Problem(MANIFEST, 0, f"cannot read the manifest: {error}")]
    problems = [Problem(MANIFEST, 0, _message(e)) for e in _validator("manifest").iter_errors(manifest)]
    if problems:
        return problems
    problems.extend(_unsafe_inputs(manifest))
    ids: dict[str, tuple[str, int]] = {}
    links: list[tuple[str, int, str, str]] = []
    for number, shard in enumerate(manifest["documents"]):
        try:
            path = shard_path(out, shard["file"])
        except UnsafePath as error:
            problems.append(Problem(MANIFEST, 0, f"documents/{number}/file: {error}; not read"))
            continue
        problems.extend(_check_shard(path, shard, ids, links))
    for file, line, field, target in links:
        if target not in ids:
            problems.append(Problem(file, line, f"{field} points at {target}, which is not in the archive"))
    problems.extend(_check_totals(manifest, len(ids)))
    return problems


def _unsafe_inputs(manifest: dict[str, Any]) -> list[Problem]:
    problems = []
    for number, entry in enumerate(manifest["inputs"]):
        try:
            safe_relative(entry["path"])
        except UnsafePath as error:
            problems.append(Problem(MANIFEST, 0, f"inputs/{number}/path: {error}"))
    return problems


def _check_shard(path: Path, shard: dict[str, Any], ids: dict, links: list) -> list[Problem]:
    name = shard["file"]
    try:
        data = path.read_bytes()
    except OSError as error:
        return [Problem(name, 0, f"cannot read: {error.strerror}")]
    problems: list[Problem] = []
    if hashlib.sha256(data).hexdigest() != shard["sha256"]:
        problems.append(Problem(name, 0, "SHA-256 differs from the manifest"))
    if len(data) != shard["bytes"]:
        problems.append(Problem(name, 0, f"{len(data)} bytes, manifest says {shard['bytes']}"))
    validator = _validator("document")
    try:
        with open_shard(path) as handle:
            lines = handle.read().split("\n")
        if lines[-1] == "":  # the newline that ends the last record
            lines.pop()
    except (OSError, EOFError, ValueError, UnicodeDecodeError) as error:
        return problems + [Problem(name, 0, f"cannot decompress or decode: {error}")]
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
        except ValueError as error:
            problems.append(Problem(name, number, f"not JSON: {error}"))
            continue
        # A record of an earlier schema version is valid if it is once upgraded (fields added since
        # take their defaults): such archives can still be validated, appended to and exported.
        checked = upgrade(record) if isinstance(record, dict) else record
        problems.extend(Problem(name, number, _message(e)) for e in validator.iter_errors(checked))
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            continue
        if record["id"] in ids:
            first = ids[record["id"]]
            problems.append(Problem(name, number, f"id {record['id']} already used at {first[0]}:{first[1]}"))
        ids.setdefault(record["id"], (name, number))
        problems.extend(_check_blocks(name, number, record))
        problems.extend(_check_links(name, number, record))
        problems.extend(_check_source(name, number, record))
        links.extend((name, number, f, record[f]) for f in LINK_FIELDS if isinstance(record.get(f), str))
    if len(lines) != shard["records"]:
        problems.append(Problem(name, 0, f"{len(lines)} records, manifest says {shard['records']}"))
    return problems


def _check_blocks(name: str, number: int, record: dict[str, Any]) -> list[Problem]:
    text = record.get("text") or ""
    return [Problem(name, number, f"block {i} ({block['start']}-{block['end']}) is outside the text")
            for i, block in enumerate(record.get("blocks") or [])
            if isinstance(block, dict) and not 0 <= block.get("start", -1) <= block.get("end", -1) <= len(text)]


def _check_links(name: str, number: int, record: dict[str, Any]) -> list[Problem]:
    """A link's anchor span, when it has one, lies inside the text (the schema checks types)."""
    text = record.get("text")
    links = record.get("links")
    if not isinstance(text, str) or not isinstance(links, list):
        return []
    problems = []
    for i, link in enumerate(links):
        start, end = (link.get("start"), link.get("end")) if isinstance(link, dict) else (None, None)
        if (start is None) != (end is None):
            problems.append(Problem(name, number, f"link {i} has a start or an end but not both"))
        elif isinstance(start, int) and isinstance(end, int) and not 0 <= start <= end <= len(text):
            problems.append(Problem(name, number, f"link {i} ({start}-{end}) is outside the text"))
    return problems


def _check_source(name: str, number: int, record: dict[str, Any]) -> list[Problem]:
    provenance = record.get("provenance")
    if not isinstance(provenance, dict) or "path" not in provenance:
        return []  # the schema has said so
    try:
        safe_relative(provenance["path"])
    except UnsafePath as error:
        return [Problem(name, number, f"provenance/path: {error}")]
    return []


def _check_totals(manifest: dict[str, Any], records: int) -> list[Problem]:
    problems = []
    totals = manifest["totals"]
    inputs = manifest["inputs"]
    if totals["records"] != records:
        problems.append(Problem(MANIFEST, 0, f"totals.records is {totals['records']}, the archive holds {records}"))
    dropped = totals.get("dropped_duplicates", 0) + totals.get("dropped_near_duplicates", 0)
    if sum(entry["records"] for entry in inputs) - dropped != records:
        problems.append(Problem(MANIFEST, 0, "the inputs' record counts, less those dropped, do not add up "
                                             "to the archive's"))
    if totals["files"] != len(inputs):
        problems.append(Problem(MANIFEST, 0, f"totals.files is {totals['files']}, {len(inputs)} inputs listed"))
    for status in ("archived", "rejected", "skipped"):
        count = sum(1 for entry in inputs if entry["status"] == status)
        if totals[status] != count:
            problems.append(Problem(MANIFEST, 0, f"totals.{status} is {totals[status]}, {count} inputs have it"))
    return problems


def _message(error: jsonschema.ValidationError) -> str:
    where = "/".join(str(p) for p in error.absolute_path)
    return f"{where or '(record)'}: {error.message}"
