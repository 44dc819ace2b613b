"""Files in helper processes the build kills when they overrun (normalize/isolation.py):
limits held from outside the work, on the local pool and on Dask."""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from pathlib import Path

import pytest

import normalize
from normalize.isolation import Helper, HelperDied, HelperTimeout, kill_after

SEED = sorted((Path(__file__).parent.parent / "seeds").iterdir())[0]


@pytest.fixture(autouse=True)
def _no_helper_outlives_its_test():
    """A test that runs a chunk in this (the main) thread leaves it a helper, which would live as
    long as the thread and be counted by the next test that looks for helpers left running."""
    yield
    from normalize import isolation

    helper = getattr(isolation._helpers, "helper", None)
    if helper is not None:
        helper.close()


def test_a_helper_stuck_in_c_is_killed_in_time_and_the_next_call_gets_a_fresh_one():
    helper = Helper()
    try:
        assert helper.call(len, ("abc",), 10) == 3  # started, answering
        started = time.monotonic()
        with pytest.raises(HelperTimeout):
            helper.call(time.sleep, (60,), 0.5)  # a call into C no checkpoint can stop
        assert time.monotonic() - started < 1.0
        assert helper.call(len, ("ab",), 10) == 2
    finally:
        helper.close()


def test_a_helper_that_dies_says_how():
    helper = Helper()
    try:
        pid = helper.call(os.getpid, (), 10)
        with pytest.raises(HelperDied, match="SIGKILL"):
            helper.call(os.kill, (pid, signal.SIGKILL), 10)
        assert helper.call(len, ("x",), 10) == 1
    finally:
        helper.close()


def test_a_helpers_memory_is_capped():
    helper = Helper(memory=1024 ** 3)
    try:
        with pytest.raises(RuntimeError, match="MemoryError"):
            helper.call(bytearray, (4 * 1024 ** 3,), 20)
        assert helper.call(len, ("still here",), 10) == 10  # the helper lives on
    finally:
        helper.close()


def test_what_cannot_be_sent_back_is_an_error_not_a_dead_helper():
    helper = Helper()
    try:
        with pytest.raises(RuntimeError, match="cannot be sent"):
            helper.call(threading.Lock, (), 10)
        assert helper.call(len, ("x",), 10) == 1
    finally:
        helper.close()


def test_the_margin_keeps_a_kill_within_twice_the_limit():
    for limit in (0.25, 1, 30, 300):
        assert limit < kill_after(limit) <= 2 * limit
    assert kill_after(0) is None


def _folder(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def test_a_slow_file_on_the_pool_is_rejected_and_the_rest_archived(tmp_path: Path):
    text = SEED.read_text("utf-8")
    folder = _folder(tmp_path, {"a.txt": ">>>题一\n\n正文一。\n".encode(), "slow.txt": (text * 600).encode(),
                                "z.txt": ">>>题二\n\n正文二。\n".encode()})
    started = time.monotonic()
    manifest = normalize.build([folder], tmp_path / "out", jobs=2, file_timeout=0.2)
    assert time.monotonic() - started < 30
    assert [(e["path"], e["reason"]) for e in manifest["inputs"]] == [("a.txt", None), ("slow.txt", "too_slow"),
                                                                    ("z.txt", None)]
    assert not normalize.validate(tmp_path / "out")


def test_a_file_killed_from_outside_reads_as_one_its_own_deadline_stopped(tmp_path: Path, monkeypatch):
    """Which mechanism stops a slow file first is a matter of timing; the archive must not show it."""
    folder = _folder(tmp_path, {"a.txt": ">>>题一\n\n正文一。\n".encode(),
                                "slow.txt": (SEED.read_text("utf-8") * 600).encode()})
    inline = normalize.build([folder], tmp_path / "inline", jobs=1, file_timeout=0.2)
    monkeypatch.setattr("normalize.isolation.kill_after", lambda limit: 0.001)  # the kill always comes first
    killed = normalize.build([folder], tmp_path / "killed", jobs=2, file_timeout=0.2)
    slow = [e for e in killed["inputs"] if e["path"] == "slow.txt"]
    assert slow[0]["reason"] == "too_slow"  # a.txt may answer within the 1 ms, or be killed too
    assert slow == [e for e in inline["inputs"] if e["path"] == "slow.txt"]


def test_a_file_that_needs_more_memory_than_allowed_is_rejected_too_complex(tmp_path: Path):
    paragraph = "这是一段用来测试内存限制的正文，内容重复但足够长。" * 20 + "\n\n"
    folder = _folder(tmp_path, {"big.txt": (paragraph * 40_000).encode(), "ok.txt": ">>>标题\n\n正文。\n".encode()})
    started = time.monotonic()
    manifest = normalize.build([folder], tmp_path / "out", jobs=2, file_memory=600_000_000, file_timeout=60)
    assert time.monotonic() - started < 60
    entries = {e["path"]: e for e in manifest["inputs"]}
    assert entries["big.txt"]["reason"] == "too_complex" and entries["ok.txt"]["status"] == "archived"
    assert not normalize.validate(tmp_path / "out")


def _helpers_running() -> list[str]:
    """This process's children that are helpers (a Dask cluster's workers are children too)."""
    children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split()
    found = []
    for pid in children:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue  # ended meanwhile
        if b"normalize.isolation" in command:
            found.append(pid)
    return found


def test_the_pool_leaves_no_helper_running(tmp_path: Path):
    if not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists():
        pytest.skip("needs Linux's /proc children list")
    folder = _folder(tmp_path, {f"{i}.txt": f">>>题{i}\n\n正文{i}。\n".encode() for i in range(4)})
    normalize.build([folder], tmp_path / "out", jobs=2)
    deadline = time.monotonic() + 5
    while _helpers_running() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _helpers_running() == []


def test_a_library_callers_alarm_survives_a_pool_build(tmp_path: Path):
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        text = SEED.read_text("utf-8")
        folder = _folder(tmp_path, {"slow.txt": (text * 600).encode(), "ok.txt": ">>>题\n\n正文。\n".encode()})
        manifest = normalize.build([folder], tmp_path / "out", jobs=2, file_timeout=0.05)
        assert [e["reason"] for e in manifest["inputs"]] == [None, "too_slow"]
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 20 and not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_backtracking_pattern_in_a_helper_is_stopped_within_twice_its_limit():
    """No checkpoint runs inside re's C loop: only the kill from outside stops it."""
    helper = Helper()
    try:
        helper.call(len, ("",), 10)  # started
        limit = 1.0
        started = time.monotonic()
        with pytest.raises(HelperTimeout):
            helper.call(re.match, (r"(a|aa)+$", "a" * 60 + "b"), kill_after(limit))
        assert time.monotonic() - started < 2 * limit
    finally:
        helper.close()



def test_a_helper_killed_from_outside_mid_file_rejects_that_file_and_the_chunk_goes_on(tmp_path: Path):
    """What the kernel's OOM killer does: the helper dies mid-file. That file is rejected
    too_complex with how it ended; the next file of the chunk runs in a fresh helper."""
    from normalize.isolation import run_chunk
    from normalize.options import BuildOptions
    from normalize.plan import collect_inputs

    text = SEED.read_text("utf-8")
    folder = _folder(tmp_path, {"a-slow.txt": (text * 600).encode(), "b.txt": ">>>题\n\n正文。\n".encode()})
    chunk = collect_inputs([folder])

    def kill_the_helper() -> None:
        for pid in _helpers_running():
            os.kill(int(pid), signal.SIGKILL)

    killer = threading.Timer(1.5, kill_the_helper)  # the helper is started and busy by then
    killer.start()
    try:
        results = run_chunk(chunk, BuildOptions(seconds=0))  # no time limit: only the kill stops it
    finally:
        killer.cancel()
    assert [(r.reason, r.status) for r in results] == [("too_complex", "rejected"), (None, "archived")]
    assert "SIGKILL" in results[0].detail
