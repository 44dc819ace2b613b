"""Plain text of any other shape: split into articles on strong signals only.

An article starts at the top of the file, or at a headline (one line, or two short
lines of one broken headline) that something else confirms: the line before it
closes an article (（新华社北京3月10日电）, （完）), the line after it opens a
continuation (（上接1版）), a byline follows it, a date line follows it and headline +
date line repeats in the text, it is broken over two lines right after a closed
sentence, or it breaks the paragraph indentation around it. A separator line (-----,
=====, ＊＊＊) is read through for the line before a headline, and a separator over a
headline and a dateline (新华社…电, a date line) is a signal of its own; the separator
between two articles is their boundary, in neither text (a ``* * *`` inside one story,
no headline and dateline under it, stays in its text). Two lines are no broken
headline when either holds a comma or ends in 的 / 了 / 和 (double-spaced or wrapped text
cuts its sentences into such pairs). A lone short
line inside an article is a subhead and stays there. When in doubt, do not split.
``X时间：`` / ``X地点：`` lines are labels (a notice's event times), never headlines, and
only 日期 / 发布时间 / a bare 时间 label dates an article. A file of BBS posts (each
opening with 发信人 / 标  题 / 发信站 lines) is one record a post, its head read.

A line of numbers (a table row), a row of tab-split cells or of a word and a number
column (``云计算 5``), a line holding a URL or a label (原标题：, 原文链接：, 简介：), a
表1 / 图2 caption, a reference entry, an issue line,
a dateline and an article's own section heading (参考文献) never open an article. A
journal article (a masthead issue line, or 摘要 / 关键词 labels under its title: see
:mod:`.journal`) is one record whatever its body holds, flagged ``plaintext:kept_whole``
when plain text would have split it.
"""

from __future__ import annotations

import dataclasses
import datetime

import re
from collections import Counter
from typing import Any, Iterator

from ..metadata import bylines, dates, headlines, markers
from . import journal
from ..metadata.datelines import OPENING_RE, is_closing_dateline
from ..records import RawDoc
from ..textutil import WHITESPACE, ends_sentence, join_lines

NAME = "plaintext"
MARKUP = "plain"

#: Hard wrapping: at least this many lines of at least MIN_WRAP characters, and this
#: share of them at one width (or one less), no wider than MAX_WRAP.
MIN_WRAP, MAX_WRAP, MIN_WRAPPED_LINES, WRAPPED_SHARE = 10, 100, 6, 0.5
#: Lines under a title read as metadata (subtitle, date, byline, source) at most.
MAX_META_LINES = 4
_SOURCE_RE = re.compile(r"来源\s*[：:]\s*([^\s，,。|｜]{2,20})")


#: Every paragraph repair applies (printed pages are where OCR cuts paragraphs).
PART_REPAIRS_OFF: frozenset[str] = frozenset()


def sniff(text: str, suffix: str) -> tuple[float, str]:
    """Any text is plain text; the low score lets every other format win on evidence."""
    return 0.1, "fallback for any text"


#: A field line of some record layout: an ASCII key, ``:`` or ``=``, a value (not a URL).
_FIELD_LINE_RE = re.compile(r"^[ \t]*[A-Za-z][A-Za-z0-9_.-]{0,30}[ \t]*[:=](?!//)[ \t]*\S")
#: Field lines among the first non-blank lines that make a file look like a record
#: layout plain text does not read (flag ``field_lines``: a plugin or --format may).
FIELD_LINES, FIELD_REACH = 3, 12


def has_field_lines(text: str) -> bool:
    """Does the top of the text hold ``FIELD_LINES`` or more ``KEY: value`` / ``KEY=value`` lines?"""
    head = [line for line in text[:4000].split("\n") if line.strip(WHITESPACE)][:FIELD_REACH]
    return sum(1 for line in head if _FIELD_LINE_RE.match(line)) >= FIELD_LINES


def parse(text: str) -> Iterator[RawDoc]:
    """One RawDoc per article found; each flagged ``field_lines`` when the file opens with
    field lines of a layout no installed format reads."""
    extra = ("field_lines",) if has_field_lines(text) else ()
    for raw in _parse(text):
        yield dataclasses.replace(raw, flags=tuple(sorted(raw.flags + extra))) if extra else raw


def _parse(text: str) -> Iterator[RawDoc]:
    lines, spans, unwrapped = logical_lines(text.split("\n"))
    content = [i for i, line in enumerate(lines) if line.strip(WHITESPACE)]
    if not content:
        return
    posts = [k for k in range(len(content)) if _BBS_FROM_RE.match(lines[content[k]])
             and _bbs_head(lines, content[k:k + BBS_HEAD_LINES + 1]) is not None]
    if posts and posts[0] == 0:  # BBS posts: each opens with its head (发信人 / 标  题 / 发信站)
        for begin, end in zip(posts, posts[1:] + [len(content)]):
            indexes = content[begin:end]
            joins = sum(spans[i][1] - spans[i][0] for i in indexes) if unwrapped else 0
            yield _bbs_post(lines, indexes, (spans[indexes[0]][0] + 1, spans[indexes[-1]][1] + 1), joins)
        return
    cut = _cut_text(lines, content)
    dated = _dated_heads(lines, content, cut)
    starts = [0] + [k for k in range(1, len(content)) if _starts_article(lines, content, k, dated, cut)]
    head = journal.read_head(lines, content)
    if head is not None:  # one journal article: its head says so, whatever the body holds
        joins = sum(spans[i][1] - spans[i][0] for i in content) if unwrapped else 0
        yield journal.article(lines, content, head, (spans[content[0]][0] + 1, spans[content[-1]][1] + 1),
                              joins, kept_whole=len(starts) > 1)
        return
    for begin, end in zip(starts, starts[1:] + [len(content)]):
        indexes = content[begin:end]
        joins = sum(spans[i][1] - spans[i][0] for i in indexes)
        span = (spans[indexes[0]][0] + 1, spans[indexes[-1]][1] + 1)
        if end < len(content):  # the rule between two articles is their boundary, not text
            while len(indexes) > 1 and is_separator(lines[indexes[-1]]):
                indexes = indexes[:-1]
        yield _article(lines, indexes, span, joins if unwrapped else 0, cut)


def logical_lines(raw: list[str]) -> tuple[list[str], list[tuple[int, int]], bool]:
    """Lines of a hard-wrapped text joined back into paragraphs, with each one's raw
    line range (0-based, inclusive); other text comes back line for line.

    A text is hard-wrapped when most of its lines have one length W (the width it was
    wrapped at): a line of length W or W-1 continues on the next line.
    """
    width = wrap_width([len(line.strip(WHITESPACE)) for line in raw])
    if width is None:
        return raw, [(i, i) for i in range(len(raw))], False
    margin = Counter(_leading_spaces(line) for line in raw if len(line.strip(WHITESPACE)) >= MIN_WRAP).most_common(1)[0][0]
    lines: list[str] = []
    spans: list[tuple[int, int]] = []
    continues = False
    for index, line in enumerate(raw):
        rule = is_separator(line)  # a rule (-----) is as wide as it likes: it never wraps
        if continues and line.strip(WHITESPACE) and not _indent_cells(line, margin) and not rule:
            lines[-1] = _unwrap(lines[-1], line)
            spans[-1] = (spans[-1][0], index)
        else:
            lines.append(line)
            spans.append((index, index))
        continues = not rule and len(line.strip(WHITESPACE)) + _indent_cells(line, margin) >= width - 1
    return lines, spans, True


def _leading_spaces(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indent_cells(line: str, margin: int) -> int:
    """How many Han-wide cells a line's paragraph indentation takes beyond the text's
    margin (two ASCII spaces or one U+3000 a cell): a paragraph's first line is that much
    shorter than the width it was wrapped at."""
    lead = line[:len(line) - len(line.lstrip(WHITESPACE))]
    return max(0, lead.count(" ") - margin) // 2 + lead.count("\u3000")


def wrap_width(lengths: list[int]) -> int | None:
    """The width a text was hard-wrapped at, or None if it was not."""
    long = [n for n in lengths if n >= MIN_WRAP]
    if len(long) < MIN_WRAPPED_LINES:
        return None
    width, count = Counter(long).most_common(1)[0]
    near = sum(1 for n in long if width - 1 <= n <= width)
    return width if width <= MAX_WRAP and near >= WRAPPED_SHARE * len(long) else None


def _unwrap(head: str, tail: str) -> str:
    head, tail = head.rstrip(WHITESPACE), tail.strip(WHITESPACE)
    if head.endswith("-") and head[-2:-1].isalpha() and tail[:1].islower():
        return head[:-1] + tail
    return join_lines([head, tail])


#: A line ending in a particle or a conjunction (…宇宙终极真理的 / …了 / …和) is a sentence
#: cut by a line break, never a headline that opens an article.
_OPEN_END = ("的", "了", "和", "與", "与", "及")


def _opens_article(line: str) -> bool:
    """Can this headline-like line be (part of) the headline of a new article?"""
    text = line.strip(WHITESPACE)
    return not text.endswith(_OPEN_END)


def _title_block(lines: list[str], content: list[int], k: int, cut: bool = False) -> int:
    """How many lines (0, 1 or 2) at content[k] form a headline followed by more text.
    Two lines are one broken headline only when neither holds a comma (a sentence broken
    over lines) and the first does not end in a particle (的 / 了 / 和). In ``cut`` text
    (its lines cut mid-sentence: see :func:`_cut_text`) a line with a comma is no headline."""
    if k + 1 >= len(content) or not headlines.is_title_like(lines[content[k]]):
        return 0
    if cut and (any(c in lines[content[k]] for c in "，,") or not _opens_article(lines[content[k]])):
        return 0
    first, second = lines[content[k]], lines[content[k + 1]]
    joined = len(first.strip()) + len(second.strip())
    if (headlines.is_title_like(second) and joined <= headlines.MAX_BROKEN_HEADLINE
            and not any(c in first + second for c in "，,") and _opens_article(first)
            and not bylines.any_byline(second) and not bylines.office_line(second)
            and not headlines.is_meta_line(second)
            and k + 2 < len(content) and not headlines.is_headline_like(lines[content[k + 2]])):
        return 2
    return 1


#: Lines at least this long are looked at to tell whether a text cuts its sentences.
CUT_LINE = 15


def _cut_text(lines: list[str], content: list[int]) -> bool:
    """Does the text cut its sentences over lines (a forum post or an OCR page typed with
    a line break every so many characters, not at a width ``logical_lines`` finds): more
    than half of its long lines end without closing punctuation?"""
    long = [lines[i].strip(WHITESPACE) for i in content if len(lines[i].strip(WHITESPACE)) >= CUT_LINE]
    return len(long) >= 4 and sum(not ends_sentence(t) and t[-1] not in "：:" for t in long) * 2 > len(long)


def _dated_heads(lines: list[str], content: list[int], cut: bool = False) -> int:
    """How many headlines of the text have a date line right under them."""
    count = 0
    for k in range(len(content)):
        size = _title_block(lines, content, k, cut)
        if size and k + size < len(content) and _is_stamp(lines[content[k + size]]):
            count += 1
    return count


def _starts_article(lines: list[str], content: list[int], k: int, dated_heads: int = 2,
                   cut: bool = False) -> bool:
    """Does an article start at content[k]? A headline (one line, or two of one broken
    headline) and a second signal: the line before it closes an article, the line after it
    continues one (（上接1版）), carries metadata (a byline, 来源：), or is a date line when
    headline + date line repeats in the text (``dated_heads``: one subhead over a date is
    part of its article), the headline is broken over two lines right after a closed
    sentence, or it breaks the paragraph indentation around it. A line that ends in a
    particle (…的) is a cut sentence."""
    size = _title_block(lines, content, k, cut)
    if not size or k + size >= len(content):
        return False
    before = _before_separators(lines, content, k)
    separated = before < k - 1
    previous, following = lines[content[before]], lines[content[k + size]]
    if not all(_opens_article(lines[content[j]]) for j in range(k, k + size)):
        return False
    if headlines.is_headline_like(following) and not _is_meta(following):
        return False
    if headlines.is_caption_line(previous) or headlines.is_data_line(previous) or headlines.is_row_line(previous):
        return False  # a table's header row or a cell, under its caption or among its rows
    return (
        (separated and (bool(OPENING_RE.match(following)) or _is_stamp(following)))
        or is_closing_dateline(previous)
        or bool(markers.END_MARK_RE.search(previous))
        or markers.continued_from(following) is not None
        or (_is_stamp(following) and dated_heads >= 2)
        or (_is_meta(following) and not _is_stamp(following) and k + size + 1 < len(content))
        or (size == 2 and ends_sentence(previous.strip(WHITESPACE)))
        or (headlines.is_indented(previous) and not headlines.is_indented(lines[content[k]])
            and headlines.is_indented(following) is False and len(following.strip()) > 40
            and _mostly_indented(lines, content[:k]))
    )


#: A separator line: only a run of rule characters (-----, =====, ＊＊＊, * * *, ———).
_SEPARATOR_RE = re.compile(r"^[ \t\u3000]*(?:[-=_*~#+·•—–－＝＊～＿─━═][ \t\u3000]*){3,}$")


def is_separator(line: str) -> bool:
    """A line holding only a rule of separator characters (three or more)."""
    return bool(_SEPARATOR_RE.match(line))


def _before_separators(lines: list[str], content: list[int], k: int) -> int:
    """The content line before content[k], separator lines skipped (the last line of the
    article above, read through a ``-----`` between two articles)."""
    j = k - 1
    while j > 0 and is_separator(lines[content[j]]):
        j -= 1
    return j


def _is_stamp(line: str) -> bool:
    """A line holding only a date or a date stamp, with no label and no byline."""
    return headlines.is_date_line(line) or (
        headlines.is_meta_line(line) and not headlines.is_labelled_meta(line) and not bylines.any_byline(line))


def _is_meta(line: str) -> bool:
    return bool(bylines.any_byline(line)) or headlines.is_meta_line(line)


def _mostly_indented(lines: list[str], indexes: list[int]) -> bool:
    body = [lines[i] for i in indexes[-6:]]
    return sum(headlines.is_indented(line) for line in body) * 2 > len(body)


def _article(lines: list[str], indexes: list[int], span: tuple[int, int],
             unwraps: int, cut: bool = False) -> RawDoc:
    size = _title_block(lines, indexes, 0, cut) if len(indexes) > 1 else 0
    title = "".join(lines[i].strip(WHITESPACE) for i in indexes[:size]) or None
    meta: dict[str, Any] = {}
    consumed = size
    events = _event_times(lines, indexes)
    for i in indexes[size:size + MAX_META_LINES]:
        if consumed >= len(indexes) - 1 or not _read_meta(lines[i], meta, consumed == size, events):
            break
        consumed += 1
    body_from = indexes[consumed] if consumed < len(indexes) else indexes[-1] + 1
    body = "\n".join(lines[body_from:indexes[-1] + 1])
    flags = () if title else ("no_title",)
    fixes = tuple((name, n) for name, n in (("metadata_lines", consumed - size), ("hard_wraps", unwraps)) if n)
    return RawDoc(span[0], span[1], body, MARKUP, title, meta, flags, fixes)


_TIME_LABEL_RE = re.compile(r"^[\s\u3000]*[^\s：:，,。；;]{0,4}(?:时间|時間)\s*[：:]")
_PLACE_LABEL_RE = re.compile(r"^[\s\u3000]*[^\s：:，,。；;]{0,4}(?:地点|地點)\s*[：:]")


def _event_times(lines: list[str], indexes: list[int]) -> bool:
    """Are the article's ``时间：`` lines the times of events (a notice: two of them, or a
    ``地点：`` line beside one), not its publication time?"""
    times = sum(1 for i in indexes if _TIME_LABEL_RE.match(lines[i]))
    return times >= 2 or (times >= 1 and any(_PLACE_LABEL_RE.match(lines[i]) for i in indexes))


def _read_meta(line: str, meta: dict[str, Any], first: bool, events: bool = False) -> bool:
    """Read one line under a title into ``meta``: a subtitle (——…), a date line, a
    byline or a 来源 line. False if the line is none of these (the body starts), and for
    a ``时间：`` line when the article's times are ``events``."""
    text = line.strip(WHITESPACE)
    if (events and _TIME_LABEL_RE.match(text)) or headlines.is_event_time(text):
        return False  # an event's time (初赛时间：…) is no publication date
    if first and text.startswith(("——", "—")) and len(text) <= headlines.MAX_HEADLINE + 2:
        meta["subtitle"] = text.lstrip("—- ")
        return True
    names = bylines.any_byline(text)
    if names and "authors" not in meta:
        meta["authors"] = names
        return True
    if headlines.is_date_line(text) or headlines.is_meta_line(text):
        iso, written = dates.date_stamp(text)
        if iso is None and written is None:  # an impossible stamp (2019-4-31) keeps its text
            iso, written = dates.chinese_date(text)
        if iso and "date_published" not in meta:
            meta["date_published"] = iso
        if written and "date_text" not in meta:
            meta["date_text"] = written
        source = _SOURCE_RE.search(text)
        if source:
            meta["publisher"] = source.group(1)
        return bool(iso or written or source or names)
    return False


#: The head of a BBS post (SMTH / 日月光华 / 一塌糊涂 style), each label on its own line:
#: ``发信人: id (nick), 信区: board`` / ``标  题: title`` / ``发信站: site (Sat Oct 18 09:33:55 1997)``.
BBS_HEAD_LINES = 4
_BBS_FROM_RE = re.compile(r"^[\s\u3000]*(?:发信人|發信人)[ \t\u3000]*[:：]")
_BBS_LABEL_RE = re.compile(r"^[\s\u3000]*(发[ \t\u3000]*信[ \t\u3000]*人|發[ \t\u3000]*信[ \t\u3000]*人|标[ \t\u3000]*题"
                           r"|標[ \t\u3000]*題|发[ \t\u3000]*信[ \t\u3000]*站|發[ \t\u3000]*信[ \t\u3000]*站"
                           r"|转[ \t\u3000]*信[ \t\u3000]*站|轉[ \t\u3000]*信[ \t\u3000]*站)[ \t\u3000]*[:：][ \t\u3000]*(.*?)[\s\u3000]*$")
_BBS_BOARD_RE = re.compile(r"^(.*?)[,，][ \t\u3000]*(?:信区|信區)[ \t\u3000]*[:：][ \t\u3000]*(\S+)$")
#: The site's stamp, as C's ctime() writes it: (Sat Oct 18 09:33:55 1997).
_CTIME_RE = re.compile(r"[（(][ \t]*((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[ \t]+[A-Z][a-z]{2}[ \t]+\d{1,2}[ \t]+"
                       r"\d{1,2}:\d{2}:\d{2}[ \t]+\d{4})[ \t]*[)）]")


def _bbs_head(lines: list[str], indexes: list[int]) -> dict[str, str] | None:
    """The labels of a BBS post's head (``发信人`` first, then ``标题``), by their unspaced
    name, or None when the lines are no such head."""
    head: dict[str, str] = {}
    for i in indexes:
        match = _BBS_LABEL_RE.match(lines[i])
        if not match:
            break
        head[re.sub(r"[ \t\u3000]+", "", match.group(1))] = match.group(2)
    if not any(k in head for k in ("发信人", "發信人")) or not any(k in head for k in ("标题", "標題")):
        return None
    return head


def _bbs_post(lines: list[str], indexes: list[int], span: tuple[int, int], unwraps: int) -> RawDoc:
    """One BBS post: the title from 标题; the poster (an id and a nickname, no name) and the
    board, the site and its stamp kept in ``source_fields``; a stamp that is a real day
    gives ``date_published`` (the day; the stamp as written is ``date_text``)."""
    head = _bbs_head(lines, indexes[:BBS_HEAD_LINES]) or {}
    fields: dict[str, str] = {}
    meta: dict[str, Any] = {}
    title = None
    for label, value in head.items():
        if label in ("标题", "標題"):
            title = value or None
            continue
        board = _BBS_BOARD_RE.match(value) if label in ("发信人", "發信人") else None
        if board:
            fields[label] = board.group(1)
            fields["信区"] = board.group(2)
        elif value:
            fields[label] = value
        stamp = _CTIME_RE.search(value) if label in ("发信站", "發信站") else None
        if stamp and "date_text" not in meta:
            written = re.sub(r"[ \t]+", " ", stamp.group(1))
            meta["date_text"] = stamp.group(1)
            try:
                meta["date_published"] = datetime.datetime.strptime(written, "%a %b %d %H:%M:%S %Y").date().isoformat()
            except ValueError:
                pass
    meta["source_fields"] = fields
    taken = len(head)
    body_from = indexes[taken] if taken < len(indexes) else indexes[-1] + 1
    body = "\n".join(lines[body_from:indexes[-1] + 1])
    flags = () if title else ("no_title",)
    fixes = tuple((name, n) for name, n in (("metadata_lines", taken - (title is not None)), ("hard_wraps", unwraps)) if n)
    return RawDoc(span[0], span[1], body, MARKUP, title, meta, flags, fixes)
