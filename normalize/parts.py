"""Files too big to read whole, read in parts at record boundaries: the Sogou dumps.

The full SogouCS and SogouCA corpora ship as single files of 1.5 GB, each ``<doc>`` a
record. Such a file (over :data:`SPLIT_BYTES`, its head sniffed as ``sogou``) is cut
into parts of about :data:`PART_BYTES` at ``<doc>`` tags, each part processed like a
file of its own (on any worker) and the results put back in order. Every part knows
the line and record number it starts at and the whole file's SHA-256 and size, so its
records are the ones reading the whole file would give: same ids, same ordinals, same
source lines. One scan finds the cut points, through a memory map (the file is never
held in memory); the tags are ASCII, and ``<`` is never a byte inside a GB18030 or
UTF-8 character, so bytes are cut where the text would be.

A part's first ``<doc>`` always opens a record, so parts start only at a ``<doc>`` that
opens a field before the next one: the same rule the Sogou parser numbers records by.
"""

from __future__ import annotations

import dataclasses
import hashlib
import mmap
import os
import re
from pathlib import Path
from typing import Any

from . import sources
from .sources import sogou
from .decode import decode
from .inputs import MAX_FILE_BYTES, InputFile, Part, file_size

#: Files bigger than this are read in parts, if they are Sogou dumps (others are
#: rejected ``too_large``).
SPLIT_BYTES = MAX_FILE_BYTES
#: About how much of the file each part holds.
PART_BYTES = 32 * 1024 * 1024
#: How much of the head is sniffed.
HEAD_BYTES = 64 * 1024

_TAG_RE = re.compile(rb"(?P<doc><doc\s*>)|<\s*(?:url|docno|contenttitle|content)\s*>", re.I)


def cut(item: InputFile, size: int, fmt: str | None = None) -> list[InputFile]:
    """The parts of a big Sogou dump, or ``[item]`` for any other file."""
    if size <= SPLIT_BYTES or fmt not in (None, "sogou"):
        return [item]
    try:
        with open(item.disk_path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            encoding = _sogou_encoding(data[:HEAD_BYTES], Path(item.path).suffix, fmt)
            if encoding is None:
                return [item]
            return _parts(item, data, PART_BYTES, encoding, os.fstat(handle.fileno()).st_mtime_ns)
    except (OSError, ValueError):  # unreadable, or cannot be mapped: read as one file
        return [item]


def _sogou_encoding(head: bytes, suffix: str, fmt: str | None) -> str | None:
    """The encoding of a head that reads as a Sogou dump with nothing but a declaration
    or a root before its first ``<doc>`` (else the whole file would be plain text, which
    parts cannot agree on); None for any other head."""
    decoded = decode(head)
    if decoded.encoding.startswith("utf-16"):
        return None  # tags are not single bytes there
    if fmt != "sogou" and sources.detect(decoded.text, suffix).name != "sogou":
        return None
    text = decoded.text.replace("\r", "\n")
    first = sogou.FIRST_DOC_RE.search(text)
    if first is None or not sogou.outside_records(text[:first.start()]):
        return None
    return decoded.encoding


def _parts(item: InputFile, data: mmap.mmap, part_bytes: int, encoding: str, mtime_ns: int) -> list[InputFile]:
    starts = _record_starts(data)
    if len(starts) < 2:
        return [item]
    cuts = [0]  # byte offsets where parts start; the first takes the head before any <doc>
    numbers = [0]  # the record number each part starts at
    for number, offset in enumerate(starts):
        if offset - cuts[-1] >= part_bytes:
            cuts.append(offset)
            numbers.append(number)
    if len(cuts) == 1:
        return [item]
    digest = hashlib.sha256(data).hexdigest()
    size = len(data)
    ends = cuts[1:] + [size]
    counts = [b - a for a, b in zip(numbers, numbers[1:] + [len(starts)])]
    parts, line = [], 1
    for index, (start, end) in enumerate(zip(cuts, ends)):
        parts.append(dataclasses.replace(item, part=Part(index, len(cuts), start, end, line, numbers[index],
                                                         counts[index], digest, size, mtime_ns, encoding)))
        line += _line_breaks(data[start:end])
    return parts


def _line_breaks(data: bytes) -> int:
    """Line breaks as the newline repair counts them: CRLF, LF and a lone CR."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def _record_starts(data: mmap.mmap) -> list[int]:
    """Offsets of the ``<doc>`` tags the Sogou parser takes for records: the first, and
    each that opens a field before the next ``<doc>``."""
    starts: list[int] = []
    pending: int | None = None  # a <doc> not yet known to open a field
    for match in _TAG_RE.finditer(data):
        if match.group("doc"):
            if not starts:
                starts.append(match.start())  # the first <doc> is a record whatever follows
                continue
            pending = match.start()
        elif pending is not None:
            starts.append(pending)
            pending = None
    return starts


def plan(inputs: list[InputFile], copies: set[int], hashes: dict[int, str],
         archived: dict[str, Any], fmt: str | None) -> dict[int, list[InputFile]]:
    """The big Sogou dumps among ``inputs`` cut into parts, by input number. A big file
    whose bytes were archived or cut before is added to ``copies`` instead; every cut
    file's SHA-256 is added to ``hashes``."""
    found: dict[int, list[InputFile]] = {}
    shas: set[str] = set()
    for number, item in enumerate(inputs):
        if number in copies or file_size(item) <= SPLIT_BYTES:
            continue
        pieces = cut(item, file_size(item), fmt)
        if len(pieces) < 2:
            continue
        sha = pieces[0].part.sha256
        hashes[number] = sha
        if sha in archived or sha in shas:
            copies.add(number)
            continue
        shas.add(sha)
        found[number] = pieces
    return found
