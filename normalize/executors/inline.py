"""The executor that runs the work in this process, one chunk after another."""

from __future__ import annotations

from typing import Iterable, Iterator

from .base import Item, Result, Work


class InlineExecutor:
    """No processes: the work runs here, in order (``--jobs 1``, ``normalize.build()``)."""

    workers = 1
    keeps_records = False
    isolates = False  # the limit is the work's own checkpoints (normalize/limits.py)

    def map(self, work: Work, chunks: Iterable[list[Item]]) -> Iterator[Result]:
        for chunk in chunks:
            yield from work(chunk)

    def close(self) -> None:
        pass
