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

import operator
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
    """distributed, or UsageError. Not dask.dataframe: it pulls in pandas, pyarrow and
    scipy, 105 MB of the writer's memory, and the build never uses it."""
    try:
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
    isolates = True  # each file in a helper process of the worker (normalize/isolation.py)

    def verify(self, folder: Path, names: list[str], bases: np.ndarray, places: np.ndarray) -> dedup.Verified:
        return verify_stored(self.client, folder, names, bases, places)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def verify_stored(client: Any, folder: Path, names: list[str], bases: np.ndarray, places: np.ndarray,
                  shuffles: int | None = None) -> dedup.Verified:
    """The checked pairs of records kept in partitions ``names`` of ``folder`` (partition
    ``p`` holds records ``bases[p]`` on): candidates of the records whose ``places``
    (archive positions) are not -1, found and checked on the cluster. ``shuffles``:
    buckets of each shuffle (default: two per worker).

    Per batch of bands: tasks over runs of partitions make (band, key, place, record)
    rows, split by key; a task per split gathers its rows, so each LSH bucket is whole in
    one task, and pairs them (dedup.bucket_pairs); the pairs, split by their first
    record, go to tasks that read both records' fingerprints from the partitions and
    keep the pairs that hold. The shuffles are plain tasks and numpy arrays: the writer
    needs no dataframe library, and holds only the pairs that come back."""
    count = len(places)
    if count < 2 or not names:
        return dedup.Verified.merged([], count)
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    shuffles = shuffles or workers * 2
    runs = [run for run in np.array_split(np.arange(len(names)), min(len(names), workers * 4)) if run.size]
    ends = np.r_[bases[1:], count]
    sources = [([names[p] for p in run.tolist()], bases[run] - bases[run[0]], int(bases[run[0]])) for run in runs]
    slices = client.scatter([places[bases[run[0]]:ends[run[-1]]] for run in runs])
    found = []
    for bands, rows, clique in ((dedup.NEAR_BANDS, dedup.NEAR_ROWS, False),
                                (dedup.CONTAIN_BANDS, dedup.CONTAIN_ROWS, True)):
        for start in range(0, bands, BANDS_PER_SHUFFLE):  # a few bands per shuffle: bounded memory
            batch = (start, min(bands, start + BANDS_PER_SHUFFLE), rows)
            keyed = [client.submit(_band_rows, folder, source, slice_, batch, shuffles, pure=False)
                     for source, slice_ in zip(sources, slices)]
            paired = [client.submit(_bucket_pairs, _pieces(client, keyed, part), clique, shuffles, pure=False)
                      for part in range(shuffles)]
            checked = [client.submit(_check_pairs, _pieces(client, paired, part), folder, names, bases, clique,
                                     pure=False) for part in range(shuffles)]
            batch_found = [_verified(pairs, shares, clique) for pairs, shares in client.gather(checked)]
            found = [dedup.Verified.merged(found + batch_found, count)]  # a pair of many batches, once
            del keyed, paired, checked, batch_found  # the cluster lets go of this batch's rows
    return dedup.Verified.merged(found, count)


def _pieces(client: Any, futures: list, part: int) -> list:
    """Piece ``part`` of each of ``futures`` (results split by :func:`_split`), as futures."""
    return [client.submit(operator.getitem, future, part, pure=False) for future in futures]


#: A shuffled row: one record's key in one band, and its archive position (bucket order).
KEYED = np.dtype([("band", "<i8"), ("key", "<u8"), ("place", "<i8"), ("record", "<i8")])


def _split(rows: np.ndarray, by: np.ndarray, parts: int) -> list[np.ndarray]:
    """``rows`` in ``parts`` pieces by ``by`` (non-negative integers) modulo ``parts``."""
    target = by % np.uint64(parts) if by.dtype == np.uint64 else by % parts
    order = np.argsort(target, kind="stable")
    bounds = np.searchsorted(target[order], np.arange(parts + 1))
    return [rows[order[bounds[i]:bounds[i + 1]]] for i in range(parts)]


def _band_rows(folder: Path, source: tuple[list[str], np.ndarray, int], places: np.ndarray,
               batch: tuple[int, int, int], parts: int) -> list[np.ndarray]:
    """The KEYED rows of a run of partitions' candidates for bands ``batch[0]`` to
    ``batch[1]`` (of ``batch[2]`` rows), split by key: made where the partitions are."""
    names, offsets, base = source
    start, end, rows = batch
    made = []
    for name, offset, next_offset in zip(names, offsets.tolist(), offsets[1:].tolist() + [len(places)]):
        local = places[offset:next_offset]
        members = np.flatnonzero(local >= 0)
        signatures = np.ascontiguousarray(partitions.load_fingerprints(folder, name, members).signatures)
        for band in range(start, end):
            block = np.empty(members.size, dtype=KEYED)
            block["band"], block["place"], block["record"] = band, local[members], members + offset + base
            block["key"] = dedup.band_key(signatures[:, band * rows:(band + 1) * rows])
            made.append(block)
    keyed = np.concatenate(made) if made else np.empty(0, dtype=KEYED)
    return _split(keyed, keyed["key"] ^ keyed["band"].astype(np.uint64), parts)


def _bucket_pairs(pieces: list[np.ndarray], clique: bool, parts: int) -> list[np.ndarray]:
    """The pairs (k x 2 record indices) of whole buckets, each bucket's members in archive
    order as dedup.bucket_pairs pairs them locally; split by first record."""
    rows = np.concatenate(pieces) if pieces else np.empty(0, dtype=KEYED)
    rows = rows[np.lexsort((rows["place"], rows["band"]))]
    starts = np.flatnonzero(np.r_[True, rows["band"][1:] != rows["band"][:-1]]) if rows.size else np.empty(0, int)
    found = [np.zeros((0, 2), np.int64)]
    for first, last in zip(starts.tolist(), starts[1:].tolist() + [rows.size]):
        band = rows[first:last]
        pair = dedup.bucket_pairs(band["record"], band["key"], clique)
        found.append(np.stack(pair, axis=1).astype(np.int64))
    pairs = np.concatenate(found)
    return _split(pairs, pairs[:, 0], parts)


def _check_pairs(pieces: list[np.ndarray], folder: Path, names: list[str], bases: np.ndarray,
                 clique: bool) -> tuple[np.ndarray, np.ndarray]:
    """The pairs that hold (near: similar enough; clique: the second record holds enough
    of the first, either way round), checked against both records' fingerprints read
    from their partitions; a pair found in several bands, once."""
    pairs = np.concatenate(pieces) if pieces else np.zeros((0, 2), np.int64)
    pairs = np.unique(pairs, axis=0) if len(pairs) else pairs
    needed = np.unique(pairs)
    columns = _gather(folder, names, bases, needed)
    a, b = np.searchsorted(needed, pairs[:, 0]), np.searchsorted(needed, pairs[:, 1])
    found = dedup.contained(columns, a, b) if clique else dedup.similar(columns, a, b)
    held = needed[found.held if clique else found.near].reshape(-1, 2)
    return held, found.shares if clique else np.zeros(0)


def _gather(folder: Path, names: list[str], bases: np.ndarray, records: np.ndarray) -> dedup.Columns:
    """The fingerprints of ``records`` (sorted record indices), one partition at a time."""
    owner = np.searchsorted(bases, records, side="right") - 1  # sorted, as the records are
    signatures = np.empty((records.size, dedup.SLOTS), dtype=np.uint32)
    kinds = np.empty(records.size, dtype=np.uint8)
    shingles, lengths = np.empty(records.size, np.int64), np.empty(records.size, np.int64)
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]) if records.size else np.empty(0, np.int64)
    for start, end in zip(starts.tolist(), starts[1:].tolist() + [records.size]):
        rows, partition = slice(start, end), int(owner[start])
        held = partitions.load_fingerprints(folder, names[partition], records[rows] - bases[partition])
        signatures[rows], kinds[rows], shingles[rows], lengths[rows] = (held.signatures, held.kinds, held.shingles,
                                                                        held.lengths)
    return dedup.Columns(np.zeros((records.size, 2), np.uint64), kinds, signatures, shingles, lengths)


def _verified(pairs: np.ndarray, shares: np.ndarray, clique: bool) -> dedup.Verified:
    none = np.zeros((0, 2), np.int64)
    return dedup.Verified(none, pairs, shares) if clique else dedup.Verified(pairs, none, np.zeros(0))
