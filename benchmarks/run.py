"""Throughput benchmark: the I/O floor, the naive script and normalize, on one corpus.

    python benchmarks/make_corpus.py /tmp/corpus --mb 500
    python benchmarks/run.py /tmp/corpus [--jobs 2] [--dask] [--skip-naive] [--baseline REV]

Runs, one after the other on the same files, each as its own process: the I/O floor
(read, decode, write JSONL), the naive script (``ftfy.fix_text`` + BeautifulSoup per
file), ``normalize build --jobs 1`` (in a process that also reports the time per
stage) and ``normalize build --jobs N`` (N = the CPUs, or ``--jobs``), and with
``--dask`` the Dask engine on a local cluster of N workers. Prints wall time, MB/s,
documents/s and the peak resident memory of each run's whole process tree (sampled
every 50 ms), the ratios the targets are stated in, the time per stage and the
memory the dedup index takes per record. ``--baseline REV`` also times ``--jobs 1``
with the code of a git revision (``git archive REV``, run from its own folder, the same
interpreter and libraries), so a speed-up is stated against named code on the same files
and machine. When files were skipped as byte-identical copies of others, it says how
many: such a figure measures copy-skipping (hashing), not normalizing. Asserts nothing:
benchmarks are not tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

STAGED = """
import json, sys, time
import normalize
from normalize import stages
start = time.perf_counter()
manifest = normalize.build([sys.argv[1]], sys.argv[2], jobs=1)
seconds = time.perf_counter() - start
print(json.dumps({"totals": manifest["totals"], "stages": dict(stages.SECONDS), "seconds": seconds}))
"""


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children.get(current, []))
    return total


def measure(command: list[str], cwd: Path = ROOT) -> tuple[float, int, str]:
    """Wall seconds, peak tree RSS in bytes, and stdout of one command run in ``cwd``
    (whose ``normalize`` package is the one imported)."""
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):  # 1: some inputs rejected, as expected
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{err}")
    return seconds, peak, out


def corpus_size(corpus: Path) -> tuple[int, int]:
    files = [p for p in corpus.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--dask", action="store_true", help="also time --engine dask")
    parser.add_argument("--skip-naive", action="store_true", help="leave out the (slow) naive script")
    parser.add_argument("--baseline", metavar="REV", help="also time --jobs 1 with the code of this git revision")
    args = parser.parse_args()
    args.corpus = args.corpus.resolve()  # runs start in other folders (--baseline)
    files, size = corpus_size(args.corpus)
    mb = size / 1e6
    print(f"corpus: {args.corpus} - {files} files, {mb:.1f} MB")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    work = Path(tempfile.mkdtemp(prefix="normalize-bench-"))
    python = sys.executable
    runs: dict[str, dict] = {}
    folders: dict[str, Path] = {}
    try:
        plan = [("I/O floor", [python, str(HERE / "baselines.py"), "floor", str(args.corpus), str(work / "floor.jsonl")])]
        if not args.skip_naive:
            plan.append(("naive ftfy+bs4", [python, str(HERE / "baselines.py"), "naive", str(args.corpus),
                                            str(work / "naive.jsonl")]))
        if args.baseline:
            folders[f"--jobs 1 @ {args.baseline}"] = _checkout(args.baseline, work / "baseline")
            plan.append((f"--jobs 1 @ {args.baseline}", [python, "-c", STAGED, str(args.corpus), str(work / "old")]))
        plan.append(("normalize --jobs 1", [python, "-c", STAGED, str(args.corpus), str(work / "one")]))
        plan.append((f"normalize --jobs {args.jobs}", [python, "-m", "normalize", "build", str(args.corpus),
                                                        "-o", str(work / "many"), "--jobs", str(args.jobs), "--quiet"]))
        if args.dask:
            plan.append((f"normalize --engine dask ({args.jobs} workers)",
                         [python, "-m", "normalize", "build", str(args.corpus), "-o", str(work / "dask"),
                          "--engine", "dask", "--jobs", str(args.jobs), "--quiet"]))
        for name, command in plan:
            seconds, peak, out = measure(command, folders.get(name, ROOT))
            runs[name] = {"seconds": seconds, "peak": peak, "out": out}
            print(f"  ran {name}: {seconds:.1f} s", file=sys.stderr)
        staged = json.loads(runs["normalize --jobs 1"]["out"])
        records = staged["totals"]["records"]
        print()
        print(f"{'run':<40}{'seconds':>9}{'MB/s':>8}{'docs/s':>9}{'peak RSS MB':>13}")
        for name, run in runs.items():
            docs = files if name in ("I/O floor", "naive ftfy+bs4") else records
            if name in folders:
                docs = json.loads(run["out"])["totals"]["records"]
            print(f"{name:<40}{run['seconds']:>9.1f}{mb / run['seconds']:>8.2f}{docs / run['seconds']:>9.0f}"
                  f"{run['peak'] / 1e6:>13.0f}")
        one = runs["normalize --jobs 1"]["seconds"]
        many = runs[f"normalize --jobs {args.jobs}"]["seconds"]
        print()
        if "naive ftfy+bs4" in runs:
            print(f"jobs 1 vs naive:     {runs['naive ftfy+bs4']['seconds'] / one:5.2f}x  (target >= 10)")
        print(f"jobs 1 vs I/O floor: {runs['I/O floor']['seconds'] / one:5.2f}x  (target >= 0.3)")
        if args.baseline:
            old = runs[f"--jobs 1 @ {args.baseline}"]["seconds"]
            print(f"jobs 1 vs {args.baseline}:   {old / one:5.2f}x  (target >= 2)")
        print(f"jobs {args.jobs} vs jobs 1:    {one / many:5.2f}x  (target >= 1.7 on 2 cores)")
        if args.dask:
            dask_seconds = runs[f"normalize --engine dask ({args.jobs} workers)"]["seconds"]
            same = all(_same(work / "many" / n, work / "dask" / n) for n in os.listdir(work / "many"))
            print(f"dask vs jobs 1:      {one / dask_seconds:5.2f}x  (target >= 1.5; archive identical to --jobs {args.jobs}: {same})")
        skipped = staged["totals"]["skipped"]
        if skipped:
            print(f"{skipped} of {files} files were skipped as byte-identical copies (hashed, not parsed)"
                  + (": on this corpus the figures measure copy-skipping, not normalizing"
                     if skipped > files / 2 else ""))
        print()
        print(f"time per stage, jobs 1 ({records} records; seconds, share of {staged['seconds']:.1f} s):")
        for stage, value in sorted(staged["stages"].items(), key=lambda item: -item[1]):
            print(f"  {stage:<12}{value:8.2f}  {value / staged['seconds']:6.1%}")
        other = staged["seconds"] - sum(staged["stages"].values())
        print(f"  {'(rest)':<12}{other:8.2f}  {other / staged['seconds']:6.1%}")
        print()
        whole, mapped = _index_bytes()
        print(f"dedup index: {whole:.0f} bytes per record held until linking ({records} records: "
              f"{records * whole / 1e6:.0f} MB); {mapped:.0f} bytes in memory once the signatures are "
              "memory-mapped (a local build past 100,000 records)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _checkout(revision: str, folder: Path) -> Path:
    """The package of a git revision, unpacked into ``folder`` (run from there)."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", revision, "normalize"], cwd=ROOT, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def _same(first: Path, second: Path) -> bool:
    return first.read_bytes() == second.read_bytes()


def _index_bytes() -> tuple[float, float]:
    """What the writer holds per record until linking, measured on the writer's own index
    (archive._Index) with tracemalloc: all of it, and what stays in memory once the
    signatures are memory-mapped (past dedup.SPILL_RECORDS records)."""
    import tracemalloc

    sys.path.insert(0, str(ROOT))
    from normalize import archive, dedup

    count = 20_000
    fingerprints = [dedup.fingerprint(f"新华社北京3月{n}日电 " * 40 + str(n)) for n in range(200)]
    tracemalloc.start()
    index = archive._Index(dedup.FingerprintTable())
    for number in range(count):
        index.add_print(f"{number:016x}-{number % 50:04d}", f"folder/file{number // 50}.txt", f"{number // 50:064x}",
                        number % 50, fingerprints[number % 200])
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return held / count, held / count - dedup.SLOTS * 4


if __name__ == "__main__":
    main()
