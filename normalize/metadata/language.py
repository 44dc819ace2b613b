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

_LATIN_LETTER = r"A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_LATIN_RUN_RE = re.compile(rf"[{_LATIN_LETTER}][{_LATIN_LETTER}\u0300-\u036f]*")
#: What carries Latin letters whatever the language: URLs (``www.`` ones too), e-mail
#: addresses, percent-escapes (``%E4%B8%AD``) and runs of them.
_URL = rf"(?:[a-zA-Z][a-zA-Z0-9+.-]*://|www\.)[^\s<>\"'{HAN}，。、；：！？（）【】《》“”\u3000]*"
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_ESCAPES = r"(?:%[0-9A-Fa-f]{2})+"
#: The first character of each of them.
_NOT_WORDS_START = "[A-Za-z0-9._%+-]"
_NOT_WORDS_RE = re.compile("|".join((_URL, _EMAIL, _ESCAPES)))
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


#: Classes of characters, counted in one pass (:func:`_counts`): Han that hanzidentifier
#: does not know, knows in both scripts, knows as Traditional or Simplified only; the
#: characters it knows that are not Han (、○〇１５, in both scripts); Latin letters, the
#: combining marks a Latin run may hold, kana, Hangul; anything else.
(_OTHER, _HAN_UNKNOWN, _HAN_BOTH, _HAN_TRADITIONAL, _HAN_SIMPLIFIED, _KNOWN_NOT_HAN,
 _LATIN, _MARK, _KANA, _HANGUL) = range(10)
_HAN_CLASSES = (_HAN_UNKNOWN, _HAN_BOTH, _HAN_TRADITIONAL, _HAN_SIMPLIFIED)
_RANGES = {
    _HAN_UNKNOWN: HAN,
    _LATIN: _LATIN_LETTER,
    _MARK: r"\u0300-\u036f",
    _KANA: r"\u3040-\u30ff",
    _HANGUL: r"\uac00-\ud7af",
}


def _class_table() -> np.ndarray:
    """The class of every BMP code point, and ``_OTHER`` one past them (for the rest)."""
    table = np.full(0x10001, _OTHER, dtype=np.uint8)
    bmp = "".join(map(chr, range(0x10000)))
    for kind, ranges in _RANGES.items():
        for match in re.finditer(f"[{ranges}]+", bmp):
            table[match.start():match.end()] = kind
    is_han = table == _HAN_UNKNOWN
    for chars, kind in ((_KNOWN, _HAN_BOTH), (_TRADITIONAL_ONLY, _HAN_TRADITIONAL),
                        (_SIMPLIFIED_ONLY, _HAN_SIMPLIFIED)):
        codes = np.array(sorted(ord(c) for c in chars))
        table[codes] = np.where(is_han[codes], kind, _KNOWN_NOT_HAN)
    return table


_CLASS_TABLE = _class_table()
# Every character hanzidentifier knows outside the Han blocks is in both scripts.
assert not (_TRADITIONAL_ONLY | _SIMPLIFIED_ONLY) & {chr(c) for c in np.flatnonzero(_CLASS_TABLE == _KNOWN_NOT_HAN)}


def _counts(text: str) -> list[int]:
    """How many characters of ``text`` fall in each class, by class (counted in numpy)."""
    codes = np.minimum(np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32), 0x10000)
    return np.bincount(_CLASS_TABLE[codes], minlength=_HANGUL + 1).tolist()


def _script(text: str) -> str | None:
    """``zh-Hant``, ``zh-Hans``, ``zh`` or None (no known character) for Han text: what
    ``hanzidentifier.identify`` says of the distinct characters, and when it says
    MIXED, which script's own characters occur more than twice as often."""
    counts = _counts(text)
    return _script_of(counts, counts[_KNOWN_NOT_HAN])


def _script_of(counts: list[int], known_not_han: int = 0) -> str | None:
    """:func:`_script` from the class counts of a text (and how many characters that are
    not Han hanzidentifier knows it to hold)."""
    if not (known_not_han or counts[_HAN_BOTH] or counts[_HAN_TRADITIONAL] or counts[_HAN_SIMPLIFIED]):
        return None
    traditional, simplified = counts[_HAN_TRADITIONAL], counts[_HAN_SIMPLIFIED]
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
    sample = _sample(text)
    counts = _counts(sample)
    han = sum(counts[kind] for kind in _HAN_CLASSES)
    kana, hangul = counts[_KANA], counts[_HANGUL]
    # A combining mark counts only inside a Latin run: then the runs are counted.
    latin = sum(map(len, _LATIN_RUN_RE.findall(sample))) if counts[_MARK] else counts[_LATIN]
    if kana and kana > han * 0.2:
        return "ja"
    if hangul and hangul > han:
        return "ko"
    letters = han + latin + kana + hangul
    if han and han >= letters * HAN_SHARE:
        return _script_of(counts) or "zh"
    if latin >= MIN_LATIN:
        return _latin_language(" ".join(_LATIN_RUN_RE.findall(sample)), latin)
    return None


def _sample(text: str) -> str:
    """The first SAMPLE characters of the text's first 2 * SAMPLE with what is not words
    (``_NOT_WORDS_RE``) replaced by spaces."""
    head = text[:SAMPLE * 2]
    pattern = _not_words("://" in head or "www." in head, "@" in head, "%" in head)
    return (pattern.sub(" ", head) if pattern else head)[:SAMPLE]


@functools.cache
def _not_words(urls: bool, emails: bool, escapes: bool) -> re.Pattern | None:
    """``_NOT_WORDS_RE`` with only the alternatives that can match (a URL holds ``://`` or
    ``www.``, an e-mail address ``@``, an escape ``%``): the same matches, found sooner.
    The lookahead lets a position that cannot start any fail at once."""
    alternatives = [pattern for pattern, on in ((_URL, urls), (_EMAIL, emails), (_ESCAPES, escapes)) if on]
    return re.compile(f"(?={_NOT_WORDS_START})(?:{'|'.join(alternatives)})") if alternatives else None


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
