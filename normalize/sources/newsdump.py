"""Plain-text news dumps: ``>>>TITLE`` lines and ``====NEXT NEWS====`` separators.

Many articles per file. A ``>>>`` line starts an article and gives its title; a
separator (``NEXT NEWS``, or a line holding only ``*`` as crawlers write) ends one.
An article without a ``>>>`` title, or with an empty one, takes its first line as the
title when that line reads as one. A site name after the title (``标题- 中国日报网``)
becomes the publisher, a section and site (``标题--国际--人民网``) the section too. Parts holding no text (a trailing separator) yield nothing.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..metadata import headlines
from ..records import RawDoc

NAME = "newsdump"
MARKUP = "plain"

TITLE_PREFIX = ">>>"
SEPARATOR_RE = re.compile(r"^\s*=+\s*NEXT\s*NEWS\s*=+\s*$", re.I)
#: Crawler dumps without ``>>>`` titles separate articles with a line of ``*``.
STAR_SEPARATOR_RE = re.compile(r"^\s*(?:=+\s*NEXT\s*NEWS\s*=+|\*{1,3})\s*$", re.I)
#: ``STAR_SEPARATOR_RE`` as the lines of a head that ``"\n" + head`` holds (``\s`` kept within a
#: line): one search, its newline a literal found fast, not one match per line.
_HEAD_SEPARATOR_RE = re.compile(r"\n[^\S\n]*(?:=+[^\S\n]*NEXT[^\S\n]*NEWS[^\S\n]*=+|\*{1,3})[^\S\n]*(?=\n|\Z)", re.I)
#: A site name after a title: ``标题- 中国日报网``, ``标题_新华网``, ``标题 | 澎湃新闻``.
_SITE_SUFFIX_RE = re.compile(r"\s*(?:[-_|｜–—]|\s-\s)\s*([^-_|｜\s]{2,16}(?:网|社|报|台|新闻|通讯社|日报))\s*(?:\.{3}|…)?$")


#: Section and site after a title: ``标题--国际--人民网``.
_SECTION_SITE_RE = re.compile(r"--([^-\s]{1,10})--([^-\s]{2,16}(?:网|社|报|台|新闻))$")
#: A site name the crawler cut short: ``标题- 俄罗斯 ...`` (dropped, it names nothing).
_TRUNCATED_SITE_RE = re.compile(r"(?<=\S)-\s+\S{1,12}\s*(?:\.{3}|…)$")

#: Paragraphs here come from web pages (HTML ``<p>``): a paragraph without a full stop
#: is the author's, never an OCR cut, so cut paragraphs are not joined.
PART_REPAIRS_OFF = frozenset({"paragraph_joins"})


def sniff(text: str, suffix: str) -> tuple[float, str]:
    """Score by ``>>>`` title lines and separators near the top of the file."""
    head = text[:20000]
    titles = head.startswith(TITLE_PREFIX) + head.count("\n" + TITLE_PREFIX)
    separators = len(_HEAD_SEPARATOR_RE.findall("\n" + head)) if "*" in head or "=" in head else 0
    first = next((line for line in head.split("\n") if line.strip()), "")
    score = 0.0
    if first.startswith(TITLE_PREFIX):
        score += 0.6
    elif separators >= 2 and headlines.is_headline_like(first):
        score += 0.4
    score += min(titles, 3) * 0.1 + min(separators, 3) * 0.1
    return min(score, 1.0), f"{titles} '>>>' lines, {separators} separators in the head"


def parse(text: str) -> Iterator[RawDoc]:
    """One RawDoc per article; the title line is not part of the body."""
    lines = text.split("\n")
    separator = SEPARATOR_RE if any(l.startswith(TITLE_PREFIX) for l in lines) else STAR_SEPARATOR_RE
    start: int | None = None
    title: str | None = None
    body: list[str] = []
    for number, line in enumerate(lines + [None], start=1):  # None flushes the last one
        is_title = line is not None and line.startswith(TITLE_PREFIX)
        if line is None or is_title or separator.match(line):
            doc = _article(start, title, body)
            if doc is not None:
                yield doc
            start, title, body = (number, line[len(TITLE_PREFIX):].strip(), []) if is_title else (None, None, [])
            continue
        if start is None and line.strip():
            start = number
        if start is not None:
            body.append(line)


def _article(start: int | None, title: str | None, body: list[str]) -> RawDoc | None:
    if start is None or not (title or any(line.strip() for line in body)):
        return None
    while body and not body[-1].strip():
        body.pop()
    end = start + len(body) if title is not None else start + len(body) - 1
    if not title:
        title, body = _title_from_first_line(body)
    meta = {}
    title = _TRUNCATED_SITE_RE.sub("", title or "") or None
    section = _SECTION_SITE_RE.search(title or "")
    if section and section.start() >= 4:
        title, meta["section"], meta["publisher"] = title[:section.start()].strip(), section.group(1), section.group(2)
    site = _SITE_SUFFIX_RE.search(title or "")
    if site and len(title) - len(site.group(0)) >= 4:
        title, meta["publisher"] = title[:site.start()].strip(), site.group(1)
    return RawDoc(
        line_start=start,
        line_end=max(end, start),
        body="\n".join(body),
        markup=MARKUP,
        title=title or None,
        meta=meta,
        flags=() if title else ("no_title",),
    )


def _title_from_first_line(body: list[str]) -> tuple[str | None, list[str]]:
    """An untitled article's first line is its title when it reads as a headline."""
    index = next((i for i, line in enumerate(body) if line.strip()), None)
    if index is None:
        return None, body
    line = body[index].strip()
    rest = [l for l in body[index + 1:] if l.strip()]
    if headlines.is_headline_like(line) or (not rest and len(line) <= headlines.MAX_HEADLINE):
        return line, body[:index] + [""] + body[index + 1:]
    return None, body
