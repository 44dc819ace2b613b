"""Progress on a terminal, none in a pipe or with --quiet; the counts are exact with workers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from normalize.progress import Silent, TerminalProgress, wants_terminal, watch
from normalize.records import FileResult

SEEDS = Path(__file__).parent.parent / "seeds"


def _in_a_terminal(command: list[str]) -> str:
    """Run under a pseudo-terminal (util-linux ``script``), as the acceptance does."""
    if shutil.which("script") is None:
        pytest.fail("util-linux 'script' is needed to run under a pseudo-terminal")
    line = " ".join(command)
    done = subprocess.run(["script", "-qec", line, "/dev/null"], capture_output=True, timeout=300)
    return done.stdout.decode("utf-8", "replace")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_progress_appears_on_a_terminal(tmp_path, jobs):
    shown = _in_a_terminal([sys.executable, "-m", "normalize", "build", str(SEEDS), "-o", str(tmp_path / "o"),
                            "--jobs", jobs])
    assert "\r" in shown  # redrawn in place
    assert "5/5 files" in shown  # every file counted, with workers too
    assert "0 rejected" in shown
    assert "15 records from 5 files" in shown  # and the summary after it


def test_quiet_terminal_shows_no_progress(tmp_path):
    shown = _in_a_terminal([sys.executable, "-m", "normalize", "build", str(SEEDS), "-o", str(tmp_path / "o"),
                            "--quiet"])
    assert "files" not in shown and "archiving" not in shown


def test_a_pipe_gets_the_summary_and_no_carriage_return(tmp_path):
    done = subprocess.run([sys.executable, "-m", "normalize", "build", str(SEEDS), "-o", str(tmp_path / "o"),
                           "--jobs", "2"], capture_output=True, timeout=300)
    assert done.returncode == 0
    assert b"\r" not in done.stdout and b"\r" not in done.stderr and b"\x1b" not in done.stdout + done.stderr
    out = done.stdout.decode("utf-8")
    assert out.startswith("15 records from 5 files (0 rejected, 0 skipped) -> ")
    assert "by format" in out and "MB/s" in out


def _result(size: int, status: str = "archived") -> FileResult:
    return FileResult("a.txt", size, "0" * 64, status, reason="empty" if status == "rejected" else None)


def test_watch_counts_every_result_and_passes_them_on():
    seen = Silent()
    seen.start(3, 60)
    results = [_result(10), _result(20, "rejected"), _result(30)]
    assert list(watch(results, seen)) == results
    assert (seen.done_files, seen.done, seen.rejects) == (3, 60, 1)


def test_terminal_progress_draws_on_the_stream_it_is_given(tmp_path):
    stream = open(tmp_path / "tty.txt", "w", encoding="utf-8")
    bar = TerminalProgress(stream)
    bar.start(2, 30)
    bar.advance(_result(10))
    bar.advance(_result(20, "rejected"))
    bar.finishing()
    bar.close()
    stream.close()
    drawn = (tmp_path / "tty.txt").read_text("utf-8")
    assert "2/2 files" in drawn and "1 rejected" in drawn and "0.0/0.0 MB" in drawn


def test_only_an_interactive_stream_wants_progress(tmp_path):
    with open(tmp_path / "log", "w") as log:
        assert not wants_terminal(log, quiet=False)
    assert not wants_terminal(object(), quiet=False)  # no file descriptor at all


@pytest.mark.parametrize("buffered", [False, True])
def test_a_reader_that_goes_away_is_not_an_error(tmp_path, buffered):
    """``normalize build … | head -0``: the archive is written, the rejects still reach
    stderr, and the exit code is the build's (1: one input rejected), buffered or not."""
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED" or not buffered}
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    reader = subprocess.Popen([sys.executable, "-m", "normalize", "build", str(folder), "-o", str(tmp_path / "o")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    reader.stdout.close()  # like `| head -0`
    error = reader.stderr.read().decode("utf-8")
    assert reader.wait(timeout=300) == 1
    assert "rejected image.png: binary" in error
    assert "unexpected error" not in error and "Traceback" not in error and "Exception ignored" not in error
    assert (tmp_path / "o" / "manifest.json").is_file()  # the archive was written all the same


def test_a_pipe_gets_a_log_line_every_n_seconds_and_never_a_carriage_return(tmp_path):
    done = subprocess.run([sys.executable, "-m", "normalize", "build", str(SEEDS), "-o", str(tmp_path / "o"),
                           "--log-every", "0.001", "--jobs", "2"], capture_output=True, timeout=300)
    assert done.returncode == 0
    lines = done.stderr.decode("utf-8").splitlines()
    assert lines and all(" normalize: " in line for line in lines), lines
    assert lines[-1].split(" normalize: ")[1].startswith("done: 5/5 files")
    assert b"\r" not in done.stderr and b"\x1b" not in done.stderr


def test_a_build_shorter_than_the_interval_logs_nothing(tmp_path):
    done = subprocess.run([sys.executable, "-m", "normalize", "build", str(SEEDS), "-o", str(tmp_path / "o"),
                           "--progress", "log"], capture_output=True, timeout=300)
    assert done.returncode == 0 and done.stderr == b""


def test_progress_none_and_quiet_draw_nothing_even_on_a_terminal(tmp_path):
    shown = _in_a_terminal([sys.executable, "-m", "normalize", "build", str(SEEDS), "-o", str(tmp_path / "o"),
                            "--progress", "none"])
    assert "archiving" not in shown and "\r" not in shown.replace("\r\n", "\n")


def test_choose_picks_by_mode_and_terminal(tmp_path):
    from normalize.progress import LogProgress, choose

    with open(tmp_path / "log", "w") as stream:  # not a terminal
        assert type(choose("auto", stream)) is LogProgress
        assert type(choose("none", stream)) is Silent and type(choose("auto", stream, quiet=True)) is Silent
        assert isinstance(choose("bar", stream), TerminalProgress)
        with pytest.raises(ValueError):
            choose("loud", stream)


def test_the_log_line_says_where_the_build_is():
    from normalize.progress import Snapshot

    line = Snapshot("file", 10, 4, 200_000_000, 50_000_000, 50_000_000, 1, 100.0).line()
    assert line == "archiving: 4/10 files, 50.0/200.0 MB (25%), 0.50 MB/s, ETA 5m00s, 1 rejected, 1m40s elapsed"
