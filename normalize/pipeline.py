"""A build, start to end: plan the inputs, run the work on an executor, write the archive.

``plan`` (plan.py) decides what to read and in which order; ``process_chunk``
(process.py) turns inputs into results and knows nothing of how it is run; an executor
(executors/) runs it and knows nothing of formats; the writer (archive.py) links and
writes. This module only chains them and puts results back in input order, with the
copies (skipped, described as their first copy) and the parts of big files in place.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from pathlib import Path
from typing import Any, Iterator

from . import sources
from .archive import Layout, Previous, WorkerStore, check_target, locked, workspace, write_archive
from .executors import Executor, chunks, make_executor
from .options import BuildOptions, UsageError
from .partitions import store_chunk
from .plan import InputFile, Plan, collect_inputs, file_size, make_plan
from .isolation import run_chunk
from .process import process_chunk, process_file
from .progress import Progress, Silent, watch
from .records import FileResult
from .repairs import DEFAULT_PROFILE


class ArchiveError(Exception):
    """An archive to append to is not a valid archive (nothing is written)."""


def build_archive(paths: list[str | os.PathLike], out: str | os.PathLike, options: BuildOptions,
                  progress: Progress | None = None) -> dict[str, Any]:
    """Every stage, start to end: inputs to a written, linked archive; returns the manifest.

    ``progress`` is told the number and size of the inputs, then of each file as it is
    written (see :mod:`normalize.progress`). Only one build writes to ``out`` at a time.

    Raises UsageError for paths that do not exist, an OUT that is not an archive or is
    being written by another build, a format not known, or a profile other than the one
    an appended archive was built with; ArchiveError when the archive to append to does
    not validate.
    """
    if options.fmt is not None and options.fmt not in sources.SOURCES:
        raise UsageError(f"unknown format {options.fmt!r}; known: {', '.join(sources.SOURCES)} "
                         "(see: normalize formats)")
    missing = next((path for path in paths if not os.path.lexists(path)), None)
    if missing is not None:  # before the lock, which makes OUT's parent folders
        raise UsageError(f"no such file or folder: {missing}")
    target = Path(out).resolve()
    inside = next((path for path in paths if Path(path).resolve() == target or target in Path(path).resolve().parents),
                  None)
    if inside is not None:  # the archive replaces OUT whole: an input in it would be deleted
        raise UsageError(f"{inside} is inside the archive {out}, which the build replaces; move it out first")
    out = Path(out).resolve()  # an OUT given through a link is the archive it points at, not replaced by one
    with locked(out):
        previous = _previous(out, options)
        if previous is not None:
            options = dataclasses.replace(options, profile=previous.options.get("profile", DEFAULT_PROFILE))
        else:
            check_target(out)
        options = dataclasses.replace(options, profile=options.profile_name)
        inputs = collect_inputs(paths, first_root=len(previous.roots) if previous else 0, exclude=out)
        archived = previous.archived() if previous else {}
        progress = progress or Silent()
        progress.start(len(inputs), sum(map(file_size, inputs)))
        recorded = {"profile": options.profile, **({"format": options.fmt} if options.fmt else {})}
        write = functools.partial(write_archive, out, options=recorded, drop_duplicates=options.drop_duplicates,
                                  previous=previous, roots=[_root_name(p, out) for p in paths],
                                  layout=Layout(options.shard_bytes, options.compress))
        plan = make_plan(inputs, archived, options.fmt)
        executor = make_executor(options.engine, options.jobs, options.scheduler, len(plan.work))
        try:
            if not executor.keeps_records:
                return write(watch(run(plan, executor, options, archived), progress))
            with workspace(out) as folder:  # the workers' records stay beside OUT until written
                workers = WorkerStore(folder, executor.verify)
                return write(watch(run(plan, executor, options, archived, folder), progress), workers=workers)
        finally:
            executor.close()


def _previous(out: str | os.PathLike, options: BuildOptions) -> Previous | None:
    """The archive appended to, checked: valid, and built with the profile asked for."""
    from .validation import validate_archive

    if not (options.append and (Path(out) / "manifest.json").exists()):
        return None
    problems = validate_archive(out)
    if problems:
        raise ArchiveError(f"cannot append to {out}: it is not a valid archive ({problems[0]})")
    previous = Previous.load(out)
    stored = previous.options.get("profile", DEFAULT_PROFILE)
    if options.profile not in (None, stored):
        raise UsageError(f"{out} was built with --profile {stored}; append with the same profile")
    return previous


def run(plan: Plan, executor: Executor, options: BuildOptions,
        archived: dict[str, dict[str, Any]] | None = None, folder: Path | None = None) -> Iterator[FileResult]:
    """FileResults in input order. A file whose bytes equal an earlier input's is skipped
    (``duplicate_file``), as is one already in the archive appended to (``archived``:
    SHA-256 to manifest entry; ``already_archived``). Files that may be copies (their
    size equals another's) were hashed by the plan, so a copy is never parsed. With a
    ``folder``, the executor's workers keep their records there (normalize/partitions.py)."""
    archived = archived or {}
    each = run_chunk if executor.isolates else process_chunk
    work = (functools.partial(store_chunk, options=options, folder=folder, each=each) if folder is not None
            else functools.partial(each, options=options))
    made = executor.map(work, chunks(plan.work, file_size))
    seen: dict[str, dict[str, Any]] = {}  # SHA-256 to the first copy's path, format and encoding
    for number, item in enumerate(plan.inputs):
        sha = plan.hashes.get(number)
        if number in plan.copies and (sha in archived or sha in seen):
            yield copy_of(item, sha, archived.get(sha), seen.get(sha))
            continue
        if number in plan.parts:  # a file read in parts: its parts' results, in order
            results = [next(made) for _ in plan.parts[number]]
            archived_part = next((r for r in results if r.status == "archived"), None)
            if archived_part is not None:  # a copy of a file none of whose parts was archived is judged on its own
                seen[sha] = {"path": item.path, "format": archived_part.format, "encoding": archived_part.encoding}
            yield from results
            continue
        # a planned copy whose first copy was not archived is processed here, after all
        result = process_file(item, options) if number in plan.copies else next(made)
        if result.status == "archived" and (result.sha256 in seen or result.sha256 in archived):
            yield copy_of(item, result.sha256, archived.get(result.sha256), seen.get(result.sha256), result.bytes)
            continue
        if result.status == "archived":
            seen[result.sha256] = {"path": result.path, "format": result.format, "encoding": result.encoding}
        yield result


def copy_of(item: InputFile, sha: str, archived: dict[str, Any] | None, earlier: dict[str, Any] | None,
            size: int | None = None) -> FileResult:
    """A file skipped because the same bytes were archived before: described as its first copy."""
    first = archived or earlier
    return FileResult(item.path, size if size is not None else file_size(item), sha, "skipped",
                      reason="already_archived" if archived else "duplicate_file",
                      detail=f"same bytes as {first['path']}", format=first["format"],
                      encoding=first["encoding"], root=item.root)


def _root_name(path: str | os.PathLike, out: str | os.PathLike) -> str:
    """A root as the manifest keeps it: relative to the archive's parent folder, so the
    originals are found from anywhere and the manifest names no machine's layout."""
    try:
        return Path(os.path.relpath(Path(path).resolve(), Path(out).resolve().parent)).as_posix()
    except ValueError:  # another drive
        return str(path)
