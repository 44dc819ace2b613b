"""The head of a journal article in plain text (not a source: :mod:`plaintext` reads with it).

Journal and magazine full-text dumps (CNKI / 万方 / 维普 exports, text-classification
corpora made of them) open with a masthead (the journal's name, its English name, the
issue: ``1999年 第21卷 第5期 Vol.21 No.5 1999``), then the title, the author line, the
English title, authors and affiliations, and labelled lines (摘要, 关键词, 中图分类号,
文献标识码, Abstract, Key words); the body has numbered section headings, tables and a
reference list, and the tail ``收稿日期`` / ``责任编辑`` lines. Such a file is one article.

What is read, and where it goes: the journal's name is the publisher, the issue as written
is ``date_text`` (an issue, never a day: no ``date_published``), the title and the author
line are fields, 关键词 / 主题词 are tags; every other head line that is taken out of the
text (the English head, the classification codes, the abstracts, the received date, the
editor) is kept in ``source_fields`` under its label. Lines not read stay in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..metadata import bylines, headlines
from ..records import RawDoc
from ..textutil import WHITESPACE, ends_sentence, join_lines

MARKUP = "plain"
#: The issue line is among this many first lines; the title within this many lines after it.
MASTHEAD_REACH, TITLE_REACH = 4, 8
#: Head labels are looked for this many lines after the title.
HEAD_REACH = 30
#: A file with no masthead is a journal article when this many head labels open it.
MIN_HEAD_LABELS = 2
MAX_TITLE = 80
MAX_TAIL_LINE = 80
#: A line this long without a label ends the head (the body has started).
MAX_HEAD_LINE = 60
FLAG_KEPT_WHOLE = "plaintext:kept_whole"

_S = "[ \\t\\u3000]*"


def _spaced(name: str) -> str:
    return _S.join(map(re.escape, name))


#: Head labels and the ``source_fields`` key each is kept under (``tags`` for keywords).
HEAD_LABELS = {
    "摘要": "摘要", "内容提要": "摘要", "提要": "摘要", "关键词": "tags", "关键字": "tags", "主题词": "tags",
    "中图分类号": "中图分类号", "中图法分类号": "中图分类号", "文献标识码": "文献标识码", "文献标志码": "文献标识码",
    "文章编号": "文章编号", "DOI": "DOI", "Abstract": "Abstract", "ABSTRACT": "Abstract",
    "Key words": "Key words", "Keywords": "Key words", "KEY WORDS": "Key words", "Key Words": "Key words",
}
#: Labels of the tail: a received date is no publication date; the editor is no author.
TAIL_LABELS = ("收稿日期", "修回日期", "收到日期", "接受日期", "录用日期", "修改日期", "责任编辑", "责任校对", "基金项目")

_LABEL_ALTERNATIVES = "|".join(_spaced(name) for name in sorted(HEAD_LABELS, key=len, reverse=True))
#: A head label at the start of a line or after a gap (``中图分类号：G633.96　　文献标识码：A``).
#: ``(?<![ \t\u3000])``: a match never starts inside a run of spaces (a long run would be
#: rescanned from each of its characters: quadratic).
#: The classification labels are found glued to the value before them too
#: (``关键词：…；剪切粘度中图分类号：0561.2 文献标识码：A``, as PDF text extraction writes them).
_GLUED = "|".join(_spaced(name) for name in ("中图分类号", "中图法分类号", "文献标识码", "文献标志码", "文章编号"))
_HEAD_LABEL_RE = re.compile(rf"(?:^|(?<=[ \t\u3000])(?<![ \t\u3000][ \t\u3000])|(?=(?:{_GLUED}){_S}[：:]))"
                            rf"[ \t\u3000]*[［\[【]?({_LABEL_ALTERNATIVES})[］\]】]?(?:{_S}[：:]{_S}|[ \t\u3000]+|$)")
#: Matched on a stripped line of at most MAX_TAIL_LINE characters (the lazy value and the
#: spaces after it could otherwise take quadratic time on a long run of spaces).
_TAIL_LABEL_RE = re.compile(rf"^[（(［\[]?{_S}({'|'.join(_spaced(n) for n in TAIL_LABELS)})"
                            rf"{_S}[：:]?{_S}(.*?){_S}[）)］\]]?{_S}[＊*]?$")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
#: Superscript affiliation marks after a name: 张三1,2 / 李四¹ / 王五*.
_MARKS_RE = re.compile(r"(?<=[\u4e00-\u9fff])[\d¹²³⁴⁵⁶⁷⁸⁹⁰*＊]+(?:[,，][\d¹²³⁴⁵⁶⁷⁸⁹⁰]+)*")
_LATIN_NAMES_RE = re.compile(r"^[A-Z][\w.\-－']*(?:[ ,，]+[A-Z][\w.\-－']*){0,11}[\d*]*$")
_AFFILIATION_RE = re.compile(r"^[（(].*[）)]$")
_TAG_SPLIT_RE = re.compile(r"[；;，,、/\s]+")


@dataclass
class Head:
    """What the head of a journal article says, and which logical lines it took."""

    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    consumed: set[int] = field(default_factory=set)
    title_line: int = -1
    author_line: int = -1


def read_head(lines: list[str], content: list[int]) -> Head | None:
    """The head of a journal article (``content`` indexes the non-blank ``lines``), or None
    when the text opens with neither a masthead issue line nor ``MIN_HEAD_LABELS`` labels."""
    head = Head()
    issue = next((k for k in range(min(MASTHEAD_REACH, len(content))) if headlines.is_issue_line(lines[content[k]])), None)
    if issue is not None:
        _masthead(head, [lines[i].strip(WHITESPACE) for i in content[:issue + 1]])
        head.consumed.update(content[:issue + 1])
    after = issue + 1 if issue is not None else 0
    title_at = _title_at(lines, content, after)
    labels = [k for k in range(after, min(after + HEAD_REACH, len(content))) if _head_labels(lines[content[k]])]
    if issue is None and (len({_head_labels(lines[content[k]])[0][0] for k in labels}) < MIN_HEAD_LABELS
                          or title_at is None or title_at > min(labels)):
        return None
    if title_at is not None:
        head.title = lines[content[title_at]].strip(WHITESPACE)
        head.title_line = content[title_at]
        head.consumed.add(content[title_at])
        above = title_at - 1
        if (issue is not None and above == after and _is_title(lines[content[above]])
                and not headlines.is_indented(lines[content[above]])
                and len(lines[content[above]].strip(WHITESPACE)) + len(head.title) <= MAX_TITLE):
            # a title broken over two lines under the masthead (用直接模拟蒙特卡罗法求高温混合 / 气体的热传导系数)
            head.title = join_lines([lines[content[above]].strip(WHITESPACE), head.title])
            head.consumed.add(content[above])
        _byline(head, lines, content, title_at)
        _head_lines(head, lines, content, title_at)
    _tail(head, lines, content)
    return head


def article(lines: list[str], content: list[int], head: Head, span: tuple[int, int],
            unwraps: int, kept_whole: bool) -> RawDoc:
    """The one RawDoc of a journal article: the lines its head did not take are the body.
    ``kept_whole`` says the body held what plain text would have split at (flagged)."""
    body = "\n".join(lines[i] for i in range(content[0], content[-1] + 1) if i not in head.consumed)
    meta = dict(head.meta)
    if head.fields:
        meta["source_fields"] = dict(head.fields)
    flags = tuple(sorted({*(("no_title",) if head.title is None else ()), *((FLAG_KEPT_WHOLE,) if kept_whole else ())}))
    taken = len(head.consumed) - (head.title is not None)
    fixes = tuple((name, n) for name, n in (("metadata_lines", taken), ("hard_wraps", unwraps)) if n)
    return RawDoc(span[0], span[1], body, MARKUP, head.title, meta, flags, fixes)


def _masthead(head: Head, masthead: list[str]) -> None:
    """Journal name (publisher), English name and the issue (``date_text``: as written)."""
    *names, issue = masthead
    for name in names:
        if _HAN_RE.search(name) and "publisher" not in head.meta and len(name) <= 30:
            head.meta["publisher"] = name
        else:
            _keep(head, "英文刊名" if not _HAN_RE.search(name) else "刊名", name)
    written = headlines.ISSUE_RE.match(issue).group(1)
    head.meta["date_text"] = re.sub(r"[ \t]+", " ", written)
    if issue != written:
        _keep(head, "刊期", issue)


def _title_at(lines: list[str], content: list[int], after: int) -> int | None:
    """Where the title is: the title-like line nearest above the first author line (Latin
    lines between them are its English title), else the first title-like line. A line
    indented as a paragraph (an unlabelled lead: ``　　介绍了…``) is no title."""
    reach = range(after, min(after + TITLE_REACH, len(content)))
    titles = [k for k in reach if _is_title(lines[content[k]]) and not headlines.is_indented(lines[content[k]])]
    for k in titles:
        following = [j for j in range(k + 1, min(k + 3, len(content)))]
        for j in following:
            if _HAN_RE.search(lines[content[j]]):
                if _names(lines[content[j]]):
                    return k
                break
    return titles[0] if titles else None


def _is_title(line: str) -> bool:
    text = line.strip(WHITESPACE)
    return (2 <= len(text) <= MAX_TITLE and bool(_HAN_RE.search(text)) and not ends_sentence(text)
            and not text.endswith((".", "：", ":", "，", ",")) and not _head_labels(text)
            and not _TAIL_LABEL_RE.match(text) and not headlines.is_not_headline(text)
            and not headlines.is_numbered_heading(text) and not bylines.any_byline(text))


def _names(line: str) -> tuple[str, ...] | None:
    """The names of an author line: Han names with a surname (marks 1,2 / * dropped), a
    labelled byline (作者：…), or Latin full names (``Bjrn Stigson``)."""
    text = line.strip(WHITESPACE)
    if _HAN_RE.search(text):
        return bylines.labelled_byline(text) or bylines.bare_byline(_MARKS_RE.sub(" ", text), surnames=False)
    if len(text) <= 60 and _LATIN_NAMES_RE.match(text):
        names = tuple(n.strip() for n in re.split(r"\s*[,，;；]\s*|\s+and\s+", text) if n.strip())
        return names if 1 <= len(names) <= bylines.MAX_AUTHORS else None
    return None


def _byline(head: Head, lines: list[str], content: list[int], title_at: int) -> None:
    """The subtitle (——…) and the author line under the title: the first of the next three
    lines that holds Han names; a Latin names line counts only right under the title and
    above a Latin affiliation."""
    k = title_at + 1
    if k < len(content) and lines[content[k]].strip(WHITESPACE).startswith("——"):
        head.meta["subtitle"] = lines[content[k]].strip(WHITESPACE).lstrip("—- ")
        head.consumed.add(content[k])
        k += 1
    for at in range(k, min(k + 3, len(content))):
        line = lines[content[at]]
        if _head_labels(line) or len(line.strip(WHITESPACE)) > MAX_HEAD_LINE:
            return
        names = _names(line)
        if names and (_HAN_RE.search(line) or (at == k and _affiliation_follows(lines, content, at))):
            head.meta["authors"] = names
            head.author_line = content[at]
            head.consumed.add(content[at])
            if not _HAN_RE.search(line):
                head.meta["latin_authors"] = True
            return


def _affiliation_follows(lines: list[str], content: list[int], at: int) -> bool:
    """Does a Latin affiliation line (no Han, a comma: ``President,World Business Council…``)
    follow line ``at``? Only then is a Latin line under a Han title its author
    (``Cleaner Production`` under 清 洁 生 产 is the English title)."""
    if at + 1 >= len(content):
        return False
    following = lines[content[at + 1]].strip(WHITESPACE)
    return not _HAN_RE.search(following) and "," in following and len(following.split()) >= 3


def _head_labels(line: str) -> list[tuple[str, str]]:
    """The (key, value) of each head label on a line that starts with one, else []."""
    text = line.strip(WHITESPACE)
    if not _HEAD_LABEL_RE.match(text):
        return []
    matches = list(_HEAD_LABEL_RE.finditer(text))
    out = []
    for match, following in zip(matches, matches[1:] + [None]):
        label = re.sub(r"[ \t\u3000]+", "", match.group(1)) if _HAN_RE.search(match.group(1)) else match.group(1)
        value = text[match.end():following.start() if following else len(text)].strip(WHITESPACE)
        out.append((HEAD_LABELS.get(label, HEAD_LABELS.get(match.group(1), label)), value))
    return out


def _head_lines(head: Head, lines: list[str], content: list[int], title_at: int) -> None:
    """Labelled head lines to tags and ``source_fields``; runs of Latin lines among them
    (English title, authors, affiliations) to ``source_fields``. The head ends at a numbered
    section heading or at a long unlabelled line with Han in it; a bracketed line right
    under the author line is their affiliation; other short Han lines stay in the text."""
    latin: list[int] = []
    for k in range(title_at + 1, min(title_at + 1 + HEAD_REACH, len(content))):
        index, text = content[k], lines[content[k]].strip(WHITESPACE)
        if index in head.consumed:
            continue
        labels = _head_labels(text)
        if labels or not _HAN_RE.search(text) and len(latin) < 8 and not headlines.is_numbered_heading(text):
            if not labels:
                latin.append(index)
                continue
            _english(head, lines, latin)
            latin = []
            for key, value in labels:
                if key == "tags":
                    head.meta["tags"] = tuple(t for t in (t.rstrip(".。．") for t in _TAG_SPLIT_RE.split(value)) if t)
                elif value:
                    _keep(head, key, value)
            head.consumed.add(index)
            continue
        _english(head, lines, latin)
        latin = []
        if headlines.is_numbered_heading(text) or len(text) > MAX_HEAD_LINE:
            return
        if _AFFILIATION_RE.match(text) and content[k - 1] in head.consumed and "authors" in head.meta:
            _keep(head, "作者单位", text)  # （宁波大学体育学院，浙江 宁波　315211）
            head.consumed.add(index)
    _english(head, lines, latin)


def _english(head: Head, lines: list[str], run: list[int]) -> None:
    """A run of Latin lines of the head, read when its shape is plain: under Latin authors,
    their affiliation; lines before one that opens with ``(`` are the English title and,
    on the last of them, the English authors; one line right under the title and above
    the author line, the English title. Any other run stays in the text."""
    if not run:
        return
    texts = [lines[i].strip(WHITESPACE) for i in run]
    if head.meta.pop("latin_authors", False):
        _keep(head, "作者单位", "\n".join(texts))
    elif (opens := next((n for n, t in enumerate(texts) if t.startswith(("(", "（"))), None)) and opens >= 2:
        _keep(head, "英文题名", " ".join(texts[:opens - 1]))
        _keep(head, "英文作者", texts[opens - 1])
        _keep(head, "英文作者单位", "\n".join(texts[opens:]))
    elif len(texts) <= 3 and head.title_line < run[0] and run[-1] < head.author_line:
        _keep(head, "英文题名", " ".join(texts))
    elif (names := _latin_authors_at(head, texts)) is not None and names >= 1:
        _keep(head, "英文题名", " ".join(texts[:names]))
        _keep(head, "英文作者", texts[names])
        if texts[names + 1:]:
            _keep(head, "英文作者单位", "\n".join(texts[names + 1:]))
    else:
        return
    head.consumed.update(run)


def _latin_authors_at(head: Head, texts: list[str]) -> int | None:
    """Where, in a run of Latin head lines, the English author line is: the one line of as
    many Latin full names (``Chen Leiting　Zhang Ning``) as the Han author line has names,
    after at least one line of the English title and before at most three affiliation
    lines (each with a comma or a postcode, or the last of them)."""
    count = len(head.meta.get("authors", ()))
    if not count or head.meta.get("latin_authors"):
        return None
    found = [n for n, text in enumerate(texts) if len(_latin_names(text)) == count]
    if len(found) != 1 or not 1 <= found[0] <= 3 or len(texts) - found[0] - 1 > 3:
        return None
    return found[0]


def _latin_names(text: str) -> tuple[str, ...]:
    """Latin full names of a line (two or three capitalised words each), split on commas,
    U+3000 or runs of spaces (on ``and`` when the line has no comma); () when any part is
    no such name."""
    text = text.strip(WHITESPACE)
    joiner = r"\band\b|" if not re.search(r"[,，;；]", text) else ""  # Science and Engineering College,
    parts = [p for p in re.split(rf"\s*(?:[,，;；]|{joiner}\u3000+|[ \t]{{2,}})\s*", text) if p]
    name = re.compile(r"^[A-Z][a-z]+(?:-[A-Za-z][a-z]*)?(?: [A-Z][a-z]*(?:-[A-Za-z][a-z]*)?\.?){1,2}$")
    return tuple(parts) if parts and all(name.match(p) for p in parts) else ()


def _tail(head: Head, lines: list[str], content: list[int]) -> None:
    """``收稿日期`` / ``修回日期`` / ``责任编辑`` … lines (kept in ``source_fields``)."""
    for index in content:
        if index in head.consumed:
            continue
        text = lines[index].strip(WHITESPACE)
        match = _TAIL_LABEL_RE.match(text) if len(text) <= MAX_TAIL_LINE else None
        if match and match.group(2):
            _keep(head, re.sub(r"[ \t\u3000]+", "", match.group(1)), match.group(2))
            head.consumed.add(index)


def _keep(head: Head, key: str, value: str) -> None:
    """``value`` under ``key`` in the source fields; a second value joins the first."""
    head.fields[key] = f"{head.fields[key]}\n{value}" if key in head.fields else value
