"""Repairs over the typed paragraphs of an article.

Each function takes the list of :class:`~normalize.records.Part` and returns
``(new_parts, count)``.
"""

from __future__ import annotations

from ..records import Part
from ..textutil import CLAUSE_PUNCT, WHITESPACE, ends_sentence, is_han

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

    The first half must read as prose (long, with clause punctuation) and end without
    sentence-final punctuation on a character that continues a sentence; the second
    must be a paragraph that starts like the rest of a sentence.
    """
    out: list[Part] = []
    count = 0
    for part in parts:
        if out and _is_cut(out[-1]) and _continues(part):
            out[-1] = Part("paragraph", out[-1].text + part.text)
            count += 1
        else:
            out.append(part)
    return out, count


def _is_cut(part: Part) -> bool:
    text = part.text
    if part.kind != "paragraph" or len(text) < MIN_CUT_LENGTH or ends_sentence(text):
        return False
    if not any(mark in text for mark in CLAUSE_PUNCT) and text.count("、") < 2:
        return False
    last = text[-1]
    return is_han(last) or last.isalnum() or last in "“‘「《（("


def _continues(part: Part) -> bool:
    if part.kind != "paragraph":
        return False
    first = part.text[0]
    return is_han(first) or first.isalnum() or first in "、，,；”’」》）)"
