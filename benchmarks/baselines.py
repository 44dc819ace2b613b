"""The two baselines normalize is measured against, as the scripts a user would write.

    python benchmarks/baselines.py floor CORPUS OUT.jsonl   # read, decode, write: the I/O floor
    python benchmarks/baselines.py naive CORPUS OUT.jsonl   # ftfy.fix_text + BeautifulSoup per file

Both walk CORPUS in sorted order and write one JSON line per file; they print
nothing. ``benchmarks/run.py`` times them beside normalize.
"""

from __future__ import annotations

import json
import os
import sys


def files(corpus: str):
    for folder, dirs, names in os.walk(corpus):
        dirs.sort()
        for name in sorted(names):
            yield os.path.join(folder, name)


def floor(text: str) -> str:
    return text


def naive(text: str) -> str:
    import ftfy
    from bs4 import BeautifulSoup

    return ftfy.fix_text(BeautifulSoup(text, "html.parser").get_text())


def main() -> None:
    mode, corpus, out = sys.argv[1:4]
    clean = {"floor": floor, "naive": naive}[mode]
    with open(out, "w", encoding="utf-8") as handle:
        for path in files(corpus):
            with open(path, "rb") as source:
                text = source.read().decode("utf-8", "replace")
            handle.write(json.dumps({"path": path, "text": clean(text)}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
