"""What a headline line in plain text looks like, and the lines that sit under one."""

from __future__ import annotations

import re

from ..textutil import WHITESPACE, ends_sentence
from . import markers
from .datelines import is_closing_dateline

MAX_HEADLINE = 48
MAX_BROKEN_HEADLINE = 64

_NUMBERED_RE = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十百\d]+[，,、：:章节部分条]"
    r"|\d{1,2}[.、．](?!\d)|[①-⑳])"
)
_DATE_LINE_RE = re.compile(r"^[（(]?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[)）]?$")
#: ``key: value`` lines (YAML, labelled dumps) are fields, not headlines.
_LABEL_RE = re.compile(
    r"^(?:[A-Za-z_][\w-]{0,30}\s*:\s|(?:标题|副标题|作者|来源|时间|日期|发布时间|链接|连接|网址"
    r"|内容|正文|版面|版次|记者|编辑|责任编辑)\s*[:：])")
_QUOTED_RE = re.compile(r"^[“「『\"].*[”」』\"]$")


def is_headline_like(line: str) -> bool:
    """A short line that does not read as a sentence: a title or a subhead.

    Numbered section headings (一、… / 第一，…), datelines, continuation markers, date
    lines and wholly quoted lines are not headlines.
    """
    text = line.strip(WHITESPACE)
    if not 2 <= len(text) <= MAX_HEADLINE or ends_sentence(text):
        return False
    if text[-1] in "：:，,、" or text.startswith(("—", "-", "*", "·", "•", "(", "（")):
        return False
    if sum(text.count(c) for c in "，,") > 1 or any(c in text for c in "。；;"):
        return False
    if _NUMBERED_RE.match(text) or _QUOTED_RE.match(text) or _LABEL_RE.match(text) or is_date_line(text):
        return False
    if markers.continued_from(text) or is_closing_dateline(text):
        return False
    return True


def is_numbered_heading(line: str) -> bool:
    """A numbered section heading (一、关于… / （二）…): short, not a sentence."""
    text = line.strip(WHITESPACE)
    return (bool(_NUMBERED_RE.match(text)) and len(text) <= MAX_HEADLINE
            and not ends_sentence(text) and not any(c in text for c in "，,；;。"))


def is_title_like(line: str) -> bool:
    """A headline that can open an article (subheads ending in a dash cannot)."""
    return is_headline_like(line) and not line.rstrip(WHITESPACE).endswith(("—", "-"))


def is_date_line(line: str) -> bool:
    """True for a line holding only a full date, such as （2020年2月23日）."""
    return bool(_DATE_LINE_RE.match(line.strip(WHITESPACE)))


def is_indented(line: str) -> bool:
    """True when a line starts with paragraph indentation."""
    return bool(line) and line[0] in WHITESPACE


_META_LABEL_RE = re.compile(r"^[\s\u3000]*(?:来源|出处|编辑|责编|责任编辑|作者|记者|发布时间|时间|日期)\s*[：:]")
_STAMP_LIKE_RE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}:\d{2}")


def is_meta_line(line: str) -> bool:
    """A line of metadata (a date stamp, 来源：…, 编辑：…): never part of a headline."""
    text = line.strip(WHITESPACE)
    return bool(_META_LABEL_RE.match(text) or _STAMP_LIKE_RE.search(text)) and len(text) <= 60
