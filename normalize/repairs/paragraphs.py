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

    The first half must read as prose (long, with full-width clause punctuation, no
    URL) and end on a Han character without sentence-final punctuation; the second must
    be a paragraph starting with a Han character or 、，；. A joined paragraph is not
    joined again.
    """
    out: list[Part] = []
    count = 0
    joined = False  # a joined paragraph is not joined again: cuts do not cascade
    for part in parts:
        if out and not joined and _is_cut(out[-1]) and _continues(part):
            out[-1] = Part("paragraph", out[-1].text + part.text)
            count += 1
            joined = True
        else:
            out.append(part)
            joined = False
    return out, count


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
