"""Plain text of any other shape: split into articles on strong signals only.

An article starts at the top of the file, or at a headline (one line, or two short
lines of one broken headline) that something else confirms: the line before it
closes an article (（新华社北京3月10日电）, （完）), the line after it opens a
continuation (（上接1版）), a date line or byline follows it, the headline is broken
over two lines, or it breaks the paragraph indentation around it. A lone short line
inside an article is a subhead and stays there. When in doubt, do not split.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..metadata import bylines, dates, headlines, markers
from ..metadata.datelines import is_closing_dateline
from ..records import RawDoc
from ..textutil import WHITESPACE

NAME = "plaintext"
MARKUP = "plain"


#: Every paragraph repair applies (printed pages are where OCR cuts paragraphs).
PART_REPAIRS_OFF: frozenset[str] = frozenset()


def sniff(text: str, suffix: str) -> tuple[float, str]:
    """Any text is plain text; the low score lets every other format win on evidence."""
    return 0.1, "fallback for any text"


def parse(text: str) -> Iterator[RawDoc]:
    """One RawDoc per article found."""
    lines = text.split("\n")
    content = [i for i, line in enumerate(lines) if line.strip(WHITESPACE)]
    starts = [0] + [k for k in range(1, len(content)) if _starts_article(lines, content, k)]
    for ordinal, (begin, end) in enumerate(zip(starts, starts[1:] + [len(content)])):
        yield _article(ordinal, lines, content[begin:end])


def _title_block(lines: list[str], content: list[int], k: int) -> int:
    """How many lines (0, 1 or 2) at content[k] form a headline followed by more text."""
    if k + 1 >= len(content) or not headlines.is_title_like(lines[content[k]]):
        return 0
    second = lines[content[k + 1]]
    joined = len(lines[content[k]].strip()) + len(second.strip())
    if (headlines.is_title_like(second) and joined <= headlines.MAX_BROKEN_HEADLINE
            and not bylines.bare_byline(second) and k + 2 < len(content)
            and not headlines.is_headline_like(lines[content[k + 2]])):
        return 2
    return 1


def _starts_article(lines: list[str], content: list[int], k: int) -> bool:
    size = _title_block(lines, content, k)
    if not size or k + size >= len(content):
        return False
    previous, following = lines[content[k - 1]], lines[content[k + size]]
    if headlines.is_headline_like(following) and not bylines.bare_byline(following):
        return False
    return (
        is_closing_dateline(previous)
        or bool(markers.END_MARK_RE.search(previous))
        or markers.continued_from(following) is not None
        or headlines.is_date_line(following)
        or (bylines.bare_byline(following) is not None and k + size + 1 < len(content))
        or size == 2
        or (headlines.is_indented(previous) and not headlines.is_indented(lines[content[k]])
            and headlines.is_indented(following) is False and len(following.strip()) > 40
            and _mostly_indented(lines, content[:k]))
    )


def _mostly_indented(lines: list[str], indexes: list[int]) -> bool:
    body = [lines[i] for i in indexes[-6:]]
    return sum(headlines.is_indented(line) for line in body) * 2 > len(body)


def _article(ordinal: int, lines: list[str], indexes: list[int]) -> RawDoc:
    size = _title_block(lines, indexes, 0) if len(indexes) > 1 else 0
    title = "".join(lines[i].strip(WHITESPACE) for i in indexes[:size]) or None
    meta: dict[str, Any] = {}
    consumed = size
    for i in indexes[size:size + 3]:
        line = lines[i]
        if headlines.is_date_line(line) and "date_published" not in meta:
            meta["date_published"], meta["date_text"] = dates.chinese_date(line)
        elif bylines.bare_byline(line) and "authors" not in meta and consumed < len(indexes) - 1:
            meta["authors"] = bylines.bare_byline(line)
        else:
            break
        consumed += 1
    body_from = indexes[consumed] if consumed < len(indexes) else indexes[-1] + 1
    body = "\n".join(lines[body_from:indexes[-1] + 1])
    flags = () if title else ("no_title",)
    fixes = (("metadata_lines", consumed - size),) if consumed > size else ()
    return RawDoc(ordinal, indexes[0] + 1, indexes[-1] + 1, body, MARKUP, title, meta, flags, fixes)
