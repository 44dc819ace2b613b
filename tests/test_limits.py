"""The per-file time limit (normalize/limits.py): a deadline the work checks, no signal."""

import signal
import threading
import time

import pytest

from normalize import limits
from normalize.limits import FileTimeout, time_limit


def _checked_loop(rounds: int = 500) -> int:
    """Work that checks the deadline between steps and catches every Exception it meets,
    as bs4 wrappers and libraries do: the limit is not one of them."""
    done = 0
    for _ in range(rounds):
        try:
            time.sleep(0.01)
            limits.check()
        except Exception:  # noqa: BLE001 - the point of the test
            pass
        done += 1
    return done


def test_the_limit_stops_work_at_its_next_check():
    started = time.monotonic()
    with pytest.raises(FileTimeout):
        with time_limit(0.05):
            _checked_loop()
    assert time.monotonic() - started < 0.5


def test_no_signal_handler_and_no_timer_are_touched():
    handler = signal.getsignal(signal.SIGALRM)
    with pytest.raises(FileTimeout):
        with time_limit(0.02):
            assert signal.getsignal(signal.SIGALRM) is handler
            assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
            _checked_loop()
    assert not issubclass(FileTimeout, Exception)


def test_each_thread_has_its_own_deadline():
    outcome = {}

    def worker(name: str, seconds: float) -> None:
        try:
            with time_limit(seconds):
                outcome[name] = _checked_loop(30)
        except FileTimeout:
            outcome[name] = "timeout"

    threads = [threading.Thread(target=worker, args=("short", 0.05)), threading.Thread(target=worker, args=("none", 0))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcome == {"short": "timeout", "none": 30}


def test_an_inner_limit_keeps_the_earlier_deadline_and_the_outer_one_comes_back():
    with time_limit(10):
        outer = limits.remaining()
        with time_limit(60):
            assert limits.remaining() <= outer
        with time_limit(0.5):
            assert limits.remaining() <= 0.5
        assert 9 < limits.remaining() <= 10
    assert limits.remaining() is None


def test_no_limit_means_none():
    with time_limit(0):
        assert limits.remaining() is None
        limits.check()
