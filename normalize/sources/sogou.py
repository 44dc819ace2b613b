"""Sogou news corpora (SogouCS, SogouCA): ``<doc>`` records of url, docno, title, content.

::

    <doc>
    <url>http://sports.sohu.com/20080101/n123.shtml</url>
    <docno>f2467af22cd2f0ea-34913306c0bb3300</docno>
    <contenttitle>标题</contenttitle>
    <content>正文……</content>
    </doc>

GB18030 or UTF-8 (the decode stage reads either, BOM or not), with a ``<docs>`` root or
none. Real files are not well-formed XML: bare ``&``, HTML entities, a ``<`` in the
text, a ``<doc>`` never closed. So the file is cut into records at each ``<doc>`` tag
(which also gives every record its exact lines), the text of each is made parseable
(bare ``&`` and ``<`` escaped, HTML named entities decoded) and read by lxml in
recover mode with entity expansion, DTDs and the network off. One record per ``<doc>``
whose content is not empty; empty ones are yielded as :class:`~normalize.records.Skipped`
and counted in the manifest. ``title`` ← contenttitle, ``url`` ← url, ``source_id`` ←
docno. U+E40C, which the corpora use as a line break inside content, is a paragraph
break, as is full-width indentation (two or more U+3000) after a sentence end.
"""

from __future__ import annotations

import html
import re
from typing import Iterator

from lxml import etree

from ..metadata import dates
from ..records import RawDoc, Skipped
from ..textutil import WHITESPACE

NAME = "sogou"
#: XML: the file-level HTML repairs (tags, entities) must not run on it.
MARKUP = "xml"
PART_REPAIRS_OFF = frozenset({"paragraph_joins"})

FIELDS = ("url", "docno", "contenttitle", "content")
_DOC_RE = re.compile(r"<doc\s*>", re.I)
_END_RE = re.compile(r"</doc\s*>", re.I)
_FIELD_TAG_RE = re.compile(r"</?(?:docs|doc|url|docno|contenttitle|content)\s*>", re.I)
_ENTITY_RE = re.compile(r"&(#\d{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)?")
_XML_ENTITIES = {"amp;", "lt;", "gt;", "quot;", "apos;"}
_LINE_BREAK = "\ue40c"
#: Content is often one line whose paragraphs start with full-width indentation: a run of
#: two or more U+3000 after a sentence end starts a paragraph.
_INDENT_BREAK_RE = re.compile("(?<=[。！？!?…”」』）)])\u3000{2,}")


def sniff(text: str, suffix: str) -> tuple[float, str]:
    """Score by ``<doc>`` tags with Sogou's field tags near the top."""
    head = text[:20000]
    docs = len(_DOC_RE.findall(head))
    fields = sum(1 for name in ("docno", "contenttitle", "content") if f"<{name}>" in head.lower())
    if not docs or fields < 2:
        return 0.0, f"{docs} <doc> tags, {fields} Sogou field tags"
    score = 0.75 + 0.05 * fields + (0.05 if suffix in (".dat", ".xml") else 0.0)
    return min(score, 1.0), f"{docs} <doc> tags, {fields} of docno/contenttitle/content in the head"


def parse(text: str) -> Iterator[RawDoc | Skipped]:
    """One RawDoc per ``<doc>`` with content; a Skipped for each empty one."""
    starts = [match.start() for match in _DOC_RE.finditer(text)]
    for ordinal, (start, end) in enumerate(zip(starts, starts[1:] + [len(text)])):
        chunk = text[start:end]
        closed = _END_RE.search(chunk)
        flags = [] if closed else ["doc_unclosed"]
        if closed:
            chunk = chunk[:closed.end()]
        line_start = text.count("\n", 0, start) + 1
        line_end = line_start + chunk.rstrip().count("\n")
        fields = _fields(chunk if closed else chunk.rstrip() + "</doc>")
        content = _INDENT_BREAK_RE.sub("\n", fields.get("content", "").replace(_LINE_BREAK, "\n"))
        if not content.strip(WHITESPACE + "\n"):
            yield Skipped(ordinal, line_start, line_end, "empty_content")
            continue
        title = " ".join(fields.get("contenttitle", "").split()) or None
        meta = {"url": fields.get("url", "").strip() or None, "source_id": fields.get("docno", "").strip() or None}
        if meta["url"] and dates.url_date(meta["url"]):
            meta["date_published"] = dates.url_date(meta["url"])
        body = "\n".join(line.strip(WHITESPACE) for line in content.split("\n"))
        yield RawDoc(ordinal, line_start, line_end, body, "plain", title, meta, tuple(flags))


def _fields(chunk: str) -> dict[str, str]:
    """The text of each Sogou field of one ``<doc>``, read by lxml in recover mode."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(_parseable(chunk), parser)
        if root is None:
            return {}
        found: dict[str, str] = {}
        for element in root.iter(*FIELDS):
            found.setdefault(element.tag, "".join(element.itertext()))
        return found
    except (etree.XMLSyntaxError, ValueError):  # libxml2 gave up even in recover mode
        return {}


def _parseable(chunk: str) -> str:
    """Escape what XML would choke on: a ``<`` opening no Sogou tag, a bare ``&``; HTML
    named entities (``&nbsp;``) become their characters."""
    out, last = [], 0
    for match in re.finditer("<", chunk):
        if _FIELD_TAG_RE.match(chunk, match.start()):
            continue
        out.append(chunk[last:match.start()] + "&lt;")
        last = match.start() + 1
    out.append(chunk[last:])
    return _NOT_XML_RE.sub("\ufffd", _ENTITY_RE.sub(_entity, "".join(out)))


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
