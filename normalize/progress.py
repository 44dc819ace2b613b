"""What a person sees while a build runs: files and MB done of the total, rate, ETA, rejects.

The pipeline reports to a :class:`Progress` it is given and never knows whether anyone
is watching. :class:`Silent` is the default; :class:`TerminalProgress` draws a rich
progress bar on a terminal's stderr; :class:`LogProgress` writes one plain line every N
seconds (a pipe, a log file, a scheduler's captured stderr: never a carriage return);
:class:`Callback` hands a :class:`Snapshot` to a library caller's function. The CLI
chooses with ``--progress`` (:func:`choose`): by default the bar on a terminal, the log
line otherwise, nothing with ``--quiet``.

Files are counted as the writer receives their results, in input order, so the figures
are exact with any number of worker processes.
"""

from __future__ import annotations

import datetime
import os
import threading
import time
from dataclasses import dataclass
from typing import IO, Callable, Iterable, Iterator, Protocol

from .records import FileResult


class Progress(Protocol):
    def start(self, files: int, size: int) -> None: ...
    def advance(self, result: FileResult) -> None: ...
    def finishing(self) -> None: ...
    def close(self, finished: bool = True) -> None: ...


#: Inputs whose bytes are never read (the summary's "MB read" leaves them out: a sparse
#: 10 GB file rejected as too large was not read).
NOT_READ = frozenset({"too_large", "unreadable", "outside_input"})


class Silent:
    """No display (a pipe, a log file, ``--quiet``, or a library caller); the counts are
    kept, for the summary."""

    files = size = done_files = done = read = rejects = 0

    def start(self, files: int, size: int) -> None:
        self.files, self.size = files, size

    def advance(self, result: FileResult) -> None:
        if result.part is None:
            self.done_files += 1
            self.done += result.bytes
            self.read += 0 if result.reason in NOT_READ else result.bytes
            self.rejects += result.status == "rejected"
            return
        index, count, size = result.part  # a part of a file read in parts
        self.done_files += index == count - 1
        self.done += size
        self.read += size

    def finishing(self) -> None:
        pass

    def close(self, finished: bool = True) -> None:
        pass


def watch(results: Iterable[FileResult], progress: Progress) -> Iterator[FileResult]:
    """The results, unchanged, with ``progress`` told of each; ``finishing`` once all
    files are done (linking and the final write follow)."""
    for result in results:
        yield result
        progress.advance(result)
    progress.finishing()


def wants_terminal(stream: IO[str], quiet: bool) -> bool:
    """Progress is drawn only on an interactive terminal, never with ``--quiet``."""
    if quiet:
        return False
    try:
        return os.isatty(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return False


class TerminalProgress(Silent):
    """A rich progress bar on ``stream`` (a terminal): files, MB, MB/s, ETA, rejects."""

    def __init__(self, stream: IO[str]) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, Progress as Bar, TaskProgressColumn, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        # The caller has checked that this is a terminal: say so, whatever TERM claims.
        console = Console(file=stream, force_terminal=True, highlight=False)
        self._bar = Bar(TextColumn("[bold]{task.description}"), BarColumn(), TaskProgressColumn(),
                        TextColumn("{task.fields[files]}"), TextColumn("{task.fields[mb]}"),
                        TextColumn("{task.fields[rate]}"), TextColumn("ETA"), TimeRemainingColumn(),
                        TimeElapsedColumn(), TextColumn("{task.fields[rejects]}"),
                        console=console, transient=False, refresh_per_second=8)
        self._task = None

    def start(self, files: int, size: int) -> None:
        super().start(files, size)
        self._bar.start()
        self._task = self._bar.add_task("archiving", total=max(size, 1), **self._fields())

    def advance(self, result: FileResult) -> None:
        super().advance(result)
        self._bar.update(self._task, completed=min(self.done, self.size), **self._fields())

    def finishing(self) -> None:
        self._bar.update(self._task, description="linking duplicates, writing", completed=max(self.size, 1),
                         **self._fields())

    def close(self, finished: bool = True) -> None:
        if self._task is not None:
            self._bar.update(self._task, description="done" if finished else "stopped", **self._fields())
        self._bar.stop()

    def _fields(self) -> dict[str, str]:
        elapsed = self._bar.tasks[0].elapsed if self._bar.tasks else None
        rate = f"{self.done / 1e6 / elapsed:.2f} MB/s" if elapsed else "– MB/s"
        rejects = f"[red]{self.rejects} rejected" if self.rejects else "0 rejected"
        return {"files": f"{self.done_files:,}/{self.files:,} files",
                "mb": f"{self.done / 1e6:,.1f}/{self.size / 1e6:,.1f} MB", "rate": rate, "rejects": rejects}


#: ``--progress`` choices; ``auto`` is the bar on a terminal, the log line otherwise.
MODES = ("auto", "bar", "log", "none")
#: Seconds between two log lines, by default.
LOG_SECONDS = 30.0


@dataclass(frozen=True)
class Snapshot:
    """Where a build is: ``stage`` is ``start``, ``file`` (one more file done),
    ``finishing`` (linking duplicates and writing), ``done`` or ``stopped``; files and
    bytes done of the total, bytes actually read, inputs rejected so far, seconds since
    the start."""

    stage: str
    files: int
    files_done: int
    bytes: int
    bytes_done: int
    bytes_read: int
    rejected: int
    seconds: float

    def line(self) -> str:
        """The snapshot as one plain line: files, MB, percent, rate, ETA, rejects."""
        share = self.bytes_done / self.bytes if self.bytes else 1.0
        rate = self.bytes_done / self.seconds if self.seconds > 0 else 0.0
        eta = (self.bytes - self.bytes_done) / rate if rate > 0 and self.stage == "file" else None
        what = {"finishing": "linking duplicates, writing", "done": "done", "stopped": "stopped"}.get(self.stage, "archiving")
        return (f"{what}: {self.files_done:,}/{self.files:,} files, {self.bytes_done / 1e6:,.1f}/{self.bytes / 1e6:,.1f} MB "
                f"({share:.0%}), {rate / 1e6:.2f} MB/s, ETA {_duration(eta)}, {self.rejected:,} rejected, "
                f"{_duration(self.seconds)} elapsed")


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    whole = int(seconds)
    return f"{whole // 3600}h{whole // 60 % 60:02d}m{whole % 60:02d}s" if whole >= 3600 else f"{whole // 60}m{whole % 60:02d}s"


class _Timed(Silent):
    """The counts, and a clock started with the build."""

    _started: float | None = None

    def start(self, files: int, size: int) -> None:
        super().start(files, size)
        self._started = time.monotonic()

    def snapshot(self, stage: str) -> Snapshot:
        seconds = time.monotonic() - self._started if self._started is not None else 0.0
        return Snapshot(stage, self.files, self.done_files, self.size, self.done, self.read, self.rejects, seconds)


class Callback(_Timed):
    """Calls ``function(snapshot)`` at the start, after each file, when finishing and at
    the end: the progress hook of :func:`normalize.build` (``progress=function``). It runs
    in the build's own thread, between files; what it raises stops the build."""

    def __init__(self, function: Callable[[Snapshot], object]) -> None:
        self._function = function

    def start(self, files: int, size: int) -> None:
        super().start(files, size)
        self._function(self.snapshot("start"))

    def advance(self, result: FileResult) -> None:
        super().advance(result)
        self._function(self.snapshot("file"))

    def finishing(self) -> None:
        self._function(self.snapshot("finishing"))

    def close(self, finished: bool = True) -> None:
        if self._started is not None:
            self._function(self.snapshot("done" if finished else "stopped"))


class LogProgress(_Timed):
    """One line on ``stream`` every ``seconds`` while the build runs, prefixed by the UTC
    time, whether or not a file finished meanwhile (a thread that only waits and reads
    the counts; it raises nothing into the build). A build shorter than ``seconds``
    logs nothing; a longer one also logs where it ended."""

    def __init__(self, stream: IO[str], seconds: float = LOG_SECONDS) -> None:
        self._stream, self._seconds = stream, seconds
        self._stage = "file"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._logged = False

    def start(self, files: int, size: int) -> None:
        super().start(files, size)
        self._thread = threading.Thread(target=self._run, name="normalize-progress-log", daemon=True)
        self._thread.start()

    def finishing(self) -> None:
        self._stage = "finishing"

    def close(self, finished: bool = True) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            if self._logged:
                self._write(self.snapshot("done" if finished else "stopped"))

    def _run(self) -> None:
        while not self._stop.wait(self._seconds):
            self._write(self.snapshot(self._stage))
            self._logged = True

    def _write(self, snapshot: Snapshot) -> None:
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            self._stream.write(f"{stamp} normalize: {snapshot.line()}\n")
            self._stream.flush()
        except (OSError, ValueError):  # the log went away: the build goes on
            pass


def choose(mode: str, stream: IO[str], quiet: bool = False, seconds: float = LOG_SECONDS) -> Silent:
    """The progress a CLI run shows on ``stream``: ``none`` (or ``--quiet``) nothing;
    ``bar`` the rich bar; ``log`` a line every ``seconds``; ``auto`` the bar on a
    terminal, else the log line."""
    if quiet or mode == "none":
        return Silent()
    if mode == "bar" or (mode == "auto" and wants_terminal(stream, quiet)):
        return TerminalProgress(stream)
    if mode in ("log", "auto"):
        return LogProgress(stream, seconds)
    raise ValueError(f"unknown progress mode {mode!r}; choose one of {MODES}")
