"""Mojibake: text decoded with the wrong codec and saved again, repaired when verifiable.

Three cases, tried in order on each line:

* UTF-8 read as Latin-1/cp1252 (``ä¹ è¿``): ftfy, configured for Chinese (no width
  folding, no quote uncurling, no line-break or control-character changes);
* GBK read as Latin-1 (``ÖÐÎÄ``): the run re-encoded as Latin-1 and decoded as GB18030;
* UTF-8 read as GBK and saved again (``锛`` for ``，``, ``鐨`` for ``的``): the run
  re-encoded as GB18030 and decoded as UTF-8. Where the wrong reading already lost
  bytes (U+FFFD inside the run), what decodes is recovered and U+FFFD marks the rest.

A repair is kept only when it is verifiable: the re-decoding is strict (or, for a
half-destroyed run, loses nothing that was not lost already) and the result reads as
more plausible Chinese (:func:`plausibility`). Clean text is never touched: every
line is checked cheaply first.
"""

from __future__ import annotations

import re
from collections import Counter

import ftfy
from ftfy import TextFixerConfig

from .text import per_matching_line

#: ftfy for Chinese: keep full-width forms, curly quotes, line breaks, U+3000 and controls
#: (controls are a repair of their own, after this one).
FTFY_CONFIG = TextFixerConfig(
    unescape_html=False, fix_character_width=False, uncurl_quotes=False, fix_c1_controls=False,
    fix_latin_ligatures=False, fix_line_breaks=False, remove_control_chars=False,
    normalization=None, explain=False,
)

#: A run of non-ASCII characters, with at most 3 ASCII characters inside it.
_LATIN1_CHAR_RE = re.compile("[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2026\u2030\u2039\u203a\u20ac\u2122]")
#: Two Latin-1-range characters, adjacent or around one ASCII character: the least any
#: UTF-8 or GBK character read as Latin-1/cp1252 leaves (a lone 'é' or '·' is text).
_LATIN1_PAIR_RE = re.compile("{0}[\x40-\x7e]?{0}".format(_LATIN1_CHAR_RE.pattern))
_RUN_RE = re.compile(r"[^\x00-\x7f](?:[\x20-\x7e]{0,3}[^\x00-\x7f])*")
#: A run of Latin-1 characters that may be GBK bytes: a GBK trail byte can be ASCII
#: 0x40-0x7E, never a space or digit, so those end a run.
_LATIN1_RUN_RE = re.compile(r"[\x80-\xff](?:[\x40-\x7e]?[\x80-\xff])+")

#: How much more plausible (per character) a repaired run must read, and how many
#: common Han characters it must hold: short garbage "repaired" into other garbage
#: would not survive a second pass unchanged.
MIN_GAIN = 0.25
MINCOMMON_HAN = 2
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ue000-\uf8ff]")
_COMMON_PUNCT = set("，。、；：？！“”‘’（）《》【】—…·「」『』〈〉 \u3000")


def repair(text: str) -> tuple[str, Counter]:
    """Repair mojibake line by line; return the text and changed runs per 1-based line.
    Only the lines holding a suspect character are cut out of the text and tried."""
    if text.isascii():
        return text, Counter()
    return per_matching_line(repair_line, _SUSPECT_RE, text)


def _suspect(line: str) -> bool:
    """Cheap check: a character that clean Chinese text seldom holds."""
    return _SUSPECT_RE.search(line) is not None


def repair_line(line: str) -> tuple[str, int]:
    """One line through the repairs; return it and how many runs changed.

    Latin-1-range text gets several candidate readings: ftfy's, UTF-8 read as
    cp1252 undone strictly, and GBK read as Latin-1 undone run by run. The most
    plausible verifiable one is kept (verified on the whole line, so a short run such as
    ``ÔÂ`` for 月 is judged with its neighbours).
    """
    changed = 0
    if _LATIN1_PAIR_RE.search(line):  # every reading undone here spans two such characters
        for wrong in ("latin-1", "sloppy-windows-1252"):  # the exact inverse, verified: no guessing
            whole = _decoder(wrong, "utf-8")(line)
            if whole is not None and _better(whole, line):
                return whole, 1
        candidates = [(ftfy.fix_text(line, config=FTFY_CONFIG), 1),
                      _replace_runs(line, _LATIN1_RUN_RE, _decoder("latin-1", "gb18030"))]
        cp1252 = _decoder("sloppy-windows-1252", "utf-8")(line)
        if cp1252 is not None:
            candidates.append((cp1252, 1))
        good = [c for c in candidates if c[1] and _better(c[0], line)]
        if good:
            line, changed = max(good, key=lambda c: plausibility(c[0]))
    if not _GBK_SUSPECT_RE.search(line) or not _hides_utf8(line):  # nothing a GBK misreading produces
        return line, changed
    whole = _utf8_read_as_gbk(line) if "\ufffd" not in line else None
    if whole is not None:
        return whole, changed + 1
    line, count = _replace_runs(line, _RUN_RE, _utf8_read_as_gbk_within)
    return line, changed + count


def _decoder(wrong: str, right: str):
    """Undo text decoded as ``wrong`` that was ``right``: strict both ways, else None."""
    def undo(run: str) -> str | None:
        try:
            return run.encode(wrong).decode(right)
        except (UnicodeEncodeError, UnicodeDecodeError):
            return None
    return undo


def _replace_runs(line: str, pattern: re.Pattern, undo) -> tuple[str, int]:
    count = 0

    def one(match: re.Match) -> str:
        nonlocal count
        fixed = undo(match.group(0))
        if fixed is None:
            return match.group(0)
        count += 1
        return fixed

    return pattern.sub(one, line), count


def _utf8_read_as_gbk(run: str) -> str | None:
    """Undo UTF-8 bytes read as GBK; U+FFFD in the run stands for bytes already lost
    (such runs are only tried as stretches of compatible characters)."""
    if "\ufffd" not in run:
        try:
            fixed = run.encode("gb18030").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return None
        return fixed if _better(fixed, run) else None
    # Each U+FFFD of a GBK misreading stands for one lost byte; a lost byte breaks one
    # UTF-8 sequence, which decodes to a burst of U+FFFD: one is kept per burst.
    try:  # only characters a GBK decoder can produce: anything else was not misread
        data = b"".join(b"\xff" if c == "\ufffd" else c.encode("gbk") for c in run)
    except UnicodeEncodeError:
        return None
    fixed = re.sub("\ufffd+", "\ufffd", data.decode("utf-8", "replace"))
    if fixed.count("\ufffd") > run.count("\ufffd") * 1.2 + 1:
        return None
    return fixed if _better(fixed, run) else None


def _utf8_read_as_gbk_within(run: str) -> str | None:
    """The run, or failing that its stretches of characters UTF-8 bytes can produce when
    read as GBK; each stretch is tried with up to two characters trimmed at either edge
    (clean punctuation next to a damaged run is GBK-compatible too) and the most
    plausible reading wins."""
    if not _suspect(run):  # UTF-8 read as GBK always yields a rare (level 2) character
        return None
    whole = _utf8_read_as_gbk(run) if "\ufffd" not in run else None
    if whole is not None:
        return whole
    changed = False
    out, last = [], 0
    for match in _COMPATIBLE_RE.finditer(run):
        stretch, readings = match.group(0), []
        if not _suspect(stretch) or not _hides_utf8(stretch):  # a misread stretch has both
            continue
        for start in range(3):
            for end in range(3):
                if start + end < len(stretch):
                    fixed = _utf8_read_as_gbk(stretch[start:len(stretch) - end])
                    if fixed is not None:
                        whole_stretch = stretch[:start] + fixed + stretch[len(stretch) - end:]
                        readings.append((plausibility(whole_stretch), -start - end, whole_stretch))
        if readings:
            out.append(run[last:match.start()] + max(readings)[2])
            last, changed = match.end(), True
    return "".join(out) + run[last:] if changed else None


def _hides_utf8(text: str) -> bool:
    """Cheap check: the GB18030 bytes of ``text`` hold two UTF-8 sequences of 3 bytes, the
    least a repair can recover (two common Han characters)."""
    return len(_UTF8_TRIPLE_RE.findall(text.encode("gb18030", "replace"))) >= 2


_UTF8_TRIPLE_RE = re.compile(rb"[\xe0-\xef][\x80-\xbf][\x80-\xbf]")


def _compatible(char: str) -> bool:
    """Could ``char`` come from reading UTF-8 bytes of Chinese text as GBK?"""
    try:
        data = char.encode("gbk")
    except UnicodeEncodeError:
        return char == "\ufffd"
    if len(data) != 2:
        return False
    utf8ish = lambda byte: 0x80 <= byte <= 0xBF or 0xE2 <= byte <= 0xEF  # noqa: E731
    return utf8ish(data[0]) and (utf8ish(data[1]) or data[1] < 0x80)


_COMPATIBLE = [chr(c) for c in range(0x80, 0x10000) if not 0xD800 <= c <= 0xDFFF and _compatible(chr(c))]
_COMPATIBLE_RE = re.compile("(?:[{0}][\x20-\x7e]{{0,2}})*[{0}]".format("".join(re.escape(c) for c in _COMPATIBLE)))


def _better(fixed: str, original: str) -> bool:
    """Verifiable gain: more plausible, more common Han characters than before (two at
    least), no control characters."""
    if fixed == original or _CONTROL_RE.search(fixed):
        return False
    common = _common_han(fixed)
    if common < MINCOMMON_HAN or common <= _common_han(original):
        return False
    return plausibility(fixed) >= plausibility(original) + MIN_GAIN


def _common_han(text: str) -> int:
    return len(COMMON_HAN_RE.findall(text))


def plausibility(text: str) -> float:
    """Mean per-character score of how much ``text`` reads like clean Chinese (-3..1).

    Common Han characters (GB2312 level 1, Big5 level 1) and common punctuation score
    1, ASCII 0.5, other Han 0, anything else -1, U+FFFD -3. Counted by class with
    regular expressions (every score is a multiple of 0.5, so the sum is exact).
    """
    if not text:
        return 0.0
    good = len(_GOOD_RE.findall(text))
    ascii_ = len(_ASCII_RE.findall(text))
    lost = text.count("\ufffd")
    rare = len(_RARE_HAN_RE.findall(text))
    other = len(text) - good - ascii_ - lost - rare
    return (good + 0.5 * ascii_ - 3.0 * lost - other) / len(text)


def _char_score(char: str) -> float:
    if char == "\ufffd":
        return -3.0
    if char.isascii():
        return 0.5
    if char in _COMMON_PUNCT:
        return 1.0
    if _is_common_han(char):
        return 1.0
    if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf":
        return 0.0
    return -1.0


def _is_common_han(char: str) -> bool:
    return char in COMMON_HAN


def _level_one(codec: str, low: int, high: int) -> set[str]:
    """Characters a double-byte codec encodes with a lead byte in ``low..high``."""
    found = set()
    for lead in range(low, high + 1):
        for trail in range(0x40, 0xFF):
            try:
                char = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(char) == 1 and char.encode(codec) == bytes((lead, trail)):
                found.add(char)
    return found


#: Common Han characters: GB2312 level 1 and Big5 level 1 (with the kana Big5 puts there).
COMMON_HAN = frozenset(_level_one("gb2312", 0xB0, 0xD7) | _level_one("big5", 0xA4, 0xC6))


def _class(chars: list[str]) -> str:
    """A regex character class body for ``chars``, as ranges."""
    codes = sorted(ord(c) for c in chars)
    ranges, start, last = [], codes[0], codes[0]
    for code in codes[1:] + [-1]:
        if code == last + 1:
            last = code
            continue
        ranges.append(re.escape(chr(start)) + ("-" + re.escape(chr(last)) if last > start else ""))
        start = last = code
    return "".join(ranges)


_BMP = [chr(c) for c in range(0x80, 0x10000) if not 0xD800 <= c <= 0xDFFF]
_SCORES = {char: _char_score(char) for char in _BMP}
COMMON_HAN_RE = re.compile("[{}]".format(_class(sorted(COMMON_HAN))))
_GOOD_RE = re.compile("[{}]".format(_class([c for c, score in _SCORES.items() if score == 1.0])))
_RARE_HAN_RE = re.compile("[{}]".format(_class([c for c, score in _SCORES.items() if score == 0.0])))
_ASCII_RE = re.compile("[\\x00-\\x7f]")
#: Any character scoring 0 or less: a rare one, which sends a line to the repairs.
_SUSPECT_RE = re.compile("[^\\x00-\\x7f{}]".format(_class([c for c, score in _SCORES.items() if score > 0])))
#: A rare character UTF-8 read as GBK can produce (or U+FFFD): lines without one are
#: not tried for that repair.
_GBK_SUSPECT_RE = re.compile("[\ufffd{}]".format(_class([c for c in _COMPATIBLE if _SCORES.get(c, -1.0) <= 0])))
