"""The language of a text, as a BCP 47 tag, from its characters alone.

Chinese is told by script: the share of Han among the letters of the text, once URLs,
e-mail addresses and percent-escapes (which carry Latin letters whatever the language)
are taken out, so a Chinese article with links, an English footer or some code stays
``zh-*``. Latin-script text is told by lingua (its low-accuracy mode: trigram models,
loaded on the first Latin text only, ~75 MB, deterministic); a text lingua cannot
call with confidence is ``und-Latn``, never ``en`` by default.
"""

from __future__ import annotations

import functools
import re

from hanzidentifier import helpers as _hanzi

import numpy as np

from ..textutil import HAN

_HAN_RUN_RE = re.compile(f"[{HAN}]+")
_LATIN_RUN_RE = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff][A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\u0300-\u036f]*")
#: What carries Latin letters whatever the language: URLs (``www.`` ones too), e-mail
#: addresses, percent-escapes (``%E4%B8%AD``) and runs of them.
_NOT_WORDS_RE = re.compile(
    rf"(?:[a-zA-Z][a-zA-Z0-9+.-]*://|www\.)[^\s<>\"'{HAN}，。、；：！？（）【】《》“”\u3000]*"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|(?:%[0-9A-Fa-f]{2})+")
_KANA_RE = re.compile(r"[\u3040-\u30ff]")
_HANGUL_RE = re.compile(r"[\uac00-\ud7af]")
SAMPLE = 4000
#: Han at least this share of the letters (Han, Latin, kana, Hangul) makes a text Chinese:
#: a Han character carries about what a word of five letters does, so 0.2 is about as
#: many words of Chinese as of anything else.
HAN_SHARE = 0.2
#: Fewer Latin letters than this say nothing of a language.
MIN_LATIN = 20
#: lingua's confidence under which a Latin text is ``und-Latn``.
MIN_CONFIDENCE = 0.9
#: Fewer Latin letters than this are too few to name a language other than English.
MIN_LATIN_OTHER = 40
#: A word made of pinyin syllables (toneless): romanized Chinese names and terms, which
#: lingua has no model of and calls Sotho or Malay with confidence.
_PINYIN_WORD_RE = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iong|iang|uang|ong|ing|ang|eng|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu"
    r"|ua|uo|ui|ue|er|a|o|e|i|u|v))+")
#: This share of pinyin-shaped words makes a Latin text romanized Chinese: ``und-Latn``.
PINYIN_SHARE = 0.8
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
    """``zh-Hans``, ``zh-Hant``, ``zh``, ``ja``, ``ko``, ``en``, another language's
    ISO 639-1 code for Latin-script text, ``und-Latn`` for Latin text that cannot be
    told, or None if there are too few letters to say."""
    sample = _NOT_WORDS_RE.sub(" ", text[:SAMPLE * 2])[:SAMPLE]
    han = "".join(_HAN_RUN_RE.findall(sample))
    latin_runs = _LATIN_RUN_RE.findall(sample)
    latin = sum(map(len, latin_runs))
    kana = len(_KANA_RE.findall(sample))
    hangul = len(_HANGUL_RE.findall(sample))
    if kana and kana > len(han) * 0.2:
        return "ja"
    if hangul and hangul > len(han):
        return "ko"
    letters = len(han) + latin + kana + hangul
    if han and len(han) >= letters * HAN_SHARE:
        return _script(han) or "zh"
    if latin >= MIN_LATIN:
        return _latin_language(" ".join(latin_runs), latin)
    return None


def _latin_language(words: str, letters: int) -> str:
    """``en``, another ISO 639-1 code, or ``und-Latn``: lingua's best guess when it is
    confident enough (and for a language other than English, has enough to go on)."""
    if _pinyin_like(words):
        return "und-Latn"
    best = _detector().compute_language_confidence_values(words)[0]
    if best.value < MIN_CONFIDENCE:
        return "und-Latn"
    code = best.language.iso_code_639_1.name.lower()
    if code != "en" and letters < MIN_LATIN_OTHER:
        return "und-Latn"
    return code


def _pinyin_like(words: str) -> bool:
    """Whether most words (of two letters or more) are made of pinyin syllables."""
    longer = [w for w in words.lower().split() if len(w) > 1]
    pinyin = sum(bool(_PINYIN_WORD_RE.fullmatch(w)) for w in longer)
    return bool(longer) and pinyin >= len(longer) * PINYIN_SHARE


@functools.cache
def _detector():
    """lingua's detector for the Latin-script languages, built on first use."""
    from lingua import LanguageDetectorBuilder

    return (LanguageDetectorBuilder.from_all_languages_with_latin_script()
            .with_low_accuracy_mode().build())
