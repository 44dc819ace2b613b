"""Dedup benchmark: fingerprint and link time per 1,000 documents, memory per document.

    python benchmarks/dedup.py [--docs 20000]
    python benchmarks/dedup.py --index 5000000

``--index N`` instead fills the writer's index of a local build (archive._Index, its
signatures memory-mapped past dedup.SPILL_RECORDS) with N synthetic fingerprints (random
signatures, 5% near copies, 1% exact copies, a thousand records a file), links them and
prints the time and the process's peak memory: resident in all, and anonymous (what the
memory-mapped signatures, file pages the kernel may drop, leave out).

Documents are made from the seeds and ../shared/corpus-sample (cut into article-sized
pieces, shuffled, a fifth of them copied with small edits so links exist). Prints the
figures; asserts nothing. For comparison it also times building Python sets of
5-character shingles (the naive first step of most MinHash code) and, if installed,
datasketch's MinHash over them.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from normalize import dedup  # noqa: E402
from normalize.decode import decode  # noqa: E402


def corpus(count: int) -> list[str]:
    sources = [ROOT / "seeds", ROOT.parent / "shared" / "corpus-sample"]
    texts = [decode(p.read_bytes()).text for s in sources if s.exists() for p in sorted(s.rglob("*")) if p.is_file()]
    pieces = [t[i:i + 1500] for t in texts for i in range(0, len(t), 1500) if len(t[i:i + 1500]) > 200]
    rng = random.Random(7)
    docs = []
    while len(docs) < count:
        piece = rng.choice(pieces)
        if rng.random() < 0.2:
            cut = rng.randrange(len(piece))
            piece = piece[:cut] + "（编辑）" + piece[cut:]
        docs.append(piece)
    return docs


class _Peaks:
    """The process's resident and anonymous memory, sampled every 0.1 s in a thread."""

    def __init__(self) -> None:
        import threading

        self.rss = self.anon = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            with open("/proc/self/status") as status:
                fields = dict(line.split(":", 1) for line in status)
            self.rss = max(self.rss, int(fields["VmRSS"].split()[0]) * 1024)
            self.anon = max(self.anon, int(fields["RssAnon"].split()[0]) * 1024)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def index(count: int) -> None:
    """A local build's index of ``count`` synthetic records: filled, linked, measured."""
    import numpy as np
    import tempfile
    from normalize import archive

    peaks = _Peaks()
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory(dir=ROOT.parent) as folder:
        held = archive._Index(dedup.FingerprintTable(Path(folder) / ".signatures", archive.SPILL_RECORDS))
        start = time.perf_counter()
        block, previous = 100_000, None
        for first in range(0, count, block):
            size = min(block, count - first)
            signatures = rng.integers(0, 1 << 32, size=(size, dedup.SLOTS), dtype=np.uint32)
            exact = rng.integers(0, 1 << 63, size=(size, 4), dtype=np.int64)
            shingles = rng.integers(50, 800, size=size)
            from_signatures, from_exact = previous or (signatures, exact)  # copies of earlier records
            for row in np.flatnonzero(rng.random(size) < 0.06):
                copied = rng.integers(0, len(from_signatures) if previous else max(row, 1))
                signatures[row] = from_signatures[copied]
                if rng.random() < 0.8:  # a near copy (else an exact one: same text)
                    signatures[row, rng.choice(dedup.SLOTS, 16, replace=False)] = rng.integers(0, 1 << 32, 16)
                else:
                    exact[row] = from_exact[copied]
            for row in range(size):
                number = first + row
                print_ = dedup.Fingerprint("".join(f"{value:016x}" for value in exact[row].tolist()),
                                           int(shingles[row]), int(shingles[row]) + 3, signatures[row].tobytes())
                held.add_print(f"{number // 1000:016x}-{number % 1000:04d}", f"f{number // 1000:06d}.txt",
                               f"{number // 1000:064x}", number % 1000, print_)
            previous = (signatures, exact)
        filled = time.perf_counter() - start
        start = time.perf_counter()
        links = held.link(None)
        linked = time.perf_counter() - start
        held.table.close()
    peaks.stop()
    print(f"index of {count:,} records: filled in {filled:.0f} s, linked in {linked:.0f} s "
          f"(signatures memory-mapped: {held.table.spilled}); links: {links.counts()}")
    print(f"peak memory: {peaks.rss / 1e9:.2f} GB resident, of which {peaks.anon / 1e9:.2f} GB anonymous "
          f"(the rest: pages of the memory-mapped signatures, {count * dedup.SLOTS * 4 / 1e9:.1f} GB on disk)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--index", type=int, default=0, help="measure a local build's index of this many records")
    args = parser.parse_args()
    if args.index:
        index(args.index)
        return
    docs = corpus(args.docs)
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    print(f"{len(docs)} documents, {megabytes:.1f} MB of UTF-8 text")

    start = time.perf_counter()
    prints = [dedup.fingerprint(d) for d in docs]
    fingerprint_s = time.perf_counter() - start
    table = dedup.FingerprintTable.of(prints)  # what the writer keeps, as it keeps it
    ids, order = [str(i) for i in range(len(docs))], [(i,) for i in range(len(docs))]
    tracemalloc.start()
    start = time.perf_counter()
    links = dedup.link(ids, table, order)
    link_s = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    per_print = (len(table.signatures) + len(table.signed) + 16 * len(table)
                 + sum(sys.getsizeof(e) + 8 for e in table.exact)) / len(table)
    print(f"fingerprint: {fingerprint_s / len(docs) * 1000:.3f} s per 1,000 docs ({megabytes / fingerprint_s:.1f} MB/s)")
    print(f"link:        {link_s / len(docs) * 1000:.3f} s per 1,000 docs")
    print(f"memory:      {per_print:.0f} bytes per fingerprint kept; linking needs {peak / len(docs):.0f} bytes more per doc at its peak")
    print(f"links:       {sum(1 for l in links if l.duplicate_of)} exact, "
          f"{sum(1 for l in links if l.near_duplicate_of)} near, {sum(1 for l in links if l.contained_in)} contained")

    sample = docs[: min(len(docs), 3000)]
    sample_mb = sum(len(d.encode("utf-8")) for d in sample) / 1e6
    start = time.perf_counter()
    sets = [{d[i:i + 5] for i in range(len(d) - 4)} for d in sample]
    sets_s = time.perf_counter() - start
    print(f"baseline, Python sets of shingles: {sample_mb / sets_s:.1f} MB/s")
    try:
        from datasketch import MinHash
    except ImportError:
        print("baseline, datasketch: not installed (pip install datasketch to compare)")
        return
    start = time.perf_counter()
    for shingles in sets:
        minhash = MinHash(num_perm=128)
        minhash.update_batch([s.encode("utf-8") for s in shingles])
    print(f"baseline, datasketch MinHash(128) over those sets: {sample_mb / (time.perf_counter() - start):.1f} MB/s")


if __name__ == "__main__":
    main()
