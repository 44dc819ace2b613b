"""A time limit per input file, in the main thread or in a worker thread."""

from __future__ import annotations

import contextlib
import ctypes
import signal
import threading
from typing import Iterator


class FileTimeout(BaseException):
    """One file took longer than its time limit.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` on the way
    (ours around bs4, or a library's own) can swallow it: the alarm fires once, and a
    swallowed one would let the file run on unlimited."""


def _alarm_is_free() -> bool:
    """No one else uses SIGALRM here: no handler of the host's (a library caller's, such
    as Airflow's ``execution_timeout``) and no timer running. Only then may the limit take it."""
    return signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None) and \
        signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise FileTimeout in this thread after ``seconds``: by SIGALRM in the main thread
    when no one else uses it; otherwise (another thread, such as a Dask worker's, or a
    host whose own alarm is set) by an asynchronous exception a timer sets, which Python
    raises at the thread's next bytecode (a long call into C finishes first; the timer
    waits for the GIL, so limits finer than a few milliseconds are not kept). The host's
    handler and timer are never touched."""
    if not seconds:
        yield
        return
    if threading.current_thread() is not threading.main_thread() or not _alarm_is_free():
        with _thread_time_limit(seconds):
            yield
        return

    def expire(signum, frame):
        raise FileTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _thread_time_limit(seconds: float) -> Iterator[None]:
    target = threading.get_ident()
    guard = threading.Lock()
    active = [True]

    def expire() -> None:
        with guard:  # never after the block has ended
            if active[0]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(FileTimeout))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with guard:
            active[0] = False
        timer.cancel()
        # the timer may have fired just as the block ended: take back an exception not yet raised
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
