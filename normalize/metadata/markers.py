"""Patterns for the marks newspapers and sites put around articles.

Pure data and pure functions: continuation markers (上接A02版 / 下转第3版), photo
credits that make a paragraph a caption, and end marks. Repairs remove what these
find; extractors read metadata from them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Sequence

_PAGE = r"(?:第\s*)?([A-Za-z]?\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:版|页|版面)"
#: 上接A02版, （上接1版）, 上接第3版: group 1 is the page.
CONTINUED_FROM_RE = re.compile(rf"^[（(【\[]?\s*(?:上接|接上|转自)\s*{_PAGE}\s*[)）】\]]?")
#: 下转A03版, （下转第4版）: group 1 is the page.
#: Unanchored, so a match may not start inside a run of whitespace (the match one place
#: earlier is found first): without the ``(?<!\s)`` a long run is rescanned from each of
#: its characters (quadratic). ``(?:[)）】\]]\s*)?`` rather than ``[)）】\]]?\s*``: two
#: adjacent ``\s*`` split a trailing run every way before ``$`` fails (quadratic too).
CONTINUED_TO_RE = re.compile(rf"(?:[（(【\[]|(?<!\s))\s*(?:下转|转下|转至|转第)\s*{_PAGE}\s*(?:[)）】\]]\s*)?$")

#: The words every continuation marker holds (上接 / 接上 / 转自 open CONTINUED_FROM_RE,
#: 下转 / 转下 / 转至 / 转第 CONTINUED_TO_RE): 接 and 转 alone are in most paragraphs.
MARKER_WORD_RE = re.compile("上接|接上|转自|下转|转下|转至|转第")
#: MARKER_WORD_RE as searches for :func:`matching_any` that each open with one character
#: (接 or 转, its neighbour looked at around it): sre finds a literal first character
#: about five times faster than one of a set. They find the same words.
MARKER_WORD_RES = (re.compile("接(?:(?<=上接)|(?=上))"), re.compile("转(?:(?<=下转)|(?=[自下至第]))"))

#: A paragraph ending with a photo credit is a caption.
CAPTION_RE = re.compile(
    r"(?:(?:新华社|中新社|人民网|新华网|央视网|视觉中国|人民视觉|供图|资料图)"
    r"(?:记者|通讯员)?\s*[\u4e00-\u9fff·]{0,8}\s*(?:摄|发|供图)"
    r"|(?:记者|通讯员|摄影)\s*[\u4e00-\u9fff·\s]{2,12}摄"
    r"|^.{0,120}[\u4e00-\u9fff]{2,4}\s*摄)"
    r"\s*(?:[（(][^）)]{1,12}[）)])?\s*$"
)
CAPTION_MAX_LENGTH = 200
#: How every CAPTION_RE match ends (MULTILINE, for :func:`matching`): 发 alone is in most paragraphs.
CAPTION_END_RE = re.compile(r"(?:摄|发|供图)\s*(?:[（(][^）)]{1,12}[）)])?\s*$", re.MULTILINE)
#: CAPTION_END_RE as one search per credit word, each opening with a literal (see MARKER_WORD_RES).
CAPTION_END_RES = tuple(re.compile(rf"{word}\s*(?:[（(][^）)]{{1,12}}[）)])?\s*$", re.MULTILINE)
                        for word in ("摄", "发", "供图"))

#: End marks: （完）, (完), 【完】 at the end of a paragraph.
#: ``(?<!\s)``: no match starts inside a run of whitespace (see CONTINUED_TO_RE).
END_MARK_RE = re.compile(r"(?<!\s)\s*[（(【\[]\s*完\s*[)）】\]]\s*$")
#: How every END_MARK_RE match ends (MULTILINE, for :func:`matching`): 完 alone is in many paragraphs.
END_MARK_END_RE = re.compile(r"完\s*[)）】\]]\s*$", re.MULTILINE)


def matching(pattern: re.Pattern, texts: Sequence[str]) -> set[int]:
    """The indices of the texts in which ``pattern`` finds a match, from searches over all of
    them joined by newlines (one search, for the usual none; one more per text found).

    Each text is searched from its own start at the latest, so a match that runs on into
    the next text hides nothing there. A cheap gate: a text holding a match of the pattern
    is found (``$`` of a MULTILINE pattern holds at its end as it does alone), but a match
    may run on past its end: the caller runs the real pattern on the texts found.
    """
    return matching_any((pattern,), texts)


def matching_any(patterns: Sequence[re.Pattern], texts: Sequence[str]) -> set[int]:
    """:func:`matching` for several patterns at once (the texts joined once): the indices
    of the texts in which any of them finds a match."""
    joined = "\n".join(texts)
    found: set[int] = set()
    ends: list[int] | None = None
    for pattern in patterns:
        match = pattern.search(joined)
        if match is not None and ends is None:
            ends = list(accumulate(len(text) + 1 for text in texts))  # where the next text starts
        while match is not None:
            index = bisect_right(ends, match.start())
            found.add(index)
            match = pattern.search(joined, ends[index]) if index + 1 < len(texts) else None
    return found


def continued_from(text: str) -> str | None:
    """The page a paragraph says the article continues from, or None."""
    if "接" not in text and "转" not in text:  # cheap check: every marker holds one
        return None
    match = CONTINUED_FROM_RE.match(text.strip())
    return match.group(1) if match else None


def continued_to(text: str) -> str | None:
    """The page a paragraph says the article continues on, or None."""
    if "转" not in text:  # cheap check: every marker holds 转 (MARKER_WORD_RE, cheaper over many)
        return None
    match = CONTINUED_TO_RE.search(text.strip())
    return match.group(1) if match else None


def is_caption(text: str) -> bool:
    """True for a short paragraph that ends with a photo credit."""
    return (len(text) <= CAPTION_MAX_LENGTH and ("摄" in text or "发" in text or "供图" in text)
            and bool(CAPTION_RE.search(text)))
