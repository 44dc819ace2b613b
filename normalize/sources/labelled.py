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
read and removed, and the record flagged ``labels_out_of_order``; unlabelled lines in a
header are kept at the top of the body, flagged ``unlabelled_header_lines``. A file that
does not open with a label, or has no title or link label, is not this layout.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..metadata import bylines, dates
from ..records import RawDoc
from ..textutil import WHITESPACE
from .base import SourceError

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
    """Score the layout: the first line a label, a title or link label among the header's
    labels, and a body label within reach. Anything less scores under ``plaintext``."""
    lines = text[:8000].split("\n")[:HEADER_REACH + 2]
    first = next((i for i, line in enumerate(lines) if line.strip(WHITESPACE)), None)
    labels = [(i, hit[0]) for i, hit in ((i, _label(line)) for i, line in enumerate(lines)) if hit]
    if first is None or not labels or labels[0][0] != first:
        return 0.0, "the first line is no label"
    names = {name for _, name in labels}
    if "body" not in names or not names & {"title", "url"}:
        return 0.05, f"labels {sorted(names)}: no title or link label, or no body label"
    score = 0.6 + 0.1 * min(len(names - {"body"}), 3)
    return min(score, 1.0), f"labels {sorted(names)}, body label at line {next(i for i, n in labels if n == 'body') + 1}"


def parse(text: str) -> Iterator[RawDoc]:
    """One RawDoc per article; raises SourceError when the file does not open with the layout."""
    lines = text.split("\n")
    hits = [_label(line) for line in lines]  # each line's label, read once
    starts = _article_starts(lines, hits)
    if not starts:
        raise SourceError("no_body_label", "the file does not open with labels followed by '内容：'/'正文：'")
    ends = starts[1:] + [len(lines)]
    for start, end in zip(starts, ends):
        raw = _article(lines, hits, start, end)
        if raw is not None:
            yield raw


def _article_starts(lines: list[str], hits: list[tuple[str, str] | None]) -> list[int]:
    """Line indexes where articles start: the first line (a label), then, inside a body,
    each line with the first article's first label, or a title or link label, that a
    body label follows within ``HEADER_REACH`` lines."""
    first = next((i for i, line in enumerate(lines) if line.strip(WHITESPACE)), None)
    if first is None or hits[first] is None or hits[first][0] == "body":
        return []
    bodies = [i for i, hit in enumerate(hits) if hit and hit[0] == "body"]
    if not bodies or bodies[0] - first > HEADER_REACH:
        return []
    leader = hits[first][0]
    starts, body_at = [first], bodies[0]
    for index in range(body_at + 1, len(lines)):
        hit = hits[index]
        if index <= body_at or not hit or hit[0] == "body" or (hit[0] != leader and hit[0] not in ("title", "url")):
            continue
        following = next((b for b in bodies if b > index), None)
        if following is not None and following - index <= HEADER_REACH:
            starts.append(index)
            body_at = following
    return starts


def _article(lines: list[str], hits: list[tuple[str, str] | None], start: int, end: int) -> RawDoc | None:
    fields: dict[str, str] = {}
    kicker = subtitle_line = title_line = None
    flags: list[str] = []
    stray: list[str] = []  # unlabelled lines in the header: kept, at the top of the body
    index, body_from, body_value = start, end, None
    while index < end:
        hit = hits[index]
        if hit is None:
            if lines[index].strip(WHITESPACE):
                stray.append(lines[index])
            index += 1
            continue
        name, value = hit
        if name == "body":
            body_from, body_value = index + 1, value or None
            break
        following = _value_lines(lines, hits, index + 1, end) if name == "title" else []
        if following:
            kicker, title_line = value, following[0]
            subtitle_line = following[1] if len(following) > 1 else None
            index += 1 + len(following)
            continue
        if name in fields or (name == "title" and title_line is not None):  # a label twice: keep the line
            flags.append("labels_repeated")
            stray.append(lines[index])
        else:
            fields[name] = value
        index += 1
    if body_from == end and body_value is None:
        flags.append("labels_out_of_order")
    if stray:
        flags.append("unlabelled_header_lines")
    body: list[str] = stray + ([body_value] if body_value else [])
    for line, hit in zip(lines[body_from:end], hits[body_from:end]):
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
    return RawDoc(line_start=start + 1, line_end=last + 1, body="\n".join(text_lines),
                  markup=MARKUP, title=title, meta=_meta(fields, subtitle), flags=tuple(sorted(set(flags))))


def _value_lines(lines: list[str], hits: list[tuple[str, str] | None], start: int, end: int) -> list[str]:
    """The People's Daily title and subtitle: the one or two unlabelled lines right after
    ``标题：`` (blank lines before the next label aside), when a label follows them.
    Empty if a label follows at once, or more lines than that do."""
    taken: list[str] = []
    index = start
    while index < min(end, start + 6) and hits[index] is None:
        taken.append(lines[index])
        index += 1
    if index >= end or hits[index] is None:
        return []
    while taken and not taken[-1].strip(WHITESPACE):
        taken.pop()
    return taken if len(taken) <= 2 else []


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
