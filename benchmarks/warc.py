"""Web archive benchmark: a build of pages inside a WARC against the same pages as files.

    python benchmarks/warc.py [PATH ...] [--copies 4] [--repeat 3] [--gzip]

PATHs are files or folders of web pages (default: the corpus samples' and the tests'
.htm/.html files). Each page goes into one WARC ``--copies`` times, each copy with a
different comment appended (so every copy is parsed: no copy is skipped as a duplicate),
as a 200 response after its request, the way crawlers write them; the same pages, with the
same comments, are written as files beside it. Prints, best of ``--repeat``: the seconds,
MB/s of page bytes and records/s of ``normalize build --jobs 1`` on the WARC and on the
files, and their ratio (what reading the container costs). Asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from normalize.options import BuildOptions  # noqa: E402
from normalize.pipeline import build_archive  # noqa: E402

SUFFIXES = (".htm", ".html")
DEFAULTS = (Path("/work/shared/corpus-sample-2"), Path("/work/shared/corpus-sample"), ROOT / "tests")


def pages(paths: list[Path]) -> list[Path]:
    """The pages, each content once (the samples and the tests hold copies of some: a build
    skips a copied file, but parses a copied record of a WARC, so copies would not compare)."""
    found, seen = [], set()
    for path in paths:
        if path.exists():
            files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
            for page in files:
                if page.suffix.lower() in SUFFIXES and (data := page.read_bytes()) not in seen:
                    seen.add(data)
                    found.append(page)
    return found


def write(found: list[Path], copies: int, folder: Path, gz: bool) -> tuple[Path, Path, int]:
    """The WARC, the folder of files, and the page bytes in each."""
    warcs, files = folder / "warc", folder / "files"
    warcs.mkdir()
    files.mkdir()
    total = 0
    with open(warcs / ("crawl.warc.gz" if gz else "crawl.warc"), "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for copy in range(copies):
            for number, page in enumerate(found):
                body = page.read_bytes() + f"\n<!-- copy {copy} -->\n".encode()
                total += len(body)
                target = f"https://news.example.cn/{copy}/{number}/{page.name}"
                (files / f"{copy}-{number}-{page.name}").write_bytes(body)
                request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example.cn")], is_http_request=True)
                writer.write_record(writer.create_warc_record(target, "request", http_headers=request))
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"),
                                                      ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(target, "response", payload=io.BytesIO(body),
                                                              http_headers=headers))
    return warcs, files, total


def timed(source: Path, folder: Path, repeat: int) -> tuple[float, int]:
    best, records = float("inf"), 0
    for run in range(repeat):
        out = folder / f"out-{source.name}-{run}"
        started = time.perf_counter()
        manifest = build_archive([source], out, BuildOptions())
        best = min(best, time.perf_counter() - started)
        records = manifest["totals"]["records"]
        shutil.rmtree(out)
    return best, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--gzip", action="store_true", help="a .warc.gz (one gzip member per record)")
    args = parser.parse_args()
    found = pages(args.paths or list(DEFAULTS))
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        warcs, files, total = write(found, args.copies, folder, args.gzip)
        size = sum(p.stat().st_size for p in warcs.iterdir())
        print(f"{len(found)} pages x {args.copies} copies: {total / 1e6:.1f} MB of pages; "
              f"WARC {size / 1e6:.1f} MB{' (gzip)' if args.gzip else ''}")
        figures = {}
        for name, source in (("warc", warcs), ("files", files)):
            seconds, records = timed(source, folder, args.repeat)
            figures[name] = seconds
            print(f"{name:6} {seconds:7.2f} s  {total / 1e6 / seconds:6.2f} MB/s of pages  "
                  f"{records / seconds:7.1f} records/s  ({records} records)")
        print(f"warc / files time: {figures['warc'] / figures['files']:.2f}")


if __name__ == "__main__":
    main()
