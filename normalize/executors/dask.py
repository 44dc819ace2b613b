"""The executor that runs the work on a Dask cluster, local or remote
(``pip install 'normalize[dask]'``).

Chunks of consecutive inputs go to the workers, which keep their records: each chunk's
JSON lines and fingerprints are written to a partition in the build's workspace, a
folder beside OUT (normalize/partitions.py), and only ids, ordinals and exact-hash
digests come back. Dedup's candidates are found and checked there too
(:func:`verify_stored`): band keys made by the workers from the signature files,
(band, key, record) rows shuffled so every bucket lands whole on one worker, the
bucket pairs shuffled again by record and checked against both records' signatures;
only the pairs that hold come back. The writer links them (dedup.resolve, as a local
build does) and concatenates the partitions, so the archive is byte-identical to a
local build: which machine made a record never shows in it.

Workers read the input files by path and write beside OUT: on a real cluster both
must be shared storage naming the same files on every worker, and the workers need
this package installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np

from .. import dedup, partitions
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

    keeps_records = True

    def verify(self, folder: Path, names: list[str], bases: np.ndarray, places: np.ndarray) -> dedup.Verified:
        return verify_stored(self.client, folder, names, bases, places)

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


def verify_stored(client: Any, folder: Path, names: list[str], bases: np.ndarray, places: np.ndarray,
                  shuffles: int | None = None) -> dedup.Verified:
    """The checked pairs of records kept in partitions ``names`` of ``folder`` (partition
    ``p`` holds records ``bases[p]`` on): candidates of the records whose ``places``
    (archive positions) are not -1, found and checked on the cluster. ``shuffles``:
    partitions of each shuffle (default: two per worker)."""
    import dask
    import dask.dataframe as dd

    count = len(places)
    if count < 2 or not names:
        return dedup.Verified.merged([], count)
    shuffles = shuffles or max(1, len(client.scheduler_info().get("workers", {}))) * 2
    ends = np.r_[bases[1:], count]
    slices = client.scatter([places[start:end] for start, end in zip(bases.tolist(), ends.tolist())])
    found = []
    for bands, rows, clique in ((dedup.NEAR_BANDS, dedup.NEAR_ROWS, False),
                                (dedup.CONTAIN_BANDS, dedup.CONTAIN_ROWS, True)):
        for start in range(0, bands, BANDS_PER_SHUFFLE):  # a few bands per shuffle: bounded memory
            batch = (start, min(bands, start + BANDS_PER_SHUFFLE), rows)
            keyed = dd.from_delayed([dask.delayed(_band_rows)(folder, name, base, slice_, batch)
                                     for name, base, slice_ in zip(names, bases.tolist(), slices)],
                                    meta=_frame(band=np.int64, key=np.int64, place=np.int64, record=np.int64),
                                    verify_meta=False)
            pairs = keyed.shuffle(on=["band", "key"], npartitions=shuffles).map_partitions(
                _bucket_pairs, clique=clique, meta=_frame(first=np.int64, other=np.int64))
            checked = pairs.shuffle(on="first", npartitions=shuffles).map_partitions(
                _check_pairs, folder=folder, names=names, bases=bases, clique=clique,
                meta=_frame(first=np.int64, other=np.int64, share=np.float64))
            found.append(_verified(checked.compute(), clique))
    return dedup.Verified.merged(found, count)


def _frame(**columns):
    import pandas as pd

    return pd.DataFrame({name: np.empty(0, dtype) for name, dtype in columns.items()})


def _band_rows(folder: Path, name: str, base: int, places: np.ndarray, batch: tuple[int, int, int]):
    """(band, key, place, record) of one partition's candidates, for bands ``batch[0]``
    to ``batch[1]`` of ``batch[2]`` rows: made where the partition is."""
    import pandas as pd

    start, end, rows = batch
    members = np.flatnonzero(places >= 0)
    signatures = np.asarray(partitions.load_fingerprints(folder, name).signatures[members])
    keys = [dedup.band_key(signatures[:, band * rows:(band + 1) * rows]) for band in range(start, end)]
    return pd.DataFrame({
        "band": np.repeat(np.arange(start, end, dtype=np.int64), members.size),
        "key": np.concatenate(keys).view(np.int64) if keys else np.empty(0, np.int64),
        "place": np.tile(places[members], end - start),
        "record": np.tile(members + base, end - start).astype(np.int64),
    })


def _bucket_pairs(part, clique: bool):
    """The pairs of the whole buckets in one shuffled partition, as record indices:
    each bucket's members in archive order, as dedup.bucket_pairs pairs them locally."""
    import pandas as pd

    part = part.sort_values(["band", "place"], kind="stable")
    firsts, others = [], []
    for _, rows in part.groupby("band", sort=True):
        first, other = dedup.bucket_pairs(rows["record"].to_numpy(), rows["key"].to_numpy().view(np.uint64), clique)
        firsts.append(first)
        others.append(other)
    first = np.concatenate(firsts) if firsts else np.empty(0, np.int64)
    other = np.concatenate(others) if others else np.empty(0, np.int64)
    return pd.DataFrame({"first": first.astype(np.int64), "other": other.astype(np.int64)})


def _check_pairs(part, folder: Path, names: list[str], bases: np.ndarray, clique: bool):
    """The pairs of a partition that hold (near: similar enough; clique: one record holds
    enough of the other), checked against both records' fingerprints, read from the
    partitions beside which they were made. A pair found in several bands, once."""
    import pandas as pd

    codes = np.unique(part["first"].to_numpy() * np.int64(1 << 32) + part["other"].to_numpy())
    first, other = codes >> np.int64(32), codes & np.int64((1 << 32) - 1)
    needed = np.unique(np.r_[first, other])
    columns = _gather(folder, names, bases, needed)
    a, b = np.searchsorted(needed, first), np.searchsorted(needed, other)
    found = dedup.contained(columns, a, b) if clique else dedup.similar(columns, a, b)
    pairs = needed[found.held if clique else found.near].reshape(-1, 2)
    shares = found.shares if clique else np.full(len(pairs), np.nan)
    return pd.DataFrame({"first": pairs[:, 0], "other": pairs[:, 1], "share": shares})


def _gather(folder: Path, names: list[str], bases: np.ndarray, records: np.ndarray) -> dedup.Columns:
    """The fingerprints of ``records`` (sorted record indices), one partition at a time."""
    owner = np.searchsorted(bases, records, side="right") - 1
    signatures = np.empty((records.size, dedup.SLOTS), dtype=np.uint32)
    kinds = np.empty(records.size, dtype=np.uint8)
    shingles, lengths = np.empty(records.size, np.int64), np.empty(records.size, np.int64)
    for partition in np.unique(owner).tolist():
        rows = np.flatnonzero(owner == partition)
        held = partitions.load_fingerprints(folder, names[partition])
        local = records[rows] - bases[partition]
        signatures[rows] = held.signatures[local]
        kinds[rows], shingles[rows], lengths[rows] = held.kinds[local], held.shingles[local], held.lengths[local]
    return dedup.Columns(np.zeros((records.size, 2), np.uint64), kinds, signatures, shingles, lengths)


def _verified(frame, clique: bool) -> dedup.Verified:
    pairs = np.stack([frame["first"].to_numpy(np.int64), frame["other"].to_numpy(np.int64)], axis=1)
    none = np.zeros((0, 2), np.int64)
    if clique:
        return dedup.Verified(none, pairs, frame["share"].to_numpy(np.float64))
    return dedup.Verified(pairs, none, np.zeros(0))
