"""Sogou news corpora (SogouCS, SogouCA): ``<doc>`` records of url, docno, title, content.

::

    <doc>
    <url>http://sports.sohu.com/20080101/n123.shtml</url>
    <docno>f2467af22cd2f0ea-34913306c0bb3300</docno>
    <contenttitle>标题</contenttitle>
    <content>正文……</content>
    </doc>

GB18030 or UTF-8 (the decode stage reads either, BOM or not), with a root (``<docs>``,
``<doclist>``) or none. Real files are not well-formed XML: bare ``&``, HTML entities, a
``<`` in the text, a ``<doc>`` never closed. So the file is cut into records at each
``<doc>`` tag (which also gives every record its exact lines), the text of each is made
parseable (bare ``&`` and ``<`` escaped, HTML named entities decoded) and read by lxml
in recover mode with entity expansion, DTDs and the network off. One record per
``<doc>`` whose content is not empty; empty ones are yielded as
:class:`~normalize.records.Skipped` and counted in the manifest. ``title`` ←
contenttitle, ``url`` ← url, ``source_id`` ← docno. U+E40C, which the corpora use as a
line break inside content, is a paragraph break, as is full-width indentation (two or
more U+3000) after a sentence end.
"""

from __future__ import annotations

import html
import re
from typing import Iterator

from lxml import etree

from ..metadata import dates
from ..records import RawDoc, Skipped
from .base import SourceError
from ..textutil import WHITESPACE

NAME = "sogou"
#: XML: the file-level HTML repairs (tags, entities) must not run on it.
MARKUP = "xml"
PART_REPAIRS_OFF = frozenset({"paragraph_joins"})

FIELDS = ("url", "docno", "contenttitle", "content")
#: ASCII whitespace only inside tags (re.A), as in the bytes :func:`record_starts` scans:
#: a ``<doc　>`` with U+3000 is text, read whole or in parts alike.
_DOC_RE = re.compile(r"<doc\s*>", re.I | re.A)
_OPEN_FIELD_RE = re.compile(r"<\s*(?:url|docno|contenttitle|content)\s*>", re.I | re.A)
_END_RE = re.compile(r"</\s*doc\s*>", re.I)
_FIELD_TAG_RE = re.compile(r"</?\s*(?:docs|doc|url|docno|contenttitle|content)\s*>", re.I)
_ENTITY_RE = re.compile(r"&(#\d{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)?")
_XML_ENTITIES = {"amp;", "lt;", "gt;", "quot;", "apos;"}
_LINE_BREAK = "\ue40c"
_SPACES_RE = re.compile(r"[ \t\r\n]+")
#: Content is often one line whose paragraphs start with full-width indentation: a run of
#: two or more U+3000 after a sentence end starts a paragraph.
_INDENT_BREAK_RE = re.compile("(?<=[。！？!?…”」』）)])\u3000{2,}")


#: A markdown code block (a README that shows what the corpus looks like).
#: What every ``<doc>`` and field tag of :func:`sniff` opens with (any case).
_ANY_TAG_RE = re.compile(r"<(?:doc|content)", re.I)
_FENCED_RE = re.compile(r"^[ \t]*(```|~~~)[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.M | re.S)


def sniff(text: str, suffix: str) -> tuple[float, str]:
    """Score by ``<doc>`` tags with Sogou's field tags near the top, none of them counted
    inside a markdown code block."""
    head = text[:20000]
    if not _ANY_TAG_RE.search(head):  # cheap check: no <doc> and no field tag (each opens so)
        return 0.0, "0 <doc> tags, 0 Sogou field tags"
    if _FENCED_RE.search(head):  # a page that quotes the format in a code block is not the format
        head = _FENCED_RE.sub("", head)
    docs = len(_DOC_RE.findall(head))
    lowered = head.lower()
    fields = sum(1 for name in ("docno", "contenttitle", "content") if f"<{name}>" in lowered)
    if not docs or fields < 2:
        return 0.0, f"{docs} <doc> tags, {fields} Sogou field tags"
    score = 0.75 + 0.05 * fields + (0.05 if suffix in (".dat", ".xml") else 0.0)
    return min(score, 1.0), f"{docs} <doc> tags, {fields} of docno/contenttitle/content in the head"


def parse(text: str) -> Iterator[RawDoc | Skipped]:
    """One RawDoc per ``<doc>`` with content; a Skipped for each empty one. Raises
    SourceError when there is no ``<doc>``, or prose outside the records (a page that
    quotes the format is not the format): the file is then plain text."""
    found = [match.start() for match in _DOC_RE.finditer(text)]
    # A <doc> that opens no field before the next one is text inside a record, not a record.
    starts = [start for index, start in enumerate(found)
              if index == 0 or _OPEN_FIELD_RE.search(text, start, found[index + 1] if index + 1 < len(found) else len(text))]
    if not starts:
        raise SourceError("no_docs", "no <doc> record")
    if not outside_records(text[:starts[0]]):
        raise SourceError("text_outside_docs", "text before the first <doc> that is no part of a record")
    line, counted = 1, 0
    for start, end in zip(starts, starts[1:] + [len(text)]):
        line += text.count("\n", counted, start)
        counted = start
        chunk = text[start:end]
        ends = list(_END_RE.finditer(chunk))
        flags = [] if ends else ["doc_unclosed"]
        after = ""
        if ends:
            after = _OUTSIDE_RE.sub("", chunk[ends[-1].end():]).strip(WHITESPACE + "\n")
            chunk = chunk[:ends[-1].end()]
            if after:
                flags.append("text_outside_doc")
        line_end = line + chunk.rstrip().count("\n")
        fields = _fields(chunk if ends else chunk.rstrip() + "</doc>")
        content = _INDENT_BREAK_RE.sub("\n", fields.get("content", "").replace(_LINE_BREAK, "\n"))
        if after:  # kept, not lost: the reader sees it at the end, flagged
            content += "\n" + after
        if not content.strip(WHITESPACE + "\n"):
            yield Skipped(line, line_end, "empty_content")
            continue
        # line breaks inside the tag become a space; U+3000 inside a headline is typography, kept
        title = _SPACES_RE.sub(" ", fields.get("contenttitle", "")).strip(WHITESPACE) or None
        meta = {"url": fields.get("url", "").strip() or None, "source_id": fields.get("docno", "").strip() or None}
        if meta["url"] and dates.url_date(meta["url"]):
            meta["date_published"] = dates.url_date(meta["url"])
        body = "\n".join(part.strip(WHITESPACE) for part in content.split("\n"))
        yield RawDoc(line, line_end, body, "plain", title, meta, tuple(flags))


_TAG_BYTES_RE = re.compile(rb"(?P<doc><doc\s*>)|<\s*(?:url|docno|contenttitle|content)\s*>", re.I)


def cuttable(head: str) -> bool:
    """Hook for files too big to read whole (normalize/plan.py): a dump whose head holds
    nothing but a declaration or a root before its first ``<doc>`` can be cut at record
    starts (a dump with prose first is plain text as a whole, which parts cannot agree on)."""
    first = _DOC_RE.search(head)
    return first is not None and outside_records(head[:first.start()])


def record_starts(data: bytes) -> list[int]:
    """Hook for files read in parts: byte offsets of the ``<doc>`` tags :func:`parse`
    takes for records (the first, and each that opens a field before the next
    ``<doc>``). The tags are ASCII and ``<`` is never a byte inside a GB18030 or UTF-8
    character, so the bytes are cut where the text would be. ``data`` may be a memory map."""
    starts: list[int] = []
    pending: int | None = None  # a <doc> not yet known to open a field
    for match in _TAG_BYTES_RE.finditer(data):
        if match.group("doc"):
            if not starts:
                starts.append(match.start())  # the first <doc> is a record whatever follows
                continue
            pending = match.start()
        elif pending is not None:
            starts.append(pending)
            pending = None
    return starts


def outside_records(text: str) -> bool:
    """``text`` (before the first record) holds only what may stand outside records."""
    return not _OUTSIDE_RE.sub("", text).strip(WHITESPACE + "\n")


def _fields(chunk: str) -> dict[str, str]:
    """The text of each Sogou field of one ``<doc>``, read by lxml in recover mode: the
    content with everything inside it, the other fields their own text only (so an
    unclosed ``<contenttitle>`` does not swallow the content)."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(_parseable(chunk), parser)
        if root is None:
            return {}
        found: dict[str, str] = {}
        for element in root.iter(*FIELDS):
            value = "".join(element.itertext()) if element.tag == "content" else (element.text or "")
            found.setdefault(element.tag, value)
        return found
    except (etree.XMLSyntaxError, ValueError):  # libxml2 gave up even in recover mode
        return {}


def _parseable(chunk: str) -> str:
    """The record as well-formed as text allows: Sogou tags kept (lower-cased; a
    ``</doc>`` before the last is text), everything between them escaped: ``<``, ``>``,
    a bare ``&``; CDATA sections unwrapped into escaped text; HTML named entities
    (``&nbsp;``) decoded; characters XML cannot hold as U+FFFD."""
    tags = list(_FIELD_TAG_RE.finditer(chunk))
    last_end = max((i for i, tag in enumerate(tags) if _END_RE.fullmatch(tag.group(0))), default=None)
    out, position = [], 0
    for index, tag in enumerate(tags):
        if _END_RE.fullmatch(tag.group(0)) and index != last_end:
            continue  # an early </doc> is part of the text around it
        out.append(_escaped(chunk[position:tag.start()]))
        out.append(re.sub(r"\s+", "", tag.group(0)).lower())
        position = tag.end()
    out.append(_escaped(chunk[position:]))
    return _NOT_XML_RE.sub("\ufffd", "".join(out))


_CDATA_RE = re.compile(r"<!\[CDATA\[(.*?)(?:\]\]>|$)", re.S)
#: What may stand outside the records: the XML declaration, a DOCTYPE, comments, blanks,
#: and the root, whatever its name (``<docs>``, ``<doclist>`` in SogouCA's samples).
_OUTSIDE_RE = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>|</?[A-Za-z][\w:.-]*\s*>|<!--.*?-->|\ufeff",
                         re.I | re.S)


def _escaped(text: str) -> str:
    pieces, position = [], 0
    for match in _CDATA_RE.finditer(text):
        pieces.append(_ENTITY_RE.sub(_entity, text[position:match.start()].replace("<", "&lt;").replace(">", "&gt;")))
        pieces.append(html.escape(match.group(1), quote=False))
        position = match.end()
    pieces.append(_ENTITY_RE.sub(_entity, text[position:].replace("<", "&lt;").replace(">", "&gt;")))
    return "".join(pieces)


#: Characters XML 1.0 cannot hold (control characters, surrogates): read as U+FFFD.
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _entity(match: re.Match) -> str:
    reference = match.group(1)
    if reference is None:
        return "&amp;"
    if reference in _XML_ENTITIES:
        return match.group(0)
    decoded = html.unescape(match.group(0)).replace("\xa0", " ")  # &nbsp; is a space, as in our HTML repairs
    if decoded == match.group(0):
        return "&amp;" + reference  # not an entity at all: keep it as written
    return html.escape(decoded, quote=False)
