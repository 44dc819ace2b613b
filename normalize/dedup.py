"""Exact duplicates, near duplicates and partial copies, linked, never removed here.

A :class:`Fingerprint` is computed per record where the record is made (in the worker
process); :func:`link` then takes every fingerprint of the archive, in archive order,
and returns the links. Nothing here depends on how many processes made the
fingerprints: they are a pure function of the text.

* Exact: the text with all whitespace removed hashes to the same SHA-256.
* Near: MinHash over 5-character shingles (Chinese needs no word segmentation),
  computed by one-permutation hashing over a rolling hash of the code points with
  numpy; LSH with 32 bands of 8 rows finds candidates, and a pair is linked when the
  estimated Jaccard similarity is at least :data:`NEAR_THRESHOLD`.
* Partial copies: LSH with 128 bands of 2 rows finds looser candidates; a record is
  ``contained_in`` the first longer record (more characters and more shingles) holding at least :data:`CONTAINMENT_THRESHOLD`
  of its shingles (estimated from the MinHash Jaccard and the exact shingle counts).

The first record of a cluster is the first in archive order (input path, then file
SHA-256, then ordinal), so a build and an appended build agree.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Sequence

import numpy as np

SHINGLE = 5
SLOTS = 256  # one-permutation MinHash slots
NEAR_BANDS, NEAR_ROWS = 32, 8
CONTAIN_BANDS, CONTAIN_ROWS = 128, 2
#: Estimated Jaccard similarity from which two records are near duplicates. Tuned on
#: the seeds and the corpus sample: copies of one story under another title score
#: 0.97+, a newspaper page holding half of a story 0.51, related stories below 0.35.
NEAR_THRESHOLD = 0.8
#: MinHash reads at most this many characters of a text (the exact hash reads all):
#: bounded memory for a 30 MB file with no line break.
MAX_SHINGLED = 1_000_000
#: A bucket of the loose (containment) bands holding more records than this is left out:
#: what so many records share is a stock phrase, not a copy, and its pairs grow as its
#: size squared. Real partial copies share several bands, most of them in small buckets.
MAX_BUCKET = 100
#: Share of a record's shingles that must lie in a longer record to call it a partial copy.
CONTAINMENT_THRESHOLD = 0.8

_SPACE_RE = re.compile(r"\s+")
_BASE = np.uint64(1_000_003)
_EMPTY = np.uint32(0xFFFFFFFF)


@dataclass(frozen=True)
class Fingerprint:
    """What dedup needs of one record: an exact-text hash and a MinHash signature."""

    exact: str  # "" for an empty text: never anyone's duplicate
    shingles: int  # distinct 5-character shingles
    length: int  # characters, whitespace left out
    signature: bytes  # SLOTS little-endian uint32, b"" when there are no shingles


@dataclass(frozen=True)
class Links:
    """The links of one record (None when unlinked)."""

    duplicate_of: str | None = None
    near_duplicate_of: str | None = None
    contained_in: str | None = None
    containment: float | None = None


def fingerprint(text: str) -> Fingerprint:
    """The fingerprint of a record's text."""
    compact = _SPACE_RE.sub("", text)
    if not compact:
        return Fingerprint("", 0, 0, b"")
    exact = hashlib.sha256(compact.encode("utf-8")).hexdigest()
    hashes = _shingle_hashes(compact[:MAX_SHINGLED])
    if hashes.size == 0:
        return Fingerprint(exact, 0, len(compact), b"")
    hashes.sort()
    distinct = 1 + int(np.count_nonzero(hashes[1:] != hashes[:-1]))
    return Fingerprint(exact, distinct, len(compact), _one_permutation(hashes).tobytes())


def _shingle_hashes(text: str) -> np.ndarray:
    """A 64-bit hash of every 5-character window, from the code points, vectorised."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = codes.size - SHINGLE + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(SHINGLE):
            hashes = hashes * _BASE + codes[offset:offset + count]
        return _mix(hashes)


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads every input bit over the output."""
    with np.errstate(over="ignore"):
        values = (values ^ (values >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        values = (values ^ (values >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return values ^ (values >> np.uint64(31))


def _one_permutation(hashes: np.ndarray) -> np.ndarray:
    """Minimum per slot of sorted hashes (the top 8 bits pick the slot, so each slot's
    minimum is the first hash of its run); empty slots borrow the next full one."""
    starts = np.searchsorted(hashes, np.arange(SLOTS, dtype=np.uint64) << np.uint64(56))
    present = starts < hashes.size
    present[present] = (hashes[starts[present]] >> np.uint64(56)) == np.arange(SLOTS, dtype=np.uint64)[present]
    signature = np.full(SLOTS, _EMPTY, dtype=np.uint32)
    signature[present] = ((hashes[starts[present]] >> np.uint64(24)) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    full = np.flatnonzero(present)
    empty = np.flatnonzero(~present)
    if empty.size:  # rotation densification: deterministic, comparable across records
        nearest = full[np.searchsorted(full, empty) % full.size]
        distance = (nearest - empty) % SLOTS
        signature[empty] = (signature[nearest].astype(np.uint64) + distance.astype(np.uint64) * 0x9E3779B1
                            ).astype(np.uint32)
    return signature


class FingerprintTable:
    """Fingerprints of many records in columns: what the writer keeps per record until
    linking (the signatures in one growing buffer, 1 KB per record, no object each)."""

    def __init__(self) -> None:
        self.exact: list[str] = []
        self.shingles = array("q")
        self.lengths = array("q")
        self.signed = bytearray()  # 1 where the record has a signature
        self.signatures = bytearray()

    def append(self, fingerprint: Fingerprint) -> None:
        self.exact.append(fingerprint.exact)
        self.shingles.append(fingerprint.shingles)
        self.lengths.append(fingerprint.length)
        self.signed.append(1 if fingerprint.signature else 0)
        self.signatures += fingerprint.signature or bytes(SLOTS * 4)

    def __len__(self) -> int:
        return len(self.exact)

    @classmethod
    def of(cls, fingerprints: Iterable[Fingerprint]) -> "FingerprintTable":
        table = cls()
        for fingerprint in fingerprints:
            table.append(fingerprint)
        return table

    def matrix(self) -> np.ndarray:
        """The signatures as a records x SLOTS array (a view, no copy)."""
        return np.frombuffer(self.signatures, dtype=np.uint32).reshape(len(self), SLOTS)


def link(ids: Sequence[str], fingerprints: Sequence[Fingerprint] | FingerprintTable, order: Sequence[tuple],
         groups: GroupFinder | None = None) -> list[Links]:
    """Links for every record; ``order`` gives each record's archive-order key.

    ``groups`` finds the LSH buckets (records sharing a band); the default does it in
    this process with numpy, :mod:`normalize.executors.dask` can do it across a cluster. The
    links depend only on which records share a bucket, never on who found it.
    """
    table = fingerprints if isinstance(fingerprints, FingerprintTable) else FingerprintTable.of(fingerprints)
    rank = sorted(range(len(ids)), key=lambda i: order[i])
    position = np.empty(len(ids), dtype=np.int64)
    position[rank] = np.arange(len(ids))
    exact_first: dict[str, int] = {}
    duplicate_of: dict[int, int] = {}
    for index in rank:
        key = table.exact[index]
        if key:
            first = exact_first.setdefault(key, index)
            if first != index:
                duplicate_of[index] = first
    signed = np.frombuffer(table.signed, dtype=np.uint8).astype(bool) if len(table) else np.zeros(0, bool)
    members = np.array([i for i in rank if signed[i] and i not in duplicate_of], dtype=np.int64)
    signatures = table.matrix() if len(table) else np.zeros((0, SLOTS), dtype=np.uint32)
    shingles = np.frombuffer(table.shingles, dtype=np.int64) if len(table) else np.zeros(0, np.int64)
    lengths = np.frombuffer(table.lengths, dtype=np.int64) if len(table) else np.zeros(0, np.int64)
    groups = groups or local_groups
    near = _near_clusters(members, signatures, position, groups)
    contained = _containment(members, signatures, position, shingles, lengths, near, groups)
    links = []
    for index in range(len(ids)):
        root = near.get(index, index)
        into = contained.get(index)
        links.append(Links(
            duplicate_of=ids[duplicate_of[index]] if index in duplicate_of else None,
            near_duplicate_of=ids[root] if root != index else None,
            contained_in=ids[into[0]] if into else None,
            containment=into[1] if into else None,
        ))
    return links


#: Finds LSH buckets: given the records (in archive order), a function giving one key
#: per record for a band, the number of bands, and whether all pairs of a bucket are
#: wanted (else the bucket's first record with each other), yield (first, other) index
#: arrays, one band or more at a time.
GroupFinder = Callable[[np.ndarray, Callable[[int], np.ndarray], int, bool], Iterable[tuple[np.ndarray, np.ndarray]]]


def band_key(rows: np.ndarray) -> np.ndarray:
    """One 64-bit key per record for one band, from the band's rows (records x rows)."""
    keys = np.zeros(len(rows), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for row in range(rows.shape[1]):
            keys = _mix(keys * np.uint64(0x100000001B3) + rows[:, row].astype(np.uint64))
    return keys


def local_groups(members: np.ndarray, key_of: Callable[[int], np.ndarray], bands: int,
                 clique: bool) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Buckets band by band in this process (memory: one band's keys at a time)."""
    for band in range(bands):
        yield bucket_pairs(members, key_of(band), clique)


def bucket_pairs(members: np.ndarray, keys: np.ndarray, clique: bool) -> tuple[np.ndarray, np.ndarray]:
    """For records (in archive order) and their keys in one band: each bucket's first
    record paired with each other member, or (``clique``) every pair of members."""
    if members.size < 2:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    by_key = np.argsort(keys, kind="stable")  # stable: archive order inside a bucket
    sorted_keys = keys[by_key]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    group = np.repeat(np.arange(starts.size), np.diff(np.r_[starts, sorted_keys.size]))
    if not clique:
        others = np.flatnonzero(np.arange(sorted_keys.size) != starts[group])
        return members[by_key[starts[group[others]]]], members[by_key[others]]
    firsts, seconds = [], []
    place = np.flatnonzero(np.r_[sorted_keys[1:] == sorted_keys[:-1], False])  # has a next in its bucket
    sizes = np.diff(np.r_[starts, sorted_keys.size])
    place = place[sizes[group[place]] <= MAX_BUCKET]  # a phrase many records share is not evidence
    distance = 1
    while place.size:
        firsts.append(place)
        seconds.append(place + distance)
        distance += 1
        nxt = place + distance
        place = place[(nxt < sorted_keys.size)]
        place = place[group[np.minimum(place + distance, sorted_keys.size - 1)] == group[place]]
        place = place[place + distance < sorted_keys.size]
    if not firsts:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    first, second = np.concatenate(firsts), np.concatenate(seconds)
    return members[by_key[first]], members[by_key[second]]


def _jaccards(signatures: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of many pairs, in blocks (bounded memory)."""
    out = np.empty(first.size, dtype=np.float64)
    for start in range(0, first.size, 8192):
        a, b = first[start:start + 8192], second[start:start + 8192]
        out[start:start + 8192] = np.count_nonzero(signatures[a] == signatures[b], axis=1) / SLOTS
    return out


def _near_clusters(members: np.ndarray, signatures: np.ndarray, position: np.ndarray,
                   groups: GroupFinder) -> dict[int, int]:
    """Each near-duplicate record mapped to its cluster's first record: the connected
    components of bucket-first/member pairs at least NEAR_THRESHOLD similar."""
    def key_of(band: int) -> np.ndarray:
        return band_key(signatures[members, band * NEAR_ROWS:(band + 1) * NEAR_ROWS])

    pairs = _unique_pairs(groups(members, key_of, NEAR_BANDS, False), len(position))
    parent: dict[int, int] = {}

    def find(index: int) -> int:
        while parent.get(index, index) != index:
            index = parent[index]
        return index

    similar = _jaccards(signatures, pairs[0], pairs[1]) >= NEAR_THRESHOLD
    for first, other in zip(pairs[0][similar].tolist(), pairs[1][similar].tolist()):
        a, b = find(first), find(other)
        if a != b:
            parent[max(a, b, key=position.item)] = min(a, b, key=position.item)
    return {index: find(index) for index in parent}


def _unique_pairs(found: Iterable[tuple[np.ndarray, np.ndarray]], count: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct pairs of every band, merged a few bands at a time (bounded memory)."""
    merged = np.empty(0, dtype=np.int64)
    batch: list[np.ndarray] = []
    for first, other in found:
        batch.append(first * count + other)
        if sum(part.size for part in batch) > 1 << 22:
            merged = _sorted_unique(np.concatenate([merged] + batch))
            batch = []
    merged = _sorted_unique(np.concatenate([merged] + batch))
    return merged // max(count, 1), merged % max(count, 1)


def _sorted_unique(codes: np.ndarray) -> np.ndarray:
    codes.sort()
    return codes[np.r_[True, codes[1:] != codes[:-1]]] if codes.size else codes


def _containment(members: np.ndarray, signatures: np.ndarray, position: np.ndarray, shingles: np.ndarray,
                 lengths: np.ndarray, near: dict[int, int], groups: GroupFinder) -> dict[int, tuple[int, float]]:
    """Each partial copy mapped to (first longer record holding it, estimated share):
    the earliest record sharing a bucket with it that has more shingles and more
    characters, is outside its near-duplicate cluster and holds enough of it."""
    def key_of(band: int) -> np.ndarray:
        return band_key(signatures[members, band * CONTAIN_ROWS:(band + 1) * CONTAIN_ROWS])

    roots = np.arange(len(position))
    for index, root in near.items():
        roots[index] = root
    held: list[tuple[int, int, float]] = []
    for first, other in groups(members, key_of, CONTAIN_BANDS, True):  # band by band: one band's pairs
        first, other = np.r_[first, other], np.r_[other, first]  # a bucket's members all meet
        keep = (shingles[other] > shingles[first]) & (lengths[other] > lengths[first]) & (roots[other] != roots[first])
        first, other = first[keep], other[keep]
        share = _contained_share(_jaccards(signatures, first, other), shingles[first].astype(np.float64),
                                 shingles[other].astype(np.float64))
        keep = share >= CONTAINMENT_THRESHOLD
        held.extend(zip(first[keep].tolist(), other[keep].tolist(), share[keep].tolist()))
    found: dict[int, tuple[int, float]] = {}
    for index, into, value in sorted(held, key=lambda item: (item[0], position[item[1]])):
        found.setdefault(index, (into, round(value, 3)))
    return found


def _contained_share(jaccard: np.ndarray, small: np.ndarray, large: np.ndarray) -> np.ndarray:
    """|A ∩ B| / |A| from J(A, B) and the set sizes: |A ∩ B| = J (|A| + |B|) / (1 + J)."""
    return np.minimum(1.0, jaccard * (small + large) / ((1 + jaccard) * small))
