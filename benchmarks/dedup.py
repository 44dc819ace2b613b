"""Dedup benchmark: fingerprint and link time per 1,000 documents, memory per document.

    python benchmarks/dedup.py [--docs 20000]

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=20000)
    args = parser.parse_args()
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
