"""The ordered tables of repairs. A repair's key is the name it adds to ``fixes``.

``FILE_REPAIRS`` run over a whole decoded file and keep every line in place, so
each record is credited with the changes inside its own lines; the ones named in
``PLAIN_ONLY`` run only on plain-text formats (markdown has its own HTML and entity
handling). ``PART_REPAIRS`` run over an article's typed paragraphs. ``PROFILES`` say
which optional repairs a profile turns on. These tables are the only place the order
of repairs is written down.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable

from .. import limits
from ..records import Part
from . import boilerplate, html, mojibake, paragraphs, profiles, shifted, text

FileRepair = Callable[[str], tuple[str, Counter]]
PartRepair = Callable[[list[Part]], tuple[list[Part], int]]

#: Whole-file repairs, in order.
FILE_REPAIRS: dict[str, FileRepair] = {
    "newlines": text.newlines,
    "zero_width": text.zero_width,
    "shifted_gbk": shifted.repair,
    "mojibake": mojibake.repair,
    "html_tags": html.html_tags,
    "html_entities": html.html_entities,
    "control_chars": text.control_chars,
    "soft_hyphens": text.soft_hyphens,
    "nbsp": text.nbsp,
    "trailing_spaces": text.trailing_spaces,
    "nfc": text.nfc,
}
PLAIN_ONLY = frozenset({"html_tags", "html_entities"})

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
    "fullwidth_ascii": profiles.fullwidth_ascii,
    "cjk_punctuation": profiles.cjk_punctuation,
    "drop_captions": profiles.drop_captions,
}

#: Changes a source's parser makes while reading (lines it moves into metadata, or joins)
#: and counts in ``fixes`` under these names: declared here so that every name that can
#: appear in a record's ``fixes`` is in this module's tables.
PARSER_FIXES: dict[str, str] = {
    "hard_wraps": "plain text hard-wrapped inside paragraphs, joined back (plaintext; labelled: exports wrapped at a fixed width)",
    "metadata_lines": "a date or byline line under a title, moved into metadata (plaintext, jekyll)",
    "link_list": "the 原文链接/备份链接 links at the top of a page, moved into url and archive_urls (jekyll)",
    "page_chrome": "whole paragraphs of a web page's chrome an extractor left (相关阅读, 更多>>, 打开…查看更多图片), removed (html)",
}

#: Entries of ``PART_REPAIRS`` that retype rather than change text: not counted as fixes.
RETYPING = frozenset({"captions"})

#: Profiles are data: the optional repairs each one turns on. ``archival`` keeps every
#: character a reader would see; ``nlp`` also folds what NLP pipelines want folded.
OPTIONAL = frozenset({"fullwidth_ascii", "cjk_punctuation", "drop_captions"})
PROFILES: dict[str, frozenset[str]] = {
    "archival": frozenset(),
    "nlp": frozenset({"fullwidth_ascii", "cjk_punctuation", "drop_captions"}),
}
DEFAULT_PROFILE = "archival"

#: Every name a record's ``fixes`` may hold (RETYPING ones are never counted).
FIX_NAMES = frozenset(FILE_REPAIRS) | frozenset(PART_REPAIRS) - RETYPING | frozenset(PARSER_FIXES)


#: Rounds of file repairs at most: a repair can expose work for an earlier one (a
#: control character removed from inside a mojibake run), so they run to a fixpoint.
MAX_ROUNDS = 3


def repair_file(body: str, plain: bool | None,
                settled: dict[str, str] | None = None) -> tuple[str, dict[str, Counter]]:
    """Run the file repairs to a fixpoint; ``plain`` None skips the plain-only ones
    (format unknown yet). Returns the text and, per repair name, changes per line.

    ``settled`` remembers, per repair, a text it left unchanged: run again on that same
    text it would change nothing, so it is not run (a second call for a plain format
    then costs only the plain-only repairs, unless they change something).
    """
    settled = {} if settled is None else settled
    per_line: dict[str, Counter] = {}
    for _ in range(MAX_ROUNDS):
        changed = False
        for name, repair in FILE_REPAIRS.items():
            if (name in PLAIN_ONLY and not plain) or settled.get(name) == body:
                continue
            limits.check()
            body, counts = repair(body)
            if counts:
                per_line[name] = per_line.get(name, Counter()) + counts
                changed = True
            else:
                settled[name] = body
        if not changed:
            break
    return body, per_line


#: The profile repairs that change characters (not structure): a profile applies them to
#: titles and subtitles too, so ``nlp`` folds ``ＶＩＰ２０１２`` in a headline as in the text.
CHARACTER_REPAIRS = ("fullwidth_ascii", "cjk_punctuation")


def repair_line(line: str | None, profile: str = DEFAULT_PROFILE) -> tuple[str | None, Counter]:
    """A title or subtitle through the character repairs its profile turns on."""
    fixes: Counter = Counter()
    if not line:
        return line, fixes
    parts = [Part("heading", line)]
    for name in CHARACTER_REPAIRS:
        if name in PROFILES[profile]:
            parts, count = PART_REPAIRS[name](parts)
            fixes[name] += count
    return parts[0].text, +fixes


def repair_parts(parts: list[Part], off: frozenset[str] = frozenset(),
                 profile: str = DEFAULT_PROFILE) -> tuple[list[Part], Counter]:
    """Run the paragraph repairs the source and profile allow; return parts and counts."""
    enabled = PROFILES[profile]
    fixes: Counter = Counter()
    for name, repair in PART_REPAIRS.items():
        if name in off or (name in OPTIONAL and name not in enabled):
            continue
        limits.check()
        parts, count = repair(parts)
        if count and name not in RETYPING:
            fixes[name] += count
    return parts, fixes
