"""Scale benchmark: a synthetic archive of many short articles built with --engine dask.

    python benchmarks/scale.py [--records 1000000] [--dir /tmp/scale-corpus] [--workers 2]

Generates ``--records`` short articles (random runs of real sentences from the seeds
and ../shared/corpus-sample), 1,000 to a file in the Sogou dump layout our detector
reads, 5% of them near copies of an earlier article (a sentence added, a title
changed) placed in another file; the corpus is kept in ``--dir`` and reused when it
is already there. Then it starts a local Dask cluster of ``--workers`` single-threaded
workers, builds the archive with ``--engine dask`` from a separate writer process and
prints the writer's peak memory, each worker's peak, and the time per stage (the
workers' stages summed over both, the writer's link and write). Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import make_sogou_dump  # noqa: E402

PER_FILE = 1000
NEAR_SHARE = 0.05

#: The writer: a build in its own process, so its peak memory is the build's alone.
WRITER = r"""
import json, resource, sys, time
from normalize import stages
from normalize.options import BuildOptions
from normalize.pipeline import build_archive
start = time.perf_counter()
manifest = build_archive([sys.argv[1]], sys.argv[2], BuildOptions(engine="dask", scheduler=sys.argv[3], seconds=0))
print(json.dumps({"seconds": time.perf_counter() - start, "stages": dict(stages.SECONDS),
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "records": manifest["totals"]["records"],
                  "links": {k: v for k, v in manifest["counters"].items() if k.startswith("dedup:")}}))
"""


def articles(count: int, seed: int = 7):
    """(title, body) of ``count`` articles; every twentieth or so a near copy of an earlier one."""
    pool, rng = make_sogou_dump.sentences(), random.Random(seed)
    made: list[tuple[str, str]] = []
    for number in range(count):
        if made and rng.random() < NEAR_SHARE:
            title, body = made[rng.randrange(len(made))]
            article = (f"{title}（转载）", body + "\ue40c" + rng.choice(pool))
        else:
            body = "\ue40c".join("".join(rng.sample(pool, rng.randint(1, 2))) for _ in range(rng.randint(2, 4)))
            article = (f"标题{number}\u3000第{number % 7}条", body)
        if len(made) < 200_000:  # what near copies are made from: bounded memory
            made.append(article)
        else:
            made[rng.randrange(len(made))] = article
        yield article


def make_corpus(folder: Path, count: int) -> None:
    stamp = folder / "corpus.json"
    if stamp.exists() and json.loads(stamp.read_text())["records"] == count:
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    handle = None
    for number, (title, body) in enumerate(articles(count)):
        if number % PER_FILE == 0:
            if handle:
                handle.close()
            handle = open(folder / f"news-{number // PER_FILE:05d}.dat", "wb")
        record = "\r\n".join(["<doc>", f"<url>http://news.sohu.com/2012{number % 12 + 1:02d}/n{number}.shtml</url>",
                              f"<docno>{number:016x}-0000</docno>", f"<contenttitle>{title}</contenttitle>",
                              f"<content>{body}</content>", "</doc>", ""])
        handle.write(record.encode("gb18030", "replace"))
    if handle:
        handle.close()
    stamp.write_text(json.dumps({"records": count}))


def _worker_figures() -> dict:
    import os
    from normalize import stages

    with open(f"/proc/{os.getpid()}/status") as status:
        rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
    return {"peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "rss_kb": rss,
            "stages": dict(stages.SECONDS)}


def _reset() -> None:
    from normalize import stages

    stages.reset()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "scale-corpus")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sentences", type=Path, action="append", default=[],
                        help="a folder of .txt/.md files to take sentences from (besides the seeds and "
                             "../shared/corpus-sample); a corpus already made is reused whatever this says")
    args = parser.parse_args()
    make_sogou_dump.SOURCES.extend(args.sentences)
    start = time.perf_counter()
    make_corpus(args.dir / f"in-{args.records}", args.records)
    corpus = args.dir / f"in-{args.records}"
    size = sum(p.stat().st_size for p in corpus.glob("*.dat"))
    print(f"corpus: {args.records:,} articles in {len(list(corpus.glob('*.dat'))):,} files, {size / 1e6:.0f} MB "
          f"({time.perf_counter() - start:.0f} s to make or find)")

    import distributed

    cluster = distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                       dashboard_address=":0", silence_logs=40)
    client = distributed.Client(cluster)
    try:
        client.run(_reset)
        out = args.dir / "out"
        shutil.rmtree(out, ignore_errors=True)
        done = subprocess.run([sys.executable, "-c", WRITER, str(corpus), str(out), cluster.scheduler_address],
                              cwd=ROOT, capture_output=True, text=True)
        if done.returncode:
            sys.exit(done.stderr)
        writer = json.loads(done.stdout.strip().splitlines()[-1])
        workers = client.run(_worker_figures)
    finally:
        client.close()
        cluster.close()
    print(f"built {writer['records']:,} records in {writer['seconds']:.0f} s; links: {writer['links']}")
    print(f"writer peak memory: {writer['peak_kb'] / 1024:.0f} MB")
    for number, (address, figures) in enumerate(sorted(workers.items())):
        print(f"worker {number} ({address}): peak {figures['peak_kb'] / 1024:.0f} MB, now {figures['rss_kb'] / 1024:.0f} MB")
    summed: dict[str, float] = {}
    for figures in workers.values():
        for stage, seconds in figures["stages"].items():
            summed[stage] = summed.get(stage, 0.0) + seconds
    print("time per stage (workers: summed over workers; writer: its own):")
    for stage, seconds in sorted(summed.items(), key=lambda item: -item[1]):
        print(f"  workers {stage:<12}{seconds:9.1f} s")
    for stage, seconds in sorted(writer["stages"].items(), key=lambda item: -item[1]):
        print(f"  writer  {stage:<12}{seconds:9.1f} s")
    shutil.rmtree(args.dir / "out", ignore_errors=True)


if __name__ == "__main__":
    main()
