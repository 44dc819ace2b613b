"""Executors: who runs the work of a build, and where. They know nothing of formats.

An executor takes a function of one chunk of inputs (a list, in input order) to its
list of results, and the chunks; it yields every result in input order, with a bounded
number of chunks in flight, so a slow file holds back at most that many finished
chunks. ``InlineExecutor`` runs the work in this process, ``PoolExecutor`` on a pool of
local processes, ``DaskExecutor`` on a Dask cluster; an executor may also keep the
records where the work ran and check dedup's candidate pairs there (see base.py). The
archive is the same whichever runs the work.
"""

from __future__ import annotations

from .base import CHUNK_BYTES, CHUNK_FILES, IN_FLIGHT_PER_WORKER, Executor, chunks, in_order

__all__ = ["CHUNK_BYTES", "CHUNK_FILES", "IN_FLIGHT_PER_WORKER", "Executor", "chunks", "in_order", "make_executor"]


def make_executor(engine: str, jobs: int, scheduler: str | None = None, items: int = 0) -> Executor:
    """The executor for an engine (``local`` or ``dask``), ``jobs`` workers, ``items`` to do."""
    if engine == "dask":
        from .dask import DaskExecutor

        return DaskExecutor(scheduler, jobs)
    if jobs <= 1 or items <= 1:
        from .inline import InlineExecutor

        return InlineExecutor()
    from .pool import PoolExecutor

    return PoolExecutor(min(jobs, items))
