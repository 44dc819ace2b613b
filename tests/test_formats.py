"""``normalize formats`` and ``build --format``: seeing and overriding the format chosen."""

from __future__ import annotations

import json
from pathlib import Path

from normalize.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
LABELLED = FIXTURES / "labelled" / "peoples_daily_layout.txt"


def _records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "documents.jsonl").read_text("utf-8").splitlines()]


def test_formats_lists_every_built_in_with_plaintext_last(capsys):
    assert main(["formats"]) == 0
    names = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    built_in = ["newsdump", "newspaper", "jekyll", "labelled", "sogou", "plaintext"]
    assert [name for name in names if name in built_in] == built_in and names[-1] == "plaintext"


def test_explain_prints_every_score_and_the_choice(capsys):
    assert main(["formats", "--explain", str(LABELLED)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("(utf-8)")
    assert out[1].startswith("* labelled") and "body label at line 5" in out[1]
    scored = [line[2:].split()[0] for line in out[1:-1]]
    assert {"newsdump", "newspaper", "jekyll", "labelled", "sogou", "plaintext"} <= set(scored)
    assert scored[1] == "plaintext"  # the fallback's 0.10 beats every format without evidence
    assert out[-1] == "chosen: labelled"


def test_explain_a_binary_and_a_missing_file(tmp_path, capsys):
    (tmp_path / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    assert main(["formats", "--explain", str(tmp_path / "x.png")]) == 0
    assert "binary" in capsys.readouterr().out
    assert main(["formats", "--explain", str(tmp_path / "nope.txt")]) == 2


def test_format_forces_a_format_and_the_manifest_says_so(tmp_path):
    assert main(["build", str(LABELLED), "-o", str(tmp_path / "a"), "--format", "plaintext", "--quiet"]) == 0
    assert {r["format"] for r in _records(tmp_path / "a")} == {"plaintext"}
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text("utf-8"))
    assert manifest["options"]["format"] == "plaintext"
    assert main(["build", str(LABELLED), "-o", str(tmp_path / "b"), "--quiet"]) == 0
    assert "format" not in json.loads((tmp_path / "b" / "manifest.json").read_text("utf-8"))["options"]


def test_a_forced_format_that_cannot_parse_falls_back_flagged(tmp_path):
    page = FIXTURES / "newsdump" / "two_articles.txt"
    assert main(["build", str(page), "-o", str(tmp_path / "a"), "--format", "labelled", "--quiet"]) == 0
    records = _records(tmp_path / "a")
    assert {r["format"] for r in records} == {"plaintext"}
    assert all("labelled:no_body_label" in r["flags"] for r in records)


def test_an_unknown_format_is_a_usage_error(tmp_path, capsys):
    assert main(["build", str(LABELLED), "-o", str(tmp_path / "a"), "--format", "nosuch"]) == 2
    assert "unknown format 'nosuch'" in capsys.readouterr().err
    assert not (tmp_path / "a").exists()


def test_explain_says_what_a_build_does_with_files_no_format_is_asked_about(tmp_path, capsys):
    import os

    (tmp_path / "empty.txt").write_text("  \n", "utf-8")
    (tmp_path / "t.tsv").write_text("path\trepo\tbytes\na\tb\t1\nc\td\t2\ne\tf\t3\n", "utf-8")
    os.mkfifo(tmp_path / "pipe")
    for name, said in (("empty.txt", "rejects it (empty)"), ("t.tsv", "skips it (tabular_data)"),
                       ("pipe", "not a regular file")):
        assert main(["formats", "--explain", str(tmp_path / name)]) == 0
        assert said in capsys.readouterr().out
