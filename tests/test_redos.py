"""Patterns that ran on untrusted text in cubic time, found by regexploit
(``regexploit-py normalize/``), and the files that made them hang: each now builds in
well under a second and is archived whole. Before: the emphasis file ran past 30 s (the
limit stopped it: rejected, its text lost), the heading one took 9 s. (regexploit's
third finding, the credit-line pattern, only ever sees lines of 300 characters at most;
it is made possessive all the same.)"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import normalize

REDOS = Path(__file__).parent / "fixtures" / "redos"


@pytest.mark.parametrize("name", sorted(p.name for p in REDOS.iterdir()))
def test_a_file_built_to_backtrack_builds_in_linear_time(tmp_path: Path, name: str):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes((REDOS / name).read_bytes())
    started = time.monotonic()
    manifest = normalize.build([folder], tmp_path / "out", file_timeout=20)
    assert time.monotonic() - started < 5
    assert [entry["status"] for entry in manifest["inputs"]] == ["archived"]
    assert any("正文" in record["text"] for record in normalize.read_archive(tmp_path / "out"))
