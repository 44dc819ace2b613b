"""Exact duplicates, near duplicates and partial copies, linked, never removed here.

A :class:`Fingerprint` is computed per record where the record is made (in the worker
process). Linking is two steps: candidate pairs from LSH buckets, checked against the
signatures (:class:`Verified`), which any executor may do where the fingerprints are
(:func:`verify_local` here, over a table in memory or memory-mapped; a Dask cluster
beside its partitions); then :func:`resolve`, the one deterministic step that turns
exact duplicates and verified pairs into links and depends only on the set of pairs.
:func:`link` does both here. Nothing depends on how many processes made the
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
import os
from array import array
from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence

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
    compact = "".join(text.split())  # str.split's whitespace is re's \s, exactly (a test ties them); 3x faster
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


#: Past this many records a table keeps its signatures in a file (memory-mapped) rather
#: than in memory: 1 KB a record is the bulk of the writer's index (5 GB at 5,000,000).
SPILL_RECORDS = 100_000
#: Bits of a record's kind: it has a text (an exact hash), it has a signature.
TEXTED, SIGNED = 1, 2


def digest(fingerprint: Fingerprint) -> bytes:
    """The 16 bytes of the exact hash the writer keeps (a collision of 128 bits among a
    corpus's records is beyond any archive's size)."""
    return bytes.fromhex(fingerprint.exact[:32]) if fingerprint.exact else bytes(16)


def kind(fingerprint: Fingerprint) -> int:
    return (TEXTED if fingerprint.exact else 0) | (SIGNED if fingerprint.signature else 0)


class FingerprintTable:
    """Fingerprints of many records in columns: what the writer keeps per record until
    linking (no object each). The signatures (1 KB a record) grow in memory, or, past
    ``spill_after`` records with a ``spill`` path given, in that file, read back
    memory-mapped: a build of millions of records needs no memory for them."""

    def __init__(self, spill: str | os.PathLike | None = None, spill_after: int = SPILL_RECORDS) -> None:
        self.digests = bytearray()  # 16 bytes per record, zeros for an empty text
        self.kinds = bytearray()  # TEXTED | SIGNED bits
        self.shingles = array("q")
        self.lengths = array("q")
        self.signatures = bytearray()
        self._spill, self._spill_after = spill, spill_after
        self._file: BinaryIO | None = None

    def append(self, fingerprint: Fingerprint) -> None:
        self.digests += digest(fingerprint)
        self.kinds.append(kind(fingerprint))
        self.shingles.append(fingerprint.shingles)
        self.lengths.append(fingerprint.length)
        self.signatures += fingerprint.signature or bytes(SLOTS * 4)
        if (len(self.signatures) >= 1 << 24 if self._file is not None
                else self._spill is not None and len(self) >= self._spill_after):
            self._flush()  # the first spill at the threshold, then every 16 MB

    def _flush(self) -> None:
        if self._file is None:
            self._file = open(self._spill, "wb")
        self._file.write(self.signatures)
        self.signatures = bytearray()

    def __len__(self) -> int:
        return len(self.kinds)

    @property
    def spilled(self) -> bool:
        """Whether the signatures are in the spill file."""
        return self._file is not None

    @classmethod
    def of(cls, fingerprints: Iterable[Fingerprint]) -> "FingerprintTable":
        table = cls()
        for fingerprint in fingerprints:
            table.append(fingerprint)
        return table

    def matrix(self) -> np.ndarray:
        """The signatures as a records x SLOTS array (a view or a read-only memory map)."""
        if self._file is None:
            return np.frombuffer(self.signatures, dtype=np.uint32).reshape(len(self), SLOTS)
        if self.signatures:
            self._flush()
        self._file.flush()
        if not len(self):
            return np.zeros((0, SLOTS), dtype=np.uint32)
        return np.memmap(self._spill, dtype=np.uint32, mode="r", shape=(len(self), SLOTS))

    def columns(self) -> "Columns":
        """The table as the arrays linking reads."""
        return Columns(np.frombuffer(self.digests, dtype=np.uint64).reshape(len(self), 2) if len(self)
                       else np.zeros((0, 2), np.uint64),
                       np.frombuffer(self.kinds, dtype=np.uint8), self.matrix(),
                       np.frombuffer(self.shingles, dtype=np.int64) if len(self) else np.zeros(0, np.int64),
                       np.frombuffer(self.lengths, dtype=np.int64) if len(self) else np.zeros(0, np.int64))

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


@dataclass(frozen=True)
class Columns:
    """Fingerprints as arrays, one row per record: ``digests`` (records x 2 uint64, the
    exact hash's first 16 bytes), ``kinds`` (TEXTED | SIGNED), ``signatures`` (records x
    SLOTS), ``shingles`` and ``lengths``."""

    digests: np.ndarray
    kinds: np.ndarray
    signatures: np.ndarray
    shingles: np.ndarray
    lengths: np.ndarray


@dataclass(frozen=True)
class Verified:
    """The pairs of records that candidate search found and checked: ``near`` (k x 2
    record indices) at least NEAR_THRESHOLD similar; ``held`` (k x 2: a record, a record
    with more shingles and more characters) with ``shares`` (the estimated share of the
    first's shingles in the second) at least CONTAINMENT_THRESHOLD. Whoever found them
    (this process, a cluster), the links made of them are the same."""

    near: np.ndarray
    held: np.ndarray
    shares: np.ndarray

    @classmethod
    def merged(cls, parts: Iterable["Verified"], count: int) -> "Verified":
        """The distinct pairs of many (a pair found in several bands or batches, once)."""
        parts = list(parts)
        near = _distinct(np.concatenate([p.near for p in parts] or [np.zeros((0, 2), np.int64)]), count)
        held = np.concatenate([p.held for p in parts] or [np.zeros((0, 2), np.int64)])
        shares = np.concatenate([p.shares for p in parts] or [np.zeros(0)])
        _, first = np.unique(held[:, 0] * count + held[:, 1], return_index=True)
        return cls(near, held[first], shares[first])


def _distinct(pairs: np.ndarray, count: int) -> np.ndarray:
    codes = np.unique(pairs[:, 0] * count + pairs[:, 1])
    return np.stack([codes // max(count, 1), codes % max(count, 1)], axis=1)


@dataclass(frozen=True)
class LinkColumns:
    """Every record's links as record indices (-1: none) and containment (NaN: none)."""

    duplicate_of: np.ndarray
    near_duplicate_of: np.ndarray
    contained_in: np.ndarray
    containment: np.ndarray

    def counts(self) -> dict[str, int]:
        """Records linked, by link field (none when zero)."""
        found = {"duplicate_of": int(np.count_nonzero(self.duplicate_of >= 0)),
                 "near_duplicate_of": int(np.count_nonzero(self.near_duplicate_of >= 0)),
                 "contained_in": int(np.count_nonzero(self.contained_in >= 0))}
        return {name: value for name, value in found.items() if value}


def positions(order: Sequence[tuple]) -> np.ndarray:
    """Each record's place in archive order, from its archive-order key (ties: input order)."""
    rank = sorted(range(len(order)), key=order.__getitem__)
    position = np.empty(len(order), dtype=np.int64)
    position[rank] = np.arange(len(order))
    return position


def link(ids: Sequence[str], fingerprints: Sequence[Fingerprint] | FingerprintTable,
         order: Sequence[tuple]) -> list[Links]:
    """Links for every record; ``order`` gives each record's archive-order key."""
    table = fingerprints if isinstance(fingerprints, FingerprintTable) else FingerprintTable.of(fingerprints)
    found = link_columns(table.columns(), positions(order))
    into = found.contained_in.tolist()
    return [Links(duplicate_of=ids[duplicate] if duplicate >= 0 else None,
                  near_duplicate_of=ids[near] if near >= 0 else None,
                  contained_in=ids[container] if container >= 0 else None,
                  containment=float(share) if container >= 0 else None)
            for duplicate, near, container, share in zip(found.duplicate_of.tolist(), found.near_duplicate_of.tolist(),
                                                         into, found.containment.tolist())]


def link_columns(columns: Columns, position: np.ndarray) -> LinkColumns:
    """Links of records whose fingerprints are all here: candidates and their check in
    this process (:func:`verify_local`), then :func:`resolve`."""
    duplicate_of = exact_duplicates(columns.digests, columns.kinds, position)
    members = np.flatnonzero((columns.kinds & SIGNED).astype(bool) & (duplicate_of < 0))
    members = members[np.argsort(position[members], kind="stable")]
    return resolve(position, duplicate_of, verify_local(columns, members))


def exact_duplicates(digests: np.ndarray, kinds: np.ndarray, position: np.ndarray) -> np.ndarray:
    """For each record, the first record (in archive order) of the same text, or -1 (the
    first itself, and a record with no text: never anyone's duplicate)."""
    duplicate_of = np.full(len(kinds), -1, dtype=np.int64)
    texted = np.flatnonzero((kinds & TEXTED).astype(bool))
    if texted.size < 2:
        return duplicate_of
    rows = digests[texted]
    by_text = texted[np.lexsort((position[texted], rows[:, 1], rows[:, 0]))]
    rows = digests[by_text]
    starts = np.r_[True, np.any(rows[1:] != rows[:-1], axis=1)]
    first = by_text[np.flatnonzero(starts)[np.cumsum(starts) - 1]]
    later = ~starts
    duplicate_of[by_text[later]] = first[later]
    return duplicate_of


def verify_local(columns: Columns, members: np.ndarray) -> Verified:
    """Candidate pairs of ``members`` (signed records, not exact duplicates, in archive
    order) from the LSH buckets, band by band, checked against their signatures here."""
    signatures, count = columns.signatures, len(columns.kinds)

    def near_key(band: int) -> np.ndarray:
        return band_key(signatures[members, band * NEAR_ROWS:(band + 1) * NEAR_ROWS])

    def loose_key(band: int) -> np.ndarray:
        return band_key(signatures[members, band * CONTAIN_ROWS:(band + 1) * CONTAIN_ROWS])

    near = similar(columns, *_unique_pairs(local_groups(members, near_key, NEAR_BANDS, False), count)).near
    held = [Verified(near[:0], np.zeros((0, 2), np.int64), np.zeros(0))]
    size = 0
    for first, other in local_groups(members, loose_key, CONTAIN_BANDS, True):  # band by band: one band's pairs
        held.append(contained(columns, first, other))
        size += held[-1].shares.size
        if size > 1 << 22:  # a pair shares many bands: merged as they come, bounded memory
            held, size = [Verified.merged(held, count)], 0
    found = Verified.merged(held, count)
    return Verified(near, found.held, found.shares)


def similar(columns: Columns, first: np.ndarray, other: np.ndarray) -> Verified:
    """Of bucket pairs, those at least NEAR_THRESHOLD similar."""
    keep = _jaccards(columns.signatures, first, other) >= NEAR_THRESHOLD
    return Verified(np.stack([first[keep], other[keep]], axis=1), np.zeros((0, 2), np.int64), np.zeros(0))


def contained(columns: Columns, first: np.ndarray, other: np.ndarray) -> Verified:
    """Of bucket pairs (each way round), those where the second record is longer (more
    shingles, more characters) and holds at least CONTAINMENT_THRESHOLD of the first."""
    first, other = np.r_[first, other], np.r_[other, first]  # a bucket's members all meet
    shingles, lengths = columns.shingles, columns.lengths
    keep = (shingles[other] > shingles[first]) & (lengths[other] > lengths[first])
    first, other = first[keep], other[keep]
    share = _contained_share(_jaccards(columns.signatures, first, other), shingles[first].astype(np.float64),
                             shingles[other].astype(np.float64))
    keep = share >= CONTAINMENT_THRESHOLD
    return Verified(np.zeros((0, 2), np.int64), np.stack([first[keep], other[keep]], axis=1), share[keep])


def resolve(position: np.ndarray, duplicate_of: np.ndarray, verified: Verified) -> LinkColumns:
    """The links, from exact duplicates and verified pairs: a near-duplicate cluster (the
    connected records of ``verified.near``) links to its first record in archive order;
    a partial copy to the first longer record holding it outside its cluster. Depends on
    the set of pairs only, never on their order or who found them."""
    count = len(position)
    parent: dict[int, int] = {}

    def find(index: int) -> int:
        while parent.get(index, index) != index:
            index = parent[index]
        return index

    for first, other in verified.near.tolist():
        a, b = find(first), find(other)
        if a != b:
            parent[max(a, b, key=position.item)] = min(a, b, key=position.item)
    roots = np.arange(count, dtype=np.int64)
    for index in parent:
        roots[index] = find(index)
    near = np.where(roots != np.arange(count), roots, -1)
    small, large = verified.held[:, 0], verified.held[:, 1]
    keep = np.flatnonzero(roots[small] != roots[large])
    keep = keep[np.lexsort((position[large[keep]], small[keep]))]
    keep = keep[np.r_[True, small[keep][1:] != small[keep][:-1]]] if keep.size else keep
    contained_in = np.full(count, -1, dtype=np.int64)
    containment = np.full(count, np.nan)
    contained_in[small[keep]] = large[keep]
    containment[small[keep]] = [round(value, 3) for value in verified.shares[keep].tolist()]
    return LinkColumns(duplicate_of, near, contained_in, containment)


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


def _contained_share(jaccard: np.ndarray, small: np.ndarray, large: np.ndarray) -> np.ndarray:
    """|A ∩ B| / |A| from J(A, B) and the set sizes: |A ∩ B| = J (|A| + |B|) / (1 + J)."""
    return np.minimum(1.0, jaccard * (small + large) / ((1 + jaccard) * small))
