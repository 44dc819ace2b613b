"""Big Sogou dumps read in parts (normalize/parts.py): the same archive as read whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from normalize import parts
from normalize.archive import _add_part
from normalize.inputs import InputFile
from normalize.pipeline import build_archive
from normalize.progress import Silent
from normalize.records import FileResult

BREAK = "\ue40c"
SENTENCES = ["本报讯（记者王晓明）昨天上午，地铁六号线正式开通运营，早高峰客流总体平稳。",
             "市民李女士说：我家住在线路附近，以前上班要换乘两次。", "ＶＩＰ２０１２会员服务今日上线，价格为每月１５元。"]


def _dump(path: Path, docs: int = 600) -> Path:
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
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    return path


@pytest.fixture
def small_parts(monkeypatch):
    """Parts of about 30 KB for files over 50 KB (the real figures are 32 MB and 256 MB)."""
    monkeypatch.setattr(parts, "SPLIT_BYTES", 50_000)
    monkeypatch.setattr(parts, "PART_BYTES", 30_000)


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_dump_read_in_parts_gives_the_archive_read_whole(tmp_path, monkeypatch, jobs):
    folder = tmp_path / "in"
    folder.mkdir()
    dump = _dump(folder / "news_sohusite_xml.dat")
    build_archive([folder], tmp_path / "whole")
    monkeypatch.setattr(parts, "SPLIT_BYTES", 50_000)
    monkeypatch.setattr(parts, "PART_BYTES", 30_000)
    pieces = parts.cut(InputFile(str(dump), dump.name), dump.stat().st_size)
    assert len(pieces) > 5 and pieces[0].part.start == 0 and pieces[-1].part.end == dump.stat().st_size
    progress = Silent()
    manifest = build_archive([folder], tmp_path / "parts", jobs=jobs, progress=progress)
    assert _files(tmp_path / "parts") == _files(tmp_path / "whole")  # records, ids, lines, manifest
    assert manifest["inputs"][0]["records"] == 600 - 17 and "17 part(s) left out" in manifest["inputs"][0]["detail"]
    assert (progress.done_files, progress.done) == (1, dump.stat().st_size)


def test_only_sogou_dumps_are_cut(tmp_path, small_parts):
    text = tmp_path / "big.txt"
    text.write_text("一段普通的文字，没有任何标签。\n" * 5000, "utf-8")
    assert parts.cut(InputFile(str(text), text.name), text.stat().st_size) == [InputFile(str(text), text.name)]
    dump = _dump(tmp_path / "news.dat")
    item = InputFile(str(dump), dump.name)
    assert parts.cut(item, dump.stat().st_size, fmt="plaintext") == [item]  # --format says otherwise
    assert len(parts.cut(item, dump.stat().st_size)) > 1


def test_a_second_copy_of_a_big_dump_is_a_duplicate(tmp_path, small_parts):
    folder = tmp_path / "in"
    folder.mkdir()
    _dump(folder / "a.dat")
    (folder / "b.dat").write_bytes((folder / "a.dat").read_bytes())
    manifest = build_archive([folder], tmp_path / "out")
    assert [(e["path"], e["status"], e["reason"]) for e in manifest["inputs"]] == [
        ("a.dat", "archived", None), ("b.dat", "skipped", "duplicate_file")]


def test_a_part_that_fails_is_named_and_counted():
    from collections import Counter

    first = FileResult("d.dat", 10, "ab", "archived", records=(("x-0000", 0, "{}"),), format="sogou",
                       encoding="gb18030", part=(0, 3, 4))
    entry, counters = first.manifest_entry(), Counter({"status:archived": 1})
    _add_part(entry, FileResult("d.dat", 10, "ab", "rejected", reason="too_slow", detail="over 30 s",
                                part=(1, 3, 3)), counters)
    _add_part(entry, FileResult("d.dat", 10, "ab", "archived", records=(("x-0001", 1, "{}"),), format="sogou",
                                encoding="gb18030", part=(2, 3, 3)), counters)
    assert (entry["status"], entry["records"]) == ("archived", 2)
    assert entry["detail"] == "part 2 of 3: too_slow (over 30 s)"
    assert counters == {"status:archived": 1, "skipped_part:too_slow": 1}


def test_a_first_part_without_records_does_not_make_the_file_rejected():
    from collections import Counter

    first = FileResult("d.dat", 10, "ab", "rejected", reason="no_articles", detail="no article", part=(0, 2, 5))
    entry, counters = first.manifest_entry(), Counter({"status:rejected": 1, "rejected:no_articles": 1})
    _add_part(entry, FileResult("d.dat", 10, "ab", "archived", records=(("x-0003", 3, "{}"),), format="sogou",
                                encoding="gb18030", part=(1, 2, 5)), counters)
    assert (entry["status"], entry["reason"], entry["records"]) == ("archived", None, 1)
    assert counters == {"status:archived": 1}
