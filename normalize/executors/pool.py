"""The executor that runs the work on threads of this process, each file in a helper
process of its thread (:mod:`normalize.isolation`): a helper that overruns is killed
from here and replaced, which a pool of worker processes could not do to one file."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Iterable, Iterator

from .base import IN_FLIGHT_PER_WORKER, Item, Result, Work, in_order


class PoolExecutor:
    """``workers`` threads (``--jobs N``), each with its helper process; results in input order."""

    keeps_records = False  # one machine: sending lines back is simplest and fastest
    isolates = True  # the work runs each file in a helper: limits held from outside

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="normalize-worker")

    def map(self, work: Work, chunks: Iterable[list[Item]]) -> Iterator[Result]:
        yield from in_order(lambda chunk: self._pool.submit(work, chunk), chunks,
                            self.workers * IN_FLIGHT_PER_WORKER)

    def close(self) -> None:
        from ..isolation import close_orphans

        self._pool.shutdown(wait=True, cancel_futures=True)
        close_orphans()  # the threads are gone: their helpers end now, not at exit
