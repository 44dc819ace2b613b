"""Writing and reading archives: ``documents.jsonl`` plus ``manifest.json``.

The writer builds into a temporary folder beside ``OUT`` and swaps it in only when
complete, so an interrupted build never leaves a half-written archive at ``OUT``.
Records are written as they arrive; nothing holds the whole corpus.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import glob
import json
import os
import shutil
import tempfile
from collections import Counter
from importlib import resources
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator
from array import array

import numpy as np

from . import dedup, partitions
from .version import __version__
from .shards import ShardWriter, open_shard, shard_paths
from .stages import timed
from .options import UsageError
from .records import MAX_PLACES, SCHEMA_VERSION, FileResult, describe_left_out, dumps, upgrade

DOCUMENTS = "documents.jsonl"
MANIFEST = "manifest.json"


class TargetError(Exception):
    """``OUT`` exists and is something other than an archive: it is never overwritten."""


def check_target(out: str | os.PathLike) -> None:
    """Raise TargetError unless ``out`` is absent, an empty folder, or an archive."""
    out = Path(out)
    if not out.exists():
        return
    if not out.is_dir():
        raise TargetError(f"{out} exists and is not a folder")
    if any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise TargetError(f"{out} is a folder with files but no {MANIFEST}; "
                          "refusing to replace it (choose another OUT or empty it)")


@contextlib.contextmanager
def locked(out: str | os.PathLike) -> Iterator[None]:
    """Hold the lock of ``out`` (a file ``.OUT.lock`` beside it, removed when the block
    ends) while the block runs: only one build writes to an archive at a time, so two
    ``--append`` runs cannot each write an archive that leaves out the other's inputs.
    A second build refuses at once (UsageError) rather than wait behind a build of
    unknown length."""
    given = Path(out)
    given.parent.mkdir(parents=True, exist_ok=True)
    out = given.resolve()  # one lock however OUT is spelled (a link to it, ../x, x/)
    path = out.parent / f".{out.name}.lock"
    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            raise UsageError(f"another build is writing {given}; run this one when it has finished") from None
        try:
            if os.stat(path, follow_symlinks=False).st_ino == os.fstat(handle).st_ino:
                break  # the lock file in place is the one locked
        except FileNotFoundError:
            pass
        os.close(handle)  # locked a file the build before removed as it finished: lock the new one
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # while still locked: a build waiting on this file sees it gone
        os.close(handle)


def write_archive(out: str | os.PathLike, results: Iterable[FileResult],
                  options: dict[str, Any] | None = None, *, drop_duplicates: bool = False,
                  previous: Previous | None = None, roots: list[str] | None = None,
                  layout: Layout | None = None, workers: WorkerStore | None = None) -> dict[str, Any]:
    """Write every archived record, linked, and a manifest of every input; return it.

    ``previous`` is an existing archive being appended to: its records and inputs come
    first, and every record is linked again against the whole. ``workers``: the records
    are kept in partitions (normalize/partitions.py) and their pairs checked by whoever
    made them; else the results hold their lines and fingerprints, linked here.
    """
    out = Path(out)
    if previous is None:
        check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.{os.getpid()}.", suffix=".tmp", dir=out.parent))
    try:
        manifest = _write_into(staging, results, options or {}, drop_duplicates, previous, layout or Layout(),
                               workers)
        manifest = {"roots": (previous.roots if previous else []) + list(roots or []), **manifest}
        _write_manifest(staging, manifest)
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


@contextlib.contextmanager
def workspace(out: str | os.PathLike) -> Iterator[Path]:
    """A folder beside ``out`` for the partitions workers keep while a build runs
    (``.OUT.PID.parts.tmp``: on the storage OUT is on, which a cluster's workers must
    share); removed when the block ends, or, after a kill, by the next build's
    stale-staging sweep."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.{os.getpid()}.", suffix=".parts.tmp", dir=out.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class Layout:
    """How records are laid out in files: shard size (uncompressed bytes) and compression."""

    shard_bytes: int | None = None
    compress: str = "none"


def one_line(value: Any) -> str:
    """A JSON file's text as one line (and a newline). Every JSON file of an archive is
    written so: a JSONL reader pointed at the archive folder with default settings
    (datatrove's ``JsonlReader`` reads every file under it) then sees each of them as one
    object without ``text`` and skips it, where an indented file gives it one line per
    key, some of them bare strings or numbers that crash it. ``jq . manifest.json`` shows
    it indented."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def _ship_schemas(folder: Path) -> None:
    """Copy the record and manifest schemas into the archive, so it describes itself (one
    line each, see :func:`one_line`)."""
    for name in ("document", "manifest"):
        text = resources.files("normalize").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
        (folder / f"{name}.schema.json").write_text(one_line(json.loads(text)), "utf-8")


@dataclass
class Previous:
    """An existing archive's records (as dicts) and manifest entries, for ``--append``."""

    records: Iterable[dict[str, Any]]
    inputs: list[dict[str, Any]]
    counters: dict[str, int]
    roots: list[str]
    options: dict[str, Any]
    totals: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, out: str | os.PathLike) -> "Previous":
        """The archive at ``out`` (validated by the caller); records are read lazily."""
        manifest = read_manifest(out)
        return cls(map(upgrade, read_archive(out)), manifest["inputs"], manifest["counters"],
                   manifest.get("roots", []), manifest.get("options", {}), manifest["totals"])

    def archived(self) -> dict[str, dict[str, Any]]:
        """SHA-256 to manifest entry of every file already archived."""
        return {e["sha256"]: e for e in self.inputs if e["status"] == "archived"}


@dataclass(frozen=True)
class WorkerStore:
    """Records kept where they were made: the workspace holding the partitions (a folder
    every worker sees) and ``verify``, which finds and checks their candidate pairs
    there: ``verify(folder, partitions, bases, places)`` with each partition's first
    record index and every record's archive position (-1: not a candidate)."""

    folder: Path
    verify: Callable[[Path, list[str], np.ndarray, np.ndarray], dedup.Verified]


class _Index:
    """What linking and writing need of every record, in compact columns (no Python
    object per record, so the writer's memory grows by a few dozen bytes a record):
    its id, its file and ordinal (the archive order), and either its whole fingerprint
    (a local build; the signatures memory-mapped past dedup.SPILL_RECORDS) or, for
    records kept in partitions, its exact hash's digest and kind."""

    def __init__(self, table: dedup.FingerprintTable | None) -> None:
        self.ids, self.id_ends = bytearray(), array("q")
        self.files: dict[tuple[str, str], int] = {}
        self.file_of, self.ordinals = array("i"), array("i")
        self.table = table
        self.digests, self.kinds = bytearray(), bytearray()
        self.partitions: list[str] = []
        self.bases = array("q")  # each partition's first record

    def __len__(self) -> int:
        return len(self.id_ends)

    def add(self, record_id: str, path: str, sha256: str, ordinal: int) -> None:
        self.ids += record_id.encode("utf-8")
        self.id_ends.append(len(self.ids))
        self.file_of.append(self.files.setdefault((path, sha256), len(self.files)))
        self.ordinals.append(ordinal)

    def add_print(self, record_id: str, path: str, sha256: str, ordinal: int, print_: dedup.Fingerprint) -> None:
        self.add(record_id, path, sha256, ordinal)
        self.table.append(print_)

    def add_stored(self, result: FileResult) -> None:
        stored = result.stored
        if not self.partitions or self.partitions[-1] != stored.partition:
            self.partitions.append(stored.partition)
            self.bases.append(len(self))
        for record_id, ordinal in zip(stored.ids, stored.ordinals):
            self.add(record_id, result.path, result.sha256, ordinal)
        self.digests += stored.digests
        self.kinds += stored.kinds

    def add_partition(self, name: str, records: list[dict[str, Any]], prints: list[dedup.Fingerprint]) -> None:
        """Records the writer stored itself (an appended archive's), as one partition."""
        self.partitions.append(name)
        self.bases.append(len(self))
        for record, print_ in zip(records, prints):
            provenance = record["provenance"]
            self.add(record["id"], provenance["path"], provenance["sha256"], provenance["ordinal"])
            self.digests += dedup.digest(print_)
            self.kinds.append(dedup.kind(print_))

    def record_id(self, index: int) -> str:
        return self.ids[self.id_ends[index - 1] if index else 0:self.id_ends[index]].decode("utf-8")

    def positions(self) -> np.ndarray:
        """Each record's place in archive order (input path, file SHA-256, ordinal; ties: input order)."""
        files = sorted(self.files, key=self.files.__getitem__)
        file_rank = np.empty(len(files), dtype=np.int64)
        file_rank[sorted(range(len(files)), key=files.__getitem__)] = np.arange(len(files))
        file_of = np.frombuffer(self.file_of, dtype=np.int32) if len(self) else np.zeros(0, np.int32)
        ordinals = np.frombuffer(self.ordinals, dtype=np.int32) if len(self) else np.zeros(0, np.int32)
        rank = np.lexsort((ordinals, file_rank[file_of]))
        position = np.empty(len(self), dtype=np.int64)
        position[rank] = np.arange(len(self))
        return position

    def link(self, workers: WorkerStore | None) -> dedup.LinkColumns:
        position = self.positions()
        if workers is None:
            return dedup.link_columns(self.table.columns(), position)
        kinds = np.frombuffer(self.kinds, dtype=np.uint8)
        digests = np.frombuffer(self.digests, dtype=np.uint64).reshape(len(self), 2)
        duplicate_of = dedup.exact_duplicates(digests, kinds, position)
        places = np.where((kinds & dedup.SIGNED).astype(bool) & (duplicate_of < 0), position, -1)
        bases = np.frombuffer(self.bases, dtype=np.int64) if self.partitions else np.zeros(0, np.int64)
        verified = workers.verify(workers.folder, self.partitions, bases, places)
        return dedup.resolve(position, duplicate_of, verified)


#: Records of an appended archive the writer stores per partition, when records are kept in partitions.
PREVIOUS_PARTITION = 10_000
#: Past this many records a local build's index keeps its signatures on disk (memory-mapped).
SPILL_RECORDS = dedup.SPILL_RECORDS


def _write_into(folder: Path, results: Iterable[FileResult], options: dict[str, Any],
                drop_duplicates: bool, previous: Previous | None, layout: Layout,
                workers: WorkerStore | None = None) -> dict[str, Any]:
    entries: list[dict[str, Any]] = list(previous.inputs) if previous else []
    counters: Counter = Counter({k: v for k, v in previous.counters.items() if not k.startswith("dedup:")}
                                if previous else {})
    index = _Index(None if workers else dedup.FingerprintTable(folder / ".signatures", SPILL_RECORDS))
    unlinked = folder / ".unlinked.jsonl"
    try:
        with open(unlinked, "w", encoding="utf-8") as handle:
            _add_previous(index, handle, previous, workers)
            _add_results(index, handle, results, entries, counters, workers)
        with timed("link"):
            links = index.link(workers)
        with timed("write"):
            lines = (partitions.read_lines(workers.folder, index.partitions) if workers
                     else _lines(unlinked))
            shards, dropped = _write_linked(folder, lines, index, links, drop_duplicates, layout)
    finally:
        if index.table is not None:
            index.table.close()
        for name in (".unlinked.jsonl", ".signatures"):
            (folder / name).unlink(missing_ok=True)
        for name in index.partitions if workers else ():
            partitions.remove(workers.folder, name)
    for key in dropped:  # records an earlier run left out are gone from its inputs' counts too
        dropped[key] += previous.totals.get(key, 0) if previous else 0
    _ship_schemas(folder)
    counters.update({f"dedup:{k}": v for k, v in links.counts().items()})
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "normalize", "version": __version__},
        "options": {**options, "drop_duplicates": drop_duplicates},
        "documents": shards,
        "totals": {**_totals(entries, sum(s["records"] for s in shards)), **dropped},
        "inputs": entries,
        "counters": dict(sorted(counters.items())),
    }
    return manifest


def _lines(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8", newline="\n") as source:
        yield from source


def _add_previous(index: _Index, handle: IO[str], previous: Previous | None, workers: WorkerStore | None) -> None:
    """An appended archive's records, unlinked, first: their fingerprints made again from their text."""
    batch: list[dict[str, Any]] = []
    for record in previous.records if previous else ():
        record.update(duplicate_of=None, near_duplicate_of=None, contained_in=None, containment=None)
        if workers is None:
            handle.write(dumps(record) + "\n")
            provenance = record["provenance"]
            index.add_print(record["id"], provenance["path"], provenance["sha256"], provenance["ordinal"],
                            dedup.fingerprint(record["text"]))
            continue
        batch.append(record)
        if len(batch) >= PREVIOUS_PARTITION:
            _store_previous(index, batch, workers)
            batch = []
    if batch:
        _store_previous(index, batch, workers)


def _store_previous(index: _Index, records: list[dict[str, Any]], workers: WorkerStore) -> None:
    prints = [dedup.fingerprint(record["text"]) for record in records]
    name = partitions.store_lines(workers.folder, (dumps(record) for record in records), prints)
    index.add_partition(name, records, prints)


def _add_results(index: _Index, handle: IO[str], results: Iterable[FileResult], entries: list[dict[str, Any]],
                 counters: Counter, workers: WorkerStore | None) -> None:
    """Each result's manifest entry and counters; its records into the index (and their
    lines into ``handle``, unless they are kept in partitions)."""
    split: _SplitFile | None = None
    for result in results:
        counters.update(result.counters)
        if result.part and result.part[0] > 0 and split is not None:
            split.add(result, counters)
        else:
            entries.append(result.manifest_entry())
            counters[f"status:{result.status}"] += 1
            if result.reason:
                counters[f"{result.status}:{result.reason}"] += 1
            split = _SplitFile(entries[-1], result) if result.part else None
        if workers is not None and result.records:  # made here (a copy checked by the writer): kept as the rest
            result = partitions.store([result], workers.folder)[0]
        with timed("write"):
            if result.stored is not None:
                index.add_stored(result)
                continue
            for (record_id, ordinal, line), print_ in zip(result.records, result.fingerprints):
                handle.write(line + "\n")
                index.add_print(record_id, result.path, result.sha256, ordinal, print_)


class _SplitFile:
    """A file read in parts (normalize/plan.py), gathered into its one manifest entry:
    records counted; the parts left out (empty docs) counted and placed as for a file
    read whole; a part that failed (too slow, changed, read otherwise than planned)
    named in ``detail`` and counted as ``skipped_part:REASON``; the entry archived once
    any part is."""

    def __init__(self, entry: dict[str, Any], first: FileResult) -> None:
        self.entry, self.count = entry, first.part[1]
        self.left, self.places, self.reasons, self.failures = 0, [], set(), []
        if first.status == "archived" or first.reason == "no_articles":
            self._left_out(first)
        else:  # the entry says why, until a later part is archived
            self.failures.append(f"part 1 of {self.count}: {first.reason} ({first.detail})")
        self._describe()

    def add(self, result: FileResult, counters: Counter) -> None:
        entry = self.entry
        entry["records"] += result.record_count
        if result.status == "archived" or result.reason == "no_articles":
            self._left_out(result)
        else:
            counters[f"skipped_part:{result.reason}"] += 1
            self.failures.append(f"part {result.part[0] + 1} of {self.count}: {result.reason} ({result.detail})")
        if result.status == "archived" and entry["status"] != "archived":
            for key in (f"status:{entry['status']}", f"{entry['status']}:{entry['reason']}"):
                counters[key] -= 1
                if not counters[key]:
                    del counters[key]
            counters["status:archived"] += 1
            if entry["reason"] != "no_articles":  # the first part failed: a part left out too
                counters[f"skipped_part:{entry['reason']}"] += 1
            entry.update(status="archived", reason=None, format=result.format, encoding=result.encoding)
        self._describe()

    def _left_out(self, result: FileResult) -> None:
        self.places += result.left_out[:MAX_PLACES - len(self.places)]
        self.left += len(result.left_out)
        self.reasons.update(reason for reason, _, _ in result.left_out)

    def _describe(self) -> None:
        notes = []
        if self.entry["status"] == "rejected" and self.entry["reason"] == "no_articles":
            notes.append("no article with any text was found")
        if self.left:
            notes.append(describe_left_out(self.places, self.left, self.reasons))
        notes += self.failures[:MAX_PART_NOTES] + (["…"] if len(self.failures) > MAX_PART_NOTES else [])
        self.entry["detail"] = "; ".join(notes) or None


#: How many failed parts of a file read in parts its ``detail`` names.
MAX_PART_NOTES = 3


def _write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    with open(folder / MANIFEST, "w", encoding="utf-8") as handle:
        handle.write(one_line(manifest))


def _write_linked(folder: Path, lines: Iterable[str], index: _Index, links: dedup.LinkColumns,
                  drop_duplicates: bool, layout: Layout) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Second pass: every record with its links, duplicates left out if asked.

    Unlinked lines end with the link fields, all null (:data:`UNLINKED_TAIL`), so
    linking replaces that tail: no record is parsed again.
    """
    writer = ShardWriter(folder, layout.shard_bytes, layout.compress)
    dropped = {"dropped_duplicates": 0, "dropped_near_duplicates": 0}
    duplicate_of, near_of = links.duplicate_of, links.near_duplicate_of
    kept_for = np.where(duplicate_of >= 0, duplicate_of, near_of)  # a dropped record -> the one kept in its place
    if not drop_duplicates:
        kept_for = np.full(len(kept_for), -1, dtype=np.int64)
    name = index.record_id
    for line, duplicate, near, into, share, kept in zip(lines, *(_blocks(column) for column in (
            duplicate_of, near_of, links.contained_in, links.containment, kept_for))):
        if kept >= 0:
            dropped["dropped_duplicates" if duplicate >= 0 else "dropped_near_duplicates"] += 1
            continue
        if into >= 0 and kept_for[into] >= 0:
            into = int(kept_for[into])
        found = (name(duplicate) if duplicate >= 0 else None, name(near) if near >= 0 else None,
                 name(into) if into >= 0 else None, share if into >= 0 else None)
        if line.endswith(UNLINKED_TAIL):
            line = line[:-len(UNLINKED_TAIL)] + _tail(*found)
        else:  # a record of an archive appended to, written another way: parse it
            record = json.loads(line)
            record.update(zip(("duplicate_of", "near_duplicate_of", "contained_in", "containment"), found))
            line = dumps(record) + "\n"
        writer.write(line.encode("utf-8"))
    return writer.close(), dropped


def _blocks(column: np.ndarray, size: int = 1 << 16) -> Iterator:
    """A column's values as Python numbers, a block at a time (no list of a million floats)."""
    for start in range(0, len(column), size):
        yield from column[start:start + size].tolist()


def _tail(duplicate_of: str | None, near_duplicate_of: str | None, contained_in: str | None,
          containment: float | None) -> str:
    """The end of a record's line from its link fields on: what ``dumps`` writes there."""
    return "," + dumps({"duplicate_of": duplicate_of, "near_duplicate_of": near_duplicate_of,
                        "contained_in": contained_in, "containment": containment,
                        "schema_version": SCHEMA_VERSION})[1:] + "\n"


#: How every unlinked record line ends (records are written with their link fields last).
UNLINKED_TAIL = _tail(None, None, None, None)


def _totals(entries: list[dict[str, Any]], records: int) -> dict[str, int]:
    """Files by status and records written."""
    status = Counter(entry["status"] for entry in entries)
    return {"files": len(entries), "archived": status["archived"], "rejected": status["rejected"],
            "skipped": status["skipped"], "records": records}


def _remove_stale_staging(out: Path) -> None:
    """Remove staging folders that killed builds left beside ``out`` (their process is gone)."""
    for staging in out.parent.glob(f".{glob.escape(out.name)}.*.tmp"):
        pid = staging.name[len(out.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(staging, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` with ``staging`` in one atomic step, then remove the old archive.

    On Linux the two folders are exchanged with renameat2(RENAME_EXCHANGE), so at every
    instant ``out`` is either the old archive or the new one, whole; a kill at any
    moment leaves one of them. Elsewhere the old one is moved aside first (a kill
    between the two renames leaves it beside ``out``, as ``.OUT.*.old``).
    """
    for path in staging.rglob("*"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    os.chmod(staging, 0o755)
    _fsync_folder(staging)
    if not out.exists():
        os.replace(staging, out)
    elif _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old archive
    else:
        retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
        os.replace(out, retired / out.name)
        os.replace(staging, out)
        shutil.rmtree(retired, ignore_errors=True)
    _fsync_folder(out.parent)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically exchange two paths with renameat2; False where it is unavailable."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return result == 0


def _fsync_folder(folder: Path) -> None:
    """Flush a folder's files and entries to disk, so a crash cannot reorder the swap."""
    for path in folder.rglob("*") if folder.is_dir() and folder.name.endswith(".tmp") else ():
        if path.is_dir():
            continue
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def read_manifest(out: str | os.PathLike) -> dict[str, Any]:
    """The archive's manifest as a dict."""
    with open(Path(out) / MANIFEST, encoding="utf-8") as handle:
        return json.load(handle)


def read_archive(out: str | os.PathLike) -> Iterator[dict[str, Any]]:
    """Yield every record of the archive at ``out`` as a dict, in archive order."""
    out = Path(out)
    shards = shard_paths(out, read_manifest(out)) if (out / MANIFEST).exists() else [out / DOCUMENTS]
    for shard in shards:  # each checked: a name the writer makes, inside the archive
        with open_shard(shard) as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
