"""File repairs credited to the records whose source lines they changed.

The whole-file repairs keep every line in place and count their changes per line; a
record is credited with the changes between its first and last line.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
from collections import Counter

from .records import RawDoc


def credit_fixes(raws: list[RawDoc], line_fixes: dict[str, Counter]) -> list[RawDoc]:
    """Each article with the file repairs made inside its own lines added to its fixes."""
    sums = {name: LineCounts(counts) for name, counts in line_fixes.items()}
    return [_credited(raw, sums) for raw in raws]


def _credited(raw: RawDoc, line_fixes: dict[str, "LineCounts"]) -> RawDoc:
    credited = [(name, counts.between(raw.line_start, raw.line_end)) for name, counts in line_fixes.items()]
    credited = [(name, n) for name, n in credited if n]
    if not credited:
        return raw
    return dataclasses.replace(raw, fixes=raw.fixes + tuple(credited))


class LineCounts:
    """Changes per line, summed over any line range by bisection (files have many records)."""

    def __init__(self, counts: Counter) -> None:
        self.lines = sorted(counts)
        self.totals = list(itertools.accumulate(counts[line] for line in self.lines))

    def between(self, first: int, last: int) -> int:
        low = bisect.bisect_left(self.lines, first)
        high = bisect.bisect_right(self.lines, last)
        if high <= low:
            return 0
        return self.totals[high - 1] - (self.totals[low - 1] if low else 0)
