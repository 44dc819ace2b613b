"""Processing one input: read, decode, repair, detect, parse, number, describe.

What comes in: an :class:`~normalize.plan.InputFile` and the :class:`BuildOptions`.
What goes out: one :class:`FileResult` (its records as JSON lines and fingerprints, or
the reason it has none); bad input never raises. This module knows nothing of how it
is run (one process, a pool, a cluster) and nothing of any format: it takes the format
a source's ``sniff`` wins with, or the one forced.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import itertools
import os
import re
import stat
import urllib.parse
from collections import Counter
from pathlib import Path

from . import dedup, repairs, sources, webarchive
from .decode import Decoded, decode, sniff_binary
from .document import FileContext, has_surrogates, make_document, without_surrogates
from . import limits
from .limits import FileTimeout, time_limit
from .metadata import links
from .options import LIMIT_BYTES, BuildOptions
from .plan import MAX_FILE_BYTES, InputFile, file_size, is_inside
from .records import MAX_PLACES, REASONS, FileResult, RawDoc, Skipped, describe_left_out
from .sources import SourceError
from .stages import timed


def process_file(item: InputFile, options: BuildOptions = BuildOptions()) -> FileResult:
    """Read, decode, detect, parse and build the documents of one file, within its time
    limit; a file that takes longer, or exhausts memory, is rejected with the reason.
    A part of a file (see :mod:`normalize.plan`) is described as its whole file."""
    return _as_its_file(item, _limited(item, options))


def _as_its_file(item: InputFile, result: FileResult) -> FileResult:
    """``result`` with ``item``'s root, and for a part, its whole file's size and hash."""
    part = item.part
    if part is None:
        return dataclasses.replace(result, root=item.root)
    return dataclasses.replace(result, bytes=part.size, sha256=part.sha256, root=item.root,
                               part=(part.index, part.count, part.end - part.start))


def process_one(item: InputFile, options: BuildOptions) -> FileResult:
    """One file's result without its Document objects (the JSON lines carry the records),
    which halves what goes back to the writing process."""
    return dataclasses.replace(process_file(item, options), documents=())


def process_chunk(chunk: list[InputFile], options: BuildOptions) -> list[FileResult]:
    """A worker's share, in this process (see :mod:`normalize.isolation` for files in
    helper processes)."""
    return [process_one(item, options) for item in chunk]


def rejected_file(item: InputFile, reason: str, detail: str) -> FileResult:
    """The result of a file rejected from outside its processing (its helper stopped)."""
    return _as_its_file(item, _rejected(item, reason, detail))


def too_slow_detail(limit: float, options: BuildOptions) -> str:
    """Why a file was rejected ``too_slow``: the same words whether its own deadline check or the
    kill of its helper stopped it, so an archive does not depend on which came first."""
    return (f"processing took longer than {limit:g} s (limit: --file-timeout {options.seconds:g} s "
            f"per {LIMIT_BYTES // 1_000_000} MB)")


def _limited(item: InputFile, options: BuildOptions) -> FileResult:
    limit = options.file_limit(file_size(item))
    try:
        with time_limit(limit):
            return _process(item, options)
    except FileTimeout:
        return _rejected(item, "too_slow", too_slow_detail(limit, options))
    except (MemoryError, RecursionError) as error:
        return _rejected(item, "too_complex",
                         f"{type(error).__name__} while processing (nesting or size beyond limits)")
    except Exception as error:  # noqa: BLE001 - one file's fault must not stop the run
        return _rejected(item, "internal_error", f"{type(error).__name__}: {error} (please report this file)")


def _checked(function, *args):
    limits.check()
    return function(*args)


def _rejected(item: InputFile, reason: str, detail: str, size: int | None = None) -> FileResult:
    return FileResult(item.path, file_size(item) if size is None else size, "", "rejected",
                      reason=reason, detail=detail)


def _process(item: InputFile, options: BuildOptions) -> FileResult:
    if item.skip:
        return FileResult(item.path, 0, "", "skipped", reason=item.skip, detail=REASONS["skipped"][item.skip])
    if item.part is not None:
        return _process_part(item, options)
    try:
        status = os.stat(item.disk_path)
        if stat.S_ISDIR(status.st_mode):
            return _rejected(item, "unreadable", "a folder that could not be read, or a link to one (not followed)", 0)
        if not stat.S_ISREG(status.st_mode):  # a FIFO or device would block or never end
            return _rejected(item, "unreadable", "not a regular file (a pipe, socket or device)", 0)
        with open(item.disk_path, "rb") as handle:
            if item.within is not None and not is_inside(_opened_path(handle), item.within):
                return FileResult(item.path, 0, "", "skipped", reason="outside_input",
                                  detail="a link that leads outside the folder given (changed during the build): not read")
            with timed("read"):
                head = handle.read(webarchive.HEAD_BYTES)
            container = webarchive.kind(head)
            if container is not None:  # streamed record by record: no size limit on the whole
                return _process_web_archive(item, handle, container, options)
            if status.st_size > MAX_FILE_BYTES:
                return _rejected(item, "too_large", f"{status.st_size} bytes is over the limit of {MAX_FILE_BYTES}",
                                 status.st_size)
            with timed("read"):
                data = head + handle.read()
    except OSError as error:
        return _rejected(item, "unreadable", error.strerror or str(error), 0)
    base = {"path": item.path, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    if not data.strip():
        return FileResult(**base, status="rejected", reason="empty", detail="the file is empty or holds only whitespace")
    binary = sniff_binary(data)
    if binary:
        return FileResult(**base, status="rejected", reason="binary", detail=binary)
    with timed("decode"):
        decoded = decode(data)
    return _parse_text(decoded, base, Path(item.path).suffix, options)


def _opened_path(handle) -> str:
    """Where the file opened really is (Linux: the kernel's word, so a link changed between
    the walk and the open cannot lead the read elsewhere; elsewhere: its resolved path)."""
    try:
        return os.readlink(f"/proc/self/fd/{handle.fileno()}")
    except OSError:
        return os.path.realpath(handle.name)


def _process_part(item: InputFile, options: BuildOptions) -> FileResult:
    part = item.part
    base = {"path": item.path, "bytes": part.size, "sha256": part.sha256}
    try:
        status = os.stat(item.disk_path)
        with timed("read"), open(item.disk_path, "rb") as handle:
            handle.seek(part.start)
            data = handle.read(part.end - part.start)
    except OSError as error:
        return FileResult(**base, status="rejected", reason="unreadable", detail=error.strerror or str(error))
    starts = sources.SOURCES[part.format].record_starts(data[:HEAD_CHECK])
    if (status.st_size, status.st_mtime_ns) != (part.size, part.mtime_ns) or (part.index and starts[:1] != [0]):
        return FileResult(**base, status="rejected", reason="changed",
                          detail="the file changed after it was planned into parts; run the build again")
    with timed("decode"):
        text = data.decode(part.encoding, "replace")  # utf-8-sig drops the BOM of part 1 only
        decoded = Decoded(text, part.encoding, ("replacement_char",) if "\ufffd" in text else ())
    return _parse_text(decoded, base, Path(item.path).suffix, dataclasses.replace(options, fmt=part.format),
                       part=part)


#: Bytes at a part's start checked to open a record.
HEAD_CHECK = 64


def _parse_text(decoded: Decoded, base: dict, suffix: str, options: BuildOptions,
                part=None) -> FileResult:
    """Repair, detect (or take the forced format), parse, number and describe. ``part``:
    the byte range of a file read in parts, whose records are numbered as in the whole."""
    read = _read_text(decoded, base, suffix, options, part)
    if isinstance(read, FileResult):
        return read
    return _described([(ordinal, raw, read.context) for ordinal, raw in read.numbered], base,
                      read.context.format, read.context.encoding)


@dataclasses.dataclass(frozen=True)
class _Read:
    """A text its source read: what its records share, and its items numbered in order."""

    context: FileContext
    numbered: list[tuple[int, RawDoc | Skipped]]


def _read_text(decoded: Decoded, base: dict, suffix: str, options: BuildOptions, part=None) -> _Read | FileResult:
    """The text repaired, detected and parsed into numbered items; or, when it holds no
    text or is a table, the FileResult that says so.

    A file a source lightens (a web page's inline images cut, which its parser cuts
    anyway: :func:`normalize.sources.lightened`) is repaired and read lightened when that
    source then reads it; otherwise (another format wins, the text looks like a table, or
    the source cannot parse it) it is read whole, as if it had never been lightened."""
    light = sources.lightened(decoded.text, options.fmt) if part is None else None
    if light is not None:
        lightened = dataclasses.replace(decoded, text=light[1])
        with timed("repair"):
            repaired = repair_and_detect(lightened, suffix, options.fmt)
        if repaired[2] == light[0] and not is_tabular(repaired[0]):
            read = _read_repaired(lightened, repaired, base, options)
            if isinstance(read, _Read) and read.context.format == light[0]:
                return read
    with timed("repair"):
        repaired = repair_and_detect(decoded, suffix, options.fmt)
    return _read_repaired(decoded, repaired, base, options, part)


def _read_repaired(decoded: Decoded, repaired: tuple[str, dict[str, Counter], str, tuple[str, ...], str | None],
                   base: dict, options: BuildOptions, part=None) -> _Read | FileResult:
    """The rest of :func:`_read_text`, from what :func:`repair_and_detect` gave."""
    text, line_fixes, name, flags, markup = repaired
    if not text.strip():
        return FileResult(**base, status="rejected", reason="empty", encoding=decoded.encoding,
                          detail="no text after decoding")
    if part is None and is_tabular(text):
        return FileResult(**base, status="skipped", reason="tabular_data", encoding=decoded.encoding,
                          detail="tab-separated data, not articles")
    with timed("parse"):
        name, items, flags = _parse(text, name, flags)
        items = _linked(items, markup) if markup is not None else items
        numbered = list(enumerate(_credited(items, line_fixes)))  # an ordinal: the place among what the source yielded
    if part is not None:
        if len(numbered) != part.records:
            return FileResult(**base, status="rejected", reason="part_mismatch", encoding=decoded.encoding,
                              detail=f"read {len(numbered)} records as {name} where the plan found "
                                     f"{part.records}; its records are left out")
        numbered = [(ordinal + part.first_record, _moved(raw, part.first_line - 1)) for ordinal, raw in numbered]
    context = FileContext(base["path"], base["sha256"], base["bytes"], decoded.encoding, name, flags,
                          options.profile_name)
    return _Read(context, numbered)


def _described(numbered: list[tuple[int, RawDoc | Skipped, FileContext]], base: dict, name: str | None,
               encoding: str | None, web: dict | None = None) -> FileResult:
    """The file's result from its numbered items (each with the context its record is made
    in): documents made, their JSON lines, the parts left out, the counters;
    ``no_articles`` when no item gave a document. ``name`` and ``encoding``: the file's
    (a web archive's: its own kind, and none); ``web``: a web archive's record counts."""
    left_out = tuple((raw.reason, raw.line_start, raw.line_end) for _, raw, _ in numbered if isinstance(raw, Skipped))
    with timed("extract"):
        documents = tuple(make_document(raw, ordinal, context) for ordinal, raw, context in numbered
                          if isinstance(raw, RawDoc))
    with timed("write"):
        lines = [d.to_json() for d in documents]
    if any(has_surrogates(line) for line in lines):  # cannot be written as UTF-8: replaced, flagged
        documents = tuple(without_surrogates(d) if has_surrogates(line) else d for d, line in zip(documents, lines))
        lines = [d.to_json() for d in documents]
    counters = Counter(f"skipped_part:{reason}" for reason, _, _ in left_out)
    detail = describe_left_out(left_out) if web is None else web.pop("detail", None)
    if web is not None:
        counters.update({f"warc_record:{kind}": n for kind, n in web["records"].items()})
        counters.update({f"warc_left_out:{reason}": n for reason, n in web["left_out"].items()})
    if not documents:
        detail = "; ".join(filter(None, ["no article with any text was found", detail]))
        return FileResult(**base, status="rejected", reason="no_articles", format=name, encoding=encoding,
                          detail=detail, counters=dict(counters), left_out=left_out, web_archive=web)
    for document in documents:
        counters[f"format:{document.format}"] += 1
        counters.update({f"fix:{key}": value for key, value in document.fixes.items()})
        counters.update(f"flag:{flag}" for flag in document.flags)
    with timed("fingerprint"):
        prints = tuple(_checked(dedup.fingerprint, d.text) for d in documents)
    records = tuple((d.id, d.provenance.ordinal, line) for d, line in zip(documents, lines))
    return FileResult(**base, status="archived", documents=documents, records=records, format=name,
                      encoding=encoding, counters=dict(counters), fingerprints=prints,
                      detail=detail, left_out=left_out, web_archive=web)


def _process_web_archive(item: InputFile, handle, container: str, options: BuildOptions) -> FileResult:
    """A WARC or ARC file, read as a stream of records: every page record's payload is
    decoded, repaired, detected and parsed as a file would be (its media type as the
    suffix hint), its records numbered on through the file and given the web archive's
    provenance (``provenance.warc``) and the page's address as ``url`` when the page states
    none; every other record is counted by type, and one not read says why (see
    :data:`normalize.webarchive.LEFT_OUT`)."""
    with timed("read"):
        handle.seek(0)
        digest, size = hashlib.sha256(), 0
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    base = {"path": item.path, "bytes": size, "sha256": digest.hexdigest()}
    counts: Counter = Counter()
    left: Counter = Counter()
    places: list[str] = []
    numbered: list[tuple[int, RawDoc | Skipped, FileContext]] = []
    pages = 0
    for record in webarchive.records(handle):
        limits.check()
        counts[record.origin.type] += 1
        reason, detail = None, ""
        if isinstance(record, webarchive.Member):
            pages += 1
            read = _read_member(record, base, options)
            if isinstance(read, FileResult):
                reason, detail = read.reason, read.detail or ""
            else:
                first = len(numbered)
                numbered.extend((first + ordinal, raw, read.context) for ordinal, raw in read.numbered)
                if not any(isinstance(raw, RawDoc) for _, raw in read.numbered):
                    reason, detail = "no_articles", "no article with any text was found"
        elif record.reason is not None:
            reason, detail = record.reason, record.detail
        if reason is not None:
            left[reason] += 1
            if len(places) < MAX_PLACES:
                places.append(webarchive.clean(
                    f"{reason} at offset {record.origin.offset} ({record.origin.type}"
                    f"{', ' + record.origin.target_uri if record.origin.target_uri else ''}): {detail}", 400))
    summary = f"{sum(counts.values())} {container.upper()} records, {pages} pages read"
    if left:
        summary += f"; {sum(left.values())} left out: " + "; ".join(places) + ("; …" if sum(left.values()) > MAX_PLACES else "")
    web = {"kind": container, "records": dict(sorted(counts.items())), "pages": pages,
           "left_out": dict(sorted(left.items())), "detail": summary}
    return _described(numbered, base, container, None, web)


def _read_member(member, base: dict, options: BuildOptions) -> _Read | FileResult:
    """A page of a web archive read as a file is: binary and empty payloads rejected as a
    file's would be, the rest decoded, repaired, detected and parsed; its records' context
    names the record (``provenance.warc``) and its address (``url`` when the page has none)."""
    data = member.payload
    if not data.strip():
        return FileResult(**base, status="rejected", reason="empty", detail="an empty payload")
    binary = sniff_binary(data)
    if binary:
        return FileResult(**base, status="rejected", reason="binary", detail=binary)
    with timed("decode"):
        decoded = decode(data)
    suffix = member.suffix or Path(urllib.parse.urlsplit(member.origin.target_uri or "").path).suffix
    read = _read_text(decoded, base, suffix, options)
    if isinstance(read, FileResult):
        return read
    context = dataclasses.replace(read.context, flags=read.context.flags + member.flags, warc=member.origin,
                                  url=member.origin.target_uri)
    return _Read(context, read.numbered)


def repaired_texts(decoded: Decoded, stripped: bool = True
                   ) -> tuple[str, dict[str, Counter], str | None, dict[str, Counter]]:
    """The text the file repairs every format takes make, with its changes per repair and
    line; and (if ``stripped``) that text with the plain-only repairs made too, with theirs."""
    settled: dict[str, str] = {}  # what each repair left unchanged: not run on it again
    text, per_line = repairs.repair_file(decoded.text, plain=None, settled=settled)
    if not stripped:
        return text, per_line, None, {}
    plain, more = repairs.repair_file(text, plain=True, settled=settled)
    return text, per_line, plain, more


def repair_and_detect(decoded: Decoded, suffix: str, fmt: str | None
                       ) -> tuple[str, dict[str, Counter], str, tuple[str, ...], str | None]:
    """The file repairs, and the one detection of the format (unless forced).

    The repairs every format takes run first (mojibake, invisible characters…); the
    plain-only ones (HTML tags and entities) then make a second text. The format is
    detected once, each format scored on the text it reads best (so a dump whose every
    line is wrapped in ``<p>`` is still a dump, and a Sogou file keeps its tags), and the
    winner parses that text; a forced format parses the text of its markup. Returns the
    text, the changes per repair and line, the format, the file's flags, and the text as it
    was before the HTML tags were stripped (None when they were not): its links are kept.
    """
    name = fmt
    text, per_line, plain, more = repaired_texts(decoded, name is None or sources.SOURCES[name].MARKUP == "plain")
    flags = list(decoded.flags)
    stripped = name is not None and sources.SOURCES[name].MARKUP == "plain"
    if name is None:
        with timed("sniff"):
            detection = sources.detect(text, suffix, plain)
        name, stripped = detection.name, detection.stripped
        if detection.uncertain_against:
            flags.append(f"format_uncertain:{detection.uncertain_against}")
    markup = None
    if stripped:
        markup, text = text, plain
        for repair, counts in more.items():
            per_line[repair] = per_line.get(repair, Counter()) + counts
    return text, per_line, name, tuple(flags), markup


def _parse(text: str, name: str, flags: tuple[str, ...]) -> tuple[str, list[RawDoc | Skipped], tuple[str, ...]]:
    """The source's items, their line ranges checked; a file the source cannot read, or
    reads with lines outside the file, is read by the fallback (flagged ``NAME:reason``)."""
    lines = text.count("\n") + 1
    try:
        items = list(sources.SOURCES[name].parse(text))
        bad = next((raw for raw in items if not 1 <= raw.line_start <= raw.line_end <= lines), None)
        if bad is not None:
            raise SourceError("bad_line_range", f"lines {bad.line_start}-{bad.line_end} of a file of {lines}")
    except (SourceError, RecursionError) as error:  # front matter nested past the stack, say
        if name == sources.FALLBACK:
            raise
        code = error.code if isinstance(error, SourceError) else "too_complex"
        return sources.FALLBACK, list(sources.SOURCES[sources.FALLBACK].parse(text)), flags + (f"{name}:{code}",)
    return name, items, flags


def _moved(item: RawDoc | Skipped, lines: int) -> RawDoc | Skipped:
    """An item of a part, its lines placed in the whole file."""
    return dataclasses.replace(item, line_start=item.line_start + lines, line_end=item.line_end + lines)


_NEWLINE_RE = re.compile("\n")


def _linked(items: list[RawDoc | Skipped], markup: str) -> list[RawDoc | Skipped]:
    """Each article of a plain format with the links its lines held as HTML before the tags
    were stripped (a dump's ``<a href>``), so no url is lost with the tag. The repairs keep
    every line in place, so a link's line says whose it is: the article whose lines hold it,
    or else the last one before it (a line of nothing but an image ends no article's lines)."""
    found = links.html_links(markup)
    articles = [index for index, raw in enumerate(items) if isinstance(raw, RawDoc)]
    if not found or not articles:
        return items
    starts = [0] + [match.end() for match in _NEWLINE_RE.finditer(markup)]
    firsts = [items[index].line_start for index in articles]
    own: dict[int, list[tuple[str, str]]] = {}
    for offset, anchor, url in found:
        line = bisect.bisect_right(starts, offset)
        owner = articles[max(0, bisect.bisect_right(firsts, line) - 1)]
        own.setdefault(owner, []).append((anchor, url))
    return [dataclasses.replace(raw, meta={**raw.meta, "body_links": (*raw.meta.get("body_links", ()), *own[index])})
            if index in own else raw for index, raw in enumerate(items)]


def _credited(items: list[RawDoc | Skipped], line_fixes: dict[str, Counter]) -> list[RawDoc | Skipped]:
    """Each article with the file repairs made inside its own lines added to its fixes:
    the file repairs keep every line in place and count their changes per line."""
    sums = {name: _LineCounts(counts) for name, counts in line_fixes.items()}
    credited = []
    for raw in items:
        found = [(name, n) for name, counts in sums.items() if (n := counts.between(raw.line_start, raw.line_end))]
        credited.append(dataclasses.replace(raw, fixes=raw.fixes + tuple(found))
                        if found and isinstance(raw, RawDoc) else raw)
    return credited


class _LineCounts:
    """Changes per line, summed over any line range by bisection (files have many records)."""

    def __init__(self, counts: Counter) -> None:
        self.lines = sorted(counts)
        self.totals = list(itertools.accumulate(counts[line] for line in self.lines))

    def between(self, first: int, last: int) -> int:
        low = bisect.bisect_left(self.lines, first)
        high = bisect.bisect_right(self.lines, last)
        if high <= low:
            return 0
        return self.totals[high - 1] - (self.totals[low - 1] if low else 0)


def is_tabular(text: str) -> bool:
    """Most lines hold the same number (2 or more) of tabs: a TSV table, not prose."""
    head = text[:20000]
    if "\t" not in head:  # cheap check: no line holds a tab
        return False
    lines = [line for line in head.split("\n") if line.strip()]
    if len(lines) < 3:
        return False
    tabs = Counter(line.count("\t") for line in lines)
    count, lines_with_it = tabs.most_common(1)[0]
    return count >= 2 and lines_with_it >= 0.8 * len(lines)
