"""The executor that runs the work on a Dask cluster, local or remote
(``pip install 'normalize[dask]'``).

Chunks of consecutive inputs go to the workers and come back, in input order, as
results holding JSON lines and fingerprints; dedup's LSH buckets are found on the
cluster, the rows (band, key, record) shuffled so that every bucket lands whole on one
worker. Linking and writing stay where the archive is written, so the archive is
byte-identical to a local build: which machine made a record never shows in it.

Workers read the input files by path: on a real cluster the paths must name the same
files on every worker (a shared filesystem), and the workers need this package
installed.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

import numpy as np

from .. import dedup
from ..options import UsageError
from .base import IN_FLIGHT_PER_WORKER, Item, Result, Work, in_order

#: LSH bands grouped per shuffle: each shuffle moves (band, key, record) rows of this
#: many bands, so the cluster holds a bounded table however many bands there are.
BANDS_PER_SHUFFLE = 16


def _distributed():
    try:
        import dask.dataframe  # noqa: F401
        import distributed
    except ImportError as error:
        raise UsageError("--engine dask needs Dask: pip install 'normalize[dask]' "
                         f"({error.name} is missing)") from error
    return distributed


class DaskExecutor:
    """A client of the cluster at ``scheduler`` (``tcp://host:8786``), or of a local
    cluster of ``workers`` single-threaded worker processes started for this build."""

    def __init__(self, scheduler: str | None = None, workers: int = 2) -> None:
        distributed = _distributed()
        self._cluster = None
        if scheduler:
            self.client = distributed.Client(scheduler)
        else:
            self._cluster = distributed.LocalCluster(n_workers=max(1, workers), threads_per_worker=1,
                                                     processes=True, dashboard_address=":0", silence_logs=40)
            self.client = distributed.Client(self._cluster)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def map(self, work: Work, chunks: Iterable[list[Item]]) -> Iterator[Result]:
        # a fresh key per task (pure=False): builds never share results
        yield from in_order(lambda chunk: self.client.submit(work, chunk, pure=False), chunks,
                            self.workers * IN_FLIGHT_PER_WORKER)

    def groups(self) -> dedup.GroupFinder:
        return dask_groups(self.client)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


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
