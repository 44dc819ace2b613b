"""The per-file time limit inside the work: a deadline the work checks, never an interrupt.

:func:`time_limit` sets a deadline for this thread; :func:`check`, called at the known
slow spots (each repair of the file chain, each paragraph repair, each article made,
each record of a web archive, each format scored), raises :class:`FileTimeout` once it
has passed. The exception is raised by the work itself, at a point of its own choosing:
no signal handler is installed (a library caller keeps SIGALRM, and its own alarm) and
no exception is planted in a running thread, so it cannot land in a ``finally``, a
finalizer or a garbage-collector callback and be swallowed there.

What a checkpoint cannot stop (a call into C that never returns: lxml on a hostile
tree, a pattern backtracking) is stopped from outside: with ``--jobs`` 2 or more and on
Dask, each file runs in a helper process the build kills when it overruns
(:mod:`normalize.isolation`). In this process (``--jobs 1``, ``normalize.build()``) the
checkpoints are the limit.
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import Iterator


class FileTimeout(BaseException):
    """One file took longer than its time limit.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` on the way
    (ours around bs4, or a library's own around a callback of ours) takes it for the
    file's own error and goes on."""


_local = threading.local()


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Within the block, :func:`check` raises FileTimeout once ``seconds`` have passed
    (0: no limit). A limit inside another keeps the earlier deadline of the two."""
    previous = getattr(_local, "deadline", None)
    if seconds:
        mine = time.monotonic() + seconds
        _local.deadline = mine if previous is None else min(previous, mine)
    try:
        yield
    finally:
        _local.deadline = previous


def check() -> None:
    """Raise FileTimeout if this thread's deadline has passed; nothing if it has none."""
    deadline = getattr(_local, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        raise FileTimeout()


def remaining() -> float | None:
    """Seconds left before this thread's deadline (0 when passed), None without one."""
    deadline = getattr(_local, "deadline", None)
    return None if deadline is None else max(0.0, deadline - time.monotonic())
