"""Markdown exports of archiving bots and feed readers: the article's link or title on top,
a dated head, the body, and the footer a platform or feed plugin adds.

Shapes read (seen in public archives, named in the README):

* a feed or bot export: ``[title](url)`` (or ``# [title](url)``) first, a rule or a blank
  line, head lines (``Tue, 03 Mar 2020 10:00:00 +0800``, ``发布时间：2020年3月3日``,
  ``作者：…``, ``来源：…``), then the body;
* a site's navigation links first (``### [:house:返回首頁](…)``), a rule, the ``#``/``##``
  title, then a line with the date and ``[轉載自GNews](url)``;
* a source-link line first (``> 原文链接：url``, ``[阅读原文](url)``) over the ``#`` title;
* a ``#`` title over labelled head lines that give a date (``**发布时间：** …``).

At the end, a footer of labelled lines (``原文链接：``, ``[阅读原文](…)``, ``Tags:``/``标签：``,
``**公众号：** X | **作者：** Y | **发布时间：** … | **文章地址：** url``), share lines and feed
plugin stamps (``via Feedly``). Every line taken out lands in a field: url, dates,
authors, publisher, tags, section, archive_urls, ``source_fields`` (a plugin stamp, a
site's home) or ``links`` (navigation and share links); a line only partly read stays
in the text. A date in the body is never read. Removals are counted as jekyll counts
them: ``link_list`` (a line of links: the title link, navigation, share links) and
``metadata_lines`` (a head or footer line read into fields, a plugin stamp).
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from ..metadata import links
from ..records import RawDoc
from . import exportlines
from .exportlines import WRAP, Read
from .jekyll import LEADING_LINES

NAME = "mdexport"
MARKUP = "markdown"

#: Paragraphs of an export are the author's: never joined as if OCR had cut them.
PART_REPAIRS_OFF = frozenset({"paragraph_joins"})

#: Non-blank lines read as the head after the first line, and as the footer at the end.
HEAD_REACH = 8
FOOTER_REACH = 10
#: A navigation bar or a list item of links is shorter than this.
MAX_BAR = 2000

_TITLE_LINK_RE = re.compile(
    r"^(?:#{1,6}[ \t]+)?[*_]{0,2}\[(?P<title>[^\]\n]{1,500})\]\(\s{0,3}<?(?P<url>https?://[^)\s>]{1,4000})>?"
    r"(?:\s{1,3}\"[^\"\n]{0,500}\")?\s{0,3}\)[*_]{0,2}[ \t]*$")
_HEADING_RE = re.compile(r"^(?P<hashes>#{1,3})[ \t]+(?P<title>[^#\n].{0,300}?)[ \t#]*$")
_RULE_RE = re.compile(r"^[ \t]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_LIST_RE = re.compile(r"^\s{0,3}(?:[*+\-]|\d{1,3}[.)])\s")
_NBSP_RE = re.compile(r"&nbsp;|&#160;|\u00a0", re.I)
_EMPHASIS_RE = re.compile(r"\*\*|__")
#: A reader service's export (Jina Reader): ``Title: …`` first, ``Markdown Content:`` before the body.
_READER_TITLE_RE = re.compile(r"^Title:[ \t]*(?P<title>\S.{0,300})$")
_READER_CONTENT_RE = re.compile(r"^Markdown Content:\s*$")
#: What a head line may give when the dates of a notice are not the article's.
_NOT_DATES = ("title", "url", "authors", "publisher", "tags", "section", "kept")
_NAV_RE = re.compile(r"首頁|首页|返回|回到|目录|目錄|home|index|back", re.I)


def sniff(text: str, suffix: str) -> tuple[float, str]:
    """Score by the first line (the article's link, a navigation bar, a source link or a
    ``#`` title), a dated head, a rule, a footer that names the url or tags."""
    lines = text[:30000].split("\n")
    head = _read_head(lines)
    if head is None:
        return 0.0, "no article link, navigation bar or dated title on top"
    kind, read, body_start = head
    if _several_articles(lines, body_start, kind):
        return 0.05, f"{kind} on top, but more headings of the same level (several articles)"
    footer = Read()
    _read_footer(lines, body_start, footer)
    has_date = _dated(read.fields)
    score = {"title_link": 0.55, "navigation": 0.75, "source_link": 0.55, "title": 0.5, "reader": 0.75}[kind]
    score += (0.2 if has_date else 0.0) + (0.1 if "rule" in read.evidence else 0.0)
    score += 0.05 if footer.removed else 0.0
    plain_article = False
    if kind == "title" and not has_date:
        if "url" not in read.fields and "url" not in footer.fields:
            if suffix not in (".md", ".markdown"):
                return 0.0, "a '#' title without a dated head or a url in its head or footer"
            plain_article = True  # a markdown file that is one article: its '#' title, its body
        else:
            score += 0.2 if _dated(footer.fields) else 0.1
    if not _has_body(lines, body_start, read.removed | footer.removed):
        return 0.05, f"{kind} on top but no paragraph of text (a link list)"
    if plain_article:
        return 0.5, "a markdown article: a '#' title over its body, no dated head or url"
    score += 0.05 if suffix in (".md", ".markdown") else 0.0
    evidence = ", ".join([kind, *read.evidence, *(["footer"] if footer.removed else [])])
    return min(score, 0.95), evidence


def parse(text: str) -> Iterator[RawDoc]:
    """The export as one RawDoc: title and fields from the head and footer, those lines
    blank in the body (so line numbers hold)."""
    lines = text.split("\n")
    head = _read_head(lines)
    if head is None:  # chosen by --format: nothing read, the text kept whole
        yield RawDoc(1, max(len(lines), 1), text, MARKUP, None, {}, ("no_title",))
        return
    kind, read, body_start = head
    _read_footer(lines, body_start, read)
    body = [("" if i in read.removed else line) for i, line in enumerate(lines)]
    kept = [i for i, line in enumerate(body) if line.strip()]
    first = min([*read.removed, *kept], default=0)
    last = max([*read.removed, *kept], default=0)
    meta = dict(read.fields)
    title = meta.pop("title", None)
    if read.extra_links:
        meta["links"] = tuple(read.extra_links)
    if read.source_fields:
        meta["source_fields"] = dict(read.source_fields)
    yield RawDoc(
        line_start=first + 1,
        line_end=last + 1,
        body="\n".join(body[first:]),
        markup=MARKUP,
        title=title,
        meta=meta,
        flags=() if title else ("no_title",),
        fixes=tuple(sorted(read.fixes.items())),
    )


def _read_head(lines: list[str]) -> tuple[str, Read, int] | None:
    """(kind, what was read, index of the first body line) of the top, or None."""
    content = [i for i, line in enumerate(lines[: LEADING_LINES * 4]) if line.strip()]
    if not content:
        return None
    first = content[0]
    line = lines[first].strip()
    read = Read()
    if _navigation(line) and not _LIST_RE.match(lines[first]):
        navigated = _after_navigation(lines, first, read)
        if navigated is not None:
            return navigated
        read = Read()
    link = _TITLE_LINK_RE.match(line)
    if link and not _LIST_RE.match(lines[first]) and not exportlines.label_of(link.group("title")):
        title = links.strip_links(link.group("title")).strip(WRAP)
        if title and title != link.group("url"):
            read.fields["title"] = title
        read.fields["url"] = link.group("url")
        read.removed.add(first)
        read.count("link_list")
        return "title_link", read, _read_head_lines(lines, first + 1, read)
    if exportlines.read_line(line, read, only=("url",)):
        after = _next_content(lines, first + 1)
        heading = _HEADING_RE.match(lines[after].strip()) if after is not None else None
        if heading and not links.markdown_links(heading.group("title")):
            read.fields["title"] = links.strip_links(heading.group("title")).strip(WRAP)
            read.removed.update((first, after))
            read.count("link_list")
            return "source_link", read, _read_head_lines(lines, after + 1, read)
        if line.startswith(">") or links.markdown_links(line):  # markdown, not a 链接：label dump
            read.removed.add(first)
            read.count("link_list")
            return "source_link", read, _read_head_lines(lines, first + 1, read)
        read = Read()
    reader = _READER_TITLE_RE.match(line)
    if reader:
        return _reader_head(lines, first, reader.group("title"), read)
    heading = _HEADING_RE.match(line)
    after = _next_content(lines, first + 1)
    ruled = after is not None and bool(_RULE_RE.match(lines[after]))
    if heading and (heading.group("hashes") == "#" or ruled) and not _TITLE_LINK_RE.match(line):
        read.fields["title"] = _heading_title(heading.group("title"), read)
        read.removed.add(first)
        # under a bare title a date counts alone or under a label that says published; a
        # notice, that states a time (时间：…) in its head or body, has none at all
        notice = any(exportlines.weak_date_line(other) for other in lines)
        return "title", read, _read_head_lines(lines, first + 1, read, weak_dates=False, no_dates=notice)
    return None


def _heading_title(title: str, read: Read) -> str:
    """A heading's text as the title: links become their text (their urls kept in
    ``links``), emphasis marks go."""
    read.extra_links.extend(links.markdown_links(title))
    return _EMPHASIS_RE.sub("", links.strip_links(title)).strip(WRAP)


def _reader_head(lines: list[str], first: int, title: str, read: Read) -> tuple[str, Read, int] | None:
    """A reader service's export (``Title:``, ``URL Source:``, ``Published Time:``, then
    ``Markdown Content:``): every line up to the content marker must be read."""
    index = first + 1
    while index < min(len(lines), first + HEAD_REACH * 3):
        line = lines[index].strip()
        if _READER_CONTENT_RE.match(line):
            if "url" not in read.fields:
                return None
            read.fields["title"] = title.strip(WRAP)
            read.removed.update((first, index))
            read.count("metadata_lines")
            read.evidence.append("reader labels")
            return "reader", read, index + 1
        if line:
            if not exportlines.read_line(line, read):
                return None
            read.removed.add(index)
            read.count("metadata_lines")
        index += 1
    return None


def _after_navigation(lines: list[str], first: int, read: Read) -> tuple[str, Read, int] | None:
    """A navigation bar, a rule, then the heading that is the title."""
    rule = _next_content(lines, first + 1)
    if rule is None or not _RULE_RE.match(lines[rule]):
        return None
    after = _next_content(lines, rule + 1)
    heading = _HEADING_RE.match(lines[after].strip()) if after is not None else None
    if heading is None or _TITLE_LINK_RE.match(lines[after].strip()):
        return None  # a heading that is a link is an entry of an index page
    read.extra_links.extend(links.markdown_links(lines[first]))
    read.count("link_list")
    read.removed.update((first, rule, after))
    read.evidence.append("rule")
    read.fields["title"] = _heading_title(heading.group("title"), read)
    return "navigation", read, _read_head_lines(lines, after + 1, read)


def _read_head_lines(lines: list[str], start: int, read: Read, weak_dates: bool = True,
                     no_dates: bool = False) -> int:
    """Read rules and head lines from ``start``; returns the index where the body begins.
    Without ``weak_dates`` a ``时间：`` line gives no date; with ``no_dates`` no line does."""
    only = _NOT_DATES if no_dates else ()
    seen = 0
    index = start
    while index < len(lines) and seen < HEAD_REACH:
        line = lines[index].strip()
        if not line:
            index += 1
            continue
        seen += 1
        if _RULE_RE.match(lines[index]):
            read.removed.add(index)
            if "rule" not in read.evidence:
                read.evidence.append("rule")
        elif exportlines.read_line(line, read, only=only, weak_dates=weak_dates):
            read.removed.add(index)
            read.count("metadata_lines")
            read.evidence.append("head line")
        else:
            exportlines.partial_line(line, read, weak_dates=weak_dates, no_dates=no_dates)
            return index
        index += 1
    return index


def _read_footer(lines: list[str], body_start: int, read: Read) -> None:
    """Read the labelled lines, share lines, plugin stamps and rules at the end."""
    seen = 0
    index = len(lines) - 1
    while index >= body_start and seen < FOOTER_REACH:
        line = lines[index].strip()
        if not line:
            index -= 1
            continue
        seen += 1
        if _RULE_RE.match(lines[index]):
            read.removed.add(index)
        elif exportlines.boilerplate(line, read):
            read.removed.add(index)
        elif _navigation(line):  # a site's bar of links under the article: kept in links
            read.extra_links.extend(links.markdown_links(line))
            read.count("link_list")
            read.removed.add(index)
        elif exportlines.read_line(line, read, footer=True):
            read.removed.add(index)
            read.count("metadata_lines")
        else:
            return
        index -= 1


def _navigation(line: str) -> bool:
    """A bar of site links: only links (and separators), one of them home or back."""
    if len(line) > MAX_BAR:  # no bar is this long (and link scans are slow on runs of "[")
        return False
    found = links.markdown_links(line)
    rest = links.strip_links(line)
    for label, _ in found:
        rest = rest.replace(label, "", 1)
    rest = _NBSP_RE.sub(" ", rest)
    return bool(found) and not rest.strip(WRAP + "#|｜·•/ ") and any(_NAV_RE.search(label) for label, _ in found)


def _dated(fields: dict[str, Any]) -> bool:
    return "date_published" in fields or "date_text" in fields


def _next_content(lines: list[str], start: int) -> int | None:
    return next((i for i in range(start, min(len(lines), start + LEADING_LINES)) if lines[i].strip()), None)


def _several_articles(lines: list[str], body_start: int, kind: str) -> bool:
    """Another title-shaped heading below (``## [title](url)`` again, or a second ``#``):
    a page of several articles or a link collection, not one export."""
    linked = [i for i, line in enumerate(lines[body_start:], start=body_start)
              if _HEADING_RE.match(line.strip()) and links.markdown_links(line)]
    if len(linked) > 1 or (linked and (kind != "title" or _dated_head(lines, linked[0]))):
        return True  # headings that link (``### [title](url)``): an index or a page of several
    if kind == "title_link":
        return any(_TITLE_LINK_RE.match(line.strip()) and line.lstrip().startswith("#") for line in lines[body_start:])
    if kind == "title":  # a later title is another article's only when it has a dated head of its own
        return any(line.startswith("# ") and not line.rstrip().endswith((":", "：")) and _dated_head(lines, index)
                   for index, line in enumerate(lines[body_start:], start=body_start))
    return False


def _dated_head(lines: list[str], heading: int) -> bool:
    """Does the first line under ``lines[heading]`` give a date (read whole or in part)?"""
    after = _next_content(lines, heading + 1)
    if after is None:
        return False
    read = Read()
    line = lines[after].strip()
    if not exportlines.read_line(line, read):
        exportlines.partial_line(line, read)
    return _dated(read.fields)


def _has_body(lines: list[str], body_start: int, removed: set[int]) -> bool:
    """At least one line of text that is not a link alone or a list of links."""
    for index in range(body_start, len(lines)):
        if index in removed:
            continue
        if len(lines[index]) > MAX_BAR:
            return True  # a long line is text, whatever links it holds
        bare = links.strip_links(lines[index]).strip(WRAP + "-+#")
        if len(bare) >= 12 and not _TITLE_LINK_RE.match(lines[index].strip()):
            if not (_LIST_RE.match(lines[index]) and links.markdown_links(lines[index])):
                return True
    return False
