"""Time spent per pipeline stage, for the benchmarks (never written to an archive).

``timed("decode")`` adds the seconds its block takes to :data:`SECONDS` in this
process. A ``--jobs 1`` build run in-process (``benchmarks/run.py``) reads the totals
afterwards; in worker processes the figures stay in the workers.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from typing import Iterator

#: Stage name to seconds, in this process, since the last :func:`reset`.
SECONDS: Counter = Counter()
STAGES = ("read", "decode", "repair", "sniff", "parse", "extract", "fingerprint", "link", "write")


@contextlib.contextmanager
def timed(stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        SECONDS[stage] += time.perf_counter() - start


def reset() -> None:
    SECONDS.clear()
