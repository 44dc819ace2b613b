"""The language of a text, as a BCP 47 tag, from its characters alone."""

from __future__ import annotations

import re

import hanzidentifier

from ..textutil import HAN_RE

_LATIN_RE = re.compile(r"[A-Za-z]")
_KANA_RE = re.compile(r"[\u3040-\u30ff]")
_HANGUL_RE = re.compile(r"[\uac00-\ud7af]")
SAMPLE = 4000


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
        kind = hanzidentifier.identify(han)
        if kind == hanzidentifier.TRADITIONAL:
            return "zh-Hant"
        if kind in (hanzidentifier.SIMPLIFIED, hanzidentifier.BOTH):
            return "zh-Hans"
        return _majority_script(han)
    if latin >= 20:
        return "en"
    return None


def _majority_script(han: str) -> str:
    trad = sum(1 for c in han if hanzidentifier.identify(c) == hanzidentifier.TRADITIONAL)
    simp = sum(1 for c in han if hanzidentifier.identify(c) == hanzidentifier.SIMPLIFIED)
    if trad > simp * 2:
        return "zh-Hant"
    if simp > trad * 2:
        return "zh-Hans"
    return "zh"
