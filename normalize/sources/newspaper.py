"""Newspaper pages as markdown: ``#`` page banner, ``##`` article titles, ``###`` subheads.

The banner is each following article's ``section``. Lines before the first ``##``
(continuation markers such as 上接A02版) belong to the first article.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..blocks import markdown_inline
from ..metadata import headlines
from ..records import RawDoc
from ..textutil import ends_sentence
from . import exportlines

NAME = "newspaper"
MARKUP = "markdown"

_BANNER_RE = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_TITLE_RE = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")


#: Every paragraph repair applies (printed pages are where OCR cuts paragraphs).
PART_REPAIRS_OFF: frozenset[str] = frozenset()


def sniff(text: str, suffix: str) -> tuple[float, str]:
    """Score by ``#``/``##``/``###`` headings, ``##`` titles above all: no ``##`` title,
    no page (a ``#``-titled export's section headings are no articles). A first ``#``
    over a line that gives the article's url is an export's title, not a page banner."""
    head = text[:20000]
    if not head.startswith("##") and "\n##" not in head:  # cheap check: every title line opens so
        return 0.0, "0 '##' titles"
    lines = head.split("\n")
    banners = sum(1 for line in lines if _BANNER_RE.match(line))
    titles = sum(1 for line in lines if _TITLE_RE.match(line))
    subheads = sum(1 for line in lines if line.startswith("### "))
    if text.lstrip().startswith("---\n") or not titles:
        return 0.0, f"{titles} '##' titles"
    if _banner_over_url(lines):
        return 0.1, "a '#' title over the article's url (an export, not a page)"
    heads = [markdown_inline(m.group(1)) for m in map(_TITLE_RE.match, lines) if m]
    if all(headlines.is_numbered_heading(head) for head in heads):
        return 0.08, f"its {titles} '##' headings are numbered sections (一、…) of one article"
    if _title_over_prose(lines):
        return 0.08, "a '#' title over prose: one article with section headings, not a page"
    score = 0.5 + 0.2 * min(banners, 1) + 0.1 * min(titles, 2) + 0.1 * min(subheads, 1)
    score += 0.05 if suffix in (".md", ".markdown") else 0.0
    return min(score, 1.0), f"{banners} banners, {titles} '##' titles, {subheads} '###' subheads"


def _title_over_prose(lines: list[str]) -> bool:
    """Is there, before the first ``##``, a paragraph of prose under the first ``#`` heading
    or with no banner at all (an article's opening, not a page's continuation marker or
    date line)?"""
    content = [line.strip() for line in lines[:60] if line.strip()]
    if not content or _TITLE_RE.match(content[0]):
        return False
    first = 1 if _BANNER_RE.match(content[0]) else 0
    for line in content[first:first + 8]:
        if line.startswith("#"):
            return False
        text = markdown_inline(line).strip()
        if len(text) >= 40 and ends_sentence(text):
            return True
    return False


def _banner_over_url(lines: list[str]) -> bool:
    """Is the first content line a ``#`` heading and the next one a line giving a url
    (``Source: https://…``, ``原文链接：…``)?"""
    content = [line.strip() for line in lines[:40] if line.strip()]
    if len(content) < 2 or not _BANNER_RE.match(content[0]):
        return False
    read = exportlines.Read()
    return exportlines.read_line(content[1], read, only=("url",)) and "url" in read.fields


def parse(text: str) -> Iterator[RawDoc]:
    """One RawDoc per ``##`` article, with the page banner as ``section``."""
    lines = text.split("\n")
    section: str | None = None
    pending: list[str] = []  # lines before the first title
    pending_start: int | None = None
    pending_end = 0
    current: dict | None = None
    in_fence = False
    for number, line in enumerate(lines, start=1):
        if _FENCE_RE.match(line):
            in_fence = not in_fence
        banner = None if in_fence else _BANNER_RE.match(line)
        title = None if in_fence else _TITLE_RE.match(line)
        if banner or title:
            if current is not None and not _has_body(current) and title:
                # a title with nothing under it (a newsletter's empty section) is no article:
                # its heading goes on at the top of the next one, so it is not lost
                pending, pending_start = current["lines"][:-1] + [f"### {current['title']}", ""], current["start"]
                current = None
            if current is not None:
                yield _article(current)
            if banner:
                section, current = markdown_inline(banner.group(1)), None
                continue
            current = {"start": pending_start or number, "title": markdown_inline(title.group(1)),
                       "section": section, "lines": pending + [""], "end": number}
            pending, pending_start = [], None
            continue
        if current is None:
            pending.append(line)
            if line.strip():
                pending_start = pending_start or number
                pending_end = number
        else:
            current["lines"].append(line)
            if line.strip():
                current["end"] = number
    if current is not None:
        yield _article(current)
    elif pending_start is not None:  # text after the last banner (or a page with no title): its own lines
        yield RawDoc(pending_start, pending_end, "\n".join(pending), MARKUP, None,
                     {"section": section}, ("no_title",))


def _has_body(article: dict) -> bool:
    """Text under a title, not only headings."""
    return any(line.strip() and not line.lstrip().startswith("#") for line in article["lines"])


def _article(article: dict) -> RawDoc:
    return RawDoc(
        line_start=article["start"],
        line_end=article["end"],
        body="\n".join(article["lines"]),
        markup=MARKUP,
        title=article["title"] or None,
        meta={"section": article["section"]},
    )
