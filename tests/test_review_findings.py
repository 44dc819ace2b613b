"""Cases an acceptance review found: each once broke a whole run or lost an input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import normalize
from conftest import SEEDS
from normalize.cli import main
from normalize.validation import validate_archive


def _entries(out: Path) -> dict[str, dict]:
    return {e["path"]: e for e in json.loads((out / "manifest.json").read_text("utf-8"))["inputs"]}


def test_a_file_that_breaks_a_library_does_not_stop_the_run(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: 测试\n---\n\n* [原文链接](http://[oops/a)\n\n正文内容在这里。\n", "utf-8")
    (folder / "b.md").write_text("---\ntitle: 标记\n---\n\n<div><![br[ x ]]></div>\n\n正文。\n", "utf-8")
    (folder / "c.txt").write_text(">>>好的\n\n正文。\n", "utf-8")
    assert main(["build", str(folder), "-o", str(tmp_path / "out"), "--quiet"]) in (0, 1)
    entries = _entries(tmp_path / "out")
    assert set(entries) == {"a.md", "b.md", "c.txt"} and entries["c.txt"]["status"] == "archived"
    assert all(e["status"] == "archived" or e["reason"] for e in entries.values())


def test_a_gbk_file_name_is_kept_losslessly_beside_its_utf8_twin(tmp_path: Path):
    # a GB18030 reading would give both files one path; the bytes, escaped, tell them apart
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), "新闻.txt".encode("gbk")), "w", encoding="utf-8") as handle:
        handle.write(">>>新闻标题\n\n正文。\n")
    (folder / "新闻.txt").write_text(">>>另一条新闻\n\n别的正文。\n", "utf-8")
    assert main(["build", str(folder), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    assert sorted(_entries(tmp_path / "out")) == ["\\xd0\\xc2\\xce\\xc5.txt", "新闻.txt"]


def test_drop_duplicates_with_append_stays_valid(tmp_path: Path):
    seeds = sorted(SEEDS.iterdir())
    normalize.build(seeds[:2], tmp_path / "a", drop_duplicates=True)
    normalize.build(seeds[2:], tmp_path / "a", drop_duplicates=True, append=True)
    assert validate_archive(tmp_path / "a") == []
    normalize.build(seeds[:1], tmp_path / "b", drop_duplicates=True)
    normalize.build(seeds[1:], tmp_path / "b", append=True)
    assert validate_archive(tmp_path / "b") == []


def test_an_archive_inside_its_input_folder_is_not_read_back(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(">>>标题\n\n正文。\n", "utf-8")
    for _ in range(2):
        manifest = normalize.build([folder], folder / "out")
    assert [e["path"] for e in manifest["inputs"]] == ["a.txt"]


def test_folder_links_and_unwalkable_folders_are_listed(tmp_path: Path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text(">>>标题\n\n正文。\n", "utf-8")
    os.symlink("sub", folder / "link")
    os.symlink(".", folder / "sub" / "loop")
    assert main(["build", str(folder), "-o", str(tmp_path / "out"), "--quiet"]) == 1
    entries = _entries(tmp_path / "out")
    assert entries["link"]["status"] == entries["sub/loop"]["status"] == "rejected"
    assert entries["sub/a.txt"]["status"] == "archived"


def test_show_source_from_another_folder(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(SEEDS.parent)
    normalize.build(["seeds"], tmp_path / "out")
    record = next(normalize.read_archive(tmp_path / "out"))
    monkeypatch.chdir(tmp_path)
    assert main(["show", str(tmp_path / "out"), record["id"], "--source"]) == 0


def test_expected_failures_are_usage_errors(tmp_path: Path):
    assert main(["show", str(tmp_path / "missing"), "x"]) == 2
    assert main(["build", str(SEEDS), "-o", "/etc/passwd/x", "--quiet"]) == 2
    for bad in ("nan", "-5", "inf"):
        assert main(["build", str(SEEDS), "-o", str(tmp_path / "o"), "--file-timeout", bad]) == 2
    assert main(["build", str(SEEDS), "-o", str(tmp_path / "o"), "--jobs", "100000"]) == 2
