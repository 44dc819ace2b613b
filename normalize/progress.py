"""What a person sees while a build runs: files and MB done of the total, rate, ETA, rejects.

The pipeline reports to a :class:`Progress` it is given and never knows whether anyone
is watching. :class:`Silent` is the default; :class:`TerminalProgress` draws a rich
progress bar on a terminal's stderr. The CLI chooses: only on a terminal and without
``--quiet``, so a pipe or a log file never receives a carriage return.

Files are counted as the writer receives their results, in input order, so the figures
are exact with any number of worker processes.
"""

from __future__ import annotations

import os
from typing import IO, Iterable, Iterator, Protocol

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
