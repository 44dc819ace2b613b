"""Bylines: who wrote an article, as a labelled line (作者：…) or a bare name line."""

from __future__ import annotations

import re

_LABEL_RE = re.compile(r"^[\s*>_]*(?:作者|文|撰文|记者|采写|文字|本报记者|特约记者|通讯员)\s*[：:｜|/丨]\s*(.+)$")
#: Where the names end: the next label (编辑：…) or a link.
_NEXT_LABEL_RE = re.compile(r"(?:编辑|责编|责任编辑|摄影|图片|图|来源|校对|排版|翻译|审校)\s*[：:｜|/丨]|[\[(（【]")
#: An affiliation before the names: 北青报记者 张月朦, 新华社记者 张晓松.
_AFFILIATION_RE = re.compile(r"^[\u4e00-\u9fff]{0,10}(?:记者|通讯员|特约撰稿人)\s+(?=\S)")
_HAN_NAME_RE = re.compile(r"^(?!.*(?:报道|综合|编辑部|本报|消息|新闻|整理|来源|记者|评论员|通讯员))[\u4e00-\u9fff·]{2,6}$")
_LATIN_FULL_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z.\-']*(?: [A-Za-z][A-Za-z.\-']*){0,3}$")
_SPLIT_RE = re.compile(r"[\s、，,;；]+")
_STOP_RE = re.compile(r"[，。（(\[【]")
MAX_AUTHORS = 6


def labelled_byline(line: str) -> tuple[str, ...] | None:
    """Names from ``作者：甲 乙`` / ``文｜甲`` / ``记者/ 甲``; None if the line is not one."""
    match = _LABEL_RE.match(_unlinked(line))
    if not match:
        return None
    names = _NEXT_LABEL_RE.split(match.group(1), maxsplit=1)[0]
    return _names(_STOP_RE.split(names, maxsplit=1)[0]) or None


def _unlinked(line: str) -> str:
    """Markdown links to their labels: ``re.sub(r"\\[([^\\]]*)\\]\\([^)]*\\)", r"\\1", line)``
    in one pass. The regex retries from every ``[`` and scans each time to the next ``]``
    (quadratic on ``[[[[…`` far from a ``]``); every ``[`` before one ``]`` meets that
    same ``]``, so one try covers them all."""
    out, at = [], 0
    start = line.find("[")
    while start >= 0:
        close = line.find("]", start + 1)
        if close < 0:
            break
        if line.startswith("(", close + 1):
            end = line.find(")", close + 2)
            if end < 0:
                break  # no ")" after this one: none after any later "]" either
            out += (line[at:start], line[start + 1:close])
            at = end + 1
            start = line.find("[", at)
        else:
            start = line.find("[", close + 1)
    out.append(line[at:])
    return "".join(out)


def bare_byline(line: str) -> tuple[str, ...] | None:
    """Names from a line holding only names (``习近平``, ``郑宇钧 杨媛``); else None."""
    tokens = [t for t in _SPLIT_RE.split(line.strip(" \u3000")) if t]
    if not tokens or len(tokens) > MAX_AUTHORS or not all(_HAN_NAME_RE.match(t) for t in tokens):
        return None
    if len(tokens) == 1 and len(tokens[0]) > 4:
        return None
    return tuple(tokens)


def _names(text: str) -> tuple[str, ...]:
    """Han names split on spaces and list marks; Latin names split on commas and 、."""
    text = _AFFILIATION_RE.sub("", text.strip())
    if _HAN_NAME_RE.match(text.split()[0] if text.split() else ""):
        tokens, pattern = _SPLIT_RE.split(text), _HAN_NAME_RE
    else:
        tokens, pattern = re.split(r"\s*(?:[、,;；]|\s{2,}|\band\b)\s*", text), _LATIN_FULL_NAME_RE
    names: list[str] = []
    for token in (t.strip() for t in tokens if t.strip()):
        if len(names) == MAX_AUTHORS or not pattern.match(token):
            break
        names.append(token)
    return tuple(names)


#: A credit line without a colon: 本报记者 王芳, 新华社记者 张晓松 朱基钗.
_CREDIT_RE = re.compile(r"^[\s\u3000]*(?:本报记者|本报特约记者|特约记者|新华社记者|中新社记者|本报通讯员|通讯员|记者)\s+(.+)$")
#: A collective byline: 人民日报评论员, 本报评论员.
_COMMENTATOR_RE = re.compile(r"^[\s\u3000]*([\u4e00-\u9fff]{0,10}(?:评论员|编辑部|评论部))[\s\u3000]*$")


def credit_line(line: str) -> tuple[str, ...] | None:
    """Names from a credit line without a colon (本报记者 王芳), or a collective byline
    (人民日报评论员) as the one author; None if the line is not one."""
    match = _CREDIT_RE.match(line)
    if match:
        return _names(_NEXT_LABEL_RE.split(match.group(1), maxsplit=1)[0]) or None
    match = _COMMENTATOR_RE.match(line)
    return (match.group(1),) if match else None


def any_byline(line: str) -> tuple[str, ...] | None:
    """Names from a labelled byline, a credit line or a line of bare names."""
    return labelled_byline(line) or credit_line(line) or bare_byline(line)
