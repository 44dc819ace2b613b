"""Records kept where they were made: partitions of a build on shared storage.

Under ``--engine dask`` a worker does not send a chunk's records back: it writes their
JSON lines (unlinked) to a partition in the build's workspace, a folder beside OUT
that every worker sees, and their fingerprints beside them; what comes back per record
is only what the writer keeps (:class:`Stored`: ids, ordinals, the exact hash's digest).
Candidate pairs are found and checked on the cluster from the fingerprint files, and
the writer concatenates the partitions in input order with each record's links, so the
archive is the one a local build writes.

A partition ``NAME`` is two files: ``NAME.jsonl`` (one line per record) and ``NAME.fp``
(one :data:`ROW` per record: signature, shingles, length, kind; read memory-mapped, so a
task that checks a few pairs reads a few rows).
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import numpy as np

from . import dedup
from .options import BuildOptions
from .plan import InputFile
from .process import process_chunk
from .records import FileResult

LINES, PRINTS = ".jsonl", ".fp"


@dataclass(frozen=True)
class Stored:
    """A file's records as a partition holds them: the partition's name and, per record
    (in the partition's order), what the writer keeps of it."""

    partition: str
    ids: tuple[str, ...]
    ordinals: tuple[int, ...]
    digests: bytes  # 16 bytes per record (dedup.digest)
    kinds: bytes  # dedup.TEXTED | dedup.SIGNED per record


def store_chunk(chunk: list[InputFile], options: BuildOptions, folder: Path,
                each: Callable[[list[InputFile], BuildOptions], list[FileResult]] = process_chunk) -> list[FileResult]:
    """A worker's share under a store: the chunk processed (by ``each``: in this process,
    or file by file in a helper, normalize.isolation.run_chunk), its records in one partition."""
    return store(each(chunk, options), folder)


def store(results: list[FileResult], folder: Path) -> list[FileResult]:
    """Write the records of ``results`` to a new partition in ``folder``; return the
    results with their lines and fingerprints replaced by :class:`Stored`."""
    if not any(result.records for result in results):
        return results
    name = uuid.uuid4().hex  # any unique name: the writer reads partitions in the order it is told
    table = dedup.FingerprintTable()
    with open(folder / (name + LINES), "w", encoding="utf-8", newline="\n") as handle:
        for result in results:
            for (_, _, line), print_ in zip(result.records, result.fingerprints):
                handle.write(line + "\n")
                table.append(print_)
    write_fingerprints(folder / name, table)
    return [dataclasses.replace(result, records=(), fingerprints=(), stored=_stored(name, result))
            if result.records else result for result in results]


def _stored(name: str, result: FileResult) -> Stored:
    return Stored(name, tuple(record_id for record_id, _, _ in result.records),
                  tuple(ordinal for _, ordinal, _ in result.records),
                  b"".join(map(dedup.digest, result.fingerprints)), bytes(map(dedup.kind, result.fingerprints)))


def store_lines(folder: Path, lines: Iterable[str], prints: Iterable[dedup.Fingerprint]) -> str:
    """Write one partition from lines and their fingerprints (the writer's own, e.g. an
    appended archive's records); return its name."""
    name = uuid.uuid4().hex
    table = dedup.FingerprintTable()
    with open(folder / (name + LINES), "w", encoding="utf-8", newline="\n") as handle:
        for line, print_ in zip(lines, prints):
            handle.write(line + "\n")
            table.append(print_)
    write_fingerprints(folder / name, table)
    return name


#: One record's fingerprint as a partition's fingerprint file holds it (memory-mapped when read).
ROW = np.dtype([("signature", "<u4", (dedup.SLOTS,)), ("shingles", "<i8"), ("lengths", "<i8"), ("kind", "u1")])


def write_fingerprints(stem: Path, table: dedup.FingerprintTable) -> None:
    columns = table.columns()
    rows = np.empty(len(table), dtype=ROW)
    rows["signature"], rows["shingles"], rows["lengths"], rows["kind"] = (
        columns.signatures, columns.shingles, columns.lengths, columns.kinds)
    rows.tofile(stem.with_name(stem.name + PRINTS))


def load_fingerprints(folder: Path, name: str, rows: np.ndarray | None = None) -> dedup.Columns:
    """A partition's fingerprints, or those of its ``rows`` (indices in the partition),
    read from its memory-mapped file (no exact digests: the writer keeps those)."""
    path = folder / (name + PRINTS)
    held = np.memmap(path, dtype=ROW, mode="r") if path.stat().st_size else np.zeros(0, dtype=ROW)
    held = held[rows] if rows is not None else held  # rows first, then fields: 25x faster than the other way
    return dedup.Columns(np.zeros((len(held), 2), np.uint64), held["kind"], held["signature"], held["shingles"],
                         held["lengths"])


def read_lines(folder: Path, names: Iterable[str]) -> Iterator[str]:
    """Every line of the partitions named, in that order."""
    for name in names:
        with open(folder / (name + LINES), encoding="utf-8", newline="\n") as handle:
            yield from handle


def remove(folder: Path, name: str) -> None:
    for suffix in (LINES, PRINTS):
        (folder / (name + suffix)).unlink(missing_ok=True)
