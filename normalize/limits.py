"""A time limit per input file, in the main thread or in a worker thread."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import signal
import sys
import threading
from types import FrameType
from typing import Iterator

#: How long an expiry waits when it would land where an exception is swallowed.
RETRY_SECONDS = 0.002


class FileTimeout(BaseException):
    """One file took longer than its time limit.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` on the way
    (ours around bs4, or a library's own) can swallow it: the alarm fires once, and a
    swallowed one would let the file run on unlimited."""


def _unsafe_to_raise(frame: FrameType | None) -> bool:
    """The thread is inside a garbage-collector callback (Dask's ``GCDiagnosis`` is one)
    or a finalizer: an exception raised there is printed as "Exception ignored" and
    swallowed, and the file would run on with no limit. The expiry waits a moment then."""
    callbacks = {getattr(getattr(cb, "__func__", cb), "__code__", None) for cb in gc.callbacks}
    while frame is not None:
        if frame.f_code in callbacks or frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


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
        if _unsafe_to_raise(frame):
            signal.setitimer(signal.ITIMER_REAL, RETRY_SECONDS)  # raise it just after
            return
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
            if not active[0]:
                return
            if _unsafe_to_raise(sys._current_frames().get(target)):
                retry = threading.Timer(RETRY_SECONDS, expire)
                retry.daemon = True
                timers.append(retry)
                retry.start()
                return
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(FileTimeout))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timers = [timer]
    timer.start()
    try:
        yield
    finally:
        with guard:
            active[0] = False
        for pending in timers:
            pending.cancel()
        # the timer may have fired just as the block ended: take back an exception not yet raised
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
