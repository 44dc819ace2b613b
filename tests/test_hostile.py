"""Hostile inputs next to one good page: the run finishes, nothing is lost, no traceback;
a build killed with SIGKILL leaves the previous archive as it was."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import normalize
from normalize.validation import validate_archive

GOOD_TEXT = "习近平在湖北省考察新冠肺炎疫情防控工作，强调坚决打赢湖北保卫战。"
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


def make_hostile_folder(folder: Path) -> None:
    """Every hostile input the robustness issue names, and one good Jekyll page."""
    folder.mkdir()
    files = {
        "01_empty.txt": b"",
        "02_blank.txt": b"  \n\t\n   \n",
        "03_image.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16,
        "04_random.bin": bytes((i * 7919 + 13) % 256 for i in range(5000)),
        "05_nul_inside.txt": ">>>标题\n\n正文第一段，\x00内容\x00在这里。\n".encode(),
        "06_bad_utf8.txt": (GOOD_TEXT * 20).encode() + b"\xff\xfe\xfa" + ("后面的正文也要保留。" * 20).encode(),
        "07_no_newline.txt": ("这是一个没有换行的超长文件，内容重复。" * 1_600_000).encode(),
        "08_deep_html.txt": ("<div>" * 100_000 + "正文" + "</div>" * 100_000).encode(),
        "09_separators.txt": b"===========NEXT NEWS==========\n\n" * 20_000,
        "10_unclosed.md": "---\ntitle: 未闭合\ndate: 2020-01-01\n\n正文内容，没有结束。\n".encode(),
        "11_not_mapping.md": "---\n- 一\n- 二\n---\n\n正文内容在这里。\n".encode(),
        "12_invalid_yaml.md": "---\ntitle: [unclosed\ndate: 2020-01-01\n---\n\n无效YAML但正文要保留。\n".encode(),
        "13_yaml_bomb.md": f"---\n{BOMB}title: 炸弹\ntags: *i\n---\n\n正文。\n".encode(),
        "17 name with spaces 和中文.txt": ">>>有空格的文件名\n\n正文。\n".encode(),
        "18_newline\nname.txt": ">>>换行文件名\n\n正文。\n".encode(),
        "good.md": "---\ntitle: 好的页面\ndate: 2020-03-10\ntags: [测试]\n---\n\n这是一个正常的页面，正文完整。\n".encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    os.symlink("loop_b", folder / "14_loop_a")
    os.symlink("14_loop_a", folder / "loop_b")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "in"
    make_hostile_folder(folder)
    return folder


def _build(folder: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "normalize", "build", str(folder), "-o", str(out)],
                          capture_output=True, text=True, timeout=600)


def test_hostile_folder(hostile: Path, tmp_path: Path):
    done = _build(hostile, tmp_path / "out")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    entries = {e["path"]: e for e in manifest["inputs"]}
    on_disk = {p.name for p in hostile.iterdir()}
    assert set(entries) == on_disk
    assert all(e["status"] in ("archived", "rejected", "skipped") for e in entries.values())
    assert all(e["reason"] for e in entries.values() if e["status"] != "archived")
    records = {r["provenance"]["path"]: r for r in normalize.read_archive(tmp_path / "out")}
    assert records["good.md"]["title"] == "好的页面"
    bad_utf8 = records["06_bad_utf8.txt"]["text"]
    assert GOOD_TEXT in bad_utf8 and "后面的正文也要保留。" in bad_utf8
    assert "replacement_char" in records["06_bad_utf8.txt"]["flags"]
    assert "无效YAML但正文要保留" in records["12_invalid_yaml.md"]["text"]
    assert "jekyll:front_matter_invalid" in records["12_invalid_yaml.md"]["flags"]
    assert "\x00" not in records["05_nul_inside.txt"]["text"]
    assert records["08_deep_html.txt"]["text"] == "正文"
    assert entries["09_separators.txt"]["reason"] == "no_articles"
    assert entries["14_loop_a"]["reason"] == "unreadable"
    assert validate_archive(tmp_path / "out") == []


def test_a_killed_rebuild_leaves_the_previous_archive(hostile: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert _build(hostile, out).returncode == 1
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    process = subprocess.Popen([sys.executable, "-m", "normalize", "build", str(hostile), "-o", str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert validate_archive(out) == []
    assert _build(hostile, out).returncode == 1
    assert validate_archive(out) == []
