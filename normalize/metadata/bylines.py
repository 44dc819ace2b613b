"""Bylines: who wrote an article, as a labelled line (作者：…) or a bare name line."""

from __future__ import annotations

import re

_LABEL_RE = re.compile(r"^[\s*>_]*(?:作者|文|撰文|记者|采写|文字|本报记者|特约记者|通讯员)\s*[：:｜|/丨]\s*(.+)$")
_HAN_NAME_RE = re.compile(r"^[\u4e00-\u9fff·]{2,6}$")
_LATIN_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z.\-']{1,30}$")
_SPLIT_RE = re.compile(r"[\s、，,;；]+")
_STOP_RE = re.compile(r"[，,。（(\[【]")
MAX_AUTHORS = 6


def labelled_byline(line: str) -> tuple[str, ...] | None:
    """Names from ``作者：甲 乙`` / ``文｜甲`` / ``记者/ 甲``; None if the line is not one."""
    match = _LABEL_RE.match(line)
    if not match:
        return None
    names = _names(_STOP_RE.split(match.group(1), maxsplit=1)[0])
    return names or None


def bare_byline(line: str) -> tuple[str, ...] | None:
    """Names from a line holding only names (``习近平``, ``郑宇钧 杨媛``); else None."""
    tokens = [t for t in _SPLIT_RE.split(line.strip(" \u3000")) if t]
    if not tokens or len(tokens) > MAX_AUTHORS or not all(_HAN_NAME_RE.match(t) for t in tokens):
        return None
    if len(tokens) == 1 and len(tokens[0]) > 4:
        return None
    return tuple(tokens)


def _names(text: str) -> tuple[str, ...]:
    tokens = [t for t in _SPLIT_RE.split(text.strip()) if t]
    if not tokens:
        return ()
    pattern = _HAN_NAME_RE if _HAN_NAME_RE.match(tokens[0]) else _LATIN_NAME_RE
    names: list[str] = []
    for token in tokens[:MAX_AUTHORS]:
        if not pattern.match(token):
            break
        names.append(token)
    if pattern is _LATIN_NAME_RE and len(names) > 1:
        return (" ".join(names),)
    return tuple(names)
