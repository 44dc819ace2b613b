"""Links at the top of a page: the original article and archived snapshots."""

from __future__ import annotations

import html
import re
from typing import Iterable
from urllib.parse import urlsplit

from ..records import Link
from ..textutil import join_lines

ARCHIVE_HOSTS = (
    "archive.ph", "archive.today", "archive.is", "archive.li", "archive.vn", "archive.fo",
    "archive.md", "web.archive.org", "archive.org", "webcache.googleusercontent.com",
    "wechatscope.jmsc.hku.hk", "archive.wikiwix.com", "ghostarchive.org",
)
ORIGINAL_LABELS = ("原文链接", "原文地址", "原文网址", "原文", "原链接", "来源链接")
ARCHIVE_LABELS = ("备份链接", "备份", "存档链接", "存档", "快照", "archive")

#: A markdown link. Label, URL and title are bounded: unbounded, a line of ``[[[[…`` with no
#: ``]`` is rescanned from every ``[`` (quadratic); no real link is this long.
_MD_LINK_RE = re.compile(r"\[([^\]]{0,1000})\]\(\s*<?([^)\s>]{0,4000})>?(?:\s+\"[^\"]{0,1000}\")?\s*\)")
_URL_RE = re.compile(r"https?://[^\s<>()\[\]\"'，。）]+")


def is_archive_url(url: str) -> bool:
    """True when ``url`` points at a web archive or snapshot host."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # a malformed URL (e.g. an unclosed IPv6 bracket) is nobody's archive
        return False
    return any(host == h or host.endswith("." + h) for h in ARCHIVE_HOSTS)


def markdown_links(line: str) -> list[tuple[str, str]]:
    """``(label, url)`` of every markdown link in ``line``, emphasis stripped from labels."""
    return [(label.strip("*_~ "), url) for label, url in _MD_LINK_RE.findall(line)]


#: A link or an image written as HTML (``<a href>…</a>``, ``<img src>``); bounded like every
#: pattern run on untrusted text.
_HTML_LINK_RE = re.compile(
    r"""<a\b[^>]{0,2000}?\bhref\s*=\s*(?:"([^"]{1,4000})"|'([^']{1,4000})'|([^\s>]{1,4000}))[^>]{0,2000}>(.{0,2000}?)</a\s*>"""
    r"""|<img\b[^>]{0,2000}?\bsrc\s*=\s*(?:"([^"]{1,4000})"|'([^']{1,4000})'|([^\s>]{1,4000}))""", re.I | re.S)
_ANY_TAG_RE = re.compile(r"<[^>]{0,2000}>")


def html_links(text: str) -> list[tuple[int, str, str]]:
    """``(offset, anchor text, url)`` of every ``<a href>`` and ``<img src>`` in ``text`` (an
    image's anchor is empty; inline ``data:`` images are no urls), entities decoded."""
    if "<a" not in text and "<A" not in text and "<img" not in text.lower():
        return []
    found = []
    for match in _HTML_LINK_RE.finditer(text):
        href = match.group(1) or match.group(2) or match.group(3)
        if href:
            anchor = join_lines(html.unescape(_ANY_TAG_RE.sub("", match.group(4) or "")).split("\n")).strip()
            found.append((match.start(), anchor, html.unescape(href)))
        else:
            source = match.group(5) or match.group(6) or match.group(7)
            if source and not source.startswith("data:"):
                found.append((match.start(), "", html.unescape(source)))
    return found


def link_spans(text: str, body_links: Iterable[tuple[str, ...]],
               removed: Iterable[tuple[str, str]] = ()) -> tuple[Link, ...]:
    """The links of a record over its ``text``. ``body_links`` are ``(anchor, url)`` or
    ``(anchor, url, before)`` in body order: each anchor is looked for after the previous
    one, right after the text that came before it in its paragraph when that is given (so
    ``…表示，[中国](u)`` spans the linked 中国, not an earlier one), else alone; one that is
    empty (an image) or that the repairs changed keeps its url with no span. ``removed``
    are links of lines the source took out of the text (navigation, share links): kept, with
    no span, never matched against the text. No url the source held is lost."""
    spans: list[Link] = []
    cursor = 0
    for anchor, url, *context in body_links:
        url = url.strip()
        if not url:
            continue
        at = -1
        if anchor:
            before = context[0] if context else ""
            if before:
                at = text.find(before + anchor, cursor)
                at = at + len(before) if at >= 0 else -1
            if at < 0:
                at = text.find(anchor, cursor)
        if at < 0:
            spans.append(Link(url, None, None))
            continue
        spans.append(Link(url, at, at + len(anchor)))
        cursor = at + len(anchor)
    spans.extend(Link(url.strip(), None, None) for _, url in removed if url.strip())
    return tuple(spans)


def bare_urls(line: str) -> list[str]:
    """Every http(s) URL written out in ``line``."""
    return _URL_RE.findall(line)


def strip_links(line: str) -> str:
    """``line`` with each markdown link replaced by its label."""
    return _MD_LINK_RE.sub(r"\1", line)
