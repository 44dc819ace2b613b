"""The Dolma layout: what the Dolma toolkit's ``tag``, ``mix`` and ``dedupe`` read.

A folder ``DEST`` gets ``DEST/documents/documents-00000.jsonl.gz``, one gzipped file per
shard of the archive, in the archive's order. Each line is a Dolma document: ``id``,
``text``, ``source`` (the name given, else the archive folder's), ``added`` (the export's
time: SOURCE_DATE_EPOCH when set), ``created`` (the record's ``date_published``; left out
when it has none, since Dolma's schema refuses a null) and ``metadata``, every other field
of the record.

With ``attributes``, ``DEST/attributes/normalize/`` holds, for each documents file, a file
of the same name and line order, as Dolma's taggers write them: per document, its id and
``attributes`` of ``[start, end, score]`` spans (character offsets in ``text``):

- ``normalize__block__<type>``: each block of the record (``heading``, ``caption``…), score 1;
- ``normalize__flag__<flag>``: the whole text, score 1, for each flag the record carries;
- ``normalize__fix__<repair>``: the whole text, scored with how many times the repair ran;
- ``normalize__dedup__duplicate`` / ``near_duplicate`` / ``contained``: the whole text,
  score 1 (``contained`` scored with the containment), when the record is one.

so ``dolma mix`` can filter on them (``$.attributes[?(@.normalize__flag__possible_merge)]``).

A destination ending in ``.jsonl`` (or ``.jsonl.gz``) is one file of documents, no
attributes; so is a device or pipe (``/dev/stdout``); ``-`` is standard output. Gzip headers carry no time or name: the same
archive and options give the same bytes.
"""

from __future__ import annotations

import gzip
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from .archive import dumps

#: The attribute folder's name, and the experiment prefix of every attribute.
ATTRIBUTES = "normalize"
SINGLE_SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".json.gz")


def single_file(dest: str | os.PathLike) -> bool:
    """True when ``dest`` names one file, not a Dolma folder: standard output (``-``), a
    name ending ``.jsonl`` or ``.jsonl.gz``, or a device or pipe that exists (``/dev/stdout``)."""
    name = os.fspath(dest)
    if name == "-" or name.lower().endswith(SINGLE_SUFFIXES):
        return True
    return os.path.exists(name) and not os.path.isdir(name) and not os.path.isfile(name)


def document(record: dict[str, Any], source: str, added: str) -> dict[str, Any]:
    """The Dolma document of an archive record."""
    rest = {k: v for k, v in record.items() if k not in ("id", "text")}
    line = {"id": record["id"], "text": record["text"], "source": source, "added": added,
            "created": record["date_published"], "metadata": rest}
    if not line["created"]:  # Dolma's schema wants a string or no key: a null fails it
        del line["created"]
    return line


def attributes(record: dict[str, Any], source: str) -> dict[str, Any]:
    """The record's blocks, flags, repairs and duplicate links as Dolma attributes."""
    whole = len(record["text"])
    spans: dict[str, list[list[float | int]]] = {}
    for block in record["blocks"]:
        spans.setdefault(f"{ATTRIBUTES}__block__{block['type']}", []).append([block["start"], block["end"], 1.0])
    for flag in record["flags"]:
        spans[f"{ATTRIBUTES}__flag__{flag}"] = [[0, whole, 1.0]]
    for name, count in record["fixes"].items():
        spans[f"{ATTRIBUTES}__fix__{name}"] = [[0, whole, float(count)]]
    for key, name in (("duplicate_of", "duplicate"), ("near_duplicate_of", "near_duplicate")):
        if record[key]:
            spans[f"{ATTRIBUTES}__dedup__{name}"] = [[0, whole, 1.0]]
    if record["contained_in"]:
        spans[f"{ATTRIBUTES}__dedup__contained"] = [[0, whole, float(record["containment"] or 1.0)]]
    return {"id": record["id"], "source": source, "attributes": spans}


def write_file(records: Iterable[dict[str, Any]], handle: IO[bytes], source: str, added: str) -> int:
    """Documents as JSON lines to the binary ``handle``; how many."""
    count = 0
    for record in records:
        handle.write((dumps(document(record, source, added)) + "\n").encode("utf-8"))
        count += 1
    return count


@contextmanager
def gzip_writer(path: Path, packed: bool) -> Iterator[IO[bytes]]:
    """``path`` to write, gzipped if ``packed``, with no time or name in the header."""
    with open(path, "wb") as raw:
        if packed:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
                yield packed  # type: ignore[misc]
        else:
            yield raw


def write_single(records: Iterable[dict[str, Any]], path: Path | None, source: str, added: str,
                 packed: bool = False) -> int:
    """One file of documents at ``path`` (already made safe; gzipped if ``packed``), or
    standard output when None."""
    if path is None:
        count = write_file(records, sys.stdout.buffer, source, added)
        sys.stdout.buffer.flush()
        return count
    with gzip_writer(path, packed) as handle:
        return write_file(records, handle, source, added)


def shard_name(index: int) -> str:
    """The documents (and attributes) file of the archive's ``index``-th shard."""
    return f"documents-{index:05d}.jsonl.gz"


def write_shard(records: Iterable[dict[str, Any]], documents: Path, attributes_path: Path | None,
                source: str, added: str) -> int:
    """One shard's documents to ``documents`` and, if given, their attributes alongside."""
    count = 0
    with gzip_writer(documents, True) as handle:
        if attributes_path is None:
            return write_file(records, handle, source, added)
        with gzip_writer(attributes_path, True) as tags:
            for record in records:
                handle.write((dumps(document(record, source, added)) + "\n").encode("utf-8"))
                tags.write((dumps(attributes(record, source)) + "\n").encode("utf-8"))
                count += 1
    return count
