"""Generate a benchmark corpus of any size from the seeds and the corpus sample.

    python benchmarks/make_corpus.py OUT --mb 500 [--seed 7] [--repeat | --real]

Default (mixed): every file is a real file of the seeds or ``../shared/corpus-sample``
used as a template; its layout lines (``>>>`` titles, separators, ``#`` headings,
front matter, short lines) are kept and its body lines are rewritten from random
pieces of all the body text, so articles are new text of the same families (real
characters and line lengths) and do not collapse into duplicates of each other. Then the bytes are damaged the ways real
archives are: GB18030, Big5 (when the text allows), UTF-16 with and without a BOM,
BOM+CRLF, lines wrapped in ``<p>`` with entities, UTF-8 read as Latin-1/cp1252
(mojibake), and one in ten files is an exact or lightly edited copy of an earlier
one (in another encoding), so dedup has work.

``--repeat``: the sample's files copied unchanged, over and over, into numbered
folders (the issue's "corpus-sample repeated to N MB"; every copy after the first
is a duplicate file).

``--real``: the real files of both corpus samples (``../shared/corpus-sample`` and
``../shared/corpus-sample-2``), copied over and over, every copy varied by a line of its
own (a numbered line in the file's own encoding; in a web page, a numbered comment), so
no file is skipped as a byte-identical copy and every one is read, repaired, parsed and
fingerprinted: real files' throughput, not copy-skipping.

The same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "seeds", ROOT.parent / "shared" / "corpus-sample"]
REAL = [ROOT.parent / "shared" / "corpus-sample", ROOT.parent / "shared" / "corpus-sample-2"]
_PAGE_SUFFIXES = {".html", ".htm", ".xhtml", ".mht", ".mhtml"}
SKIP = {"SOURCES.tsv"}
_LAYOUT = re.compile(r"^\s*(>>>|={3,}|-{3,}|\*{3,}|#|[A-Za-z_]+:\s|!\[|\[|\+\+\+)")


def templates() -> list[tuple[str, str]]:
    """(relative name, text) of every template file, decoded."""
    sys.path.insert(0, str(ROOT))
    from normalize.decode import decode

    found = []
    for source in SOURCES:
        if not source.exists():
            continue
        for path in sorted(source.rglob("*")):
            if path.is_file() and path.name not in SKIP:
                found.append((f"{source.name}/{path.relative_to(source).as_posix()}",
                              decode(path.read_bytes()).text.replace("\r\n", "\n")))
    if not found:
        raise SystemExit("no template files: seeds/ and ../shared/corpus-sample/ are both missing")
    return found


def is_body(line: str) -> bool:
    return len(line.strip()) >= 30 and not _LAYOUT.match(line)


_ORDINARY = re.compile("[\x20-\x7e\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u2027]")


def is_clean(line: str) -> bool:
    """Ordinary characters only: the damage is added on purpose, not copied from the sample."""
    return "\ufffd" not in line and len(_ORDINARY.findall(line)) >= 0.98 * len(line)


def vary(text: str, pool: str, rng: random.Random) -> str:
    """The template's layout with its body lines rewritten: each is replaced by a line
    of the same length spliced from random 4-12 character pieces of the pool's text, so
    the characters, punctuation and line lengths are real but the articles are new (two
    generated articles share almost no 5-character shingles)."""
    lines = text.split("\n")
    in_front = lines[:1] == ["---"]
    out = []
    for number, line in enumerate(lines):
        if in_front:
            in_front = not (number > 0 and line.strip() == "---")
            out.append(line)
        elif is_body(line):
            out.append(splice(len(line.strip()), pool, rng))
        else:
            out.append(line)
    return "\n".join(out)


def splice(length: int, pool: str, rng: random.Random) -> str:
    pieces, size = [], 0
    while size < length:
        start = rng.randrange(len(pool) - 12)
        piece = pool[start:start + rng.randint(4, 12)]
        pieces.append(piece)
        size += len(piece)
    return "".join(pieces)[:length].rstrip("，、") + "。"


def damage(text: str, rng: random.Random) -> tuple[bytes, str]:
    """Encoded bytes and the kind of damage done."""
    roll = rng.random()
    if roll < 0.35:
        return text.encode("utf-8"), "utf8"
    if roll < 0.50:
        return text.encode("gb18030"), "gb18030"
    if roll < 0.55:
        try:
            return text.encode("big5"), "big5"
        except UnicodeEncodeError:
            return text.encode("gb18030"), "gb18030"
    if roll < 0.60:
        return text.encode("utf-16"), "utf16-bom"
    if roll < 0.63:
        return text.encode("utf-16-le"), "utf16le"
    if roll < 0.73:
        return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"), "bom-crlf"
    if roll < 0.85:
        lines = [f"<p>{html.escape(line, quote=False)}</p>" if is_body(line) else line
                 for line in text.split("\n")]
        return "\n".join(lines).encode("utf-8"), "html"
    if roll < 0.92:
        return text.encode("utf-8").decode("latin-1").encode("utf-8"), "mojibake-latin1"
    return _cp1252_mojibake(text), "mojibake-cp1252"


def _cp1252_mojibake(text: str) -> bytes:
    """UTF-8 bytes read as Windows-1252 and saved again, line by line where possible."""
    out = []
    for line in text.split("\n"):
        try:
            out.append(line.encode("utf-8").decode("cp1252").encode("utf-8"))
        except UnicodeDecodeError:  # bytes cp1252 leaves undefined: keep the line
            out.append(line.encode("utf-8"))
    return b"\n".join(out)


def generate(out: Path, megabytes: float, seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    files = templates()
    pool = "".join(line.strip() for _, text in files for line in text.split("\n")
                   if is_body(line) and is_clean(line))
    target = int(megabytes * 1e6)
    written = count = 0
    made: list[str] = []
    while written < target:
        name, text = files[rng.randrange(len(files))]
        if made and rng.random() < 0.10:
            text = made[rng.randrange(len(made))]
            if rng.random() < 0.5:  # a light edit: a near duplicate
                cut = rng.randrange(len(text))
                text = text[:cut] + "（本报讯）" + text[cut:]
        else:
            text = vary(text, pool, rng)
        if len(made) < 5000:
            made.append(text)
        else:
            made[rng.randrange(len(made))] = text
        data, kind = damage(text, rng)
        suffix = Path(name).suffix or ".txt"
        path = out / f"{count // 1000:04d}" / f"{count:07d}-{kind}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += len(data)
        count += 1
    return count, written


def repeat(out: Path, megabytes: float) -> tuple[int, int]:
    target = int(megabytes * 1e6)
    written = count = copy = 0
    while written < target:
        for source in SOURCES[1:]:
            for path in sorted(source.rglob("*")):
                if path.is_file():
                    dest = out / f"copy{copy:04d}" / path.relative_to(source)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, dest)
                    written += path.stat().st_size
                    count += 1
        copy += 1
    return count, written


def real(out: Path, megabytes: float) -> tuple[int, int]:
    """Copies of the corpus samples' real files, each varied by a line of its own."""
    sys.path.insert(0, str(ROOT))
    from normalize.decode import decode

    originals = [(source, path, path.read_bytes()) for source in REAL if source.exists()
                 for path in sorted(source.rglob("*")) if path.is_file() and path.name not in SKIP]
    if not originals:
        raise SystemExit("no real files: ../shared/corpus-sample and ../shared/corpus-sample-2 are missing")
    codecs = {path: _codec(decode(data).encoding) for _, path, data in originals}
    target = int(megabytes * 1e6)
    written = count = copy = 0
    while written < target:
        for source, path, data in originals:
            dest = out / f"copy{copy:04d}" / source.name / path.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(varied(data, path.suffix.lower(), codecs[path], copy))
            written += dest.stat().st_size
            count += 1
        copy += 1
    return count, written


def varied(data: bytes, suffix: str, codec: str, copy: int) -> bytes:
    """The file's bytes with a line of its own added at the end, in its own encoding: a
    numbered comment in a web page (MHTML: a header line on top), a numbered line elsewhere."""
    if suffix in (".mht", ".mhtml"):
        return f"X-Benchmark-Copy: {copy}\r\n".encode("ascii") + data
    if suffix in _PAGE_SUFFIXES:
        return data.rstrip(b"\r\n") + f"\n<!-- copy {copy} -->\n".encode(codec)
    newline = "\r\n" if b"\r\n" in data[:4096] else "\n"
    return data.rstrip(b"\r\n") + f"{newline}{newline}（副本 {copy}）{newline}".encode(codec)


def _codec(encoding: str) -> str:
    """A codec that writes a line in a file's encoding, with no second BOM."""
    name = encoding.rstrip("?").lower()
    return {"utf-8-sig": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(name, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--mb", type=float, default=100.0, help="size to reach, in MB (default 100)")
    parser.add_argument("--seed", type=int, default=7)
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--repeat", action="store_true", help="copy the corpus sample unchanged")
    kind.add_argument("--real", action="store_true", help="copy both corpus samples, every copy varied")
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        raise SystemExit(f"{args.out} is not empty")
    args.out.mkdir(parents=True, exist_ok=True)
    if args.repeat:
        count, written = repeat(args.out, args.mb)
    elif args.real:
        count, written = real(args.out, args.mb)
    else:
        count, written = generate(args.out, args.mb, args.seed)
    print(f"{count} files, {written / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
