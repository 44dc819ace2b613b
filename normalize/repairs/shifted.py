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
from typing import Callable, NamedTuple

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


#: A mark, then a character GBK spells ``A3 xx``: the start of a shifted run. One pattern
#: per mark: a search for a literal first character skips ahead quickly, one for the class
#: of both marks tests every character (ten times slower over a file).
_START_RES = tuple(re.compile("{}[{}]".format(re.escape(mark), re.escape(_row_a3()))) for mark in _MARKS)
#: The shifted run after its mark: up to the next mark or the end of the line.
_RUN_RE = re.compile("[{0}]([^{0}\n]+)([{0}]?)".format(re.escape(_MARKS)))


def repair(text: str) -> tuple[str, Counter]:
    """Repair shifted runs; return the text and repaired runs per 1-based line.

    A line is repaired when its runs are evidence enough on their own (see
    :func:`repair_line`). In a file with such a line, a line with too little evidence
    (one short run: ``?＝鹫?恩`` for 金正恩) has those of its runs repaired that have
    both marks, the second standing for a lost byte, and do not read as junk
    repaired; a lone question mark before a full-width character (``是吗?（笑）``) has
    no second mark and stays.
    """
    counts: Counter = Counter()
    if not _has_start(text):
        return text, counts
    lines = text.split("\n")
    found = {index: _runs(line) for index, line in enumerate(lines) if _has_start(line)}
    strong = {index for index, runs in found.items() if _strong(runs)}
    for index, runs in found.items():
        kept = [run for run in runs if (index in strong and run.gain >= 0) or (strong and _closed(run))]
        if kept and (index in strong or not _junk(kept)):
            lines[index] = _applied(lines[index], kept)
            counts[index + 1] += len(kept)
    return ("\n".join(lines) if counts else text), counts


#: A line with more candidate runs than this is left alone: no article has as many
#: paragraphs, and a line of ten thousand ``?！`` is not Sogou text.
MAX_RUNS = 10_000


def repair_line(line: str) -> tuple[str, int]:
    """One line's shifted runs repaired, if they are evidence enough on their own;
    return it and how many were.

    The runs of a line (in Sogou's layout, of one article) are judged together: the
    line is repaired when its runs, repaired, read as Chinese far more than as found
    (:data:`MIN_EVIDENCE`, see :func:`evidence`) and do not read as junk themselves
    (mojibake of another kind, read one byte off, can lose rare characters and still
    be junk). Then every run that reads at least as well repaired is, and every run
    between two marks that does not read as junk repaired (a short one such as
    ``?Ｖ?`` is no evidence either way, but in a line full of the damage it is more
    of it); any other run stays as it is.
    """
    runs = _runs(line)
    if not _strong(runs):
        return line, 0
    kept = [run for run in runs if run.gain >= 0 or _closed(run)]
    return _applied(line, kept), len(kept)


class Run(NamedTuple):
    start: int
    end: int  #: the closing mark included only if it stands for a byte of the run
    fixed: str
    gain: float  #: evidence repairing it gains
    swallowed: bool  #: a closing mark stands for a byte of the run


def _strong(runs: list[Run]) -> bool:
    return bool(runs) and sum(run.gain for run in runs) >= MIN_EVIDENCE and not _junk(runs)


def _closed(run: Run) -> bool:
    """A run between two marks, the second standing for its lost byte, that does not
    read as junk repaired: in damaged text, the damage's own shape. (Its gain says
    little: a run of two or three characters may trade one frequent one for another.)"""
    return run.swallowed and not _junk([run])


def _junk(runs: list[Run]) -> bool:
    """Repaired, the runs still read as junk (other mojibake read one byte off)."""
    return evidence("".join(run.fixed for run in runs)) < -MIN_EVIDENCE / 2


def _applied(line: str, runs: list[Run]) -> str:
    out, position = [], 0
    for run in runs:
        out.append(line[position:run.start] + run.fixed)
        position = run.end
    return "".join(out) + line[position:]


def _has_start(text: str) -> bool:
    return any(pattern.search(text) for pattern in _START_RES)


def _start_finder(line: str) -> Callable[[int], int | None]:
    """A function from a position to where the first run starts at or after it (or None),
    for positions that only grow: each pattern's match is searched for again only once
    the position has passed it (a match does not depend on where the search began), so
    a line is scanned once however many runs it holds."""
    matches = {pattern: pattern.search(line) for pattern in _START_RES}

    def find(position: int) -> int | None:
        first = None
        for pattern, match in matches.items():
            if match is not None and match.start() < position:
                match = matches[pattern] = pattern.search(line, position)
            if match is not None and (first is None or match.start() < first):
                first = match.start()
        return first

    return find


def _runs(line: str) -> list[Run]:
    """The runs of a line that read back; none for a line with more than MAX_RUNS."""
    runs: list[Run] = []
    position = 0
    find = _start_finder(line)
    while True:
        start = find(position)
        if start is None:
            return runs
        if len(runs) >= MAX_RUNS:
            return []
        run = _RUN_RE.match(line, start)
        found = _unshift(run.group(1), bool(run.group(2)))
        if found is None:
            position = start + 1
            continue
        fixed, swallowed = found
        end = run.end() if swallowed else run.end(1)
        runs.append(Run(start, end, fixed, evidence(fixed) - evidence(run.group(1)), swallowed))
        position = end


def _unshift(run: str, closed: bool) -> tuple[str, bool] | None:
    """The run read with its lost first byte put back, and whether the mark closing it
    (``closed``) stands for a byte of it; None when it does not read back without error.

    When the bytes end inside a character, the decoder dropped that character's second
    byte at the closing mark (or the line ended there): the character is lost, U+FFFD.
    When they end on a character boundary, the run came back in step by itself (an
    ASCII letter taken as a second byte), and the mark is something else: the next
    break's lost byte, or a real question mark.
    """
    try:
        data = _LOST_LEAD + run.encode("gbk")
    except UnicodeEncodeError:  # not what a GBK reading produces
        return None
    decoded = data.decode("gb18030", "replace")
    cut = decoded.endswith("\ufffd")  # the last character's second byte is missing
    body = decoded[:-1] if cut else decoded
    if not body.startswith(LINE_BREAK) or _NOT_TEXT_RE.search(body, 1):
        return None  # an undecodable pair, or a user-defined (private-use) character
    return (body + "\ufffd", closed) if cut else (body, False)


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
