"""The frozen records that flow between stages, and the archive's record layout.

Data flows one way: a source parser yields :class:`RawDoc`; the document stage turns
each into a :class:`Document`; the writer serialises ``Document.to_dict()``, whose key
order is the public contract described by ``schemas/document.schema.json``.
"""

from __future__ import annotations

import copy
import itertools
import json
from dataclasses import dataclass, field, fields
from typing import Any

import orjson

from .metadata.dates import iso_date

#: 1.2 added ``source_id``; 1.3: ``date_published`` and ``date_modified`` are real calendar
#: dates in the ISO shapes the tool writes (earlier archives could hold ``2020-02-31``);
#: 1.4 added ``source_fields`` and ``links``; 1.5 ``provenance.warc``.
SCHEMA_VERSION = "1.5"

#: Block types a record's ``blocks`` may carry.
BLOCK_TYPES = ("heading", "paragraph", "caption", "quote", "list_item")

#: Every reason the manifest may give for an input (its ``reason``, by ``status``) and for
#: a part of one left out (the counter ``skipped_part:REASON``): the one table the code
#: takes reasons from; ``manifest.schema.json`` lists the same names (a test ties them).
REASONS: dict[str, dict[str, str]] = {
    "rejected": {
        "binary": "a known binary signature, or NUL or control bytes",
        "empty": "no bytes, only whitespace, or no text after decoding",
        "unreadable": "cannot be read: permissions, a folder, a link loop, a pipe or device",
        "no_articles": "read, but no article with any text was found",
        "too_large": "over the size limit (and not a file read in parts)",
        "too_slow": "over the time limit (--file-timeout)",
        "too_complex": "out of memory or recursion while processing",
        "internal_error": "a fault of normalize (please report the file)",
        "changed": "the file changed while the build read it",
        "part_mismatch": "a part of a file read in parts did not read as planned",
    },
    "skipped": {
        "duplicate_file": "the same bytes as an earlier input",
        "already_archived": "the same bytes as a file already in the archive appended to",
        "tabular_data": "a tab-separated table, not articles",
        "outside_input": "a link that leads outside the folder given: not followed, nothing read",
    },
    "skipped_part": {
        "empty_content": "a record the source found with nothing in it",
    },
}
REASONS["skipped_part"].update(REASONS["rejected"])  # a part of a file read in parts fails as a file does


def check_reason(status: str, reason: str | None) -> None:
    """Raise ValueError unless ``reason`` is one the table gives for ``status`` (archived: None)."""
    allowed = REASONS.get(status, {})
    if (status == "archived" and reason is not None) or (status != "archived" and reason not in allowed):
        raise ValueError(f"{reason!r} is not a reason for status {status!r}")


#: Characters JSON allows raw in a string that line-splitting readers (``str.splitlines``,
#: JavaScript) take for line breaks: always written escaped, so a record is one line.
_LINE_BREAKING = {0x2028: "\\u2028", 0x2029: "\\u2029", 0x85: "\\u0085"}

#: Values orjson writes byte for byte as ``json.dumps`` does (below 64 bits for an int: a
#: larger one makes orjson raise); subclasses are not among them (orjson may write an enum
#: or a str subclass otherwise), nor anything ``json.dumps`` cannot write.
_SCALARS = frozenset({str, int, bool, type(None)})
#: Nesting checked before a record is left to ``json.dumps`` (orjson refuses past 255 levels).
_MAX_DEPTH = 200
_chain = itertools.chain.from_iterable
_dict_values = dict.values


def dumps(record: dict[str, Any]) -> str:
    """One JSONL line (no newline): UTF-8 text, not ASCII-escaped, keys in record order,
    no spaces; U+2028, U+2029 and U+0085 escaped (they stay in the data; only the bytes differ).

    The bytes are ``json.dumps(record, ensure_ascii=False, separators=(",", ":"))``'s,
    which archives have always held. orjson writes them (about twice as fast) when the
    record holds only what it writes the same way (see :func:`_orjson_writes_alike`); a lone
    surrogate, an int past 64 bits or a key that is not a string make it raise, and the
    record is left to ``json.dumps`` as are floats it writes otherwise."""
    line = None
    if _orjson_writes_alike(list(record.values())):
        try:
            line = orjson.dumps(record).decode("utf-8")
        except TypeError:  # a lone surrogate, an int past 64 bits, a key not a string
            pass
    if line is None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    if "\u2028" in line or "\u2029" in line or "\x85" in line:
        line = line.translate(_LINE_BREAKING)
    return line


def _orjson_writes_alike(values: list[Any] | tuple[Any, ...], depth: int = 0) -> bool:
    """The values (and everything inside them) are of the types orjson writes as
    ``json.dumps`` does: str, int, bool, None, floats ``repr`` writes without an exponent
    (orjson: ``1e16``, ``0.00001``; ``json``: ``1e+16``, ``1e-05``; NaN and infinities
    are ``null`` to orjson), and dicts, lists and tuples of them. Each level's types are
    taken at once (``map``), so a record's blocks cost one pass, not one call each."""
    kinds = set(map(type, values))
    if kinds <= _SCALARS:
        return True
    if depth >= _MAX_DEPTH:
        return False
    if kinds == {dict}:  # a list of objects (blocks, links): their values, all at once
        return _orjson_writes_alike(list(_chain(map(_dict_values, values))), depth + 1)
    for value in values:
        kind = type(value)
        if kind in _SCALARS or not value:  # an empty container, 0.0
            continue
        if kind is float:
            if not 1e-4 <= abs(value) < 1e16:  # False for NaN too
                return False
        elif kind is dict:
            if not _orjson_writes_alike(list(value.values()), depth + 1):
                return False
        elif kind is list or kind is tuple:
            if not _orjson_writes_alike(value, depth + 1):
                return False
        else:
            return False
    return True


@dataclass(frozen=True)
class Part:
    """One typed paragraph of an article's body, before offsets are known.

    ``kind`` is one of :data:`BLOCK_TYPES`; ``text`` holds no blank line.
    """

    kind: str
    text: str


@dataclass(frozen=True)
class RawDoc:
    """One article as a source parser found it.

    ``body`` is the article's text in its source syntax (``markup`` is ``"markdown"``
    or ``"plain"``), without the lines the parser consumed as title or metadata.
    ``meta`` holds metadata the parser read directly (front matter, banners), keyed by
    record field name; ``meta["links"]`` are ``(anchor, url)`` of lines the parser took out
    of the body (kept with no span), ``meta["body_links"]`` links still in the body (given
    their span in ``text``), ``meta["source_fields"]`` what no field holds. Line numbers are 1-based and inclusive, into the decoded file.
    A source yields its articles in file order; the ordinal (a record's number in its
    file) is given by the process stage, from that order, for every source alike.
    """

    line_start: int
    line_end: int
    body: str
    markup: str = "plain"
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    fixes: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Skipped:
    """A part of a file a source recognised as an article but left out, and why
    (``empty_content``: a Sogou ``<doc>`` with nothing in ``<content>``). Counted in the
    manifest (``skipped_part:REASON``, and the file's ``detail``), never silently lost.
    It takes an ordinal like an article, so the records after it keep their numbers."""

    line_start: int
    line_end: int
    reason: str


@dataclass(frozen=True)
class Provenance:
    """Where a record came from: enough to find the exact source lines again."""

    path: str
    sha256: str
    bytes: int
    encoding: str
    ordinal: int
    line_start: int
    line_end: int
    #: A page of a web archive: the WARC (or ARC) record it came from (``type``,
    #: ``offset``, ``length``, ``record_id``, ``target_uri``, ``date``: when it was crawled,
    #: not published), and lines are the lines of that record's payload; else None.
    warc: dict[str, Any] | None = None


@dataclass(frozen=True)
class Block:
    """A typed span of a record's ``text`` (character offsets, end exclusive)."""

    type: str
    start: int
    end: int


@dataclass(frozen=True)
class Link:
    """A link the source held in the body: its target, and the span of its anchor text in
    the record's ``text`` (character offsets, end exclusive), or no span (``None``) when the
    anchor is empty (an image link) or did not survive the repairs verbatim."""

    url: str
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Document:
    """One archived article. Field order here is the key order of every record."""

    id: str
    text: str
    title: str | None
    subtitle: str | None
    authors: tuple[str, ...]
    publisher: str | None
    date_published: str | None
    date_modified: str | None
    date_text: str | None
    url: str | None
    source_id: str | None  # the identifier the source itself gives (Sogou's docno), else None
    #: What the source labels that no field holds (a journal's 原刊页号, a page's description),
    #: keyed by the source's own name for it: kept, not dropped.
    source_fields: dict[str, str]
    archive_urls: tuple[str, ...]
    tags: tuple[str, ...]
    language: str | None
    section: str | None
    continued_from: str | None
    continued_to: str | None
    blocks: tuple[Block, ...]
    links: tuple[Link, ...]
    format: str
    provenance: Provenance
    fixes: dict[str, int]
    flags: tuple[str, ...]
    duplicate_of: str | None = None
    near_duplicate_of: str | None = None
    contained_in: str | None = None
    containment: float | None = None
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data, keys in schema order, tuples as lists."""
        record = {name: getattr(self, name) for name in _DOCUMENT_FIELDS}
        for key, value in record.items():
            if isinstance(value, tuple):
                record[key] = list(value)
        record["blocks"] = [{"type": b.type, "start": b.start, "end": b.end} for b in self.blocks]
        record["links"] = [{"url": link.url, "start": link.start, "end": link.end} for link in self.links]
        record["source_fields"] = dict(sorted(self.source_fields.items()))
        record["provenance"] = {name: getattr(self.provenance, name) for name in _PROVENANCE_FIELDS}
        record["fixes"] = dict(sorted(self.fixes.items()))
        return record

    def to_json(self) -> str:
        """The record as one JSONL line (no newline): UTF-8 text, keys in schema order."""
        return dumps(self.to_dict())


_DOCUMENT_FIELDS = tuple(f.name for f in fields(Document))
_PROVENANCE_FIELDS = tuple(f.name for f in fields(Provenance))

#: Fields added since schema 1.0, with the value a record written before them has.
ADDED_FIELDS = {"source_id": None,  # 1.2
                "source_fields": {}, "links": []}  # 1.4


def upgrade(record: dict[str, Any]) -> dict[str, Any]:
    """A record of an earlier schema version in the current one: fields added since
    take their default (``source_id``: null); a date that is no real date (1.2 and before
    let ``2020-02-31`` through) is no longer one: a published date moves to ``date_text``
    when that is empty, else it is named in the flag ``invalid_date:FIELD`` (as a build now
    does); keys in schema order, ``schema_version`` current. A current record comes back equal."""
    if record.get("schema_version") == SCHEMA_VERSION:
        return record
    known = {name: record[name] if name in record else copy.deepcopy(ADDED_FIELDS.get(name))
             for name in _DOCUMENT_FIELDS}
    extra = {key: value for key, value in record.items() if key not in known}
    provenance = known.get("provenance")
    if isinstance(provenance, dict) and "warc" not in provenance:  # 1.5
        known["provenance"] = {**provenance, "warc": None}
    for key in ("date_published", "date_modified"):
        value = known.get(key)
        if isinstance(value, str) and iso_date(value) is None:
            known[key] = None
            if key == "date_published" and not known.get("date_text"):
                known["date_text"] = value
            elif isinstance(known.get("flags"), list):
                known["flags"] = sorted({*known["flags"], f"invalid_date:{key}"})
    return {**known, **extra, "schema_version": SCHEMA_VERSION}


@dataclass(frozen=True)
class FileResult:
    """What became of one input file: its records, or why it has none."""

    path: str
    bytes: int
    sha256: str
    status: str  # "archived" | "rejected" | "skipped"
    documents: tuple[Document, ...] = ()  # in the process that made them; not sent between processes
    #: (id, ordinal, JSON line) of every record, unlinked: what the writer needs of a document.
    records: tuple[tuple[str, int, str], ...] = ()
    fingerprints: tuple[Any, ...] = ()  # dedup.Fingerprint per document, made where it is made
    reason: str | None = None
    detail: str | None = None
    format: str | None = None
    encoding: str | None = None
    counters: dict[str, int] = field(default_factory=dict)
    root: int = 0  # index into the manifest's roots: the path given that holds this file
    #: For a file read in parts (normalize/plan.py): (part index, part count, bytes of
    #: this part); the writer makes one manifest entry of a file's parts.
    part: tuple[int, int, int] | None = None
    #: Parts of the file its source left out (a Sogou ``<doc>`` with empty content), as
    #: (reason, line_start, line_end) in file lines: counted and placed in the manifest.
    left_out: tuple[tuple[str, int, int], ...] = ()
    #: The records kept where they were made (normalize/partitions.py ``Stored``) instead
    #: of ``records`` and ``fingerprints``: a partition's name and what the writer keeps.
    stored: Any = None
    #: A web archive (WARC or ARC): its records counted by type, the pages read, and the
    #: records left out by reason (normalize/webarchive.py); None for any other file.
    web_archive: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        check_reason(self.status, self.reason)
        if self.detail is not None and not self.detail.isascii():  # e.g. an error's text: must encode
            object.__setattr__(self, "detail", self.detail.encode("utf-8", "replace").decode("utf-8"))


    @property
    def record_count(self) -> int:
        """Records of this file, here or kept in a partition."""
        return len(self.stored.ids) if self.stored is not None else len(self.records)

    def manifest_entry(self) -> dict[str, Any]:
        """The manifest's view of this file (no record bodies)."""
        return {
            "root": self.root,
            "path": self.path,
            "bytes": self.bytes,
            "sha256": self.sha256,
            "status": self.status,
            "records": self.record_count,
            "format": self.format,
            "encoding": self.encoding,
            "reason": self.reason,
            "detail": self.detail,
            **({"web_archive": self.web_archive} if self.web_archive is not None else {}),
        }


#: Places of parts left out a manifest entry names; past these, "…".
MAX_PLACES = 10


def describe_left_out(left_out: tuple[tuple[str, int, int], ...] | list,
                      count: int | None = None, reasons: set[str] | None = None) -> str | None:
    """What a file's manifest entry says of the parts its source left out: how many, why,
    where (the first ten line ranges). ``count`` and ``reasons`` (of a file read in
    parts, when ``left_out`` holds only the first places) default to ``left_out``'s."""
    count = len(left_out) if count is None else count
    if not count:
        return None
    where = ", ".join(f"{start}-{end}" for _, start, end in left_out[:MAX_PLACES])
    where += ", …" if count > MAX_PLACES else ""
    named = ", ".join(sorted(reasons or {reason for reason, _, _ in left_out}))
    return f"{count} part(s) left out ({named}) at lines {where}"
