"""The pipeline: inputs to FileResults, in input order, on one or many processes.

``collect_inputs`` (inputs.py) walks the paths given; ``process_file`` runs read ->
decode -> sniff -> parse -> document for one file, within a time limit (limits.py),
and never raises for bad input; ``run`` chains them (with a process pool when
``jobs > 1``, skipping copies of files already seen) and hands results, in order, to
the archive writer. This module and engines.py (Dask) are the only ones that know
about processes.
"""

from __future__ import annotations

import collections
import ctypes
import dataclasses
import functools
import hashlib
import os
import re
import signal
import stat
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import dedup, parts, repairs, sources
from .inputs import MAX_FILE_BYTES, InputFile, UsageError, collect_inputs  # noqa: F401 (re-exported)
from .inputs import copy_of as _copy_of, file_size as _size, hashes_of_possible_copies as _hashes_of_possible_copies
from .limits import FileTimeout, time_limit  # noqa: F401 (re-exported)
from .stages import timed
from .decode import Decoded, decode, sniff_binary
from .document import FileContext, make_document
from .records import FileResult, Skipped
from .repairs import DEFAULT_PROFILE
from .sources import SourceError
from .progress import Progress, Silent, watch
from .credit import credit_fixes, placed as _placed, skipped_counts as _skipped_counts, skipped_detail as _skipped_detail

#: Files larger than this are rejected (``too_large``) rather than read.
#: Seconds a file of up to LIMIT_BYTES may take before it is rejected (``too_slow``);
#: a bigger file gets as much again per LIMIT_BYTES: the limit catches pathological
#: files, not big ones (a Sogou dump of 100 MB holds 60,000 articles; we read about
#: 3 MB/s on one core).
FILE_SECONDS = 30.0
LIMIT_BYTES = 30_000_000


def file_limit(seconds: float, size: int) -> float:
    """The time limit of one file of ``size`` bytes; 0 (no limit) stays 0."""
    return seconds * max(1.0, size / LIMIT_BYTES)


def process_file(item: InputFile, profile: str = DEFAULT_PROFILE,
                 seconds: float = FILE_SECONDS, fmt: str | None = None) -> FileResult:
    """Read, decode, detect, parse and build the documents of one file, within a time
    limit; a file that takes longer, or exhausts memory, is rejected with the reason.
    A part of a file (see :mod:`normalize.parts`) is described as its whole file."""
    result = _limited(item, profile, seconds, fmt)
    part = item.part
    if part is None:
        return result
    return dataclasses.replace(result, bytes=part.size, sha256=part.sha256,
                               part=(part.index, part.count, part.end - part.start))


def _limited(item: InputFile, profile: str, seconds: float, fmt: str | None) -> FileResult:
    limit = file_limit(seconds, _size(item))
    try:
        with time_limit(limit):
            return _process_file(item, profile, fmt)
    except FileTimeout:
        return FileResult(item.path, _size(item), "", "rejected", reason="too_slow",
                          detail=f"processing took longer than {limit:g} s (limit: --file-timeout "
                                 f"{seconds:g} s per {LIMIT_BYTES // 1_000_000} MB)")
    except (MemoryError, RecursionError) as error:
        return FileResult(item.path, _size(item), "", "rejected", reason="too_complex",
                          detail=f"{type(error).__name__} while processing (nesting or size beyond limits)")
    except Exception as error:  # noqa: BLE001 - one file's fault must not stop the run
        return FileResult(item.path, _size(item), "", "rejected", reason="internal_error",
                          detail=f"{type(error).__name__}: {error} (please report this file)")


def _process_file(item: InputFile, profile: str, fmt: str | None = None) -> FileResult:
    if item.part is not None:
        return _process_part(item, profile, fmt)
    try:
        status = os.stat(item.disk_path)
        if stat.S_ISDIR(status.st_mode):
            return FileResult(item.path, 0, "", "rejected", reason="unreadable",
                              detail="a folder that could not be read, or a link to one (not followed)")
        if not stat.S_ISREG(status.st_mode):  # a FIFO or device would block or never end
            return FileResult(item.path, 0, "", "rejected", reason="unreadable",
                              detail="not a regular file (a pipe, socket or device)")
        size = status.st_size
        if size > MAX_FILE_BYTES:
            return FileResult(item.path, size, "", "rejected", reason="too_large",
                              detail=f"{size} bytes is over the limit of {MAX_FILE_BYTES}")
        with timed("read"), open(item.disk_path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return FileResult(item.path, 0, "", "rejected", reason="unreadable",
                          detail=error.strerror or str(error))
    sha = hashlib.sha256(data).hexdigest()
    base = {"path": item.path, "bytes": len(data), "sha256": sha}
    if not data.strip():
        return FileResult(**base, status="rejected", reason="empty",
                          detail="the file is empty or holds only whitespace")
    binary = sniff_binary(data)
    if binary:
        return FileResult(**base, status="rejected", reason="binary", detail=binary)
    return _parse_text(data, base, Path(item.path).suffix, profile, fmt)


def _process_part(item: InputFile, profile: str, fmt: str | None) -> FileResult:
    part = item.part
    base = {"path": item.path, "bytes": part.size, "sha256": part.sha256}
    try:
        status = os.stat(item.disk_path)
        with timed("read"), open(item.disk_path, "rb") as handle:
            handle.seek(part.start)
            data = handle.read(part.end - part.start)
    except OSError as error:
        return FileResult(**base, status="rejected", reason="unreadable", detail=error.strerror or str(error))
    if (status.st_size, status.st_mtime_ns) != (part.size, part.mtime_ns) or (
            part.index and not re.match(rb"<doc\s*>", data[:64], re.I)):
        return FileResult(**base, status="rejected", reason="changed",
                          detail="the file changed after it was planned into parts; run the build again")
    with timed("decode"):
        text = data.decode(part.encoding, "replace")  # utf-8-sig drops the BOM of part 1 only
        decoded = Decoded(text, part.encoding, ("replacement_char",) if "\ufffd" in text else ())
    return _parse_text(data, base, Path(item.path).suffix, profile, fmt or "sogou", offset=part, decoded=decoded)


def _parse_text(data: bytes, base: dict, suffix: str, profile: str = DEFAULT_PROFILE,
                fmt: str | None = None, offset: Any = None, decoded: Decoded | None = None) -> FileResult:
    """Decode, repair, detect (or take ``fmt``, forced by ``--format``), parse and describe.
    ``offset``: a part of a file read in parts (already ``decoded``)."""
    if decoded is None:
        with timed("decode"):
            decoded = decode(data)
    with timed("repair"):
        text, line_fixes = _repair(decoded.text, suffix, fmt)
    if not text.strip():
        return FileResult(**base, status="rejected", reason="empty", encoding=decoded.encoding,
                          detail="no text after decoding")
    if offset is None and _is_tabular(text):
        return FileResult(**base, status="skipped", reason="tabular_data", encoding=decoded.encoding,
                          detail="tab-separated data, not articles")
    flags = list(decoded.flags)
    if fmt:
        name = fmt
    else:
        with timed("sniff"):
            detection = sources.detect(text, suffix)
        if detection.uncertain_against:
            flags.append(f"format_uncertain:{detection.uncertain_against}")
        name = detection.name
    with timed("parse"):
        try:
            raws = list(sources.SOURCES[name].parse(text))
        except SourceError as error:
            flags.append(f"{name}:{error.code}")
            name = sources.FALLBACK
            raws = list(sources.SOURCES[name].parse(text))
        skipped = [raw for raw in raws if isinstance(raw, Skipped)]
        raws = [raw for raw in raws if not isinstance(raw, Skipped)]
        raws = credit_fixes(raws, line_fixes)
        if offset is not None:  # a part: numbered and placed as in the whole file, if read as planned
            if name != "sogou" or len(raws) + len(skipped) != offset.records:
                return FileResult(**base, status="rejected", reason="part_mismatch", encoding=decoded.encoding,
                                  detail=f"read {len(raws) + len(skipped)} records as {name} where the plan "
                                         f"found {offset.records} <doc> records; its records are left out")
            skipped, raws = _placed(skipped, offset), _placed(raws, offset)
    context = FileContext(base["path"], base["sha256"], base["bytes"], decoded.encoding, name,
                          tuple(flags), profile)
    with timed("extract"):
        documents = tuple(make_document(raw, context) for raw in raws)
    left_out = _skipped_detail(skipped)
    if not documents:
        return FileResult(**base, status="rejected", reason="no_articles", format=name,
                          encoding=decoded.encoding, detail="no article with any text was found"
                          + (f"; {left_out}" if left_out else ""),
                          counters=_skipped_counts(skipped))
    counters = Counter({f"format:{name}": len(documents)}) + Counter(_skipped_counts(skipped))
    for document in documents:
        counters.update({f"fix:{key}": value for key, value in document.fixes.items()})
        counters.update(f"flag:{flag}" for flag in document.flags)
    with timed("fingerprint"):
        prints = tuple(dedup.fingerprint(d.text) for d in documents)
    with timed("write"):
        records = tuple((d.id, d.provenance.ordinal, d.to_json()) for d in documents)
    return FileResult(**base, status="archived", documents=documents, records=records, format=name,
                      encoding=decoded.encoding, counters=dict(counters), fingerprints=prints,
                      detail=left_out)


def _repair(text: str, suffix: str, fmt: str | None = None) -> tuple[str, dict[str, Counter]]:
    """Line-keeping repairs of the whole file; HTML ones only once it reads as plain text.

    Sniffing runs on text already free of mojibake and invisible characters; if the
    winner is a plain format, the HTML repairs run and the rest run again (they are
    idempotent), so a dump whose every line is wrapped in ``<p>`` is still a dump.
    """
    text, line_fixes = repairs.text.newlines(text)
    merged = {"newlines": line_fixes} if line_fixes else {}
    settled: dict[str, str] = {}
    text, first = repairs.repair_file(text, plain=None, settled=settled)
    if sources.SOURCES[fmt or sources.detect(text, suffix).name].MARKUP == "plain":
        text, second = repairs.repair_file(text, plain=True, settled=settled)
        for name, counts in second.items():
            first[name] = first.get(name, Counter()) + counts
    merged.update(first)
    return text, merged


def _is_tabular(text: str) -> bool:
    """Most lines hold the same number (2 or more) of tabs: a TSV table, not prose."""
    lines = [line for line in text[:20000].split("\n") if line.strip()]
    if len(lines) < 3:
        return False
    tabs = Counter(line.count("\t") for line in lines)
    count, lines_with_it = tabs.most_common(1)[0]
    return count >= 2 and lines_with_it >= 0.8 * len(lines)


def run(inputs: list[InputFile], jobs: int = 1, profile: str = DEFAULT_PROFILE,
        archived: dict[str, dict[str, Any]] | None = None, seconds: float = FILE_SECONDS,
        fmt: str | None = None,
        results: Callable[[list[InputFile]], Iterable[FileResult]] | None = None) -> Iterator[FileResult]:
    """FileResults in input order. A file whose bytes equal an earlier input's is skipped
    (``duplicate_file``), as is one already in the archive appended to (``archived``:
    SHA-256 to manifest entry; ``already_archived``).

    Files that may be copies (their size equals another's) are hashed first, so a copy
    of a file archived earlier is never parsed. ``results`` makes the results of a list
    of inputs elsewhere (another engine); by default they are made here, on ``jobs``
    processes.
    """
    archived = archived or {}
    hashes = _hashes_of_possible_copies(inputs, {entry["bytes"] for entry in archived.values()})
    firsts: set[str] = set()
    copies: set[int] = set()
    for number, sha in sorted(hashes.items()):
        if sha in archived or sha in firsts:
            copies.add(number)
        firsts.add(sha)
    split = parts.plan(inputs, copies, hashes, archived, fmt)
    todo = [part for number, item in enumerate(inputs) if number not in copies for part in split.get(number, [item])]
    made = iter((results or functools.partial(_results, jobs=jobs, profile=profile, seconds=seconds, fmt=fmt))(todo))
    seen: dict[str, dict[str, Any]] = {}  # SHA-256 to the first copy's path, format and encoding
    for number, item in enumerate(inputs):
        if number in copies and (hashes[number] in archived or hashes[number] in seen):
            yield _copy_of(item, hashes[number], archived.get(hashes[number]), seen.get(hashes[number]))
            continue
        if number in split:  # a file read in parts: its parts' results, in order
            first = None
            for _ in split[number]:
                result = dataclasses.replace(next(made), root=item.root)
                first = first or result
                yield result
            seen[hashes[number]] = {"path": item.path, "format": first.format, "encoding": first.encoding}
            continue
        result = process_file(item, profile, seconds, fmt) if number in copies else next(made)
        result = dataclasses.replace(result, root=item.root)
        if result.status == "archived" and (result.sha256 in seen or result.sha256 in archived):
            yield _copy_of(item, result.sha256, archived.get(result.sha256), seen.get(result.sha256),
                           result.bytes)
            continue
        if result.status == "archived":
            seen[result.sha256] = {"path": result.path, "format": result.format, "encoding": result.encoding}
        yield result


def _die_with_parent() -> None:
    """Linux: a worker is killed when the build that started it dies (even by SIGKILL)."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


#: Chunks of files each worker may have waiting or done-but-not-yet-written: results
#: are written in input order, so this bounds what a slow file makes the others hold.
IN_FLIGHT_PER_WORKER = 4


def _results(inputs: list[InputFile], jobs: int, profile: str, seconds: float,
             fmt: str | None = None) -> Iterator[FileResult]:
    work = functools.partial(process_file, profile=profile, seconds=seconds, fmt=fmt)
    if jobs <= 1 or len(inputs) <= 1:
        yield from map(work, inputs)
        return
    jobs = min(jobs, len(inputs))
    chunks = _chunks(inputs, jobs)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent) as pool:
        pending: collections.deque = collections.deque()
        for chunk in chunks:
            pending.append(pool.submit(_process_chunk, chunk, profile, seconds, fmt))
            if len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _chunks(inputs: list[InputFile], jobs: int) -> Iterator[list[InputFile]]:
    """Runs of consecutive files of about the same total size: big enough that a
    worker is not mostly waiting on the pool, small enough that all workers stay busy
    to the end (a chunk is at most 1 MB or 16 files)."""
    chunk: list[InputFile] = []
    size = 0
    for item in inputs:
        chunk.append(item)
        size += _size(item)
        if size >= CHUNK_BYTES or len(chunk) >= CHUNK_FILES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


CHUNK_BYTES = 1024 * 1024
CHUNK_FILES = 16


def _process_chunk(chunk: list[InputFile], profile: str, seconds: float,
                   fmt: str | None = None) -> list[FileResult]:
    """A worker's share: results without their Document objects (the JSON lines carry
    the records), which halves what goes back to the writing process."""
    return [dataclasses.replace(process_file(item, profile, seconds, fmt), documents=()) for item in chunk]


def _root_name(path: str | os.PathLike, out: str | os.PathLike) -> str:
    """A root as the manifest keeps it: relative to the archive's parent folder, so the
    originals are found from anywhere and the manifest names no machine's layout."""
    try:
        return Path(os.path.relpath(Path(path).resolve(), Path(out).resolve().parent)).as_posix()
    except ValueError:  # another drive
        return str(path)


class ArchiveError(Exception):
    """An archive to append to is not a valid archive (nothing is written)."""


def build_archive(paths: list[str | os.PathLike], out: str | os.PathLike, *, jobs: int = 1,
                  profile: str | None = None, append: bool = False,
                  drop_duplicates: bool = False, seconds: float = FILE_SECONDS,
                  shard_bytes: int | None = None, compress: str = "none", engine: str = "local",
                  scheduler: str | None = None, progress: Progress | None = None,
                  fmt: str | None = None) -> dict[str, Any]:
    """Every stage, start to end: inputs to a written, linked archive; returns the manifest.

    ``progress`` is told the number and size of the inputs, then of each file as it is
    written (see :mod:`normalize.progress`).

    Raises UsageError for paths that do not exist, an OUT that is not an archive, or a
    profile other than the one an appended archive was built with; ArchiveError when
    the archive to append to does not validate.
    """
    from .archive import Layout, Previous, check_target, write_archive
    from .validate import validate_archive

    previous = None
    if append and (Path(out) / "manifest.json").exists():
        problems = validate_archive(out)
        if problems:
            raise ArchiveError(f"cannot append to {out}: it is not a valid archive ({problems[0]})")
        previous = Previous.load(out)
        stored = previous.options.get("profile", DEFAULT_PROFILE)
        if profile not in (None, stored):
            raise UsageError(f"{out} was built with --profile {stored}; append with the same profile")
        profile = stored
    else:
        check_target(out)
    profile = profile or DEFAULT_PROFILE
    inputs = collect_inputs(paths, first_root=len(previous.roots) if previous else 0, exclude=out)
    archived = previous.archived() if previous else None
    progress = progress or Silent()
    progress.start(len(inputs), sum(map(_size, inputs)))
    if fmt is not None and fmt not in sources.SOURCES:
        raise UsageError(f"unknown format {fmt!r}; known: {', '.join(sources.SOURCES)} (see: normalize formats)")
    options = {"profile": profile, **({"format": fmt} if fmt else {})}
    write = functools.partial(write_archive, out, options=options, drop_duplicates=drop_duplicates,
                              previous=previous, roots=[_root_name(p, out) for p in paths],
                              layout=Layout(shard_bytes, compress))
    if engine == "local":
        return write(watch(run(inputs, jobs=jobs, profile=profile, archived=archived, seconds=seconds, fmt=fmt),
                           progress))
    if engine != "dask":
        raise UsageError(f"unknown engine {engine!r} (choose local or dask)")
    from .engines import dask_client, dask_groups, dask_results

    with dask_client(scheduler, workers=jobs) as client:
        results = run(inputs, profile=profile, archived=archived, seconds=seconds, fmt=fmt,
                      results=lambda todo: dask_results(client, todo, profile, seconds, fmt))
        return write(watch(results, progress), groups=dask_groups(client))
