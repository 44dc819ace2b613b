"""The language of a text, as a BCP 47 tag, from its characters alone."""

from __future__ import annotations

import re

import hanzidentifier
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


def _identify(chars: set[str]) -> int:
    """``hanzidentifier.identify`` by set operations on its own character sets (same
    answers: its known characters are exactly the Traditional and Simplified sets)."""
    if chars.isdisjoint(_KNOWN):
        return hanzidentifier.UNKNOWN
    traditional = not chars.isdisjoint(_TRADITIONAL_ONLY)
    simplified = not chars.isdisjoint(_SIMPLIFIED_ONLY)
    if not traditional and not simplified:
        return hanzidentifier.BOTH
    if not simplified:
        return hanzidentifier.TRADITIONAL
    if not traditional:
        return hanzidentifier.SIMPLIFIED
    return hanzidentifier.MIXED


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
        # distinct characters and their counts, counted in numpy (one str per distinct character)
        codes, counts = np.unique(np.frombuffer(han.encode("utf-32-le"), dtype=np.uint32), return_counts=True)
        distinct = dict(zip(map(chr, codes.tolist()), counts.tolist()))
        kind = _identify(set(distinct))
        if kind == hanzidentifier.TRADITIONAL:
            return "zh-Hant"
        if kind in (hanzidentifier.SIMPLIFIED, hanzidentifier.BOTH):
            return "zh-Hans"
        return _majority_script(distinct)
    if latin >= 20:
        return "en"
    return None


def _majority_script(counts: dict[str, int]) -> str:
    trad = sum(n for char, n in counts.items() if char in _TRADITIONAL_ONLY)
    simp = sum(n for char, n in counts.items() if char in _SIMPLIFIED_ONLY)
    if trad > simp * 2:
        return "zh-Hant"
    if simp > trad * 2:
        return "zh-Hans"
    return "zh"
