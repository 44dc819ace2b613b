"""One file's accounting: file repairs credited to the records whose lines they
changed, parts a source left out counted and described, a part's records placed.

The whole-file repairs keep every line in place and count their changes per line; a
record is credited with the changes between its first and last line.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
from collections import Counter
from typing import Any

from .records import RawDoc, Skipped


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


def placed(items: list, part: Any) -> list:
    """Records (or parts left out) of a part numbered and placed as in the whole file."""
    return [dataclasses.replace(item, ordinal=item.ordinal + part.first_record,
                                line_start=item.line_start + part.first_line - 1,
                                line_end=item.line_end + part.first_line - 1) for item in items]


def skipped_counts(skipped: list[Skipped]) -> dict[str, int]:
    return dict(Counter(f"skipped_part:{part.reason}" for part in skipped))


def skipped_detail(skipped: list[Skipped]) -> str | None:
    """What a file's manifest entry says of the parts left out: how many, why, where."""
    if not skipped:
        return None
    where = ", ".join(f"{p.line_start}-{p.line_end}" for p in skipped[:10]) + (", …" if len(skipped) > 10 else "")
    reasons = ", ".join(sorted({p.reason for p in skipped}))
    return f"{len(skipped)} part(s) left out ({reasons}) at lines {where}"
