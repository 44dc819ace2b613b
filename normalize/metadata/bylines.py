"""Bylines: who wrote an article, as a labelled line (作者：…) or a bare name line."""

from __future__ import annotations

import re

_LABEL_RE = re.compile(r"^[\s*>_]*(?:作者|文|撰文|记者|采写|文字|本报记者|特约记者|通讯员)\s*[：:｜|/丨]\s*(.+)$")
#: Where the names end: the next label (编辑：…) or a link.
_NEXT_LABEL_RE = re.compile(r"(?:编辑|责编|责任编辑|摄影|图片|图|来源|校对|排版|翻译|审校)\s*[：:｜|/丨]|[\[(（【]")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HAN_NAME_RE = re.compile(r"^(?!.*(?:报道|综合|编辑部|本报|消息|新闻|整理|来源))[\u4e00-\u9fff·]{2,6}$")
_LATIN_FULL_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z.\-']*(?: [A-Za-z][A-Za-z.\-']*){0,3}$")
_SPLIT_RE = re.compile(r"[\s、，,;；]+")
_STOP_RE = re.compile(r"[，。（(\[【]")
MAX_AUTHORS = 6


def labelled_byline(line: str) -> tuple[str, ...] | None:
    """Names from ``作者：甲 乙`` / ``文｜甲`` / ``记者/ 甲``; None if the line is not one."""
    match = _LABEL_RE.match(_LINK_RE.sub(r"\1", line))
    if not match:
        return None
    names = _NEXT_LABEL_RE.split(match.group(1), maxsplit=1)[0]
    return _names(_STOP_RE.split(names, maxsplit=1)[0]) or None


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
    text = text.strip()
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
