"""Optional repairs that change what a reader sees; a profile turns them on.

Each takes the list of :class:`~normalize.records.Part` and returns
``(new_parts, count)``. None of them runs in the default ``archival`` profile.
"""

from __future__ import annotations

import re

from ..records import Part
from ..textutil import HAN

#: Full-width ASCII letters and digits (ＶＩＰ２０１２), folded to ASCII by ``nlp``.
_FULLWIDTH_ALNUM_RE = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
#: ASCII punctuation with a Han character on each side.
_ASCII_BETWEEN_HAN_RE = re.compile(f"(?<=[{HAN}])[,;:?!](?=[{HAN}])")


def fullwidth_ascii(parts: list[Part]) -> tuple[list[Part], int]:
    """Fold full-width ASCII letters and digits to ASCII (ＶＩＰ２０１２ → VIP2012)."""
    return _each(parts, lambda text: _FULLWIDTH_ALNUM_RE.subn(lambda m: chr(ord(m.group(0)) - 0xFEE0), text))


def cjk_punctuation(parts: list[Part]) -> tuple[list[Part], int]:
    """Make ASCII punctuation between Han characters full-width (``疫情防控,关键`` → ``，``)."""
    return _each(parts, lambda text: _ASCII_BETWEEN_HAN_RE.subn(lambda m: _HALF_TO_FULL[m.group(0)], text))


def drop_captions(parts: list[Part]) -> tuple[list[Part], int]:
    """Drop photo captions."""
    kept = [part for part in parts if part.kind != "caption"]
    return kept, len(parts) - len(kept)


def _each(parts: list[Part], fix) -> tuple[list[Part], int]:
    out, total = [], 0
    for part in parts:
        text, count = fix(part.text)
        total += count
        out.append(Part(part.kind, text) if count else part)
    return out, total
