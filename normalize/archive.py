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
from typing import Any, Iterable, Iterator

from . import dedup
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
                  layout: Layout | None = None, groups: dedup.GroupFinder | None = None) -> dict[str, Any]:
    """Write every archived record, linked, and a manifest of every input; return it.

    ``previous`` is an existing archive being appended to: its records and inputs come
    first, and every record is linked again against the whole.
    """
    out = Path(out)
    if previous is None:
        check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.{os.getpid()}.", suffix=".tmp", dir=out.parent))
    try:
        manifest = _write_into(staging, results, options or {}, drop_duplicates, previous, layout or Layout(),
                               groups)
        manifest = {"roots": (previous.roots if previous else []) + list(roots or []), **manifest}
        _write_manifest(staging, manifest)
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


@dataclass(frozen=True)
class Layout:
    """How records are laid out in files: shard size (uncompressed bytes) and compression."""

    shard_bytes: int | None = None
    compress: str = "none"


def _ship_schemas(folder: Path) -> None:
    """Copy the record and manifest schemas into the archive, so it describes itself."""
    for name in ("document", "manifest"):
        text = resources.files("normalize").joinpath("schemas", f"{name}.schema.json").read_bytes()
        (folder / f"{name}.schema.json").write_bytes(text)


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


@dataclass
class _Index:
    """What linking needs of every record, gathered in the first pass."""

    ids: list[str] = field(default_factory=list)
    fingerprints: dedup.FingerprintTable = field(default_factory=dedup.FingerprintTable)
    order: list[tuple] = field(default_factory=list)

    def add(self, record_id: str, order: tuple[str, str, int], print_: dedup.Fingerprint) -> None:
        self.ids.append(record_id)
        self.fingerprints.append(print_)
        self.order.append(order)

    def add_record(self, record: dict[str, Any]) -> None:
        """A record already archived (appending): its fingerprint made again from its text."""
        provenance = record["provenance"]
        self.add(record["id"], (provenance["path"], provenance["sha256"], provenance["ordinal"]),
                 dedup.fingerprint(record["text"]))


def _write_into(folder: Path, results: Iterable[FileResult], options: dict[str, Any],
                drop_duplicates: bool, previous: Previous | None, layout: Layout,
                groups: dedup.GroupFinder | None = None) -> dict[str, Any]:
    entries: list[dict[str, Any]] = list(previous.inputs) if previous else []
    counters: Counter = Counter({k: v for k, v in previous.counters.items() if not k.startswith("dedup:")}
                                if previous else {})
    index = _Index()
    unlinked = folder / ".unlinked.jsonl"
    with open(unlinked, "w", encoding="utf-8") as handle:
        for record in previous.records if previous else ():
            record.update(duplicate_of=None, near_duplicate_of=None, contained_in=None, containment=None)
            handle.write(dumps(record) + "\n")
            index.add_record(record)
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
            with timed("write"):
                for (record_id, ordinal, line), print_ in zip(result.records, result.fingerprints):
                    handle.write(line + "\n")
                    index.add(record_id, (result.path, result.sha256, ordinal), print_)
    with timed("link"):
        links = dedup.link(index.ids, index.fingerprints, index.order, groups)
    with timed("write"):
        shards, dropped = _write_linked(folder, unlinked, index.ids, links, drop_duplicates, layout)
    for key in dropped:  # records an earlier run left out are gone from its inputs' counts too
        dropped[key] += previous.totals.get(key, 0) if previous else 0
    _ship_schemas(folder)
    unlinked.unlink()
    counters.update({f"dedup:{k}": v for k, v in _link_counts(links).items()})
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
        entry["records"] += len(result.records)
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
        json.dump(manifest, handle, ensure_ascii=False, indent=2)
        handle.write("\n")


def _write_linked(folder: Path, unlinked: Path, ids: list[str], links: list[dedup.Links],
                  drop_duplicates: bool, layout: Layout) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Second pass: every record with its links, duplicates left out if asked.

    Unlinked lines end with the link fields, all null (:data:`UNLINKED_TAIL`), so
    linking replaces that tail: no record is parsed again.
    """
    writer = ShardWriter(folder, layout.shard_bytes, layout.compress)
    dropped = {"dropped_duplicates": 0, "dropped_near_duplicates": 0}
    kept_for = {}  # a dropped record's id -> the record kept in its place
    if drop_duplicates:
        for record_id, found in zip(ids, links):
            if found.duplicate_of or found.near_duplicate_of:
                kept_for[record_id] = found.duplicate_of or found.near_duplicate_of
    with open(unlinked, encoding="utf-8", newline="\n") as source:
        for line, record_id, found in zip(source, ids, links):
            if record_id in kept_for:
                dropped["dropped_duplicates" if found.duplicate_of else "dropped_near_duplicates"] += 1
                continue
            contained_in = kept_for.get(found.contained_in, found.contained_in)
            if line.endswith(UNLINKED_TAIL):
                line = line[:-len(UNLINKED_TAIL)] + _tail(found.duplicate_of, found.near_duplicate_of,
                                                          contained_in, found.containment)
            else:  # a record of an archive appended to, written another way: parse it
                record = json.loads(line)
                record.update(duplicate_of=found.duplicate_of, near_duplicate_of=found.near_duplicate_of,
                              contained_in=contained_in, containment=found.containment)
                line = dumps(record) + "\n"
            writer.write(line.encode("utf-8"))
    return writer.close(), dropped


def _tail(duplicate_of: str | None, near_duplicate_of: str | None, contained_in: str | None,
          containment: float | None) -> str:
    """The end of a record's line from its link fields on: what ``dumps`` writes there."""
    return "," + dumps({"duplicate_of": duplicate_of, "near_duplicate_of": near_duplicate_of,
                        "contained_in": contained_in, "containment": containment,
                        "schema_version": SCHEMA_VERSION})[1:] + "\n"


#: How every unlinked record line ends (records are written with their link fields last).
UNLINKED_TAIL = _tail(None, None, None, None)


def _link_counts(links: list[dedup.Links]) -> Counter:
    return Counter(
        name for found in links for name, value in
        (("duplicate_of", found.duplicate_of), ("near_duplicate_of", found.near_duplicate_of),
         ("contained_in", found.contained_in)) if value)


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
