"""Field-labelled dumps: ``LABEL：value`` lines (连接/标题/内容 …), the body after the body label.

People's Daily dumps and many in-house exports write an article as labelled fields::

    连接：http://paper.people.com.cn/rmrb/html/2020-04/02/nw.D110000renmrb_20200402_4-09.htm
    标题：<kicker (引题), often empty>
    <title>
    <subtitle (副题), often empty>
    内容：
    　　body …

Labels: link (连接/链接/网址/URL/原文链接), title (标题/题目), subtitle (副标题/副题),
author (作者/记者), source (来源), date (时间/日期/发布时间), page (版面/版次) and body
(内容/正文), followed by a full-width or ASCII colon. One article per file, or several,
each starting with the label the first article started with.

``标题：`` followed by value lines before the next label is the People's Daily layout:
the label's own value is the kicker, the next line the title, the one after it the
subtitle. The kicker is kept as the first line of ``text`` (a ``heading`` block when it
reads as one). Without the extra lines, ``标题：value`` is the title. Labels never reach
``text``; a link label met inside a body (an article whose fields are out of order) is
read and removed, and the record flagged ``labels_out_of_order``.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..metadata import bylines, dates
from ..records import RawDoc
from ..textutil import WHITESPACE
from . import SourceError

NAME = "labelled"
MARKUP = "plain"
#: Bodies come from web pages or the paper's own text files: never joined as OCR cuts.
PART_REPAIRS_OFF = frozenset({"paragraph_joins"})

FIELDS = {
    "url": ("连接", "链接", "网址", "原文链接", "原文地址", "URL", "Url", "url", "网页链接"),
    "title": ("标题", "题目", "主标题"),
    "subtitle": ("副标题", "副题"),
    "authors": ("作者", "记者", "撰稿"),
    "publisher": ("来源", "出处", "稿源"),
    "date": ("时间", "日期", "发布时间", "发表时间", "出版日期", "刊发日期"),
    "section": ("版面", "版次", "栏目", "版名"),
    "body": ("内容", "正文", "全文"),
}
_FIELD_OF = {label: name for name, labels in FIELDS.items() for label in labels}
_LABEL_RE = re.compile(
    r"^[ \t\u3000]*(" + "|".join(sorted(map(re.escape, _FIELD_OF), key=len, reverse=True)) + r")[ \t\u3000]*[：:][ \t\u3000]*(.*)$")
#: How many lines the body label may come after the first label (the header's length).
HEADER_REACH = 20


def _label(line: str) -> tuple[str, str] | None:
    """(field, value) of a label line, or None."""
    match = _LABEL_RE.match(line)
    if match is None:
        return None
    field = _FIELD_OF[match.group(1)]
    value = match.group(2).strip(WHITESPACE)
    if field == "url" and value and not re.match(r"(?i)(?:https?|ftp)://|www\.", value):
        return None  # "网址：" followed by prose is not a link field
    return field, value


def sniff(text: str, suffix: str) -> tuple[float, str]:
    """Score by label lines at the top: the first line a label, a body label within reach."""
    lines = [line for line in text[:8000].split("\n")[:HEADER_REACH + 2]]
    found = [(i, _label(line)) for i, line in enumerate(lines)]
    labels = [(i, hit[0]) for i, hit in found if hit]
    first = next((i for i, line in enumerate(lines) if line.strip(WHITESPACE)), None)
    if not labels or first is None:
        return 0.0, "no label lines"
    names = {name for _, name in labels}
    if "body" not in names:
        return 0.2 if labels[0][0] == first else 0.05, f"labels {sorted(names)} but no body label"
    score = 0.4 + (0.2 if labels[0][0] == first else 0.0) + 0.1 * min(len(names - {"body"}), 3)
    return min(score, 1.0), f"labels {sorted(names)}, body label at line {next(i for i, n in labels if n == 'body') + 1}"


def parse(text: str) -> Iterator[RawDoc]:
    """One RawDoc per article; raises SourceError when there is no body label."""
    lines = text.split("\n")
    starts = _article_starts(lines)
    if not starts:
        raise SourceError("no_body_label", "no '内容：'/'正文：' line after the labels")
    ends = starts[1:] + [len(lines)]
    ordinal = 0
    for start, end in zip(starts, ends):
        raw = _article(lines, start, end, ordinal)
        if raw is not None:
            yield raw
            ordinal += 1


def _article_starts(lines: list[str]) -> list[int]:
    """Line indexes where articles start: each line with the first article's first label,
    once that article's body has begun."""
    first = next((i for i, line in enumerate(lines) if line.strip(WHITESPACE)), None)
    if first is None or _label(lines[first]) is None:
        opening = next((i for i, line in enumerate(lines[:HEADER_REACH]) if _label(line)), None)
        if opening is None:
            return []
        first = opening
    leader = _label(lines[first])[0]
    starts, in_body = [first], False
    for index in range(first + 1, len(lines)):
        hit = _label(lines[index])
        if hit and hit[0] == "body" and not in_body:
            in_body = True
        elif hit and hit[0] == leader and in_body and leader != "body":
            starts.append(index)
            in_body = False
    if not any(_label(line) and _label(line)[0] == "body" for line in lines[first:]):
        return []
    return starts


def _article(lines: list[str], start: int, end: int, ordinal: int) -> RawDoc | None:
    fields: dict[str, str] = {}
    kicker = subtitle_line = title_line = None
    flags: list[str] = []
    index = start
    body_from = None
    while index < end:
        hit = _label(lines[index])
        if hit is None:
            index += 1
            continue  # a stray unlabelled header line: not text (it is before the body)
        name, value = hit
        if name == "body":
            body_from = index + 1
            if value:
                lines = lines[:index] + [value] + lines[index + 1:]
                body_from = index
            break
        following = _value_lines(lines, index + 1, end)
        if name == "title" and following:
            kicker, title_line = value, following[0]
            subtitle_line = following[1] if len(following) > 1 else None
            index += 1 + len(following)
            continue
        fields.setdefault(name, value)
        index += 1
    if body_from is None:
        flags.append("labels_out_of_order")
        body_from = end
    body: list[str] = []
    for line in lines[body_from:end]:
        hit = _label(line)
        if hit and hit[0] == "url":  # a link field inside the body: read it, keep it out of the text
            fields.setdefault("url", hit[1])
            flags.append("labels_out_of_order")
            body.append("")
            continue
        body.append(line)
    title = (title_line or "").strip(WHITESPACE) or fields.get("title") or None
    subtitle = fields.get("subtitle") or (subtitle_line or "").strip(WHITESPACE) or None
    kicker = (kicker or "").strip(WHITESPACE) or None
    if title is None and (kicker or subtitle):
        title, kicker = (kicker, None) if kicker else (subtitle, None)
        subtitle = None if title == subtitle else subtitle
    text_lines = ([kicker] if kicker else []) + body
    if not any(line.strip(WHITESPACE) for line in text_lines) and not title:
        return None
    last = max((i for i in range(start, end) if lines[i].strip(WHITESPACE)), default=start)
    return RawDoc(ordinal=ordinal, line_start=start + 1, line_end=last + 1, body="\n".join(text_lines),
                  markup=MARKUP, title=title, meta=_meta(fields, subtitle), flags=tuple(sorted(set(flags))))


def _value_lines(lines: list[str], start: int, end: int) -> list[str]:
    """The (at most two) unlabelled lines right after a label line, before the next label:
    the People's Daily title and subtitle. Empty if a label (or nothing) follows."""
    taken: list[str] = []
    for index in range(start, min(start + 2, end)):
        if _label(lines[index]):
            return taken
        taken.append(lines[index])
    following = start + len(taken)
    return taken if following < end and _label(lines[following]) else []


def _meta(fields: dict[str, str], subtitle: str | None) -> dict:
    meta: dict = {}
    if subtitle:
        meta["subtitle"] = subtitle
    url = fields.get("url")
    if url:
        meta["url"] = url
    if fields.get("authors"):
        meta["authors"] = bylines.labelled_byline(f"作者：{fields['authors']}") or (fields["authors"],)
    if fields.get("publisher"):
        meta["publisher"] = fields["publisher"]
    if fields.get("section"):
        meta["section"] = fields["section"]
    written = fields.get("date")
    if written:
        meta["date_text"] = written
        iso = dates.iso_date(written) or dates.chinese_date(written)[0]
        if iso:
            meta["date_published"] = iso
    if "date_published" not in meta and url and dates.url_date(url):
        meta["date_published"] = dates.url_date(url)
    return meta
