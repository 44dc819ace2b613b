"""The language of a text, as a BCP 47 tag, from its characters alone."""

from __future__ import annotations

import re

from hanzidentifier import helpers as _hanzi

import numpy as np

from ..textutil import HAN

_HAN_RUN_RE = re.compile(f"[{HAN}]+")
_LATIN_RUN_RE = re.compile(r"[A-Za-z]+")
_KANA_RE = re.compile(r"[\u3040-\u30ff]")
_HANGUL_RE = re.compile(r"[\uac00-\ud7af]")
SAMPLE = 4000
#: hanzidentifier's character sets, for counting (its ``identify`` per character is slow).
_TRADITIONAL_ONLY = frozenset(_hanzi.TRADITIONAL_CHARACTERS - _hanzi.SIMPLIFIED_CHARACTERS)
_SIMPLIFIED_ONLY = frozenset(_hanzi.SIMPLIFIED_CHARACTERS - _hanzi.TRADITIONAL_CHARACTERS)
_KNOWN = frozenset(_hanzi.ALL_CHARACTERS)


def _table(chars: frozenset[str]) -> np.ndarray:
    """A lookup table by code point (one past the largest, so every table has a False end)."""
    table = np.zeros(_LIMIT, dtype=bool)
    table[[ord(c) for c in chars]] = True
    return table


_LIMIT = max(ord(c) for c in _KNOWN) + 2
_KNOWN_TABLE, _TRADITIONAL_TABLE, _SIMPLIFIED_TABLE = (
    _table(_KNOWN), _table(_TRADITIONAL_ONLY), _table(_SIMPLIFIED_ONLY))


def _script(han: str) -> str | None:
    """``zh-Hant``, ``zh-Hans``, ``zh`` or None (no known character) for Han text: what
    ``hanzidentifier.identify`` says of the distinct characters, and when it says
    MIXED, which script's own characters occur more than twice as often. Counted in numpy."""
    codes = np.minimum(np.frombuffer(han.encode("utf-32-le"), dtype=np.uint32), _LIMIT - 1)
    if not _KNOWN_TABLE[codes].any():
        return None
    traditional = int(np.count_nonzero(_TRADITIONAL_TABLE[codes]))
    simplified = int(np.count_nonzero(_SIMPLIFIED_TABLE[codes]))
    if not simplified:
        return "zh-Hant" if traditional else "zh-Hans"  # TRADITIONAL, or BOTH
    if not traditional:
        return "zh-Hans"  # SIMPLIFIED
    if traditional > simplified * 2:
        return "zh-Hant"
    if simplified > traditional * 2:
        return "zh-Hans"
    return "zh"


def detect_language(text: str) -> str | None:
    """``zh-Hans``, ``zh-Hant``, ``zh``, ``ja``, ``ko``, ``en`` or None if unclear."""
    sample = text[:SAMPLE]
    han = "".join(_HAN_RUN_RE.findall(sample))
    latin = sum(map(len, _LATIN_RUN_RE.findall(sample)))
    if _KANA_RE.search(sample) and len(_KANA_RE.findall(sample)) > len(han) * 0.2:
        return "ja"
    if _HANGUL_RE.search(sample) and len(_HANGUL_RE.findall(sample)) > len(han):
        return "ko"
    if han and len(han) * 2 >= latin:
        return _script(han) or "zh"
    if latin >= 20:
        return "en"
    return None
