"""Files processed in helper processes the build can kill: limits enforced from outside.

With ``--jobs`` 2 or more, and on Dask, each file of a chunk goes to a helper process
(``python -m normalize.isolation``) that a thread of the build (or of the Dask worker)
owns and talks to over a pipe, one file at a time. The helper checks the file's time
limit itself (:mod:`normalize.limits`) and normally rejects a slow file on its own. If it
does not answer within the limit and a margin (:func:`kill_after`: a call into C that
never returns, a pattern backtracking), it is killed (SIGKILL, sent to the child: no
handler anywhere) and the file rejected ``too_slow``; the next file of the chunk starts
a fresh helper. Each helper's address space is capped (``RLIMIT_AS``,
``BuildOptions.memory``): a file that would exhaust memory meets MemoryError, which the
processing rejects ``too_complex``; a helper that dies anyway (the kernel's OOM killer,
a crash in C) has its file rejected ``too_complex`` with how it died. No other file is
lost: results come back file by file, and the files after the bad one run on the new
helper. The helper also dies with its owner (Linux ``PR_SET_PDEATHSIG``).

The frames are pickles of ``(function, args)`` and of ``("ok", value)`` or
``("error", text)``, each after its length in 8 bytes: the helper is our own child and
the pipe private, so nothing untrusted is unpickled.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Callable

from .options import BuildOptions
from .plan import InputFile, file_size

#: A helper that has not answered this long after the file's own limit is killed:
#: a quarter of the limit, and never less than this many seconds.
MARGIN_SECONDS = 0.25
_HEADER = 8


def kill_after(limit: float) -> float | None:
    """Seconds to wait for a file whose limit is ``limit`` (0: none, wait for ever)."""
    return limit + max(MARGIN_SECONDS, limit / 4) if limit else None


class HelperDied(Exception):
    """The helper process ended before answering: how it ended."""


class HelperTimeout(Exception):
    """The helper did not answer in time and was killed."""


class Helper:
    """One helper process, started when first needed and again after it is killed."""

    def __init__(self, memory: int = 0) -> None:
        self.memory = memory
        self._process: subprocess.Popen | None = None

    def _start(self) -> subprocess.Popen:
        if self._process is None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "normalize.isolation", str(self.memory)], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, close_fds=True, env=_environment())
            try:  # the helper says it is ready once it has imported normalize: its start is not the file's time
                if _read(self._process.stdout) != ("ok", "ready"):
                    raise EOFError("the helper did not start")
            except (OSError, EOFError, pickle.UnpicklingError) as error:
                process = self._process
                self._kill()
                raise HelperDied(f"it did not start: {_how_it_ended(process)}") from error
        return self._process

    def call(self, function: Callable, args: tuple, seconds: float | None) -> Any:
        """``function(*args)`` in the helper; HelperTimeout after ``seconds`` (the helper
        killed), HelperDied if it ends first, RuntimeError for an error it reports."""
        process = self._start()
        try:
            _write(process.stdin, (function, args))
            ready, _, _ = select.select([process.stdout], [], [], seconds)
            if not ready:
                self._kill()
                raise HelperTimeout(f"no answer in {seconds:g} s")
            status, value = _read(process.stdout)
        except (OSError, EOFError, pickle.UnpicklingError) as error:
            self._kill()
            raise HelperDied(_how_it_ended(process)) from error
        if status == "error":
            raise RuntimeError(value)
        return value

    def _kill(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def close(self) -> None:
        """End the helper: its input closed, it exits; killed if it does not."""
        process, self._process = self._process, None
        if process is None:
            return
        try:
            process.stdin.close()
            process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()
        process.stdout.close()


def _environment() -> dict[str, str]:
    """The owner's environment, with this very normalize first on the path (the helper
    runs the code the build runs, installed or not) and the working folder left off it."""
    here = str(Path(__file__).resolve().parent.parent)
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONSAFEPATH": "1", "PYTHONPATH": here + (os.pathsep + path if path else "")}


def _how_it_ended(process: subprocess.Popen) -> str:
    try:
        code = process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        return "stopped answering"
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        return f"killed by {name}" + (" (out of memory?)" if -code == signal.SIGKILL else "")
    return f"exited with code {code}"


def _write(stream, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(_HEADER, "little") + data)
    stream.flush()


def _read(stream) -> Any:
    size = int.from_bytes(_exactly(stream, _HEADER), "little")
    return pickle.loads(_exactly(stream, size))


def _exactly(stream, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError("the pipe closed mid-frame")
    return data


_helpers = threading.local()
_owned: list[tuple[threading.Thread, Helper]] = []  # every helper and the thread it serves
_owned_lock = threading.Lock()


def _helper(memory: int) -> Helper:
    """This thread's helper (one per thread of a pool, one per Dask worker thread)."""
    helper = getattr(_helpers, "helper", None)
    if helper is None or helper.memory != memory:
        if helper is not None:
            helper.close()
        close_orphans()  # a Dask worker's threads come and go: their helpers are reaped here
        helper = _helpers.helper = Helper(memory)
        with _owned_lock:
            _owned.append((threading.current_thread(), helper))
    return helper


def close_orphans() -> None:
    """End the helpers of threads that have ended (a pool's, once it is shut down)."""
    with _owned_lock:
        ended = [helper for thread, helper in _owned if not thread.is_alive()]
        _owned[:] = [(thread, helper) for thread, helper in _owned if thread.is_alive()]
    for helper in ended:
        helper.close()


def run_chunk(chunk: list[InputFile], options: BuildOptions) -> list:
    """:func:`normalize.process.process_chunk`, each file in this thread's helper."""
    from .process import process_one, rejected_file, too_slow_detail

    helper = _helper(options.memory)
    results = []
    for item in chunk:
        limit = options.file_limit(file_size(item))
        try:
            results.append(helper.call(process_one, (item, options), kill_after(limit)))
        except HelperTimeout:
            results.append(rejected_file(item, "too_slow", too_slow_detail(limit, options)))
        except HelperDied as error:
            results.append(rejected_file(item, "too_complex", f"its process ended while processing it: {error}"))
        except RuntimeError as error:
            results.append(rejected_file(item, "internal_error", f"{error} (please report this file)"))
    return results


def _serve(memory: int) -> None:
    """The helper's loop: read a call, answer it, until the pipe closes."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the build
    except (OSError, AttributeError):
        pass
    if memory:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the frames
    import normalize.process  # noqa: F401 - imported before the first file's clock starts

    _write(sink, ("ok", "ready"))
    while True:
        try:
            function, args = _read(source)
        except EOFError:
            return
        try:
            answer = ("ok", function(*args))
        except BaseException as error:  # noqa: BLE001 - told to the owner, which decides
            answer = ("error", f"{type(error).__name__}: {error}")
        try:
            _write(sink, answer)
        except Exception as error:  # noqa: BLE001 - unpicklable, or too large to send
            _write(sink, ("error", f"the result cannot be sent: {type(error).__name__}: {error}"))


if __name__ == "__main__":
    _serve(int(sys.argv[1]) if len(sys.argv) > 1 else 0)


__all__ = ["Helper", "HelperDied", "HelperTimeout", "kill_after", "run_chunk", "close_orphans"]
