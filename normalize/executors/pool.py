"""The executor that runs the work on a pool of local worker processes."""

from __future__ import annotations

import ctypes
import signal
from concurrent.futures import ProcessPoolExecutor
from typing import Iterable, Iterator

from .base import IN_FLIGHT_PER_WORKER, Item, Result, Work, in_order


def _die_with_parent() -> None:
    """Linux: a worker is killed when the build that started it dies (even by SIGKILL)."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class PoolExecutor:
    """``workers`` processes of this machine (``--jobs N``); results in input order."""

    keeps_records = False  # one machine: sending lines back is simplest and fastest

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent)

    def map(self, work: Work, chunks: Iterable[list[Item]]) -> Iterator[Result]:
        yield from in_order(lambda chunk: self._pool.submit(work, chunk), chunks,
                            self.workers * IN_FLIGHT_PER_WORKER)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
