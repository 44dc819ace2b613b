"""Deterministic mutators and the checks of a fuzz batch (shared by tests/test_fuzz.py and
scripts/fuzz-campaign).

A batch is a folder of mutated files made from real seeds (``seeds/`` and
``tests/fuzz_seeds/``) by :func:`make_batch`, every choice driven by one
``random.Random(seed)``: the same seed gives the same bytes. :func:`check_batch` builds the
folder in process and returns every :class:`Failure`: an exception out of ``build``, a
``validate`` problem, an input missing from (or repeated in) the manifest, a repeated
record id, a provenance line range outside its source file. :func:`check_cli` does the same
through ``python -m normalize`` and looks for tracebacks and exit codes other than 0 and 1.
:func:`shrink` cuts a failing file down while the same failure class still shows.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
SEED_DIRS = (ROOT / "seeds", ROOT / "tests" / "fuzz_seeds")

# --------------------------------------------------------------------------- seeds


def load_seeds() -> list[tuple[str, bytes]]:
    """Every seed file as (name, bytes), in a fixed order (SOURCES notes left out)."""
    seeds = []
    for folder in SEED_DIRS:
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.name.startswith(("SOURCES", ".")):
                seeds.append((path.name, path.read_bytes()))
    return seeds


# --------------------------------------------------------------------------- text helpers

SEPARATORS = [
    ">>>标题", ">>>", "===========NEXT NEWS==========", "## 标题", "## ", "# 第二版", "# A01版",
    "### 小标题", "---", "+++", "{", "}", "<doc>", "</doc>", "<content>", "</content>",
    "<contenttitle>标题</contenttitle>", "<url>http://news.sohu.com/20120101/n1.shtml</url>",
    "<docno>1</docno>", "标题：", "标题：新闻", "内容：", "正文：", "连接：http://x",
    "链接：http://paper.people.com.cn/rmrb/html/2020-04/02/nw.D110000renmrb_20200402_4-09.htm",
    "时间：", "作者：记者 张三", "来源：人民日报", "版面：第01版", "副标题：", "*" * 40, "* * *",
    "上接A02版", "下转第3版", "扫码看视频", "原文链接：http://x", "备份链接：http://y", "<docs>", "</docs>",
]
HTML_BITS = [
    "<p>", "</p>", "<br/>", "<br>", "<font color=\"red\"", ">", "<font\ncolor=red>", "</font>", "&nbsp;",
    "&gt;", "&lt;", "&amp;", "&amp;lt;", "&#22986;", "&#x4e2d;", "&#0;", "&#xD800;", "&#x2028;",
    "&#1114112;", "&#65279;", "&bogus;", "&", "<", "<script>alert(1)</script>", "<![CDATA[", "]]>",
    "<div class=\"a\">", "</div>", "<img src=x>", "<!--", "-->", "<?xml version=\"1.0\"?>",
    "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;", "<table><tr><td>1</td></tr></table>",
]
ODD_CHARS = ["\u2028", "\u2029", "\u0085", "\ue40c", "\x00", "\ufeff", "\r", "\x0b", "\x0c", "\x1c",
             "\x1d", "\x1e", "\u200b", "\u00a0", "\u3000", "\ufffd", "\ud800", "\U0001f600", "\u202e"]
BAD_DATES = [
    "date: 2020-02-31", "date: 2020-13-01", "date: 0000-00-00", "date: 99999-01-01",
    "date: 2020-02-30T25:61:00+25:00", "date: 2019-02-29 10:00", "时间：2019-4-31 10:00",
    "时间：2020年2月30日", "日期：2021年13月45日", "发布时间：2019-00-10", "日期：1900-02-29",
    "时间：2020-04-31 24:00:00", "2020年02月30日电", "（记者 张三）2019年4月31日电",
]
SENTENCES = [
    "新华社北京3月10日电", "　　新冠肺炎疫情发生以来，全国人民众志成城、团结一心。", "本报记者 李四",
    "（责任编辑：王五）", "图为现场照片。", "中风，是我這年紀該擔心的病。", "正文第一段。", "",
    "　　第二段，内容很长很长。", "Hello world.", "1.", "标题", "——", "　",
]


def _decode_guess(data: bytes) -> tuple[str, str]:
    """A plausible (text, codec) for a seed's bytes; the codec round-trips what it decodes."""
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            pass
    return data.decode("utf-8", "surrogateescape"), "utf-8"


def _as_text(data: bytes) -> str:
    """Bytes as text for a textual mutation; undecodable bytes survive as surrogate escapes."""
    return data.decode("utf-8", "surrogateescape")


def _as_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape") if _encodable(text) else text.encode("utf-8", "surrogatepass")


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8", "surrogateescape")
        return True
    except UnicodeEncodeError:
        return False


def _line_offsets(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _insert_at_line(rng: random.Random, text: str, piece: str) -> str:
    at = rng.choice(_line_offsets(text))
    return text[:at] + piece + "\n" + text[at:]


def _insert_anywhere(rng: random.Random, text: str, piece: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + piece + text[at:]


# --------------------------------------------------------------------------- mutators
# Each takes (rng, data, corpus) and returns new bytes; corpus is the list of seed bytes.

Mutator = Callable[[random.Random, bytes, list], bytes]


def byte_flips(rng: random.Random, data: bytes, corpus: list) -> bytes:
    buf = bytearray(data or b"x")
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(buf))
        buf[i] = rng.choice([buf[i] ^ (1 << rng.randrange(8)), rng.randrange(256), 0x0A, 0x0D, 0x00, 0xFF])
    return bytes(buf)


def truncate(rng: random.Random, data: bytes, corpus: list) -> bytes:
    if not data:
        return data
    cut = rng.choice([rng.randrange(len(data)), rng.randrange(min(len(data), 64)), len(data) - rng.randrange(1, 4)])
    return data[:max(cut, 0)] if rng.random() < 0.8 else data[cut:]


def splice(rng: random.Random, data: bytes, corpus: list) -> bytes:
    other = rng.choice(corpus)
    a = rng.randrange(len(data) + 1)
    b = rng.randrange(len(other) + 1)
    joiner = rng.choice([b"", b"\n", b"\n\n", b"\r\n"])
    return data[:a] + joiner + other[b:]


def separators(rng: random.Random, data: bytes, corpus: list) -> bytes:
    text = _as_text(data)
    for _ in range(rng.randint(1, 5)):
        piece = rng.choice(SEPARATORS)
        if rng.random() < 0.7:
            text = _insert_at_line(rng, text, piece)
        else:
            text = _insert_anywhere(rng, text, piece)
    return _as_bytes(text)


def html(rng: random.Random, data: bytes, corpus: list) -> bytes:
    text = _as_text(data)
    for _ in range(rng.randint(1, 10)):
        text = _insert_anywhere(rng, text, rng.choice(HTML_BITS))
    return _as_bytes(text)


def odd_chars(rng: random.Random, data: bytes, corpus: list) -> bytes:
    text = _as_text(data)
    for _ in range(rng.randint(1, 8)):
        char = rng.choice(ODD_CHARS) * rng.choice([1, 1, 1, 2, 50])
        # near a line start (titles, labels) half of the time
        if rng.random() < 0.5:
            starts = _line_offsets(text)
            at = min(rng.choice(starts) + rng.randrange(6), len(text))
            text = text[:at] + char + text[at:]
        else:
            text = _insert_anywhere(rng, text, char)
    return text.encode("utf-8", "surrogatepass")


def reencode(rng: random.Random, data: bytes, corpus: list) -> bytes:
    text, _ = _decode_guess(data)
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if rng.random() < 0.3:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    codec = rng.choice(["gb18030", "gbk", "big5", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-8",
                        "utf-32", "cp1252"])
    try:
        return text.encode(codec, "replace")
    except LookupError:  # pragma: no cover - every codec above exists
        return data


def crlf(rng: random.Random, data: bytes, corpus: list) -> bytes:
    unix = data.replace(b"\r\n", b"\n")
    choice = rng.randrange(4)
    if choice == 0:
        return unix.replace(b"\n", b"\r\n")
    if choice == 1:
        return unix.replace(b"\n", b"\r")
    if choice == 2:  # mixed: some lines CRLF, some LF, some CR
        parts = unix.split(b"\n")
        return b"".join(p + rng.choice([b"\n", b"\r\n", b"\r"]) for p in parts)
    return unix.replace(b"\n", b"\n\r")


def bad_dates(rng: random.Random, data: bytes, corpus: list) -> bytes:
    text = _as_text(data)
    for _ in range(rng.randint(1, 3)):
        date = rng.choice(BAD_DATES)
        if rng.random() < 0.4:
            text = f"---\ntitle: 标题\n{date}\n---\n" + text if date.startswith("date") else date + "\n" + text
        else:
            text = _insert_at_line(rng, text, date)
    return _as_bytes(text)


def deep_front_matter(rng: random.Random, data: bytes, corpus: list) -> bytes:
    depth = rng.choice([5, 50, 200, 1000])
    kind = rng.randrange(5)
    if kind == 0:
        head = "---\ntitle: 深\n" + "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "v\n---\n"
    elif kind == 1:
        head = "---\ntitle: " + "[" * depth + "x" + "]" * depth + "\n---\n"
    elif kind == 2:
        head = "+++\ntitle = \"深\"\n" + "".join(f"[{'.'.join('t' for _ in range(i + 1))}]\n" for i in range(min(depth, 200))) + "+++\n"
    elif kind == 3:
        head = '{"title": "深", "x": ' + "[" * depth + "1" + "]" * depth + "}\n"
    else:  # anchors and aliases (a billion laughs in small)
        head = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
            for i in range(8)) + "title: *i\n---\n"
    return _as_bytes(head + _as_text(data))


def long_line(rng: random.Random, data: bytes, corpus: list) -> bytes:
    text = _as_text(data)
    unit = rng.choice(["中", "a", "　", "，", "<", "&amp;", "中文 ", "*", "=", "#"])
    piece = unit * rng.choice([5_000, 50_000, 200_000])
    if rng.random() < 0.5:
        return _as_bytes(_insert_at_line(rng, text, piece))
    return _as_bytes(_insert_anywhere(rng, text, piece))


def line_ops(rng: random.Random, data: bytes, corpus: list) -> bytes:
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(4)
        i = rng.randrange(len(lines))
        if op == 0:
            del lines[i:i + rng.randint(1, 10)]
        elif op == 1:
            lines[i:i] = lines[i:i + rng.randint(1, 10)]
        elif op == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines.insert(i, b"")
        if not lines:
            lines = [b""]
    return b"\n".join(lines)


def repeat(rng: random.Random, data: bytes, corpus: list) -> bytes:
    return data * rng.randint(2, 3)


def synthetic(rng: random.Random, data: bytes, corpus: list) -> bytes:
    """A small document from scratch: separators, labels, dates, odd characters and prose."""
    pools = [SEPARATORS, SENTENCES, SENTENCES, BAD_DATES, ["".join(rng.choice(ODD_CHARS) for _ in range(2))],
             HTML_BITS]
    lines = []
    for _ in range(rng.randint(1, 14)):
        pool = rng.choice(pools)
        line = rng.choice(pool)
        if rng.random() < 0.3:
            line += rng.choice(SENTENCES) + rng.choice(["", rng.choice(ODD_CHARS)])
        lines.append(line)
    end = rng.choice(["\n", "", "\n\n", "\r\n"])
    text = "\n".join(lines) + end
    return text.encode("utf-8", "surrogatepass")


MUTATORS: dict[str, Mutator] = {
    "flip": byte_flips, "trunc": truncate, "splice": splice, "sep": separators, "html": html,
    "odd": odd_chars, "reenc": reencode, "crlf": crlf, "date": bad_dates, "deep": deep_front_matter,
    "long": long_line, "lines": line_ops, "repeat": repeat, "synth": synthetic,
}
# long lines and deep nesting are slow to build: less often
WEIGHTS = {"long": 0.3, "deep": 0.6, "repeat": 0.4}
LIMIT = 2_000_000  # no mutated file grows past this many bytes


@dataclass
class Mutant:
    """One mutated file: its name in the batch, its bytes and how it was made."""

    name: str
    data: bytes
    recipe: str


def mutate(rng: random.Random, seeds: list[tuple[str, bytes]], index: int) -> Mutant:
    """A mutant of a random seed, 1 to 4 mutators stacked (or a synthetic document)."""
    base_name, data = rng.choice(seeds)
    corpus = [d for _, d in seeds]
    names = list(MUTATORS)
    weights = [WEIGHTS.get(n, 1.0) for n in names]
    steps = rng.choices(names, weights, k=rng.choice([1, 1, 2, 2, 3, 4]))
    if "synth" in steps:
        steps = ["synth"] + [s for s in steps if s != "synth"]
        base_name = "-"
    for step in steps:
        data = MUTATORS[step](rng, data, corpus)[:LIMIT]
    ext = rng.choice([".txt", ".txt", ".md", ".dat", ".xml", ".htm", ""])
    return Mutant(f"m{index:03d}{ext}", data, f"{base_name} <- {'+'.join(steps)}")


def make_batch(seed: int, folder: Path, size: int = 30, avoid: str = "") -> list[Mutant]:
    """Write ``size`` mutants for ``seed`` into ``folder`` (made empty first); returns them.

    ``avoid`` lists characters to take out of every mutant (their UTF-8 bytes), so that a
    known failure class does not hide the others in a campaign.
    """
    rng = random.Random(seed)
    seeds = load_seeds()
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    mutants = [mutate(rng, seeds, i) for i in range(size)]
    for mutant in mutants:
        for char in avoid:
            mutant.data = mutant.data.replace(char.encode("utf-8", "surrogatepass"), b"")
    for mutant in mutants:
        (folder / mutant.name).write_bytes(mutant.data)
    (folder.parent / f"{folder.name}.recipes.json").write_text(
        json.dumps({m.name: m.recipe for m in mutants}, ensure_ascii=False, indent=1), "utf-8")
    return mutants


# --------------------------------------------------------------------------- checks


@dataclass
class Failure:
    """One broken invariant: ``kind`` names its class (for grouping), ``message`` says all."""

    kind: str
    message: str
    file: str | None = None


def _kind_of_problem(message: str) -> str:
    """A validate problem's class: its message with numbers, ids and quoted values blanked."""
    message = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", message)
    message = re.sub(r"[0-9a-f]{16}-\d{4}", "ID", message)
    message = re.sub(r"\d+", "N", message)
    return message[:120]


def source_line_count(path: Path) -> int:
    """Lines of ``path`` as ``normalize show --source`` numbers them (normalize.audit)."""
    from normalize.audit import original_lines
    import hashlib

    data = path.read_bytes()
    return len(original_lines(path, hashlib.sha256(data).hexdigest()))


def is_real_date(value: str) -> bool:
    """Whether ``value`` is an ISO 8601 date or date-time that exists on the calendar (and
    the clock): 2020-02-31, hour 25 and offset +25:00 do not."""
    import datetime

    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?", value):
        return False
    try:
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def read_records(out: Path, manifest: dict) -> tuple[list[dict], list[Failure]]:
    """The archive's records, read as JSON Lines must be read (split at ``\\n`` only)."""
    records, failures = [], []
    for shard in manifest.get("documents", []):
        raw = (out / shard["file"]).read_bytes()
        for number, line in enumerate(raw.split(b"\n"), 1):
            if not line:
                continue
            try:
                records.append(json.loads(line.decode("utf-8")))
            except ValueError as error:
                failures.append(Failure("jsonl:unparseable_line", f"{shard['file']}:{number}: {error}"))
    return records, failures


def check_archive(batch: Path, out: Path, manifest: dict) -> list[Failure]:
    """Every broken invariant of a built archive of the folder ``batch``."""
    from normalize.validation import validate_archive

    failures = [Failure("validate:" + _kind_of_problem(p.message), f"{p.file}:{p.line}: {p.message}")
                for p in validate_archive(out)]
    written = sorted(p.name for p in batch.iterdir())
    listed = [entry["path"] for entry in manifest.get("inputs", [])]
    for name in written:
        if listed.count(name) != 1:
            failures.append(Failure("manifest:input_listed_%s" % ("never" if not listed.count(name) else "twice"),
                                    f"{name} is listed {listed.count(name)} times in manifest['inputs']", name))
    for entry in manifest.get("inputs", []):
        if entry.get("reason") == "internal_error":  # an exception caught and written down
            detail = str(entry.get("detail"))
            failures.append(Failure("rejected:internal_error:" + detail.split(":")[0][:60],
                                    f"{entry['path']}: {detail}", entry["path"]))
    for name in sorted(set(listed) - set(written)):
        failures.append(Failure("manifest:unknown_input", f"manifest lists {name}, which was never written", name))
    records, more = read_records(out, manifest)
    failures += more
    seen: dict[str, int] = {}
    archived = {e["path"]: e for e in manifest.get("inputs", []) if e.get("status") == "archived"}
    counts: dict[str, int] = {}
    for record in records:
        seen[record["id"]] = seen.get(record["id"], 0) + 1
        prov = record["provenance"]
        counts[prov["path"]] = counts.get(prov["path"], 0) + 1
        for name in ("date_published", "date_modified"):
            if record.get(name) is not None and not is_real_date(record[name]):
                failures.append(Failure(f"dates:{name}_impossible", f"{record['id']}: {name} is "
                                        f"{record[name]!r}, not a real ISO 8601 date", prov["path"]))
        if prov["path"] not in archived:
            failures.append(Failure("provenance:path_not_archived", f"{record['id']} comes from {prov['path']}, "
                                    "not an archived input", prov["path"]))
            continue
        try:
            total = source_line_count(batch / prov["path"])
        except Exception as error:  # the audit helper itself failing is a finding too
            failures.append(Failure(f"audit:{type(error).__name__}", f"{prov['path']}: {error}", prov["path"]))
            continue
        if not 1 <= prov["line_start"] <= prov["line_end"] <= total:
            failures.append(Failure("provenance:lines_out_of_range",
                                    f"{record['id']}: lines {prov['line_start']}-{prov['line_end']} "
                                    f"of a {total}-line file", prov["path"]))
    for rid, n in seen.items():
        if n > 1:
            failures.append(Failure("records:duplicate_id", f"id {rid} appears {n} times", rid.split("-")[0]))
    for path, entry in archived.items():
        if entry.get("records") is not None and entry["records"] != counts.get(path, 0) and \
                not manifest.get("options", {}).get("drop_duplicates"):
            failures.append(Failure("manifest:record_count_differs", f"{path}: manifest says {entry['records']} "
                                    f"records, the archive holds {counts.get(path, 0)}", path))
    return failures


def check_batch(batch: Path, out: Path) -> list[Failure]:
    """Build ``batch`` into ``out`` in process and return every broken invariant."""
    return build_and_check(batch, out)[1]


def build_and_check(batch: Path, out: Path) -> tuple[dict | None, list[Failure]]:
    """The manifest of ``batch`` built into ``out`` (None if build raised) and every broken
    invariant."""
    import normalize

    try:
        manifest = normalize.build([batch], out)
    except Exception as error:
        frames = traceback.extract_tb(error.__traceback__)
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        return None, [Failure(f"exception:{type(error).__name__}@{where}", traceback.format_exc())]
    try:
        return manifest, check_archive(batch, out, manifest)
    except Exception:
        return manifest, [Failure("checker:crashed", traceback.format_exc())]


def check_cli(batch: Path, out: Path, timeout: float = 600) -> list[Failure]:
    """Build and validate ``batch`` through ``python -m normalize``; tracebacks and exit
    codes outside {0, 1} are failures, as are validate's own complaints."""
    import os
    import normalize

    # the subprocess runs the very package this process imported
    code = str(Path(normalize.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [code, os.environ.get("PYTHONPATH")]))}
    failures = []
    for args in (["build", str(batch), "-o", str(out), "--quiet"], ["validate", str(out)]):
        run = subprocess.run([sys.executable, "-m", "normalize", *args], capture_output=True, text=True,
                             timeout=timeout, errors="replace", cwd=out.parent, env=env)
        if "Traceback" in run.stderr or "Traceback" in run.stdout:
            failures.append(Failure(f"cli:{args[0]}:traceback", run.stderr[-4000:]))
        if run.returncode not in (0, 1):
            failures.append(Failure(f"cli:{args[0]}:exit_{run.returncode}", run.stderr[-4000:]))
        elif args[0] == "validate" and run.returncode == 1:
            failures.append(Failure("cli:validate:invalid", run.stdout[-4000:]))
    return failures


# --------------------------------------------------------------------------- shrinking


def failure_classes_of_file(data: bytes, name: str = "x.txt") -> set[str]:
    """The failure kinds one file alone produces (built in a temporary folder)."""
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "in"
        batch.mkdir()
        (batch / name).write_bytes(data)
        return {f.kind for f in check_batch(batch, Path(tmp) / "out")}


def _ddmin(items: list, still_fails: Callable[[list], bool], budget: list[int]) -> list:
    """Delta debugging: a smaller list for which ``still_fails`` holds."""
    n = 2
    while len(items) >= 2 and budget[0] > 0:
        chunk = max(len(items) // n, 1)
        reduced = False
        for start in range(0, len(items), chunk):
            candidate = items[:start] + items[start + chunk:]
            budget[0] -= 1
            if candidate and still_fails(candidate):
                items, n, reduced = candidate, max(n - 1, 2), True
                break
            if budget[0] <= 0:
                break
        if not reduced:
            if chunk == 1:
                break
            n = min(n * 2, len(items))
    return items


def shrink(data: bytes, kind: str, name: str = "x.txt", budget: int = 400) -> bytes:
    """``data`` cut down (lines, then bytes) while building it alone still gives ``kind``."""
    left = [budget]

    def fails(candidate: bytes) -> bool:
        return kind in failure_classes_of_file(candidate, name)

    if not fails(data):
        return data
    lines = data.split(b"\n")
    lines = _ddmin(lines, lambda c: fails(b"\n".join(c)), left)
    data = b"\n".join(lines)
    if len(data) < 4000:
        try:  # by characters when the bytes are UTF-8, so the reproduction stays readable
            units = [c.encode("utf-8", "surrogatepass") for c in data.decode("utf-8")]
        except UnicodeDecodeError:
            units = [data[i:i + 1] for i in range(len(data))]
        data = b"".join(_ddmin(units, lambda c: fails(b"".join(c)), left))
    return data
