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
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, Iterator

from ..metadata import bylines, dates, links
from ..records import RawDoc
from .jekyll import LEADING_LINES

NAME = "mdexport"
MARKUP = "markdown"

#: Paragraphs of an export are the author's: never joined as if OCR had cut them.
PART_REPAIRS_OFF = frozenset({"paragraph_joins"})

#: Non-blank lines read as the head after the first line, and as the footer at the end.
HEAD_REACH = 8
FOOTER_REACH = 10
MAX_META_LINE = 300

#: Labels of head and footer lines, by the field they give (matched case-insensitively).
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "date": ("date_published", "发布时间", "发布日期", "发表时间", "发表日期", "发布于", "发表于", "发布", "时间", "日期",
             "published at", "published on", "published", "pubdate", "date", "posted on", "posted at",
             "posted"),
    "authors": ("作者", "撰文", "文", "记者", "authors", "author", "by"),
    "publisher": ("来源", "出处", "公众号", "转载自", "轉載自", "转自", "source", "publisher", "site name",
                  "feed", "订阅源"),
    "url": ("原文链接", "原文地址", "原文网址", "原文", "原链接", "文章地址", "文章链接", "本文链接",
            "本文地址", "永久链接", "固定链接", "阅读原文", "阅读全文", "链接", "permalink", "original link",
            "original url", "original", "source url", "source link", "read original", "read the original",
            "read more", "link", "url"),
    "tags": ("标签", "关键词", "关键字", "话题", "keywords", "tags", "tag"),
    "section": ("分类", "栏目", "categories", "category"),
    "archive_urls": ("read on omnivore", "read in cubox", "read on cubox", "备份链接", "存档链接", "快照"),
    #: Labels no field holds: kept under their own name in ``source_fields``.
    "kept": ("网站首页", "网站", "首页", "博客", "site", "home", "blog", "date_saved", "date_read",
             "date_archived", "saved", "收藏时间", "收藏于"),
}
#: Date labels that do not say published: read in the head only, never in a footer.
WEAK_DATE_LABELS = frozenset({"时间", "日期", "date", "发布", "posted"})
#: Labels written without a colon: ``轉載自GNews``, ``By Jane Doe``.
_LABEL_FIELD = {label: name for name, labels in FIELD_LABELS.items() for label in labels}
_LABEL_RE = re.compile(
    r"^(?P<label>" + "|".join(re.escape(k) for k in sorted(_LABEL_FIELD, key=len, reverse=True))
    + r")\s{0,3}[:：]\s{0,3}(?P<value>.*)$", re.I)
_BARE_LABEL_RE = re.compile(r"^(?P<label>转载自|轉載自|转自|by)\s{0,3}(?P<value>\S.*)$", re.I)

#: The first line: one link, maybe as a heading or in emphasis: ``## [title](url)``.
_TITLE_LINK_RE = re.compile(
    r"^(?:#{1,6}[ \t]+)?[*_]{0,2}\[(?P<title>[^\]\n]{1,500})\]\(\s{0,3}<?(?P<url>https?://[^)\s>]{1,4000})>?"
    r"(?:\s{1,3}\"[^\"\n]{0,500}\")?\s{0,3}\)[*_]{0,2}[ \t]*$")
_HEADING_RE = re.compile(r"^(?P<hashes>#{1,3})[ \t]+(?P<title>[^#\n].{0,300}?)[ \t#]*$")
_RULE_RE = re.compile(r"^[ \t]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_LIST_RE = re.compile(r"^\s{0,3}(?:[*+\-]|\d{1,3}[.)])\s")
#: What wraps a head line's parts: quote marks, emphasis, code ticks.
_WRAP = " \t>*_`\u3000"
#: Where a head line splits into parts: `` | ``, ``｜``, ``丨``, `` · ``, code ticks.
_SEGMENT_RE = re.compile(r"`|\s[|·•]\s|[｜丨]")
_NAV_RE = re.compile(r"首頁|首页|返回|回到|目录|目錄|home|index|back", re.I)
#: Share lines and feed plugin stamps: boilerplate whose words name no field of the article.
_SHARE_RE = re.compile(r"^(?:分享到|分享至|分享|share(?: on| this(?: article| post)?)?)\s{0,3}(?:[:：]|\s)", re.I)
_PLUGIN_RE = re.compile(
    r"^(?P<label>via|shared via|sent (?:from|via)|saved (?:from|with|via)|来自|通过)\s{1,3}"
    r"(?P<value>feedly|inoreader|newsblur|the old reader|reeder|netnewswire|rsshub|feedbin|tiny tiny rss"
    r"|freshrss|miniflux|pocket|instapaper|ifttt|zapier|omnivore|cubox|readwise)\s{0,3}$", re.I)
#: A line of hashtags (``#Omnivore``, ``#RSS #AI``): no space after ``#``, so no heading.
_HASHTAGS_RE = re.compile(r"^#[^\s#]{1,40}(?:\s{1,3}#[^\s#]{1,40}){0,20}$")
_SENTENCE_RE = re.compile(r"[，。！？；,;!?]")
_SPLIT_NAMES_RE = re.compile(r"\s*(?:,|，|、|&|\band\b)\s*")
_TAG_SPLIT_RE = re.compile(r"[,，、;；|｜/]+|\s+(?=#)")

_RFC2822_RE = re.compile(
    r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6},?\s{1,3})?\d{1,2}\s{1,3}"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?\s{1,3}\d{4}\s{1,3}\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s{0,3}(?:[+-]\d{4}|gmt|utc|ut|z|[ecmp][sd]t))?$", re.I)
_ISO_SHAPE_RE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
                           r"\s?(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$", re.I)
_CN_FULL_RE = re.compile(r"^(?:\d{4}\s?年\s?)?\d{1,2}\s?月\s?\d{1,2}\s?[日号](?:\s{0,2}(?:星期|周)[一二三四五六日天])?"
                         r"(?:\s{0,2}\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?$")
_EN_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%b. %d, %Y")
#: A date at the start or the end of a part that holds more (a name, a place, an id).
_EDGE_DATE = r"\d{4}\s?[-/.年]\s?\d{1,2}\s?[-/.月]\s?\d{1,2}(?:\s?日)?(?:\s{1,2}\d{1,2}:\d{2}(?::\d{2})?)?"
_DATE_EDGE_RE = re.compile(rf"^{_EDGE_DATE}(?!\d)|(?<![\d:]){_EDGE_DATE}$")
_EDGE_REST = 24


@dataclass
class _Read:
    """What the head and footer gave: fields, lines to take out, and counts of removals."""

    fields: dict[str, Any] = field(default_factory=dict)
    removed: set[int] = field(default_factory=set)
    extra_links: list[tuple[str, str]] = field(default_factory=list)
    source_fields: dict[str, str] = field(default_factory=dict)
    fixes: dict[str, int] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)

    def count(self, name: str) -> None:
        self.fixes[name] = self.fixes.get(name, 0) + 1


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
    footer = _Read()
    _read_footer(lines, body_start, footer)
    has_date = _dated(read.fields)
    score = {"title_link": 0.55, "navigation": 0.75, "source_link": 0.55, "title": 0.5}[kind]
    score += (0.2 if has_date else 0.0) + (0.1 if "rule" in read.evidence else 0.0)
    score += 0.05 if footer.removed else 0.0
    if kind == "title" and not has_date:
        if not (_dated(footer.fields) and "url" in footer.fields):
            return 0.0, "a '#' title without a dated head or a footer giving url and date"
        score += 0.2
    if not _has_body(lines, body_start, read.removed | footer.removed):
        return 0.05, f"{kind} on top but no paragraph of text (a link list)"
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


def _read_head(lines: list[str]) -> tuple[str, _Read, int] | None:
    """(kind, what was read, index of the first body line) of the top, or None."""
    content = [i for i, line in enumerate(lines[: LEADING_LINES * 4]) if line.strip()]
    if not content:
        return None
    first = content[0]
    line = lines[first].strip()
    read = _Read()
    if _navigation(line) and not _LIST_RE.match(lines[first]):
        navigated = _after_navigation(lines, first, read)
        if navigated is not None:
            return navigated
        read = _Read()
    link = _TITLE_LINK_RE.match(line)
    if link and not _LIST_RE.match(lines[first]) and not _label_of(link.group("title")):
        title = links.strip_links(link.group("title")).strip(_WRAP)
        if title and title != link.group("url"):
            read.fields["title"] = title
        read.fields["url"] = link.group("url")
        read.removed.add(first)
        read.count("link_list")
        return "title_link", read, _read_head_lines(lines, first + 1, read)
    if _read_line(line, read, only=("url",)):
        read.removed.add(first)
        read.count("link_list")
        after = _next_content(lines, first + 1)
        heading = _HEADING_RE.match(lines[after].strip()) if after is not None else None
        if heading and not _TITLE_LINK_RE.match(lines[after].strip()):
            read.fields["title"] = links.strip_links(heading.group("title")).strip(_WRAP)
            read.removed.add(after)
            return "source_link", read, _read_head_lines(lines, after + 1, read)
        return "source_link", read, _read_head_lines(lines, first + 1, read)
    heading = _HEADING_RE.match(line)
    if heading and heading.group("hashes") == "#":
        read.fields["title"] = links.strip_links(heading.group("title")).strip(_WRAP)
        read.removed.add(first)
        return "title", read, _read_head_lines(lines, first + 1, read)
    return None


def _after_navigation(lines: list[str], first: int, read: _Read) -> tuple[str, _Read, int] | None:
    """A navigation bar, a rule, then the heading that is the title."""
    rule = _next_content(lines, first + 1)
    if rule is None or not _RULE_RE.match(lines[rule]):
        return None
    after = _next_content(lines, rule + 1)
    heading = _HEADING_RE.match(lines[after].strip()) if after is not None else None
    if heading is None or links.markdown_links(heading.group("title")):
        return None  # a heading that links somewhere is an entry of an index page
    read.extra_links.extend(links.markdown_links(lines[first]))
    read.count("link_list")
    read.removed.update((first, rule, after))
    read.evidence.append("rule")
    read.fields["title"] = links.strip_links(heading.group("title")).strip(_WRAP)
    return "navigation", read, _read_head_lines(lines, after + 1, read)


def _read_head_lines(lines: list[str], start: int, read: _Read) -> int:
    """Read rules and head lines from ``start``; returns the index where the body begins."""
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
        elif _read_line(line, read):
            read.removed.add(index)
            read.count("metadata_lines")
            read.evidence.append("head line")
        else:
            _partial_line(line, read)
            return index
        index += 1
    return index


def _read_footer(lines: list[str], body_start: int, read: _Read) -> None:
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
        elif _boilerplate(line, read):
            read.removed.add(index)
        elif _read_line(line, read, footer=True):
            read.removed.add(index)
            read.count("metadata_lines")
        else:
            return
        index -= 1


def _read_line(line: str, read: _Read, only: tuple[str, ...] = (), footer: bool = False) -> bool:
    """Read a head or footer line whole (every part gives a field that agrees with what
    was read before) into ``read``; False, with nothing taken, if any part does not. In a
    ``footer`` a date counts only under a label that says published (``发布时间``), not
    ``时间：`` (a notice's time) or a date alone (a letter's signing date)."""
    if len(line) > MAX_META_LINE:
        return False
    found: dict[str, Any] = {}
    extra: dict[str, str] = {}
    for part in (p.strip(_WRAP) for p in _SEGMENT_RE.split(line.strip(_WRAP))):
        if not part:
            continue
        got = _segment(part, footer)
        if got is None or (only and not set(got) <= set(only) | {"archive_urls"}):
            return False
        kept = got.pop("kept", None)
        if kept:
            extra[kept[0]] = kept[1]
        for key, value in got.items():
            if key == "archive_urls":
                found[key] = (*found.get(key, ()), *value)
            elif found.get(key, value) != value:
                return False
            else:
                found[key] = value
    if not found and not extra:
        return False
    if not _agrees(read.fields, found):
        return False
    archive = (*read.fields.get("archive_urls", ()), *found.pop("archive_urls", ()))
    read.fields.update(found)
    if archive:
        read.fields["archive_urls"] = tuple(dict.fromkeys(archive))
    read.source_fields.update(extra)
    read.extra_links.extend(links.markdown_links(line) if extra else ())
    return True


def _agrees(fields: dict[str, Any], found: dict[str, Any]) -> bool:
    """No field read already holds another value (a second url is not the same article)."""
    return all(fields.get(key, value) == value for key, value in found.items() if key != "archive_urls")


def _segment(part: str, footer: bool = False) -> dict[str, Any] | None:
    """The fields one part of a head (or ``footer``) line gives, or None if it is not one."""
    link = _only_link(part)
    if link:
        return _link_part(*link)
    if _HASHTAGS_RE.match(part):
        return {"tags": tuple(dict.fromkeys(t.lstrip("#") for t in part.split()))}
    labelled = _LABEL_RE.match(part) or _BARE_LABEL_RE.match(part)
    if labelled:
        label, value = labelled.group("label"), labelled.group("value").strip(_WRAP)
        if footer and label.lower() in WEAK_DATE_LABELS:
            return None
        return _labelled(_LABEL_FIELD.get(label.lower(), "publisher"), label, value)
    return None if footer else _date_fields(part)


def _only_link(part: str) -> tuple[str, str] | None:
    """(label, url) when the part is one markdown link and nothing else."""
    found = links.markdown_links(part)
    if len(found) != 1 or links.strip_links(part).strip(_WRAP) != found[0][0].strip(_WRAP):
        return None
    return found[0]


def _link_part(label: str, url: str) -> dict[str, Any] | None:
    """``[阅读原文](url)``, ``[archive.ph](url)``, ``[轉載自GNews](url)``."""
    if not url.startswith("http"):
        return None
    if links.is_archive_url(url) or label.lower().startswith(links.ARCHIVE_LABELS):
        return {"archive_urls": (url,)}
    name = _label_of(label)
    if name == "archive_urls":
        return {"archive_urls": (url,)}
    if name == "url" or label == url:
        return {"url": url}
    bare = _BARE_LABEL_RE.match(label)
    if bare and _is_article_url(url):
        return {"publisher": bare.group("value").strip(_WRAP), "url": url}
    return None


def _label_of(text: str) -> str | None:
    """The field a link's text names, when the text is a label alone (阅读原文, Permalink)."""
    return _LABEL_FIELD.get(text.strip(_WRAP + ":：").lower())


def _labelled(name: str, label: str, value: str) -> dict[str, Any] | None:
    """The field of a ``label：value`` part, or None if the value is not one."""
    if not value:
        return None
    if name == "date":
        return _date_fields(value)
    if name in ("url", "archive_urls"):
        url = next((u for _, u in links.markdown_links(value)), None) or next(iter(links.bare_urls(value)), None)
        if not url:
            return None
        archived = name == "archive_urls" or links.is_archive_url(url)
        return {"archive_urls": (url,)} if archived else {"url": url}
    if name == "tags":
        tags = tuple(dict.fromkeys(t.strip(_WRAP + "#") for t in _TAG_SPLIT_RE.split(links.strip_links(value))
                                   if t.strip(_WRAP + "#")))
        return {"tags": tags} if tags else None
    if name == "kept":
        return {"kept": (label, value)}
    text = links.strip_links(value).strip(_WRAP)
    if not text or len(text) > 60 or links.bare_urls(text):
        return None
    if name == "authors":
        names = bylines.labelled_byline(f"作者：{text}") if re.search(r"[\u4e00-\u9fff]", text) else \
            tuple(n for n in _SPLIT_NAMES_RE.split(text) if n)
        return {"authors": tuple(names)} if names else None
    got: dict[str, Any] = {name: text}
    url = next((u for _, u in links.markdown_links(value)), None)
    if name == "publisher" and url:  # an article's link is its url; a site's is kept by its label
        got.update({"url": url} if _is_article_url(url) else {"kept": (label, url)})
    elif url:
        return None
    return got


def _is_article_url(url: str) -> bool:
    """A URL with a path (an article), not a site's home page."""
    rest = url.split("://", 1)[-1]
    return "/" in rest and rest.split("/", 1)[1].strip("/") != ""


def _date_fields(value: str) -> dict[str, Any] | None:
    """``date_published`` (and ``date_text`` when it is not a full real date) of a part
    that is a date and nothing else, or None."""
    found = _date(value.strip(_WRAP))
    if found is None:
        return None
    iso, written = found
    return {"date_published": iso} if iso else {"date_text": written}


def _date(value: str) -> tuple[str | None, str] | None:
    """(ISO or None, as written) when ``value`` is a date in a common written form: RFC 2822,
    ISO 8601, Chinese, English (``March 3, 2020``); None when it is not a date."""
    if _RFC2822_RE.match(value):
        return _rfc2822(value), value
    if _ISO_SHAPE_RE.match(value):
        return dates.iso_date(value), value
    if _CN_FULL_RE.match(value):
        iso = dates.date_stamp(value)[0] if "年" in value else None
        return iso, value
    for shape in _EN_FORMATS:
        try:
            return datetime.strptime(value, shape).date().isoformat(), value
        except ValueError:
            continue
    return None


def _rfc2822(value: str) -> str | None:
    """ISO 8601 of an RFC 2822 date with the offset as written (``+0800`` → ``+08:00``);
    None when it names no real day or time. ``-0000`` (no zone known) gives no offset."""
    try:
        moment = parsedate_to_datetime(value)
    except (ValueError, TypeError, IndexError):
        return None
    offset = moment.utcoffset()
    zone = ""
    if offset is not None:
        minutes = int(offset.total_seconds() // 60)
        sign = "-" if minutes < 0 else "+"
        zone = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return dates.iso_date(f"{moment:%Y-%m-%dT%H:%M:%S}{zone}")


def _partial_line(line: str, read: _Read) -> None:
    """The fields of a head line that holds more than fields (``神光的幸福生活 2026年3月13日
    12:46``, ```2020-07-23 12:58 GM77` [轉載自GNews](url)``): each part that reads whole,
    and a date at the edge of one that does not, read; the line kept in the text."""
    parts = [p.strip(_WRAP) for p in _SEGMENT_RE.split(line.strip(_WRAP)) if p.strip(_WRAP)]
    readings = [(part, _segment(part)) for part in parts]
    if len(line) > MAX_META_LINE or any(not got and (_SENTENCE_RE.search(part) or len(part) > 40)
                                        for part, got in readings):
        return  # a line of the body, not a head line
    for part, got in readings:
        if got and "kept" not in got and _agrees(read.fields, got):
            archive = got.pop("archive_urls", ())
            read.fields.update(got)
            if archive:
                read.fields["archive_urls"] = tuple(dict.fromkeys((*read.fields.get("archive_urls", ()), *archive)))
            read.evidence.append("fields in a head line")
        elif not any(k in read.fields for k in ("date_published", "date_text")):
            _date_at_edge(part, read)


def _date_at_edge(part: str, read: _Read) -> None:
    """A full date at the start or the end of a part that holds a little more."""
    match = None if _SENTENCE_RE.search(part) else _DATE_EDGE_RE.search(part)
    if match and len(part) - len(match.group(0)) <= _EDGE_REST:
        iso, written = dates.date_stamp(match.group(0))
        if written:
            read.fields.update({"date_published": iso} if iso else {"date_text": written})
            read.evidence.append("date in a head line")


def _boilerplate(line: str, read: _Read) -> bool:
    """A share line or a feed plugin stamp: its links kept in ``links``, a stamp's words
    in ``source_fields``."""
    bare = links.strip_links(line).strip(_WRAP)
    plugin = _PLUGIN_RE.match(bare)
    if plugin:
        read.source_fields[plugin.group("label").strip()] = plugin.group("value")
        read.count("metadata_lines")
    elif _SHARE_RE.match(bare + " ") and len(bare) <= 80 and links.markdown_links(line):
        read.count("link_list")
    else:
        return False
    read.extra_links.extend(links.markdown_links(line))
    return True


def _navigation(line: str) -> bool:
    """A bar of site links: only links (and separators), one of them home or back."""
    found = links.markdown_links(line)
    rest = links.strip_links(line)
    for label, _ in found:
        rest = rest.replace(label, "", 1)
    return bool(found) and not rest.strip(_WRAP + "#|｜·•/ ") and any(_NAV_RE.search(label) for label, _ in found)


def _dated(fields: dict[str, Any]) -> bool:
    return "date_published" in fields or "date_text" in fields


def _next_content(lines: list[str], start: int) -> int | None:
    return next((i for i in range(start, min(len(lines), start + LEADING_LINES)) if lines[i].strip()), None)


def _several_articles(lines: list[str], body_start: int, kind: str) -> bool:
    """Another title-shaped heading below (``## [title](url)`` again, or a second ``#``):
    a page of several articles or a link collection, not one export."""
    if any(_HEADING_RE.match(line.strip()) and links.markdown_links(line) for line in lines[body_start:]):
        return True  # headings that link (``### [title](url)``): an index or a page of several
    if kind == "title_link":
        return any(_TITLE_LINK_RE.match(line.strip()) and line.lstrip().startswith("#") for line in lines[body_start:])
    if kind == "title":
        return any(line.startswith("# ") and not line.rstrip().endswith((":", "：")) for line in lines[body_start:])
    return False


def _has_body(lines: list[str], body_start: int, removed: set[int]) -> bool:
    """At least one line of text that is not a link alone or a list of links."""
    for index in range(body_start, len(lines)):
        if index in removed:
            continue
        bare = links.strip_links(lines[index]).strip(_WRAP + "-+#")
        if len(bare) >= 12 and not _TITLE_LINK_RE.match(lines[index].strip()):
            if not (_LIST_RE.match(lines[index]) and links.markdown_links(lines[index])):
                return True
    return False
