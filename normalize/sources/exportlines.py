"""Head and footer lines of markdown exports: labels, parts, written dates.

A line is read whole or not at all (:func:`read_line`): it splits into parts (`` | ``,
``｜``, code ticks), and every part must give a field (a label from ``FIELD_LABELS`` and
its value, a ``[阅读原文](url)`` link, a date in a common written form, hashtags) that
agrees with what was read before. A head line that holds more is read in part and kept
in the text (:func:`partial_line`). Share lines and feed plugin stamps are
:func:`boilerplate`. Used by :mod:`normalize.sources.mdexport`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..metadata import bylines, dates, links

#: A line longer than this is text, never a head or footer line.
MAX_META_LINE = 300
#: Labels of head and footer lines, by the field they give (matched case-insensitively).
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "date": ("date_published", "发布时间", "发布日期", "发表时间", "发表日期", "发布于", "发表于", "发布", "时间", "日期",
             "published at", "published on", "published time", "published", "pubdate", "date", "posted on",
             "posted at", "posted"),
    "authors": ("作者", "撰文", "文", "记者", "authors", "author", "by"),
    "publisher": ("来源", "出处", "公众号", "转载自", "轉載自", "转自", "source", "publisher", "site name",
                  "feed", "订阅源"),
    "url": ("原文链接", "原文地址", "原文网址", "原文", "原链接", "文章地址", "文章链接", "本文链接",
            "本文地址", "永久链接", "固定链接", "阅读原文", "阅读全文", "链接", "permalink", "original link",
            "original url", "original", "source url", "url source", "source link", "read original", "read the original",
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
#: What wraps a head line's parts: quote marks, emphasis, code ticks.
WRAP = " \t>*_`\u3000"
#: Where a head line splits into parts: `` | ``, ``｜``, ``丨``, `` · ``, code ticks.
_SEGMENT_RE = re.compile(r"`|\s[|·•]\s|[｜丨]")
#: Share lines and feed plugin stamps: boilerplate whose words name no field of the article.
_SHARE_RE = re.compile(r"^(?:分享到|分享至|分享|share(?: on| this(?: article| post)?)?)\s{0,3}(?:[:：]|\s)", re.I)
_PLUGIN_RE = re.compile(
    r"^(?P<label>via|shared via|sent (?:from|via)|saved (?:from|with|via)|来自|通过)\s{1,3}"
    r"(?P<value>feedly|inoreader|newsblur|the old reader|reeder|netnewswire|rsshub|feedbin|tiny tiny rss"
    r"|freshrss|miniflux|pocket|instapaper|ifttt|zapier|omnivore|cubox|readwise)\s{0,3}$", re.I)
#: A line of hashtags (``#Omnivore``, ``#RSS #AI``): no space after ``#``, so no heading.
HASHTAGS_RE = re.compile(r"^#[^\s#]{1,40}(?:\s{1,3}#[^\s#]{1,40}){0,20}$")
#: ``Posted on March 3, 2020 by Jane Doe``: a blog's dated byline, written without a colon.
_POSTED_RE = re.compile(r"^(?:posted|published)(?:\s{1,3}(?:on|at))?\s{1,3}(?P<date>.{6,60}?)"
                        r"(?:\s{1,3}by\s{1,3}(?P<by>[^,，;；|]{1,60}))?$", re.I)
#: A part that opens with a weak date label (``时间：``, ``日期：``): a notice's time, not the article's date.
_WEAK_LABEL_RE = re.compile(r"^(?:" + "|".join(map(re.escape, sorted(WEAK_DATE_LABELS, key=len, reverse=True)))
                            + r")\s{0,3}[:：]", re.I)
_BRACKETED_RE = re.compile(r"[（(][^（）()]{0,30}[）)]")
_NAME_PIECES_RE = re.compile(r"[|｜/／、,，;；&\s]+|\band\b")
#: Words of a byline that say a role, not a name: ``本报记者``, ``通讯员``.
_ROLE_RE = re.compile(r"^(?:本报|本刊|本台|特约|实习|见习|新华社|中新社)?(?:记者|通讯员|编辑|责编|实习生|撰稿人?|撰文|摄影|图|文)$")
_SENTENCE_RE = re.compile(r"[，。！？；,;!?]")
_SPLIT_NAMES_RE = re.compile(r"\s*(?:,|，|、|&|\band\b)\s*")
_TAG_SPLIT_RE = re.compile(r"[,，、;；|｜/]+|\s+(?=#)")

#: A date at the start or the end of a part that holds more (a name, a place, an id).
_EDGE_DATE = r"\d{4}\s?[-/.年]\s?\d{1,2}\s?[-/.月]\s?\d{1,2}(?:\s?日)?(?:\s{1,2}\d{1,2}:\d{2}(?::\d{2})?)?"
_DATE_EDGE_RE = re.compile(rf"^{_EDGE_DATE}(?!\d)|(?<![\d:]){_EDGE_DATE}$")
_EDGE_REST = 24


@dataclass
class Read:
    """What the head and footer gave: fields, lines to take out, and counts of removals."""

    fields: dict[str, Any] = field(default_factory=dict)
    removed: set[int] = field(default_factory=set)
    extra_links: list[tuple[str, str]] = field(default_factory=list)
    source_fields: dict[str, str] = field(default_factory=dict)
    fixes: dict[str, int] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)

    def count(self, name: str) -> None:
        self.fixes[name] = self.fixes.get(name, 0) + 1


def read_line(line: str, read: Read, only: tuple[str, ...] = (), footer: bool = False,
              weak_dates: bool = True) -> bool:
    """Read a head or footer line whole (every part gives a field that agrees with what
    was read before) into ``read``; False, with nothing taken, if any part does not. In a
    ``footer`` a date counts only under a label that says published (``发布时间``), not
    ``时间：`` (a notice's time) or a date alone (a letter's signing date); without
    ``weak_dates`` a head line's date counts alone or under such a label only. A footer's
    url that is not the one read (a ``Permalink`` of its own) is kept in ``source_fields``
    under its label."""
    if len(line) > MAX_META_LINE:
        return False
    found: dict[str, Any] = {}
    extra: dict[str, str] = {}
    for part in (p.strip(WRAP) for p in _SEGMENT_RE.split(line.strip(WRAP))):
        if not part:
            continue
        got = _segment(part, footer, weak_dates)
        if got is None or (only and not set(got) <= set(only) | {"archive_urls"}):
            return False
        if footer and "url" in got and read.fields.get("url", got["url"]) != got["url"]:
            extra[_part_label(part)] = got.pop("url")
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


def _part_label(part: str) -> str:
    """The label a part of a line is written under: a link's text, or the words before
    the colon (``Permalink``)."""
    link = _only_link(part)
    if link:
        return link[0].strip(WRAP + ":：") or "url"
    labelled = _LABEL_RE.match(part)
    return labelled.group("label") if labelled else "url"


def _agrees(fields: dict[str, Any], found: dict[str, Any]) -> bool:
    """No field read already holds another value (a second url is not the same article)."""
    return all(fields.get(key, value) == value for key, value in found.items() if key != "archive_urls")


def _segment(part: str, footer: bool = False, weak_dates: bool = True) -> dict[str, Any] | None:
    """The fields one part of a head (or ``footer``) line gives, or None if it is not one;
    a weak date label (``时间：``) gives none in a footer or without ``weak_dates``."""
    link = _only_link(part)
    if link:
        return _link_part(*link)
    if HASHTAGS_RE.match(part):
        return {"tags": tuple(dict.fromkeys(t.lstrip("#") for t in part.split()))}
    labelled = _LABEL_RE.match(part) or _BARE_LABEL_RE.match(part)
    if labelled:
        label, value = labelled.group("label"), labelled.group("value").strip(WRAP)
        if (footer or not weak_dates) and label.lower() in WEAK_DATE_LABELS:
            return None
        return _labelled(_LABEL_FIELD.get(label.lower(), "publisher"), label, value)
    posted = _POSTED_RE.match(part)
    if posted:
        return _posted(posted)
    return None if footer else _date_fields(part)


def _posted(posted: re.Match[str]) -> dict[str, Any] | None:
    """``Posted on <date>`` and ``… by <name>``: the date, and the author when one is named."""
    got = _date_fields(posted.group("date"))
    if got is None:
        return None
    if posted.group("by"):
        names = tuple(n for n in _SPLIT_NAMES_RE.split(posted.group("by").strip(WRAP)) if n)
        if not names or _SENTENCE_RE.search(posted.group("by")):
            return None
        got["authors"] = names
    return got


def _only_link(part: str) -> tuple[str, str] | None:
    """(label, url) when the part is one markdown link and nothing else."""
    found = links.markdown_links(part)
    if len(found) != 1 or links.strip_links(part).strip(WRAP) != found[0][0].strip(WRAP):
        return None
    return found[0]


def _link_part(label: str, url: str) -> dict[str, Any] | None:
    """``[阅读原文](url)``, ``[archive.ph](url)``, ``[轉載自GNews](url)``."""
    if not url.startswith("http"):
        return None
    if links.is_archive_url(url) or label.lower().startswith(links.ARCHIVE_LABELS):
        return {"archive_urls": (url,)}
    name = label_of(label)
    if name == "archive_urls":
        return {"archive_urls": (url,)}
    if name == "url" or label == url:
        return {"url": url}
    bare = _BARE_LABEL_RE.match(label)
    if bare and _is_article_url(url):
        return {"publisher": bare.group("value").strip(WRAP), "url": url}
    return None


def label_of(text: str) -> str | None:
    """The field a link's text names, when the text is a label alone (阅读原文, Permalink)."""
    return _LABEL_FIELD.get(text.strip(WRAP + ":：").lower())


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
        tags = tuple(dict.fromkeys(t.strip(WRAP + "#") for t in _TAG_SPLIT_RE.split(links.strip_links(value))
                                   if t.strip(WRAP + "#")))
        return {"tags": tags} if tags else None
    if name == "kept":
        return {"kept": (label, value)}
    alone = _url_alone(value)
    if name == "publisher" and alone:  # ``Source: https://…``: the article's url, or a site's home kept
        return {"url": alone} if _is_article_url(alone) else {"kept": (label, alone)}
    text = links.strip_links(value).strip(WRAP)
    if not text or len(text) > 60 or links.bare_urls(text):
        return None
    if name == "authors":
        names = bylines.labelled_byline(f"作者：{text}") if re.search(r"[\u4e00-\u9fff]", text) else \
            tuple(n for n in _SPLIT_NAMES_RE.split(text) if n)
        return {"authors": tuple(names)} if names and _every_name_read(text, names) else None
    got: dict[str, Any] = {name: text}
    url = next((u for _, u in links.markdown_links(value)), None)
    if name == "publisher" and url:  # an article's link is its url; a site's is kept by its label
        got.update({"url": url} if _is_article_url(url) else {"kept": (label, url)})
    elif url:
        return None
    return got


def _url_alone(value: str) -> str | None:
    """The url when ``value`` is one url and nothing else (bare, ``<url>`` or ``[url](url)``)."""
    link = _only_link(value)
    if link and link[1].startswith("http") and link[0].strip(WRAP) in (link[1], link[1].split("://", 1)[-1]):
        return link[1]
    bare = value.strip(WRAP + "<>")
    found = links.bare_urls(bare)
    return bare if found and bare.startswith("http") and len(found) == 1 and found[0] == bare else None


def _every_name_read(text: str, names: tuple[str, ...]) -> bool:
    """Does every name the byline writes appear among ``names``? (``A（x）|B（y）`` read as A
    alone would lose B: such a line stays in the text.) Bracketed notes (``（实习生）``) are
    not names."""
    pieces = [p for p in _NAME_PIECES_RE.split(_BRACKETED_RE.sub(" ", text)) if p.strip(WRAP + "\\")]
    return all(any(name in piece or piece in name for name in names) or _ROLE_RE.match(piece) for piece in pieces)


def _is_article_url(url: str) -> bool:
    """A URL with a path (an article), not a site's home page."""
    rest = url.split("://", 1)[-1]
    return "/" in rest and rest.split("/", 1)[1].strip("/") != ""


def _date_fields(value: str) -> dict[str, Any] | None:
    """``date_published`` (and ``date_text`` when it is not a full real date) of a part
    that is a date and nothing else, or None."""
    found = written_date(value.strip(WRAP))
    if found is None:
        return None
    iso, written = found
    return {"date_published": iso} if iso else {"date_text": written}


def written_date(value: str) -> tuple[str | None, str] | None:
    """See :func:`normalize.metadata.dates.written_date` (kept here for callers)."""
    return dates.written_date(value)


def partial_line(line: str, read: Read, weak_dates: bool = True, no_dates: bool = False) -> None:
    """The fields of a head line that holds more than fields (``神光的幸福生活 2026年3月13日
    12:46``, ```2020-07-23 12:58 GM77` [轉載自GNews](url)``): each part that reads whole,
    and a date at the edge of one that does not, read; the line kept in the text."""
    if len(line) > MAX_META_LINE:
        return
    parts = [p.strip(WRAP) for p in _SEGMENT_RE.split(line.strip(WRAP)) if p.strip(WRAP)]
    readings = [(part, _segment(part, weak_dates=weak_dates)) for part in parts]
    if any(not got and (_SENTENCE_RE.search(part) or len(links.strip_links(part)) > 40)
                                        for part, got in readings):
        return  # a line of the body, not a head line
    for part, got in readings:
        if got and no_dates:
            got = {k: v for k, v in got.items() if k not in ("date_published", "date_text")}
        if got and "kept" not in got and _agrees(read.fields, got):
            archive = got.pop("archive_urls", ())
            read.fields.update(got)
            if archive:
                read.fields["archive_urls"] = tuple(dict.fromkeys((*read.fields.get("archive_urls", ()), *archive)))
            read.evidence.append("fields in a head line")
        elif not no_dates and not any(k in read.fields for k in ("date_published", "date_text")):
            if weak_dates or not _WEAK_LABEL_RE.match(part):
                _date_at_edge(part, read)


def _date_at_edge(part: str, read: Read) -> None:
    """A full date at the start or the end of a part that holds a little more."""
    part = links.strip_links(part)  # ``2017年06月01日 12:01:55[vbskj](…)阅读数：2711``: a link's url is no text
    match = None if _SENTENCE_RE.search(part) else _DATE_EDGE_RE.search(part)
    if match and len(part) - len(match.group(0)) <= _EDGE_REST:
        iso, written = dates.date_stamp(match.group(0))
        if written:
            read.fields.update({"date_published": iso} if iso else {"date_text": written})
            read.evidence.append("date in a head line")


def weak_date_line(line: str) -> bool:
    """A line that opens with a weak date label (``时间：2020年3月6日 09:00``)."""
    return bool(_WEAK_LABEL_RE.match(line.strip(WRAP)))


def boilerplate(line: str, read: Read) -> bool:
    """A share line or a feed plugin stamp: its links kept in ``links``, a stamp's words
    in ``source_fields``."""
    if len(line) > MAX_META_LINE:
        return False
    bare = links.strip_links(line).strip(WRAP)
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
