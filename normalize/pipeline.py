"""The pipeline: inputs to FileResults, in input order, on one or many processes.

``collect_inputs`` walks the paths given; ``process_file`` runs read -> decode ->
sniff -> parse -> document for one file and never raises for bad input; ``run``
chains them (with a process pool when ``jobs > 1``) and hands results, in order, to
the archive writer. This is the only module that knows about processes.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import os
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from . import sources
from .decode import decode, sniff_binary
from .document import FileContext, make_document
from .records import FileResult, RawDoc
from .sources import SourceError

#: Files larger than this are rejected (``too_large``) rather than read.
MAX_FILE_BYTES = 512 * 1024 * 1024


class UsageError(Exception):
    """The command line names something that cannot be used (exit code 2)."""


@dataclass(frozen=True)
class InputFile:
    """One file to archive: where it is on disk and the path records will name."""

    disk_path: str
    path: str


def collect_inputs(paths: Iterable[str | os.PathLike]) -> list[InputFile]:
    """Files and folders to input files: folders walked recursively in sorted order,
    hidden files and folders skipped, paths relative to the folder given."""
    found: list[InputFile] = []
    for given in paths:
        root = Path(given)
        if root.is_file():
            found.append(InputFile(str(root), root.name))
        elif root.is_dir():
            found.extend(_walk(root))
        else:
            raise UsageError(f"no such file or folder: {given}")
    return found


def _walk(root: Path) -> Iterator[InputFile]:
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                disk = Path(folder) / name
                yield InputFile(str(disk), disk.relative_to(root).as_posix())


def process_file(item: InputFile) -> FileResult:
    """Read, decode, detect, parse and build the documents of one file."""
    try:
        size = os.path.getsize(item.disk_path)
        if size > MAX_FILE_BYTES:
            return FileResult(item.path, size, "", "rejected", reason="too_large",
                              detail=f"{size} bytes is over the limit of {MAX_FILE_BYTES}")
        with open(item.disk_path, "rb") as handle:
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
    return _parse_text(data, base, Path(item.path).suffix)


def _parse_text(data: bytes, base: dict, suffix: str) -> FileResult:
    decoded = decode(data)
    if not decoded.text.strip():
        return FileResult(**base, status="rejected", reason="empty", encoding=decoded.encoding,
                          detail="no text after decoding")
    text, cr_lines = _unify_newlines(decoded.text)
    if _is_tabular(text):
        return FileResult(**base, status="skipped", reason="tabular_data", encoding=decoded.encoding,
                          detail="tab-separated data, not articles")
    detection = sources.detect(text, suffix)
    flags = list(decoded.flags)
    if detection.uncertain_against:
        flags.append(f"format_uncertain:{detection.uncertain_against}")
    name = detection.name
    try:
        raws = list(sources.SOURCES[name].parse(text))
    except SourceError as error:
        flags.append(f"{name}:{error.code}")
        name = sources.FALLBACK
        raws = list(sources.SOURCES[name].parse(text))
    if cr_lines:
        raws = [_count_newlines(raw, cr_lines) for raw in raws]
    context = FileContext(base["path"], base["sha256"], base["bytes"], decoded.encoding, name,
                          tuple(flags))
    documents = tuple(make_document(raw, context) for raw in raws)
    if not documents:
        return FileResult(**base, status="rejected", reason="no_articles", format=name,
                          encoding=decoded.encoding, detail="no article with any text was found")
    counters = Counter({f"format:{name}": len(documents)})
    for document in documents:
        counters.update({f"fix:{key}": value for key, value in document.fixes.items()})
        counters.update(f"flag:{flag}" for flag in document.flags)
    return FileResult(**base, status="archived", documents=documents, format=name,
                      encoding=decoded.encoding, counters=dict(counters))


def _is_tabular(text: str) -> bool:
    """Most lines hold the same number (2 or more) of tabs: a TSV table, not prose."""
    lines = [line for line in text[:20000].split("\n") if line.strip()]
    if len(lines) < 3:
        return False
    tabs = Counter(line.count("\t") for line in lines)
    count, lines_with_it = tabs.most_common(1)[0]
    return count >= 2 and lines_with_it >= 0.8 * len(lines)


def _unify_newlines(text: str) -> tuple[str, list[int]]:
    """LF line ends for every later stage; the 1-based numbers of lines that ended in CR."""
    if "\r" not in text:
        return text, []
    lines = re.split(r"\r\n|\r|\n", text)
    ends = re.findall(r"\r\n|\r|\n", text)
    return "\n".join(lines), [n for n, end in enumerate(ends, start=1) if "\r" in end]


def _count_newlines(raw: RawDoc, cr_lines: list[int]) -> RawDoc:
    """Record, on each article, how many of its lines had their CR line end changed."""
    count = bisect.bisect_right(cr_lines, raw.line_end) - bisect.bisect_left(cr_lines, raw.line_start)
    if not count:
        return raw
    return dataclasses.replace(raw, fixes=raw.fixes + (("newlines", count),))


def run(inputs: list[InputFile], jobs: int = 1) -> Iterator[FileResult]:
    """FileResults in input order; a file whose bytes equal an earlier one is skipped."""
    seen: dict[str, str] = {}
    for result in _results(inputs, jobs):
        if result.sha256 and result.sha256 in seen and result.status == "archived":
            yield FileResult(result.path, result.bytes, result.sha256, "skipped",
                             reason="duplicate_file", format=result.format,
                             encoding=result.encoding,
                             detail=f"same bytes as {seen[result.sha256]}")
            continue
        if result.sha256 and result.status == "archived":
            seen[result.sha256] = result.path
        yield result


def _results(inputs: list[InputFile], jobs: int) -> Iterator[FileResult]:
    if jobs <= 1 or len(inputs) <= 1:
        yield from map(process_file, inputs)
        return
    chunksize = max(1, min(16, len(inputs) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(process_file, inputs, chunksize=chunksize)
