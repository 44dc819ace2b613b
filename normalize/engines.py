"""Engines: who runs the stages. ``local`` is this machine's processes (pipeline.py);
``dask`` is a Dask cluster, local or remote (``pip install 'normalize[dask]'``).

With Dask, files go to the workers in chunks of consecutive inputs (the same chunks
as the local process pool) and come back, in input order, as results holding JSON
lines and fingerprints; the LSH buckets of dedup are found on the cluster, the rows
(band, key, record) shuffled so that every bucket lands whole on one worker. Linking
and writing stay where the archive is written, so the archive is byte-identical to a
local build: which machine made a record never shows in it.

Workers read the input files by path: on a real cluster the paths must name the same
files on every worker (a shared filesystem), and the workers need this package
installed.
"""

from __future__ import annotations

import collections
import contextlib
import functools
from typing import Any, Iterator

import numpy as np

from . import dedup
from .pipeline import FILE_SECONDS, IN_FLIGHT_PER_WORKER, InputFile, UsageError, _chunks, _process_chunk
from .records import FileResult

#: LSH bands grouped per shuffle: each shuffle moves (band, key, record) rows of this
#: many bands, so the cluster holds a bounded table however many bands there are.
BANDS_PER_SHUFFLE = 16


def _dask():
    try:
        import dask.dataframe  # noqa: F401
        import distributed
    except ImportError as error:
        raise UsageError("--engine dask needs Dask: pip install 'normalize[dask]' "
                         f"({error.name} is missing)") from error
    return distributed


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2) -> Iterator[Any]:
    """A client of the cluster at ``scheduler`` (``tcp://host:8786``), or of a local
    cluster of ``workers`` single-threaded worker processes started for this build."""
    distributed = _dask()
    if scheduler:
        with distributed.Client(scheduler) as client:
            yield client
        return
    with distributed.LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=40) as cluster:
        with distributed.Client(cluster) as client:
            yield client


def dask_results(client: Any, inputs: list[InputFile], profile: str,
                 seconds: float = FILE_SECONDS, fmt: str | None = None) -> Iterator[FileResult]:
    """FileResults in input order, the files processed on the cluster's workers.

    A bounded number of chunks is in flight, so a slow file holds back at most that
    many finished chunks on the workers. The per-file time limit holds in worker threads
    too (see :func:`normalize.pipeline.time_limit`).
    """
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    work = functools.partial(_process_chunk, profile=profile, seconds=seconds, fmt=fmt)
    pending: collections.deque = collections.deque()
    for chunk in _chunks(inputs, workers):
        pending.append(client.submit(work, chunk, pure=False))  # a fresh key per task: builds never share results
        if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def dask_groups(client: Any, partitions: int | None = None) -> dedup.GroupFinder:
    """A dedup GroupFinder that shuffles (band, key, record) rows across the cluster,
    so each bucket is grouped whole on one worker."""
    import dask.dataframe as dd
    import pandas as pd

    def groups(members: np.ndarray, key_of, bands: int, clique: bool):
        if members.size < 2:
            return
        count = partitions or max(1, len(client.scheduler_info().get("workers", {}))) * 2
        meta = pd.DataFrame({"first": np.empty(0, np.int64), "other": np.empty(0, np.int64)})
        for start in range(0, bands, BANDS_PER_SHUFFLE):  # a few bands per shuffle: bounded memory
            batch = range(start, min(bands, start + BANDS_PER_SHUFFLE))
            table = pd.DataFrame({
                "band": np.repeat(np.array(batch, dtype=np.int64), members.size),
                "key": np.concatenate([key_of(band) for band in batch]).view(np.int64),
                "place": np.tile(np.arange(members.size, dtype=np.int64), len(batch)),
            })
            frame = dd.from_pandas(table, npartitions=count, sort=False)
            shuffled = frame.shuffle(on=["band", "key"], npartitions=count)
            pairs = shuffled.map_partitions(_partition_pairs, clique=clique, meta=meta).compute()
            yield members[pairs["first"].to_numpy()], members[pairs["other"].to_numpy()]

    return groups


def _partition_pairs(part, clique: bool):
    """The bucket pairs of the buckets in one shuffled partition (records by place)."""
    import pandas as pd

    part = part.sort_values(["band", "place"], kind="stable")
    firsts, others = [], []
    for _, rows in part.groupby("band", sort=True):
        places = rows["place"].to_numpy()
        first, other = dedup.bucket_pairs(places, rows["key"].to_numpy().view(np.uint64), clique)
        firsts.append(first)
        others.append(other)
    first = np.concatenate(firsts) if firsts else np.empty(0, np.int64)
    other = np.concatenate(others) if others else np.empty(0, np.int64)
    return pd.DataFrame({"first": first.astype(np.int64), "other": other.astype(np.int64)})
