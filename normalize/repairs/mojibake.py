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

import bisect
import operator
import re
import struct
from collections import Counter
from functools import lru_cache
from itertools import compress
from typing import NamedTuple

import ftfy
from ftfy import TextFixerConfig
from ftfy.chardata import CHARMAP_ENCODINGS, UTF8_CLUES, UTF8_DETECTOR_RE, possible_encoding

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
    return per_matching_line(_repair_line_remembered, _SUSPECT_RE, text)


#: Lines recur: a file is repaired again once another repair changed it, and the same
#: article comes in several copies. The last few thousand short ones are remembered (a
#: result depends on the line alone): at most some 16 MB, as long lines are not kept.
REMEMBERED_LINES = 4096
REMEMBERED_LENGTH = 1_000


def _repair_line_remembered(line: str) -> tuple[str, int]:
    return _remembered(line) if len(line) <= REMEMBERED_LENGTH else repair_line(line)


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
        # (the cp1252 reading undone strictly was just found no better: not a candidate)
        candidates = [_replace_runs(line, _LATIN1_RUN_RE, _decoder("latin-1", "gb18030"))]
        if _ftfy_may_change(line):  # else ftfy's reading is the line itself, never better
            candidates.insert(0, (ftfy.fix_text(line, config=FTFY_CONFIG), 1))
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


#: What ftfy can start from (see :func:`_ftfy_may_change`): C1 controls, a terminal
#: escape, a surrogate; two characters a UTF-8 sequence read as a single-byte codepage
#: begins with (ftfy's own classes, a cheap test before its detector).
_FTFY_FIXABLE_RE = re.compile("[\x80-\x9f\x1b\ud800-\udfff]")
_UTF8_START_RE = re.compile(
    "[{utf8_first_of_2}{utf8_first_of_3}{utf8_first_of_4}][{utf8_continuation}]".format(**UTF8_CLUES))


def _ftfy_may_change(line: str) -> bool:
    """Whether ftfy, as configured, can change the line at all; when not, its reading is
    the line itself and need not be asked for (its detection is most of a line's cost).

    With this configuration ftfy changes a line only by fixing its encoding, surrogates
    or terminal escapes. A line that no single-byte codepage can encode (it holds a Han
    character, say) is fixed only where its UTF-8 detector finds a run, or by turning C1
    controls into cp1252; a line longer than ftfy's segments is fixed segment by
    segment, and is left to ftfy. The test suite checks this claim against ftfy itself.
    """
    return ("\n" in line or len(line) > FTFY_CONFIG.max_decode_length
            or _FTFY_FIXABLE_RE.search(line) is not None
            or any(possible_encoding(line, encoding) for encoding in CHARMAP_ENCODINGS)
            or (_UTF8_START_RE.search(line) is not None and UTF8_DETECTOR_RE.search(line) is not None))


@lru_cache(maxsize=REMEMBERED_LINES)
def _remembered(line: str) -> tuple[str, int]:
    return repair_line(line)


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
    least a repair can recover (two common Han characters). Three characters at least
    hold them: two double-byte characters make four bytes."""
    data = text.encode("gb18030", "replace")
    first = _UTF8_TRIPLE_RE.search(data)
    return first is not None and _UTF8_TRIPLE_RE.search(data, first.end()) is not None


_UTF8_TRIPLE_RE = re.compile(rb"[\xe0-\xef][\x80-\xbf][\x80-\xbf]")


def _better(fixed: str, original: str) -> bool:
    """Verifiable gain: more plausible, more common Han characters than before (two at
    least), no control characters."""
    if fixed == original or _CONTROL_RE.search(fixed):
        return False
    after = _score(fixed)
    if after.common < MINCOMMON_HAN:
        return False
    before = _score(original)
    if after.common <= before.common:
        return False
    return after.plausibility >= before.plausibility + MIN_GAIN


class _Score(NamedTuple):
    common: int  #: common Han characters
    plausibility: float  #: see :func:`plausibility`


@lru_cache(maxsize=64)
def _score(text: str) -> _Score:
    """Common Han characters and plausibility of ``text``, counted together. Remembered
    for a few texts: a line is compared with each of its candidate readings."""
    if not text:
        return _Score(0, 0.0)
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        common = _count(_COMMON_HAN_RUNS_RE, text)
        good = common + _count(_PUNCT_RUNS_RE, text)
        rare = _count(_HAN_RUNS_RE, text) - (common - _count(_COMMON_HAN_OUTSIDE_RUNS_RE, text))
    else:  # Latin-1 (a line as found, before a repair) holds no Han, and little punctuation
        common = rare = 0
        good = sum(map(text.count, _LATIN1_PUNCT))
    ascii_ = len(text.encode("ascii", "ignore"))
    lost = text.count("\ufffd")
    other = len(text) - good - ascii_ - lost - rare
    return _Score(common, (good + 0.5 * ascii_ - 3.0 * lost - other) / len(text))


def _count(runs: re.Pattern, text: str) -> int:
    """How many characters of ``text`` a pattern of runs of one class covers (counting
    runs, not characters, makes a few match objects instead of many)."""
    return sum(map(len, runs.findall(text)))


def plausibility(text: str) -> float:
    """Mean per-character score of how much ``text`` reads like clean Chinese (-3..1).

    Common Han characters (GB2312 level 1, Big5 level 1) and common punctuation score
    1, ASCII 0.5, other Han 0, anything else -1, U+FFFD -3. Counted by class with
    regular expressions (every score is a multiple of 0.5, so the sum is exact).
    """
    return _score(text).plausibility


# The character tables, drawn from every character above ASCII in the Basic Multilingual
# Plane. Every process that imports this module builds them, so they are encoded and
# decoded in bulk (each character on a line of its own) rather than one at a time.

def _bmp_lines() -> str:
    """Every character from U+0080 to U+FFFF, surrogates aside, each followed by a line
    feed; made from UTF-16 code units in one decode (joining 63,000 one-character strings
    costs more than every table drawn from them)."""
    data = b""
    for codes in (range(0x80, 0xD800), range(0xE000, 0x10000)):
        units = range(codes.start << 16 | 0x0A, codes.stop << 16, 1 << 16)  # the character, then \n
        data += struct.pack(f">{len(units)}I", *units)
    return data.decode("utf-16-be")


_BMP_LINES = _bmp_lines()
_BMP = _BMP_LINES[::2]

#: Bytes a UTF-8 sequence can begin with (E2-EF, Chinese text) or continue with (80-BF).
_UTF8ISH = bytes(range(0x80, 0xC0)) + bytes(range(0xE2, 0xF0))
#: The GBK codes UTF-8 bytes of Chinese text can form: two such bytes, or one then ASCII.
_UTF8ISH_CODES = frozenset(bytes((lead, trail)) for lead in _UTF8ISH for trail in _UTF8ISH + bytes(range(0x80)))


def _compatible() -> list[str]:
    """Characters that can come from reading UTF-8 bytes of Chinese text as GBK (a GBK
    code of :data:`_UTF8ISH_CODES`), and U+FFFD for bytes a reading lost; in code point
    order. Every character is encoded at once, one a line (no GBK code holds the byte of
    a line feed; what GBK cannot encode becomes ``?``)."""
    codes = _BMP_LINES.encode("gbk", "replace").split(b"\n")
    found = list(compress(_BMP, map(_UTF8ISH_CODES.__contains__, codes)))
    bisect.insort(found, "\ufffd")
    return found


_COMPATIBLE = _compatible()


def _level_one(codec: str, low: int, high: int) -> set[str]:
    """Characters a double-byte codec encodes with a lead byte in ``low..high`` (and a
    trail byte 40-FE): each such code that decodes to one character that encodes back to
    it. The codes are decoded at once, one a line: an undecodable code reads as U+FFFD
    (with what follows, if its second byte cannot be one), and no code holds a line feed."""
    codes = [bytes((lead, trail)) for lead in range(low, high + 1) for trail in range(0x40, 0xFF)]
    decoded = b"\n".join(codes).decode(codec, "replace").split("\n")
    if len(decoded) != len(codes):
        raise RuntimeError(f"{codec}: a line feed was read as part of a code")
    single = [len(chars) == 1 and chars != "\ufffd" for chars in decoded]
    chars = list(compress(decoded, single))
    back = "\n".join(chars).encode(codec).split(b"\n")
    return set(compress(chars, map(operator.eq, back, compress(codes, single))))


#: Common Han characters: GB2312 level 1 and Big5 level 1 (with the kana Big5 puts there).
COMMON_HAN = frozenset(_level_one("gb2312", 0xB0, 0xD7) | _level_one("big5", 0xA4, 0xC6))
#: The Han characters :func:`plausibility` knows (CJK unified, extension A): common ones
#: score 1, the others (rare) 0. The common ones outside them are the kana.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_COMMON_HAN_OUTSIDE = frozenset(c for c in COMMON_HAN if not ("\u3400" <= c <= "\u4dbf" or "\u4e00" <= c <= "\u9fff"))
#: Common punctuation, which scores 1 as common Han does (none of it is Han or ASCII).
_PUNCT = frozenset(c for c in _COMMON_PUNCT if not c.isascii()) - COMMON_HAN
_GOOD = COMMON_HAN | _PUNCT
_LATIN1_PUNCT = tuple(sorted(c for c in _PUNCT if c <= "\xff"))


def _escaped(code: int) -> str:
    return re.escape(chr(code)) if code < 0x80 else chr(code)  # only ASCII needs escaping


def _class(chars) -> str:
    """A regex character class body for ``chars``, as ranges."""
    codes = sorted(map(ord, chars))
    ranges, start, last = [], codes[0], codes[0]
    for code in codes[1:] + [-1]:
        if code == last + 1:
            last = code
            continue
        ranges.append(_escaped(start) + ("-" + _escaped(last) if last > start else ""))
        start = last = code
    return "".join(ranges)


_COMMON_HAN_RUNS_RE = re.compile("[{}]+".format(_class(COMMON_HAN)))
_COMMON_HAN_OUTSIDE_RUNS_RE = re.compile("[{}]+".format(_class(_COMMON_HAN_OUTSIDE)))
_HAN_RUNS_RE = re.compile(f"[{_HAN}]+")
_PUNCT_RUNS_RE = re.compile("[{}]+".format(_class(_PUNCT)))
#: Any character scoring 0 or less: a rare one, which sends a line to the repairs.
_SUSPECT_RE = re.compile("[^\\x00-\\x7f{}]".format(_class(_GOOD)))
#: A rare character UTF-8 read as GBK can produce (or U+FFFD): lines without one are
#: not tried for that repair.
_GBK_SUSPECT_RE = re.compile("[\ufffd{}]".format(_class(set(_COMPATIBLE) - _GOOD)))
#: A stretch of compatible characters (up to two printable ASCII ones between two), three
#: at least: fewer cannot hide two UTF-8 sequences (:func:`_hides_utf8`), so are not tried.
_COMPATIBLE_RE = re.compile("[{0}](?:[\x20-\x7e]{{0,2}}[{0}]){{2,}}".format(_class(_COMPATIBLE)))
