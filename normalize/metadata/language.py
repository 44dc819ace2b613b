"""The language of a text, as a BCP 47 tag, from its characters alone."""

from __future__ import annotations

import re
from collections import Counter

import hanzidentifier
from hanzidentifier import helpers as _hanzi

from ..textutil import HAN_RE

_LATIN_RE = re.compile(r"[A-Za-z]")
_KANA_RE = re.compile(r"[\u3040-\u30ff]")
_HANGUL_RE = re.compile(r"[\uac00-\ud7af]")
SAMPLE = 4000
#: hanzidentifier's character sets, for counting (its ``identify`` per character is slow).
_TRADITIONAL_ONLY = frozenset(_hanzi.TRADITIONAL_CHARACTERS - _hanzi.SIMPLIFIED_CHARACTERS)
_SIMPLIFIED_ONLY = frozenset(_hanzi.SIMPLIFIED_CHARACTERS - _hanzi.TRADITIONAL_CHARACTERS)
_KNOWN = frozenset(_hanzi.ALL_CHARACTERS)


def _identify(han: str) -> int:
    """``hanzidentifier.identify`` by set operations on its own character sets (same answers)."""
    chinese = set(han) & _KNOWN
    if not chinese:
        return hanzidentifier.UNKNOWN
    if chinese <= _hanzi.SHARED_CHARACTERS:
        return hanzidentifier.BOTH
    if chinese <= _hanzi.TRADITIONAL_CHARACTERS:
        return hanzidentifier.TRADITIONAL
    if chinese <= _hanzi.SIMPLIFIED_CHARACTERS:
        return hanzidentifier.SIMPLIFIED
    return hanzidentifier.MIXED


def detect_language(text: str) -> str | None:
    """``zh-Hans``, ``zh-Hant``, ``zh``, ``ja``, ``ko``, ``en`` or None if unclear."""
    sample = text[:SAMPLE]
    han = "".join(HAN_RE.findall(sample))
    latin = len(_LATIN_RE.findall(sample))
    if _KANA_RE.search(sample) and len(_KANA_RE.findall(sample)) > len(han) * 0.2:
        return "ja"
    if len(_HANGUL_RE.findall(sample)) > len(han):
        return "ko"
    if han and len(han) * 2 >= latin:
        kind = _identify(han)
        if kind == hanzidentifier.TRADITIONAL:
            return "zh-Hant"
        if kind in (hanzidentifier.SIMPLIFIED, hanzidentifier.BOTH):
            return "zh-Hans"
        return _majority_script(han)
    if latin >= 20:
        return "en"
    return None


def _majority_script(han: str) -> str:
    counts = Counter(han)
    trad = sum(n for char, n in counts.items() if char in _TRADITIONAL_ONLY)
    simp = sum(n for char, n in counts.items() if char in _SIMPLIFIED_ONLY)
    if trad > simp * 2:
        return "zh-Hant"
    if simp > trad * 2:
        return "zh-Hans"
    return "zh"
