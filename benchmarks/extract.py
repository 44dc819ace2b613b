"""Web page benchmark: pages/s and MB/s of the HTML extractor, and of a page's whole way.

    python benchmarks/extract.py [PATH ...] [--repeat 3] [--tree DIR]

PATHs are files or folders (default: the two corpus samples, and /tmp/real/copy0000 when it
exists); the pages are their .htm/.html/.shtml/.xhtml files. Two figures per set of pages,
each the best of ``--repeat`` runs:

* ``extract``: ``sources.html.parse`` alone, on the text the pipeline gives it (the file
  repaired, and lightened first where the tree lightens pages);
* ``page``: the whole way from decoded text to records (``process._parse_text``: lighten,
  repairs, detection, extraction, documents, JSON lines).

MB are the files' bytes. ``--tree`` times another checkout (e.g. the code before a change)
with the same pages. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

SUFFIXES = (".htm", ".html", ".xhtml", ".shtml")
DEFAULTS = (Path("/work/shared/corpus-sample-2"), Path("/work/shared/corpus-sample"), Path("/tmp/real/copy0000"))


def pages(paths: list[Path]) -> list[Path]:
    found = []
    for path in paths:
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        found += [p for p in files if p.suffix.lower() in SUFFIXES]
    return found


def best_of(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tree", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the checkout whose normalize is timed (default: this one)")
    args = parser.parse_args()
    sys.path.insert(0, str(args.tree.resolve()))
    from normalize import process, sources
    from normalize.decode import decode
    from normalize.options import BuildOptions

    print(f"normalize from {Path(sources.__file__).parent.parent}")
    sets = args.paths or [p for p in DEFAULTS if p.exists()]
    for root in sets:
        files = pages([root])
        if not files:
            continue
        size = sum(p.stat().st_size for p in files) / 1e6
        decoded = [(p, decode(p.read_bytes())) for p in files]
        lightened = getattr(sources, "lightened", None)
        given = []  # the text html.parse gets in a build
        for path, text in decoded:
            light = lightened(text.text) if lightened else None
            repaired = process.repair_and_detect(dataclasses.replace(text, text=light[1]) if light else text,
                                                 path.suffix, None)
            given.append(repaired[0])
        html = sources.SOURCES["html"]
        extract = best_of(args.repeat, lambda: [list(html.parse(text)) for text in given])
        options = BuildOptions()

        def whole() -> None:
            for path, text in decoded:
                base = {"path": path.name, "bytes": path.stat().st_size, "sha256": "0" * 64}
                process._parse_text(text, base, path.suffix, options)

        page = best_of(args.repeat, whole)
        print(f"{root}: {len(files)} pages, {size:.1f} MB")
        for name, seconds in (("extract", extract), ("page", page)):
            print(f"  {name:<8} {seconds:7.2f} s  {len(files) / seconds:8.1f} pages/s  {size / seconds:6.2f} MB/s")


if __name__ == "__main__":
    main()
