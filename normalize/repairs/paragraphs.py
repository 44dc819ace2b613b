"""Repairs over the typed paragraphs of an article.

Each function takes the list of :class:`~normalize.records.Part` and returns
``(new_parts, count)``.
"""

from __future__ import annotations

import re

from ..records import Part
from ..textutil import HAN, WHITESPACE, ends_sentence, is_han

#: Full-width clause punctuation: the first half of a cut paragraph reads as prose.
FULL_WIDTH_CLAUSE = "，；。！？"
#: A Latin line cut mid-sentence: it ends in a letter, a comma or a hyphenated word.
_LATIN_CUT_RE = re.compile(r"[a-z,][\-]?$|[A-Za-z]-$")
#: An ASCII comma between Han characters is prose punctuation too (some files use it).
_HAN_COMMA_RE = re.compile(f"[{HAN}][,;][{HAN}]")

#: A paragraph shorter than this is not taken for the first half of a cut paragraph.
MIN_CUT_LENGTH = 15


def indentation(parts: list[Part]) -> tuple[list[Part], int]:
    """Strip paragraph indentation (leading U+3000 and spaces); U+3000 inside stays."""
    out, count = [], 0
    for part in parts:
        stripped = part.text.strip(WHITESPACE)
        count += stripped != part.text
        if stripped:
            out.append(Part(part.kind, stripped))
    return out, count


def paragraph_joins(parts: list[Part]) -> tuple[list[Part], int]:
    """Join a paragraph that OCR or a page break cut mid-sentence to its continuation.

    Chinese: the first half ends with ，/、, or reads as prose (long, with full-width
    clause punctuation, no URL) and ends on a Han character; the second starts with a
    Han character or 、，；. Latin: the first ends in a lowercase letter or comma and the
    second starts lowercase (joined with a space; a hyphenated word is rejoined).
    Headings, captions, quotes and list items are never joined, nor is anything after
    sentence-final punctuation.
    """
    out: list[Part] = []
    count = 0
    for part in parts:
        joined = _join(out[-1], part) if out else None
        if joined is None:
            out.append(part)
        else:
            out[-1] = Part("paragraph", joined)
            count += 1
    return out, count


def _join(first: Part, second: Part) -> str | None:
    """The two paragraphs as one, if the first was cut mid-sentence; else None."""
    if first.kind != "paragraph" or second.kind != "paragraph":
        return None
    head, tail = first.text, second.text
    if "\t" in head or "\t" in tail:  # a table row (tab-separated) is never a cut sentence
        return None
    if head[-1] in "，、" and (is_han(tail[0]) or tail[0].isalnum() or tail[0] in "“‘「《（"):
        return head + tail
    if _is_cut(first) and _continues(second):
        return head + tail
    if _LATIN_CUT_RE.search(head) and tail[:1].islower():
        if head.endswith("-") and head[-2:-1].isalpha():
            return head[:-1] + tail
        return f"{head} {tail}"
    return None


def _is_cut(part: Part) -> bool:
    text = part.text
    if part.kind != "paragraph" or len(text) < MIN_CUT_LENGTH or ends_sentence(text):
        return False
    prose = any(mark in text for mark in FULL_WIDTH_CLAUSE) or _HAN_COMMA_RE.search(text)
    if not prose and text.count("、") < 2:
        return False
    if "://" in text:
        return False
    return is_han(text[-1])


def _continues(part: Part) -> bool:
    if part.kind != "paragraph":
        return False
    first = part.text[0]
    return is_han(first) or first in "、，；"
