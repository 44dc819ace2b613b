"""Planning a build's inputs: which files, in which order, which are copies, and the byte
ranges of files too big to read whole.

What comes in: the paths given and the archive appended to (if any). What goes out: a
:class:`Plan`: every :class:`InputFile` in a fixed order (folders walked sorted, hidden
entries left out, the archive being written left out), the inputs that are copies of
an earlier one (same size, then same SHA-256) and, for a file over
:data:`SPLIT_BYTES` whose source offers the hooks, its parts. Nothing here parses text
or knows a format: a source that can be read in parts offers ``cuttable(head)`` and
``record_starts(bytes)`` (see ``normalize/sources/__init__.py``).
"""

from __future__ import annotations

import hashlib
import mmap
import os
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator

from . import sources, webarchive
from .decode import decode
from .paths import display_path
from .options import UsageError

#: Files over this size are rejected (``too_large``), unless their source can cut them.
MAX_FILE_BYTES = 256 * 1024 * 1024
#: Files bigger than this are read in parts, if their source offers the hooks.
SPLIT_BYTES = MAX_FILE_BYTES
#: About how much of the file each part holds.
PART_BYTES = 32 * 1024 * 1024
#: How much of a big file's head is sniffed.
HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class ByteRange:
    """One part of a file read in parts: bytes ``start:end``, the line and record number
    it starts at, how many records (and records left out) it holds, the format whose
    hooks cut it, and the whole file's SHA-256, size, modification time and encoding."""

    index: int
    count: int
    start: int
    end: int
    first_line: int
    first_record: int
    records: int  #: how many records (and empty ones) the plan found in it
    format: str
    sha256: str
    size: int
    mtime_ns: int  #: the file's, when it was planned: a file changed since is not read
    encoding: str  #: of the head: every part is read with it


@dataclass(frozen=True)
class InputFile:
    """One file to archive: where it is on disk, the path records will name, the root
    (path given) it was found under; for a file read in parts, which part; for a file
    that must not be read, why (``skip``, a reason of ``REASONS['skipped']``)."""

    disk_path: str
    path: str
    root: int = 0
    part: ByteRange | None = None
    skip: str | None = None
    #: The folder given that holds the file (resolved): what is read must still lie in it.
    within: str | None = None


@dataclass
class Plan:
    """The inputs in order; which are copies (by input number, with their SHA-256); the
    parts of files read in parts; and the work: every input to process, parts in place
    of their file, copies left out."""

    inputs: list[InputFile]
    hashes: dict[int, str] = field(default_factory=dict)
    copies: set[int] = field(default_factory=set)
    parts: dict[int, list[InputFile]] = field(default_factory=dict)

    @property
    def work(self) -> list[InputFile]:
        return [piece for number, item in enumerate(self.inputs) if number not in self.copies
                for piece in self.parts.get(number, [item])]


def collect_inputs(given: Iterable[str | os.PathLike], first_root: int = 0,
                   exclude: str | os.PathLike | None = None) -> list[InputFile]:
    """Files and folders to input files: folders walked recursively in sorted order,
    hidden files and folders skipped, paths relative to the folder given. Raises
    UsageError for a path that does not exist."""
    found: list[InputFile] = []
    for number, path in enumerate(given, start=first_root):
        root = Path(path)
        if root.is_file():
            found.append(InputFile(str(root), display_path(root.name), number))
        elif root.is_dir():
            found.extend(_walk(root, number, Path(exclude).resolve() if exclude else None))
        else:
            raise UsageError(f"no such file or folder: {path}")
    return found


def _walk(root: Path, number: int, exclude: Path | None) -> Iterator[InputFile]:
    """Files under ``root`` in sorted order; folders that cannot be read and links to
    folders (not followed) are yielded too, to be rejected with their reason; links to
    files outside ``root`` are yielded marked ``outside_input`` (never read); the archive
    being written (``exclude``) is left out."""
    failed: list[OSError] = []
    inside = root.resolve()
    for folder, dirs, files in os.walk(root, followlinks=False, onerror=failed.append):
        here = Path(folder)
        entries = [name for name in sorted(dirs) if not name.startswith(".")
                   and not (exclude is not None and (here / name).resolve() == exclude)]
        dirs[:] = [d for d in entries if not (here / d).is_symlink()]
        odd = [d for d in entries if (here / d).is_symlink()]
        for name in sorted([f for f in files if not f.startswith(".")] + odd):
            disk = here / name
            skip = "outside_input" if disk.is_symlink() and not _leads_inside(disk, inside) else None
            yield InputFile(str(disk), display_path(disk.relative_to(root).as_posix()), number, skip=skip,
                            within=str(inside))
        for error in failed:
            if error.filename:
                disk = Path(error.filename)
                yield InputFile(str(disk), display_path(disk.relative_to(root).as_posix()), number)
        failed.clear()


def _leads_inside(link: Path, inside: Path) -> bool:
    """A link whose target (every link on the way followed, a target not there yet too)
    lies inside ``inside``; a loop stays where it is, and is rejected when read."""
    return is_inside(os.path.realpath(link), inside)


def is_inside(path: str | os.PathLike, folder: str | os.PathLike) -> bool:
    """``path`` (already resolved) is ``folder`` or below it."""
    return os.path.commonpath([os.path.abspath(path), os.path.abspath(folder)]) == os.path.abspath(folder)


def file_size(item: InputFile) -> int:
    """The bytes this input reads: its part's, 0 for one not to be read, else the file's."""
    if item.part is not None:
        return item.part.end - item.part.start
    if item.skip:
        return 0
    try:
        return os.path.getsize(item.disk_path)
    except OSError:
        return 0


def make_plan(inputs: list[InputFile], archived: dict[str, Any], fmt: str | None) -> Plan:
    """Copies found (among themselves and of the ``archived`` files, SHA-256 to manifest
    entry) and big files cut: see :class:`Plan`."""
    plan = Plan(inputs, _hashes_of_possible_copies(inputs, {entry["bytes"] for entry in archived.values()}))
    for number, item in enumerate(inputs):
        if file_size(item) > SPLIT_BYTES and len(pieces := cut(item, fmt)) > 1:
            plan.parts[number] = pieces
            plan.hashes[number] = pieces[0].part.sha256
    firsts: set[str] = set()
    for number, sha in sorted(plan.hashes.items()):  # a copy: the bytes of an earlier input, or archived
        if sha in archived or sha in firsts:
            plan.copies.add(number)
            plan.parts.pop(number, None)
        firsts.add(sha)
    return plan


def _hashes_of_possible_copies(inputs: list[InputFile], other_sizes: set[int]) -> dict[int, str]:
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


def cut(item: InputFile, fmt: str | None = None) -> list[InputFile]:
    """A big file cut into parts at record starts, if its head reads as a format that
    offers the hooks and says it can be cut; else ``[item]``. One scan finds the cuts,
    through a memory map: the file is never held in memory."""
    try:
        with open(item.disk_path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            found = _cuttable_format(_lines(data, 0, HEAD_BYTES), Path(item.path).suffix, fmt)
            if found is None:
                return [item]
            return _parts(item, data, found, sample_encoding(data), os.fstat(handle.fileno()).st_mtime_ns)
    except (OSError, ValueError):  # unreadable, or cannot be mapped: read as one file
        return [item]


def _cuttable_format(head: bytes, suffix: str, fmt: str | None) -> str | None:
    """The format of a head, if it offers the hooks and says the file can be cut (a web
    archive is not: it is read record by record, whatever format is forced)."""
    if webarchive.kind(head) is not None:
        return None
    decoded = decode(head)
    if decoded.encoding.startswith("utf-16"):
        return None  # record tags are not single bytes there
    name = fmt or sources.detect(decoded.text, suffix).name
    source = sources.SOURCES.get(name)
    if not all(callable(getattr(source, hook, None)) for hook in ("cuttable", "record_starts")):
        return None
    if not source.cuttable(re.sub("\r\n?", "\n", decoded.text)):
        return None
    return name


#: Windows of the file decoded together to choose the encoding of its parts.
SAMPLE_WINDOWS = 64


def sample_encoding(data: mmap.mmap | bytes) -> str:
    """The encoding of a big file, from its head and :data:`SAMPLE_WINDOWS` windows spread
    over it, each cut at line breaks (never inside a character in the encodings a part can
    have): a head of ASCII, or one cut inside a character, no longer decides alone."""
    size = len(data)
    step = max(HEAD_BYTES, size // SAMPLE_WINDOWS)
    sample = b"".join(_lines(data, start, HEAD_BYTES) for start in range(0, size, step))
    return decode(sample).encoding


def _lines(data: mmap.mmap | bytes, start: int, length: int) -> bytes:
    """The whole lines of ``data[start:start + length]`` (the first from ``start`` if it is 0),
    lines ending at LF or CR."""
    window = data[start:start + length]
    first = 0 if start == 0 else min((i for i in (window.find(b"\n"), window.find(b"\r")) if i >= 0),
                                     default=len(window)) + 1
    last = max(window.rfind(b"\n"), window.rfind(b"\r")) + 1 if start + length < len(data) else len(window)
    return window[first:last] if last > first else b""


def _parts(item: InputFile, data: mmap.mmap, name: str, encoding: str, mtime_ns: int) -> list[InputFile]:
    starts = sources.SOURCES[name].record_starts(data)
    if len(starts) < 2:
        return [item]
    cuts, numbers = [0], [0]  # byte offsets where parts start, and their first record number
    for number, offset in enumerate(starts):
        if offset - cuts[-1] >= PART_BYTES:
            cuts.append(offset)
            numbers.append(number)
    if len(cuts) == 1:
        return [item]
    digest, size = hashlib.sha256(data).hexdigest(), len(data)
    counts = [b - a for a, b in zip(numbers, numbers[1:] + [len(starts)])]
    pieces, line = [], 1
    if encoding.startswith("utf-16"):
        return [item]
    for index, (start, end) in enumerate(zip(cuts, cuts[1:] + [size])):
        pieces.append(replace(item, part=ByteRange(index, len(cuts), start, end, line, numbers[index], counts[index],
                                                   name, digest, size, mtime_ns, encoding)))
        line += line_breaks(data[start:end])
    return pieces


def line_breaks(data: bytes) -> int:
    """Line breaks as the newline repair counts them: CRLF, LF and a lone CR."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
