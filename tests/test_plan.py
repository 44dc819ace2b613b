"""Planning (normalize/plan.py): big Sogou dumps read in parts give the archive read whole;
links that leave the folder given are not followed."""

from __future__ import annotations

from pathlib import Path

import pytest

from normalize import plan as parts
from normalize.archive import _SplitFile
import normalize
from normalize.plan import InputFile
from normalize.progress import Silent
from normalize.records import FileResult

BREAK = "\ue40c"
SENTENCES = ["本报讯（记者王晓明）昨天上午，地铁六号线正式开通运营，早高峰客流总体平稳。",
             "市民李女士说：我家住在线路附近，以前上班要换乘两次。", "ＶＩＰ２０１２会员服务今日上线，价格为每月１５元。"]


def _dump(path: Path, docs: int = 600, encoding: str = "gb18030", newline: str = "\r\n") -> Path:
    """A Sogou dump: GB18030, CRLF, a root, empty contents, bare & and <, a stray <doc>."""
    lines = ['<?xml version="1.0" encoding="gb18030"?>', "<docs>"]
    for n in range(docs):
        content = "" if n % 37 == 5 else BREAK.join(SENTENCES[(n + k) % 3] + str(n) for k in range(n % 4 + 1))
        if n % 101 == 7:
            content += " & 宝洁<向好>，另见<doc>"
        lines += ["<doc>", f"<url>http://news.sohu.com/2012{n % 12 + 1:02d}{n % 28 + 1:02d}/n{n}.shtml</url>",
                  f"<docno>{n:016x}-0000</docno>", f"<contenttitle>标题{n}\u3000第{n % 7}条</contenttitle>",
                  f"<content>{content}</content>", "</doc>"]
    lines.append("</docs>")
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


@pytest.fixture
def small_parts(monkeypatch):
    """Parts of about 30 KB for files over 50 KB (the real figures are 32 MB and 256 MB)."""
    monkeypatch.setattr(parts, "SPLIT_BYTES", 50_000)
    monkeypatch.setattr(parts, "PART_BYTES", 30_000)


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


@pytest.mark.parametrize("jobs, encoding, newline", [(1, "gb18030", "\r\n"), (2, "gb18030", "\r\n"),
                                                     (1, "utf-8-sig", "\n"), (1, "utf-8", "\r")])
def test_a_dump_read_in_parts_gives_the_archive_read_whole(tmp_path, monkeypatch, jobs, encoding, newline):
    folder = tmp_path / "in"
    folder.mkdir()
    dump = _dump(folder / "news_sohusite_xml.dat", encoding=encoding, newline=newline)
    normalize.build([folder], tmp_path / "whole")
    monkeypatch.setattr(parts, "SPLIT_BYTES", 50_000)
    monkeypatch.setattr(parts, "PART_BYTES", 30_000)
    pieces = parts.cut(InputFile(str(dump), dump.name))
    assert len(pieces) > 5 and pieces[0].part.start == 0 and pieces[-1].part.end == dump.stat().st_size
    progress = Silent()
    manifest = normalize.build([folder], tmp_path / "parts", jobs=jobs, progress=progress)
    assert _files(tmp_path / "parts") == _files(tmp_path / "whole")  # records, ids, lines, manifest
    assert manifest["inputs"][0]["records"] == 600 - 17 and "17 part(s) left out" in manifest["inputs"][0]["detail"]
    assert (progress.done_files, progress.done) == (1, dump.stat().st_size)
    assert manifest["inputs"][0]["encoding"] == encoding


def test_only_sogou_dumps_are_cut(tmp_path, small_parts):
    text = tmp_path / "big.txt"
    text.write_text("一段普通的文字，没有任何标签。\n" * 5000, "utf-8")
    assert parts.cut(InputFile(str(text), text.name)) == [InputFile(str(text), text.name)]
    dump = _dump(tmp_path / "news.dat")
    item = InputFile(str(dump), dump.name)
    assert parts.cut(item, fmt="plaintext") == [item]  # --format says otherwise
    assert len(parts.cut(item)) > 1


def test_a_second_copy_of_a_big_dump_is_a_duplicate(tmp_path, small_parts):
    folder = tmp_path / "in"
    folder.mkdir()
    _dump(folder / "a.dat")
    (folder / "b.dat").write_bytes((folder / "a.dat").read_bytes())
    manifest = normalize.build([folder], tmp_path / "out")
    assert [(e["path"], e["status"], e["reason"]) for e in manifest["inputs"]] == [
        ("a.dat", "archived", None), ("b.dat", "skipped", "duplicate_file")]


def _record(n: int) -> tuple:
    return (f"x-{n:04d}", n, "{}")


def test_a_part_that_fails_is_named_and_counted():
    from collections import Counter

    first = FileResult("d.dat", 10, "ab", "archived", records=(_record(0),), format="sogou", encoding="gb18030",
                       left_out=(("empty_content", 3, 8),),
                       counters={"skipped_part:empty_content": 1}, part=(0, 3, 4))
    entry, counters = first.manifest_entry(), Counter({"status:archived": 1, "skipped_part:empty_content": 1})
    split = _SplitFile(entry, first)
    split.add(FileResult("d.dat", 10, "ab", "rejected", reason="too_slow", detail="over 30 s", part=(1, 3, 3)),
              counters)
    later = FileResult("d.dat", 10, "ab", "archived", records=(_record(5),), format="sogou", encoding="gb18030",
                       left_out=(("empty_content", 40, 45), ("empty_content", 50, 55)),
                       counters={"skipped_part:empty_content": 2}, part=(2, 3, 3))
    counters.update(later.counters)
    split.add(later, counters)
    assert (entry["status"], entry["records"]) == ("archived", 2)
    assert entry["detail"] == ("3 part(s) left out (empty_content) at lines 3-8, 40-45, 50-55; "
                               "part 2 of 3: too_slow (over 30 s)")
    assert counters == {"status:archived": 1, "skipped_part:too_slow": 1, "skipped_part:empty_content": 3}


def test_a_first_part_without_records_does_not_make_the_file_rejected():
    from collections import Counter

    first = FileResult("d.dat", 10, "ab", "rejected", reason="no_articles", part=(0, 2, 5),
                       detail="no article with any text was found; 2 part(s) left out (empty_content) at lines 3-8, 9-14",
                       left_out=(("empty_content", 3, 8), ("empty_content", 9, 14)),
                       counters={"skipped_part:empty_content": 2})
    entry = first.manifest_entry()
    counters = Counter({"status:rejected": 1, "rejected:no_articles": 1, "skipped_part:empty_content": 2})
    split = _SplitFile(entry, first)
    assert entry["detail"] == first.detail  # as the whole file would say, so far
    split.add(FileResult("d.dat", 10, "ab", "archived", records=(_record(3),), format="sogou",
                         encoding="gb18030", part=(1, 2, 5)), counters)
    assert (entry["status"], entry["reason"], entry["records"]) == ("archived", None, 1)
    assert entry["detail"] == "2 part(s) left out (empty_content) at lines 3-8, 9-14"
    assert counters == {"status:archived": 1, "skipped_part:empty_content": 2}


def test_a_part_read_otherwise_than_planned_is_left_out_never_misnumbered(tmp_path, small_parts):
    # a <doc> tag with a zero-width space the file repairs remove: the bytes do not
    # show it as a record, the parser does; that part's records would get the next
    # part's numbers, so the part is left out, named, and the ids stay unique
    folder = tmp_path / "in"
    folder.mkdir()
    dump = _dump(folder / "d.dat")
    data = dump.read_bytes()
    middle = data.index(b"<doc>", len(data) // 2)
    dump.write_bytes(data[:middle] + "<doc\u200b>".encode("gb18030") + data[middle + len(b"<doc>"):])
    manifest = normalize.build([folder], tmp_path / "out")
    from normalize.validation import validate_archive

    assert validate_archive(tmp_path / "out") == []
    entry = manifest["inputs"][0]
    assert entry["status"] == "archived" and "part_mismatch" in entry["detail"]
    assert manifest["counters"]["skipped_part:part_mismatch"] == 1


def test_a_file_changed_after_planning_is_not_read_into_wrong_places(tmp_path, small_parts):
    dump = _dump(tmp_path / "d.dat")
    pieces = parts.cut(InputFile(str(dump), dump.name))
    dump.write_bytes(b"<doc><docno>new</docno><content>x</content></doc>\n" + dump.read_bytes())
    from normalize.process import process_file

    results = [process_file(piece) for piece in pieces]
    assert {(r.status, r.reason) for r in results} == {("rejected", "changed")}


def test_prose_before_the_first_doc_keeps_the_file_whole(tmp_path, small_parts):
    dump = _dump(tmp_path / "d.dat")
    dump.write_bytes("搜狗新闻语料的格式说明。\r\n".encode("gb18030") + dump.read_bytes())
    assert len(parts.cut(InputFile(str(dump), dump.name))) == 1


def test_parts_are_read_in_the_files_encoding_not_the_heads(tmp_path, monkeypatch):
    # the first 64 KB are ASCII (an English wire feed), the rest GB18030: read whole the file
    # is GB18030, and so must every part be; a head cut inside a Big5 character too
    folder = tmp_path / "in"
    folder.mkdir()
    english = "".join(f"<doc>\r\n<docno>{n}</docno>\r\n<contenttitle>Title {n}</contenttitle>\r\n"
                      f"<content>{'English wire copy. ' * 20}</content>\r\n</doc>\r\n" for n in range(300))
    (folder / "mixed.dat").write_bytes(english.encode("ascii") + _dump(tmp_path / "tail.dat").read_bytes())
    normalize.build([folder], tmp_path / "whole")
    monkeypatch.setattr(parts, "SPLIT_BYTES", 50_000)
    monkeypatch.setattr(parts, "PART_BYTES", 30_000)
    assert len(parts.cut(InputFile(str(folder / "mixed.dat"), "mixed.dat"))) > 5
    manifest = normalize.build([folder], tmp_path / "parts")
    assert manifest["inputs"][0]["encoding"] == "gb18030"
    assert _files(tmp_path / "parts") == _files(tmp_path / "whole")


def test_a_big_file_is_never_a_copy_of_itself(tmp_path, small_parts):
    from normalize.plan import collect_inputs, make_plan

    folder = tmp_path / "in"
    folder.mkdir()
    _dump(folder / "a.dat")
    (folder / "b.dat").write_bytes(_dump(tmp_path / "other.dat", docs=600, newline="\n").read_bytes()[:-1] + b" \n")
    sizes = {(folder / name).stat().st_size for name in ("a.dat", "b.dat")}
    if len(sizes) != 1:  # same size, other bytes: hashed as possible copies
        (folder / "b.dat").write_bytes((folder / "b.dat").read_bytes().ljust((folder / "a.dat").stat().st_size, b" "))
    plan = make_plan(collect_inputs([folder]), {}, None)
    assert plan.copies == set() and sorted(plan.parts) == [0, 1]
