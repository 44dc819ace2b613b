"""Web archives (WARC 1.0/1.1 and ARC, plain or gzipped per record) as containers of pages.

A web archive is one input file holding many records; this module reads it as a stream
with warcio (never the whole file at once) and yields, for every record in file order,
either a :class:`Member` whose payload the build reads (an HTML or text page: a 200
``response``, a ``resource`` or ``conversion``) or a :class:`Passed` saying why it is not
read: the record types that hold no page (``request``, ``revisit``, ``metadata``,
``warcinfo``), a response that is not a 200 or not text, or a record that could not be read
(``truncated``, ``corrupt``). A record that cannot be read does not end the file: the next
record is found again (the next gzip member, or the next ``WARC/`` header line).

It knows nothing of formats: the build decodes and detects each member's payload as it
would a file (see :func:`normalize.process.process_file`).
"""

from __future__ import annotations

import contextlib
import datetime
import gzip
import io
import itertools
import re
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Iterator

#: Bytes read to tell a web archive from other files, and to decompress the head of a gzip one.
HEAD_BYTES = 4096
#: A record whose payload is larger than this is left out (``too_large``), the rest read on.
MAX_PAYLOAD_BYTES = 64 * 1024 * 1024
#: Record types whose payload is a page; the others are counted by type and not read.
PAGE_TYPES = ("response", "resource", "conversion")
#: Media types read as pages, with the suffix detection takes as a hint for them.
PAGE_MEDIA = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt",
              "text/markdown": ".md", "text/x-markdown": ".md"}

#: Why a record of a web archive is not read: the one table the manifest's
#: ``web_archive.left_out`` and the counters ``warc_left_out:REASON`` take names from (a
#: page read but giving no article takes the file reasons: ``no_articles``, ``empty``…).
LEFT_OUT = {
    "not_200": "an HTTP response whose status is not 200 (a redirect, an error page, partial content)",
    "not_text": "a media type other than HTML or plain text (an image, a script, a style sheet, JSON)",
    "truncated": "the record ends before its Content-Length: the file was cut",
    "corrupt": "the record cannot be parsed, or its payload's content encoding cannot be undone",
    "too_large": f"a payload over {MAX_PAYLOAD_BYTES} bytes",
}

#: The type counted for a place where warcio could not parse a record (the next is looked for).
UNPARSED = "unparsed"

_GZIP_MAGIC = b"\x1f\x8b\x08"
#: What warcio says of a gzip member holding more than one record.
_GZIPPED_WHOLE = "non-chunked gzip"
_WARC_LINE_RE = re.compile(rb"(?:\r?\n|^)(WARC/1\.[01]\r?\n)")
_ARC_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$")


def kind(head: bytes) -> str | None:
    """``"warc"`` or ``"arc"`` when ``head`` (a file's first bytes) opens a web archive,
    plain or gzipped, else None. Decided by content, not by the file's name."""
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return None
    if head.startswith((b"WARC/1.0\r\n", b"WARC/1.1\r\n", b"WARC/1.0\n", b"WARC/1.1\n")):
        return "warc"
    if head.startswith(b"filedesc://"):
        return "arc"
    return None


@dataclass(frozen=True)
class Origin:
    """Where in a web archive a record is: what a record's ``provenance.warc`` says."""

    type: str
    offset: int
    length: int
    record_id: str | None  # WARC-Record-ID (ARC records have none)
    target_uri: str | None
    date: str | None  # WARC-Date (ARC: its archive date), ISO 8601: when it was crawled

    def to_dict(self) -> dict[str, object]:
        return {"type": self.type, "offset": self.offset, "length": self.length, "record_id": self.record_id,
                "target_uri": self.target_uri, "date": self.date}


@dataclass(frozen=True)
class Member:
    """A record whose payload is read as a page: its bytes (HTTP transfer and content
    encodings undone), the suffix its media type hints at, and flags on what it holds."""

    origin: Origin
    payload: bytes
    suffix: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Passed:
    """A record not read: ``reason`` is None for a type that holds no page (counted by
    type only), else a name of :data:`LEFT_OUT`, with a detail."""

    origin: Origin
    reason: str | None = None
    detail: str = ""


def records(handle: BinaryIO) -> Iterator[Member | Passed]:
    """Every record of the web archive open in ``handle`` (binary, seekable, at 0), in order.

    A WARC gzipped whole (``gzip crawl.warc``: one gzip member of many records, where the
    standard wants one member per record) is read through its decompressed stream, and its
    offsets and lengths count decompressed bytes."""
    scanned = _scan(handle)
    first = list(itertools.islice(scanned, 2))
    if len(first) == 2 and _unparsed(first[1]) and _GZIPPED_WHOLE in first[1].detail:
        handle.seek(0)
        scanned, first = _scan(gzip.GzipFile(fileobj=handle, mode="rb")), []
    yield from first
    yield from scanned


def _unparsed(item: Member | Passed) -> bool:
    return isinstance(item, Passed) and item.origin.type == UNPARSED


def _scan(handle: BinaryIO) -> Iterator[Member | Passed]:
    """Records from the start, each place warcio cannot parse passed over to the next record."""
    position = 0
    while True:
        failed_at = None
        try:
            handle.seek(position)
        except (OSError, EOFError, zlib.error):
            return
        for item in _records_from(handle, position):
            if _unparsed(item):
                failed_at = item.origin.offset
            yield item
        if failed_at is None:
            return
        position = _resync(handle, max(failed_at, position) + 1)
        if position is None:
            return


def _records_from(handle: BinaryIO, position: int) -> Iterator[Member | Passed]:
    """Records from ``position`` on, until the end or the first that warcio cannot parse
    (then a Passed of type :data:`UNPARSED`, and no more). warcio's warnings on malformed
    records (it writes them to stderr) are kept quiet: the manifest says what was wrong."""
    from warcio.archiveiterator import ArchiveIterator

    iterator = ArchiveIterator(handle, check_digests=True)
    stream = iter(iterator)
    while True:
        try:
            with contextlib.redirect_stderr(io.StringIO()):
                record = next(stream, None)
                if record is None:
                    return
                item = _member(record, iterator)
        except Exception as error:  # noqa: BLE001 - warcio raises many kinds on damaged input
            cut = isinstance(error, EOFError)  # a gzip stream that ends mid-member: the file was cut
            yield Passed(Origin(UNPARSED, max(position, _offset(iterator, position)), 0, None, None, None),
                         "truncated" if cut else "corrupt", clean(f"{type(error).__name__}: {error}"))
            return
        yield item


def _offset(iterator, fallback: int) -> int:
    """Where the record being read when warcio failed starts (its last known offset)."""
    info = getattr(iterator, "member_info", None)
    if info:
        return info[0] + info[1]
    return getattr(iterator, "offset", fallback) or fallback


def _resync(handle: BinaryIO, start: int) -> int | None:
    """The offset of the next record after a damaged one: the next gzip member that opens a
    WARC or ARC record, or the next ``WARC/1.x`` line; None if there is none."""
    try:
        return _next_start(handle, start)
    except (OSError, EOFError, zlib.error):  # a damaged gzip stream read whole: nothing more can be read
        return None


def _next_start(handle: BinaryIO, start: int) -> int | None:
    chunk, overlap = 1 << 20, 16
    position = start
    while True:
        handle.seek(position)
        data = handle.read(chunk)
        if not data:
            return None
        found = [offset for offset in _candidates(data) if _opens_record(handle, position + offset)]
        if found:
            return position + found[0]
        if len(data) < chunk:
            return None
        position += len(data) - overlap


def _candidates(data: bytes) -> list[int]:
    offsets = [m.start() for m in re.finditer(re.escape(_GZIP_MAGIC), data)]
    offsets += [m.start(1) for m in _WARC_LINE_RE.finditer(data)]
    return sorted(offsets)


def _opens_record(handle: BinaryIO, offset: int) -> bool:
    handle.seek(offset)
    return kind(handle.read(HEAD_BYTES)) is not None


def _member(record, iterator) -> Member | Passed:
    """One record as read (its payload read here, so its length is known after)."""
    rec_type = record.rec_type or "unknown"
    if record.format == "arc":
        headers = record.rec_headers
        target, date, record_id = headers.get_header("uri"), _arc_date(headers.get_header("archive-date")), None
        rec_type = "arcinfo" if (target or "").startswith("filedesc:") else "response"
    else:
        headers = record.rec_headers
        target, date = headers.get_header("WARC-Target-URI"), headers.get_header("WARC-Date")
        record_id = headers.get_header("WARC-Record-ID")
    reason, detail, payload, suffix, flags = _read(record, rec_type)
    if record.rec_type is None:
        reason, detail, payload = "corrupt", "a record with no WARC-Type", None
    while record.raw_stream.read(1 << 16):  # the rest of the block, so the length is the record's
        pass
    remaining = getattr(record.raw_stream, "limit", 0) or 0
    origin = Origin(rec_type, max(0, iterator.get_record_offset()), max(0, iterator.get_record_length()),
                    record_id, target, date)
    problems = list(getattr(record.digest_checker, "problems", ()) or ())
    if remaining > 0:
        return Passed(origin, "truncated", f"{remaining} bytes of its block are missing")
    if reason is not None or payload is None:
        return Passed(origin, reason, clean(detail))
    if any(p.startswith("block digest failed") for p in problems):  # read all the same: flagged, not lost
        flags += ("warc_block_digest_mismatch",)
    if any(p.startswith("payload digest failed") for p in problems):
        flags += ("warc_payload_digest_mismatch",)
    return Member(origin, payload, suffix, flags)


def _read(record, rec_type: str) -> tuple[str | None, str, bytes | None, str, tuple[str, ...]]:
    """(reason, detail, payload, suffix, flags) of a record: the payload of a page, or why not."""
    if rec_type not in PAGE_TYPES:
        return None, "", None, "", ()
    http = record.http_headers
    if http is not None and rec_type == "response":
        status = http.get_statuscode()
        if status != "200":
            return "not_200", f"HTTP status {status}", None, "", ()
        media = http.get_header("Content-Type")
    else:
        media = record.rec_headers.get_header("Content-Type")
    media_type = (media or "").split(";")[0].strip().lower()
    if media_type and media_type not in PAGE_MEDIA:
        return "not_text", f"media type {media_type}", None, "", ()
    try:
        payload = record.content_stream().read(MAX_PAYLOAD_BYTES + 1)
    except Exception as error:  # noqa: BLE001 - a bad gzip or chunked body
        return "corrupt", f"its payload cannot be decoded: {type(error).__name__}: {error}"[:300], None, "", ()
    if len(payload) > MAX_PAYLOAD_BYTES:
        return "too_large", f"a payload over {MAX_PAYLOAD_BYTES} bytes", None, "", ()
    return None, "", payload, PAGE_MEDIA.get(media_type, ""), ()


def _arc_date(value: str | None) -> str | None:
    """An ARC archive date (``20200402103000``) as ISO 8601 UTC; None if it is not one."""
    match = _ARC_DATE_RE.match((value or "").strip())
    if not match:
        return None
    try:
        moment = datetime.datetime(*map(int, match.groups()), tzinfo=datetime.timezone.utc)
    except ValueError:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def payload_at(handle: BinaryIO, offset: int) -> bytes | None:
    """The payload of the page record at ``offset`` (as :func:`records` read it), or None
    when no page record that can be read starts there (in the file, or in the stream of a
    WARC gzipped whole)."""
    handle.seek(offset)
    if kind(handle.read(HEAD_BYTES)) is None:
        handle.seek(0)
        if not handle.read(3) == _GZIP_MAGIC:
            return None
        handle.seek(0)
        handle = gzip.GzipFile(fileobj=handle, mode="rb")
    try:
        handle.seek(offset)
        for item in _records_from(handle, offset):
            return item.payload if isinstance(item, Member) else None
    except (OSError, EOFError, zlib.error):
        return None
    return None


def clean(detail: str, limit: int = 300) -> str:
    """A detail for the manifest: one line of printable characters (a damaged record's
    header may hold anything), at most ``limit`` long."""
    text = " ".join("".join(c if c.isprintable() else " " for c in detail).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
