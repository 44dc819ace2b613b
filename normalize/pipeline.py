"""The pipeline: inputs to FileResults, in input order, on one or many processes.

``collect_inputs`` walks the paths given; ``process_file`` runs read -> decode ->
sniff -> parse -> document for one file and never raises for bad input; ``run``
chains them (with a process pool when ``jobs > 1``) and hands results, in order, to
the archive writer. This is the only module that knows about processes.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from . import repairs, sources
from .decode import decode, sniff_binary
from .document import FileContext, make_document
from .records import FileResult, RawDoc
from .repairs import DEFAULT_PROFILE
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


def process_file(item: InputFile, profile: str = DEFAULT_PROFILE) -> FileResult:
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
    return _parse_text(data, base, Path(item.path).suffix, profile)


def _parse_text(data: bytes, base: dict, suffix: str, profile: str = DEFAULT_PROFILE) -> FileResult:
    decoded = decode(data)
    text, line_fixes = _repair(decoded.text, suffix)
    if not text.strip():
        return FileResult(**base, status="rejected", reason="empty", encoding=decoded.encoding,
                          detail="no text after decoding")
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
    raws = [_credit_fixes(raw, line_fixes) for raw in raws]
    context = FileContext(base["path"], base["sha256"], base["bytes"], decoded.encoding, name,
                          tuple(flags), profile)
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


def _repair(text: str, suffix: str) -> tuple[str, dict[str, Counter]]:
    """Line-keeping repairs of the whole file; HTML ones only once it reads as plain text.

    Sniffing runs on text already free of mojibake and invisible characters; if the
    winner is a plain format, the HTML repairs run and the rest run again (they are
    idempotent), so a dump whose every line is wrapped in ``<p>`` is still a dump.
    """
    text, line_fixes = repairs.text.newlines(text)
    merged = {"newlines": line_fixes} if line_fixes else {}
    text, first = repairs.repair_file(text, plain=None)
    if sources.SOURCES[sources.detect(text, suffix).name].MARKUP == "plain":
        text, second = repairs.repair_file(text, plain=True)
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


def _credit_fixes(raw: RawDoc, line_fixes: dict[str, Counter]) -> RawDoc:
    """Credit an article with the file repairs made inside its own lines."""
    credited = [(name, sum(n for line, n in counts.items() if raw.line_start <= line <= raw.line_end))
                for name, counts in line_fixes.items()]
    credited = [(name, n) for name, n in credited if n]
    if not credited:
        return raw
    return dataclasses.replace(raw, fixes=raw.fixes + tuple(credited))


def run(inputs: list[InputFile], jobs: int = 1, profile: str = DEFAULT_PROFILE) -> Iterator[FileResult]:
    """FileResults in input order; a file whose bytes equal an earlier one is skipped."""
    seen: dict[str, str] = {}
    for result in _results(inputs, jobs, profile):
        if result.sha256 and result.sha256 in seen and result.status == "archived":
            yield FileResult(result.path, result.bytes, result.sha256, "skipped",
                             reason="duplicate_file", format=result.format,
                             encoding=result.encoding,
                             detail=f"same bytes as {seen[result.sha256]}")
            continue
        if result.sha256 and result.status == "archived":
            seen[result.sha256] = result.path
        yield result


def _results(inputs: list[InputFile], jobs: int, profile: str) -> Iterator[FileResult]:
    work = functools.partial(process_file, profile=profile)
    if jobs <= 1 or len(inputs) <= 1:
        yield from map(work, inputs)
        return
    chunksize = max(1, min(16, len(inputs) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(work, inputs, chunksize=chunksize)
