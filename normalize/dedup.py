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
from dataclasses import dataclass
from typing import Iterable, Sequence

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


def _jaccard(first: np.ndarray, second: np.ndarray) -> float:
    return float(np.count_nonzero(first == second)) / SLOTS


def link(ids: Sequence[str], fingerprints: Sequence[Fingerprint], order: Sequence[tuple]) -> list[Links]:
    """Links for every record; ``order`` gives each record's archive-order key."""
    rank = sorted(range(len(ids)), key=lambda i: order[i])
    exact_first: dict[str, int] = {}
    duplicate_of: dict[int, int] = {}
    for index in rank:
        key = fingerprints[index].exact
        if key:
            first = exact_first.setdefault(key, index)
            if first != index:
                duplicate_of[index] = first
    signatures = {i: np.frombuffer(fingerprints[i].signature, dtype=np.uint32)
                  for i in rank if fingerprints[i].signature and i not in duplicate_of}
    near = _near_clusters(rank, signatures)
    contained = _containment(rank, signatures, fingerprints, near)
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


def _buckets(rank: Iterable[int], signatures: dict, bands: int, rows: int) -> list[list[int]]:
    """Groups of records sharing a band (groups of one left out). A bucket holds a bare
    index until a second record joins it: most buckets never get one, which halves the
    memory the index takes."""
    buckets: dict[int, int | list[int]] = {}
    width = rows * 4
    for index in rank:
        if index not in signatures:
            continue
        raw = signatures[index].tobytes()
        for band in range(bands):
            key = int.from_bytes(raw[band * width:(band + 1) * width], "little") << 8 | band
            held = buckets.get(key)
            if held is None:
                buckets[key] = index
            elif isinstance(held, int):
                buckets[key] = [held, index]
            else:
                held.append(index)
    return [members for members in buckets.values() if isinstance(members, list)]


def _near_clusters(rank: list[int], signatures: dict) -> dict[int, int]:
    """Each near-duplicate record mapped to its cluster's first record."""
    position = {index: place for place, index in enumerate(rank)}
    parent: dict[int, int] = {}

    def find(index: int) -> int:
        while parent.get(index, index) != index:
            index = parent[index]
        return index

    for members in _buckets(rank, signatures, NEAR_BANDS, NEAR_ROWS):
        for other in members[1:]:
            first = members[0]
            if find(first) != find(other) and _jaccard(signatures[first], signatures[other]) >= NEAR_THRESHOLD:
                a, b = find(first), find(other)
                parent[max(a, b, key=position.get)] = min(a, b, key=position.get)
    return {index: find(index) for index in parent}


def _containment(rank: list[int], signatures: dict, fingerprints: Sequence[Fingerprint],
                 near: dict[int, int]) -> dict[int, tuple[int, float]]:
    """Each partial copy mapped to (first longer record holding it, estimated share)."""
    candidates: dict[int, set[int]] = {}
    for members in _buckets(rank, signatures, CONTAIN_BANDS, CONTAIN_ROWS):
        for index in members:
            candidates.setdefault(index, set()).update(members)
    position = {index: place for place, index in enumerate(rank)}
    lengths = {index: fingerprints[index].length for index in candidates}
    found: dict[int, tuple[int, float]] = {}
    for index, others in candidates.items():
        small = fingerprints[index].shingles
        for other in sorted(others, key=position.get):
            large = fingerprints[other].shingles
            if other == index or large <= small or lengths[other] <= lengths[index] \
                    or near.get(other, other) == near.get(index, index):
                continue
            share = _contained_share(_jaccard(signatures[index], signatures[other]), small, large)
            if share >= CONTAINMENT_THRESHOLD:
                found[index] = (other, round(share, 3))
                break
    return found


def _contained_share(jaccard: float, small: int, large: int) -> float:
    """|A ∩ B| / |A| from J(A, B) and the set sizes: |A ∩ B| = J (|A| + |B|) / (1 + J)."""
    return min(1.0, jaccard * (small + large) / ((1 + jaccard) * small))
