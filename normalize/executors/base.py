"""What every executor shares: the interface, chunks of inputs, the bounded in-order loop."""

from __future__ import annotations

import collections
from typing import Any, Callable, Iterable, Iterator, Protocol, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Work = Callable[[list[Item]], list[Result]]

#: Chunks each worker may have waiting or done-but-not-yet-taken: results are taken in
#: input order, so this bounds what a slow file makes the others hold.
IN_FLIGHT_PER_WORKER = 4
#: A chunk is a run of consecutive inputs of at most this many bytes or files: big
#: enough that a worker is not mostly waiting, small enough that all stay busy.
CHUNK_BYTES = 1024 * 1024
CHUNK_FILES = 16


class Executor(Protocol):
    """Runs work over chunks, yielding results in input order."""

    workers: int
    #: Whether the workers keep the records they make (normalize/partitions.py, on storage
    #: they share with the writer) and check their candidate pairs themselves (``verify``,
    #: an archive.WorkerStore's); else results carry their lines and the writer links.
    keeps_records: bool
    #: Whether the work should run each file in a helper process it can kill
    #: (normalize/isolation.py): where it runs off the writer's thread.
    isolates: bool

    def map(self, work: Work, chunks: Iterable[list[Item]]) -> Iterator[Result]: ...

    def close(self) -> None: ...


class _Future(Protocol):
    def result(self) -> Sequence[Any]: ...


def in_order(submit: Callable[[list[Item]], _Future], chunks: Iterable[list[Item]], window: int) -> Iterator[Any]:
    """Submit chunks, at most ``window`` in flight, and yield their results in order."""
    pending: collections.deque = collections.deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def chunks(items: Sequence[Item], size_of: Callable[[Item], int]) -> Iterator[list[Item]]:
    """Runs of consecutive items of about :data:`CHUNK_BYTES` (or :data:`CHUNK_FILES` items)."""
    chunk: list[Item] = []
    size = 0
    for item in items:
        chunk.append(item)
        size += size_of(item)
        if size >= CHUNK_BYTES or len(chunk) >= CHUNK_FILES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk
