"""The ordered tables of repairs. A repair's key is the name it adds to ``fixes``.

``TEXT_REPAIRS`` run over an article's body before it is cut into paragraphs;
``PART_REPAIRS`` run over its typed paragraphs. Both are the only place the order of
repairs is written down.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable

from ..records import Part
from . import boilerplate, paragraphs, text

TextRepair = Callable[[str], tuple[str, int]]
PartRepair = Callable[[list[Part]], tuple[list[Part], int]]

#: Whole-text repairs, in order. ``html_*`` run only on plain bodies (markdown has its own).
TEXT_REPAIRS: dict[str, TextRepair] = {
    "newlines": text.newlines,
    "control_chars": text.control_chars,
    "zero_width": text.zero_width,
    "html_tags": text.html_tags,
    "html_entities": text.html_entities,
}
MARKUP_AWARE = {"html_tags", "html_entities"}

#: Paragraph repairs, in order.
PART_REPAIRS: dict[str, PartRepair] = {
    "indentation": paragraphs.indentation,
    "continuation_markers": boilerplate.continuation_markers,
    "qr_prompts": boilerplate.qr_prompts,
    "promos": boilerplate.promos,
    "byline_lines": boilerplate.byline_lines,
    "end_marks": boilerplate.end_marks,
    "captions": boilerplate.captions,
    "paragraph_joins": paragraphs.paragraph_joins,
}

#: Entries of ``PART_REPAIRS`` that retype rather than change text: not counted as fixes.
RETYPING = {"captions"}


def repair_text(body: str, markup: str) -> tuple[str, Counter]:
    """Run the whole-text repairs over ``body``; return the text and what changed."""
    fixes: Counter = Counter()
    for name, repair in TEXT_REPAIRS.items():
        if markup != "plain" and name in MARKUP_AWARE:
            continue
        body, count = repair(body)
        if count:
            fixes[name] += count
    return body, fixes


def repair_parts(parts: list[Part], off: frozenset[str] = frozenset()) -> tuple[list[Part], Counter]:
    """Run the paragraph repairs not named in ``off``; return the parts and what changed."""
    fixes: Counter = Counter()
    for name, repair in PART_REPAIRS.items():
        if name in off:
            continue
        parts, count = repair(parts)
        if count and name not in RETYPING:
            fixes[name] += count
    return parts, fixes
