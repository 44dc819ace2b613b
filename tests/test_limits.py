"""The per-file time limit (normalize/limits.py), in the main thread and in workers."""

import threading
import time

import pytest

from normalize.limits import FileTimeout, time_limit


def _swallowing_loop(rounds: int = 500) -> int:
    """Work that catches every Exception it meets, as bs4 wrappers and libraries do."""
    done = 0
    for _ in range(rounds):
        try:
            time.sleep(0.01)
        except Exception:  # noqa: BLE001 - the point of the test
            pass
        done += 1
    return done


def test_the_limit_stops_work_in_the_main_thread():
    with pytest.raises(FileTimeout):
        with time_limit(0.05):
            _swallowing_loop()


def test_an_except_exception_on_the_way_does_not_swallow_the_limit():
    # the alarm fires once: were FileTimeout an Exception, a handler that caught it
    # would let the file run on with no limit (a flaky CI failure showed this)
    assert not issubclass(FileTimeout, Exception)
    with pytest.raises(FileTimeout):
        with time_limit(0.05):
            _swallowing_loop()


def _in_a_thread(work) -> list:
    caught = []

    def run() -> None:
        try:
            with time_limit(0.2):
                work()
        except FileTimeout:
            caught.append("too slow")

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(10)
    assert not worker.is_alive()
    return caught


def test_the_limit_works_off_the_main_thread():
    def spin() -> None:
        while True:
            pass

    assert _in_a_thread(spin) == ["too slow"]


def test_off_the_main_thread_an_except_exception_does_not_swallow_the_limit():
    assert _in_a_thread(lambda: _swallowing_loop(2000)) == ["too slow"]


def test_no_limit_means_none():
    with time_limit(0):
        assert _swallowing_loop(3) == 3


def test_an_expiry_never_lands_in_a_gc_callback_or_a_finalizer():
    import gc
    import sys
    from normalize.limits import _unsafe_to_raise
    seen = []

    def callback(phase, info):
        if phase == "start" and not seen:
            seen.append(_unsafe_to_raise(sys._getframe()))

    class Finalized:
        def __del__(self):
            seen.append(_unsafe_to_raise(sys._getframe()))

    gc.callbacks.append(callback)
    try:
        gc.collect()
    finally:
        gc.callbacks.remove(callback)
    Finalized()
    assert seen == [True, True]
    assert _unsafe_to_raise(sys._getframe()) is False
