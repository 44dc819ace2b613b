"""Records kept where they were made: partitions of a build on shared storage.

Under ``--engine dask`` a worker does not send a chunk's records back: it writes their
JSON lines (unlinked) to a partition in the build's workspace, a folder beside OUT
that every worker sees, and their fingerprints beside them; what comes back per record
is only what the writer keeps (:class:`Stored`: ids, ordinals, the exact hash's digest).
Candidate pairs are found and checked on the cluster from the fingerprint files, and
the writer concatenates the partitions in input order with each record's links, so the
archive is the one a local build writes.

A partition ``NAME`` is three files: ``NAME.jsonl`` (one line per record),
``NAME.sig`` (records x SLOTS little-endian uint32, memory-mapped when read) and
``NAME.npz`` (kinds, shingles, lengths).
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from . import dedup
from .options import BuildOptions
from .plan import InputFile
from .process import process_chunk
from .records import FileResult

LINES, SIGNATURES, COLUMNS = ".jsonl", ".sig", ".npz"


@dataclass(frozen=True)
class Stored:
    """A file's records as a partition holds them: the partition's name and, per record
    (in the partition's order), what the writer keeps of it."""

    partition: str
    ids: tuple[str, ...]
    ordinals: tuple[int, ...]
    digests: bytes  # 16 bytes per record (dedup.digest)
    kinds: bytes  # dedup.TEXTED | dedup.SIGNED per record


def store_chunk(chunk: list[InputFile], options: BuildOptions, folder: Path) -> list[FileResult]:
    """A worker's share under a store: the chunk processed, its records in one partition."""
    return store(process_chunk(chunk, options), folder)


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


def write_fingerprints(stem: Path, table: dedup.FingerprintTable) -> None:
    columns = table.columns()
    np.asarray(columns.signatures, dtype="<u4").tofile(stem.with_name(stem.name + SIGNATURES))
    np.savez(stem.with_name(stem.name + COLUMNS), kinds=columns.kinds, shingles=columns.shingles,
             lengths=columns.lengths)


def load_fingerprints(folder: Path, name: str) -> dedup.Columns:
    """A partition's fingerprints (signatures memory-mapped; no exact digests: the writer keeps those)."""
    with np.load(folder / (name + COLUMNS)) as columns:
        kinds, shingles, lengths = columns["kinds"], columns["shingles"], columns["lengths"]
    path = folder / (name + SIGNATURES)
    signatures = (np.memmap(path, dtype="<u4", mode="r", shape=(kinds.size, dedup.SLOTS)) if kinds.size
                  else np.zeros((0, dedup.SLOTS), dtype=np.uint32))
    return dedup.Columns(np.zeros((kinds.size, 2), np.uint64), kinds, signatures, shingles, lengths)


def read_lines(folder: Path, names: Iterable[str]) -> Iterator[str]:
    """Every line of the partitions named, in that order."""
    for name in names:
        with open(folder / (name + LINES), encoding="utf-8", newline="\n") as handle:
            yield from handle


def remove(folder: Path, name: str) -> None:
    for suffix in (LINES, SIGNATURES, COLUMNS):
        (folder / (name + suffix)).unlink(missing_ok=True)
