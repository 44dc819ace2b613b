"""Inputs: the files and folders given, walked in a fixed order, as the paths records name.

What comes in: the paths of the command line. What goes out: :class:`InputFile` per
file, in sorted order, folders that cannot be read and links to folders included (to
be rejected with their reason), the archive being written left out; and which inputs
may be copies of others (same size, then same SHA-256), described as their first copy.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from .records import FileResult


class UsageError(Exception):
    """The command line names something that cannot be used (exit code 2)."""


@dataclass(frozen=True)
class Part:
    """Where one part of a file read in parts lies (see :mod:`normalize.parts`): bytes
    ``start:end``, the line and record number it starts at, how many records it holds,
    the whole file's SHA-256, size, modification time and encoding."""

    index: int
    count: int
    start: int
    end: int
    first_line: int
    first_record: int
    records: int  #: how many records (and empty ones) the plan found in it
    sha256: str
    size: int
    mtime_ns: int  #: the file's, when it was planned: a file changed since is not read
    encoding: str  #: of the head: every part is read with it


@dataclass(frozen=True)
class InputFile:
    """One file to archive: where it is on disk and the path records will name; for a
    file read in parts, which part."""

    disk_path: str
    path: str
    root: int = 0
    part: Part | None = None


def collect_inputs(paths: Iterable[str | os.PathLike], first_root: int = 0,
                   exclude: str | os.PathLike | None = None) -> list[InputFile]:
    """Files and folders to input files: folders walked recursively in sorted order,
    hidden files and folders skipped, paths relative to the folder given."""
    found: list[InputFile] = []
    for number, given in enumerate(paths, start=first_root):
        root = Path(given)
        if root.is_file():
            found.append(InputFile(str(root), display_path(root.name), number))
        elif root.is_dir():
            found.extend(_walk(root, number, Path(exclude).resolve() if exclude else None))
        else:
            raise UsageError(f"no such file or folder: {given}")
    return found


def _walk(root: Path, number: int, exclude: Path | None) -> Iterator[InputFile]:
    """Files under ``root`` in sorted order; folders that cannot be read and links to
    folders (not followed) are yielded too, to be rejected with their reason; the
    archive being written (``exclude``) is left out."""
    failed: list[OSError] = []
    for folder, dirs, files in os.walk(root, followlinks=False, onerror=failed.append):
        here = Path(folder)
        entries = []
        for name in sorted(dirs):
            if name.startswith(".") or (exclude is not None and (here / name).resolve() == exclude):
                continue
            entries.append(name)
        dirs[:] = [d for d in entries if not (here / d).is_symlink()]
        odd = [d for d in entries if (here / d).is_symlink()]
        for name in sorted([f for f in files if not f.startswith(".")] + odd):
            disk = here / name
            yield InputFile(str(disk), display_path(disk.relative_to(root).as_posix()), number)
        for error in failed:
            if error.filename:
                disk = Path(error.filename)
                yield InputFile(str(disk), display_path(disk.relative_to(root).as_posix()), number)
        failed.clear()


def display_path(path: str) -> str:
    """A path as text for records: names that are not UTF-8 read as GB18030 (common for
    Chinese names), else with the undecodable bytes written as escapes."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        raw = os.fsencode(path)
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            return raw.decode("utf-8", "backslashreplace")


#: Files over this size are rejected (``too_large``) and never hashed as possible copies.
MAX_FILE_BYTES = 256 * 1024 * 1024


def file_size(item: InputFile) -> int:
    """The bytes this input reads: the file's, or its part's."""
    if item.part is not None:
        return item.part.end - item.part.start
    try:
        return os.path.getsize(item.disk_path)
    except OSError:
        return 0


def copy_of(item: InputFile, sha: str, archived: dict[str, Any] | None, earlier: dict[str, Any] | None,
             size: int | None = None) -> FileResult:
    """A file skipped because the same bytes were archived before: described as its first copy."""
    first = archived or earlier
    return FileResult(item.path, size if size is not None else file_size(item), sha, "skipped",
                      reason="already_archived" if archived else "duplicate_file",
                      detail=f"same bytes as {first['path']}", format=first["format"],
                      encoding=first["encoding"], root=item.root)


def hashes_of_possible_copies(inputs: list[InputFile], other_sizes: set[int]) -> dict[int, str]:
    """SHA-256 of every input whose size another input or an archived file shares (only
    those can be copies), by input number; files that cannot be read are left out."""
    sizes = [file_size(item) for item in inputs]
    counts = Counter(sizes)
    hashes = {}
    for number, (item, size) in enumerate(zip(inputs, sizes)):
        if 0 < size <= MAX_FILE_BYTES and (counts[size] > 1 or size in other_sizes):
            try:
                with open(item.disk_path, "rb") as handle:
                    hashes[number] = hashlib.file_digest(handle, "sha256").hexdigest()
            except OSError:
                continue
    return hashes
