"""Generate one Sogou news dump (SogouCS/SogouCA layout) of any size, to time big files.

    python benchmarks/make_sogou_dump.py OUT.dat --mb 300 [--seed 7]
    /usr/bin/time -f "%e s, %M KB" python -m normalize build DIR -o out --jobs 2 --quiet

Records are ``<doc>`` with url, docno, contenttitle and content, GB18030, CRLF, no
root; contents are random runs of real sentences (the seeds and, when it is beside
the project, ``../shared/corpus-sample``) joined by Sogou's line break U+E40C, one
in 37 empty. Over 256 MB, ``normalize build`` reads such a file in parts
(normalize/plan.py, through the hooks normalize/sources/sogou.py offers). The same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "seeds", ROOT.parent / "shared" / "corpus-sample"]


def sentences() -> list[str]:
    found: set[str] = set()
    for folder in SOURCES:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.suffix not in (".txt", ".md"):
                continue
            try:
                text = path.read_text("utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            for piece in re.split(r"(?<=[。！？])", text):
                piece = piece.strip()
                if 8 < len(piece) < 200 and re.search("[\u4e00-\u9fff]{4}", piece) and "<" not in piece:
                    found.add(piece.replace("\n", ""))
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--mb", type=float, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    pool, rng = sentences(), random.Random(args.seed)
    limit, size, number = int(args.mb * 1024 * 1024), 0, 0
    with open(args.out, "wb") as handle:
        while size < limit:
            content = "" if number % 37 == 5 else "\ue40c".join(
                "".join(rng.sample(pool, rng.randint(1, 4))) for _ in range(rng.randint(2, 6)))
            record = "\r\n".join([
                "<doc>", f"<url>http://news.sohu.com/2012{number % 12 + 1:02d}{number % 28 + 1:02d}/n{number}.shtml</url>",
                f"<docno>{number:016x}-0000</docno>", f"<contenttitle>标题{number}\u3000第{number % 7}条</contenttitle>",
                f"<content>{content}</content>", "</doc>", ""])
            data = record.encode("gb18030", "replace")
            handle.write(data)
            size += len(data)
            number += 1
    print(f"{args.out}: {number} docs, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
