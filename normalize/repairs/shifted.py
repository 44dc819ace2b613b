"""GB18030 text once read as GBK: one lost byte shifts every character after it.

The Sogou news corpora break lines inside ``<content>`` with U+E40C, bytes ``FD A3``
in GB18030. GBK has no such character, so a copy that was read as GBK and saved
again (as many copies on the web were, usually as UTF-8) holds ``?`` or U+FFFD for
``FD``; ``A3`` then pairs with the first byte of the next character, and the line
reads as junk until the decoder stumbles again and drops one more byte::

    连道歉都不会。?Ｕ派芨眨何沂且环?好意     (read as GBK)
    连道歉都不会。\\ue40c张绍刚：我是一\\ufffd好意   (repaired)

The run between the two marks is encoded back to the bytes it came from, ``FD`` put
back in front and the bytes read as GB18030: the line break is restored, the text
after it reads right, and the one character whose byte the second mark swallowed is
U+FFFD (it is lost; the mark was already a lost character). A run is a candidate only
when it opens with a character from GBK row ``A3`` (the only thing ``A3`` then a lead
byte can decode to) and reads back without error; the runs of a line are repaired
only when together they read as Chinese (see :func:`repair_line`), so
``什么是Ｕ盘?Ｕ盘是……`` is left alone.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from charset_normalizer.constant import FREQUENCIES

from .mojibake import COMMON_HAN

#: U+E40C in GB18030: the byte a GBK reading lost is the first.
LINE_BREAK = "\ue40c"
_LOST_LEAD = LINE_BREAK.encode("gb18030")[:1]
_MARKS = "?\ufffd"
#: Not text: U+FFFD, and private-use characters other than the line break (which a run
#: may hold more of: the bytes after the second break are still one byte off).
_NOT_TEXT_RE = re.compile("[\ufffd\ue000-\ue40b\ue40d-\uf8ff]")


def _row_a3() -> str:
    found = []
    for trail in range(0x40, 0xFF):
        try:
            found.append(bytes((0xA3, trail)).decode("gbk"))
        except UnicodeDecodeError:
            continue
    return "".join(found)


#: A mark, then a character GBK spells ``A3 xx``: the start of a shifted run.
_START_RE = re.compile("[{}][{}]".format(re.escape(_MARKS), re.escape(_row_a3())))
#: The shifted run after its mark: up to the next mark or the end of the line.
_RUN_RE = re.compile("[{0}]([^{0}\n]+)([{0}]?)".format(re.escape(_MARKS)))


def repair(text: str) -> tuple[str, Counter]:
    """Repair shifted runs; return the text and repaired runs per 1-based line.

    A line whose runs are evidence enough on their own is repaired; so is, in a file
    whose lines together are evidence enough, a line whose runs read at least as well
    repaired as not (one short run, ``?＝鹫?恩`` for 金正恩, is no evidence either way,
    but in a file full of the damage it is more of it).
    """
    counts: Counter = Counter()
    if not _START_RE.search(text):
        return text, counts
    lines = text.split("\n")
    found = {index: _judged(line) for index, line in enumerate(lines) if _START_RE.search(line)}
    whole = sum(gain for _, gain in found.values())
    for index, (candidates, gain) in found.items():
        if candidates and (gain >= MIN_EVIDENCE or (whole >= MIN_EVIDENCE and gain >= 0)):
            lines[index] = _applied(lines[index], candidates)
            counts[index + 1] += len(candidates)
    return ("\n".join(lines) if counts else text), counts


def repair_line(line: str) -> tuple[str, int]:
    """One line's shifted runs repaired, if they are evidence enough on their own;
    return it and how many were.

    The runs of a line are judged together (a short one such as ``?Ｖ?`` cannot be
    judged alone): each must read back without error, and together they must read as
    Chinese far more than they did (see :func:`evidence`).
    """
    candidates, gain = _judged(line)
    if not candidates or gain < MIN_EVIDENCE:
        return line, 0
    return _applied(line, candidates), len(candidates)


def _judged(line: str) -> tuple[list[tuple[re.Match, str]], float]:
    """The runs of a line that read back, each with its repair, and the evidence gained
    by repairing them all (0 when there are none)."""
    candidates = []
    position = 0
    while True:
        start = _START_RE.search(line, position)
        if start is None:
            break
        run = _RUN_RE.match(line, start.start())
        fixed = _unshift(run.group(1), bool(run.group(2)))
        if fixed is None:
            position = start.start() + 1
            continue
        candidates.append((run, fixed))
        position = run.end()
    if not candidates:
        return [], 0.0
    before = evidence("".join(run.group(1) for run, _ in candidates))
    after = evidence("".join(fixed for _, fixed in candidates))
    return candidates, after - before


def _applied(line: str, candidates: list[tuple[re.Match, str]]) -> str:
    out, position = [], 0
    for run, fixed in candidates:
        out.append(line[position:run.start()] + fixed)
        position = run.end()
    return "".join(out) + line[position:]


def _unshift(run: str, closed: bool) -> str | None:
    """The run read with its lost first byte put back, or None when it does not read
    back without error. ``closed``: a mark ends the run, standing for the byte the
    decoder dropped there (the second byte of the run's last character, lost: U+FFFD)."""
    try:
        data = _LOST_LEAD + run.encode("gbk")
    except UnicodeEncodeError:  # not what a GBK reading produces
        return None
    decoded = data.decode("gb18030", "replace")
    cut = decoded.endswith("\ufffd")  # the last character's second byte is missing
    body = decoded[:-1] if cut else decoded
    if not body.startswith(LINE_BREAK) or _NOT_TEXT_RE.search(body, 1):
        return None  # an undecodable pair, or a user-defined (private-use) character
    return body + ("\ufffd" if closed or cut else "")


#: How Han characters fall, in news text and in the same bytes read one byte off (the
#: runs of the Sogou sample, before and after repair): among the 100 most frequent
#: (charset-normalizer's table), the rest of the 3,755 common ones (GB2312 level 1)
#: and the rare ones. Rare ones are a quarter of shifted text and almost absent from
#: news (set at 0.5%, for names).
FREQUENT = frozenset(FREQUENCIES["Chinese"])
_SHARES = {"frequent": (0.35, 0.03), "common": (0.645, 0.73), "rare": (0.005, 0.24)}
_WEIGHT = {kind: math.log(text / shifted) for kind, (text, shifted) in _SHARES.items()}
#: How much likelier the repaired runs must be text (and the runs as found shifted
#: bytes) than the other way round: e^7, about 1000 to 1.
MIN_EVIDENCE = 7.0


def evidence(text: str) -> float:
    """Log-likelihood ratio that ``text`` is Chinese rather than bytes read one off,
    from how its Han characters fall among frequent, common and rare ones."""
    total = 0.0
    for char in text:
        if "\u4e00" <= char <= "\u9fff":
            kind = "frequent" if char in FREQUENT else "common" if char in COMMON_HAN else "rare"
            total += _WEIGHT[kind]
    return total
