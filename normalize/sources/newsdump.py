"""Plain-text news dumps: ``>>>TITLE`` lines and ``====NEXT NEWS====`` separators.

Many articles per file. A ``>>>`` line starts an article and gives its title; a
separator ends one. Parts holding no text (a trailing separator) yield nothing.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..records import RawDoc

NAME = "newsdump"
MARKUP = "plain"

TITLE_PREFIX = ">>>"
SEPARATOR_RE = re.compile(r"^\s*=+\s*NEXT\s*NEWS\s*=+\s*$", re.I)


def sniff(text: str, suffix: str) -> tuple[float, str]:
    """Score by ``>>>`` title lines and separators near the top of the file."""
    lines = text[:20000].split("\n")
    titles = sum(1 for line in lines if line.startswith(TITLE_PREFIX))
    separators = sum(1 for line in lines if SEPARATOR_RE.match(line))
    first = next((line for line in lines if line.strip()), "")
    score = 0.0
    if first.startswith(TITLE_PREFIX):
        score += 0.6
    score += min(titles, 3) * 0.1 + min(separators, 3) * 0.1
    return min(score, 1.0), f"{titles} '>>>' lines, {separators} separators in the head"


def parse(text: str) -> Iterator[RawDoc]:
    """One RawDoc per article; the title line is not part of the body."""
    lines = text.split("\n")
    ordinal = 0
    start: int | None = None
    title: str | None = None
    body: list[str] = []
    for number, line in enumerate(lines + [None], start=1):  # None flushes the last one
        is_title = line is not None and line.startswith(TITLE_PREFIX)
        if line is None or is_title or SEPARATOR_RE.match(line):
            doc = _article(ordinal, start, title, body)
            if doc is not None:
                yield doc
                ordinal += 1
            start, title, body = (number, line[len(TITLE_PREFIX):].strip(), []) if is_title else (None, None, [])
            continue
        if start is None and line.strip():
            start = number
        if start is not None:
            body.append(line)


def _article(ordinal: int, start: int | None, title: str | None, body: list[str]) -> RawDoc | None:
    if start is None or not (title or any(line.strip() for line in body)):
        return None
    while body and not body[-1].strip():
        body.pop()
    end = start + len(body) if title is not None else start + len(body) - 1
    return RawDoc(
        ordinal=ordinal,
        line_start=start,
        line_end=max(end, start),
        body="\n".join(body),
        markup=MARKUP,
        title=title or None,
        flags=() if title else ("no_title",),
    )
