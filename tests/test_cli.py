"""The command line: exit codes, bad input accounted for, validate."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import SEEDS
from normalize.cli import main


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text("utf-8"))


def test_build_and_validate_exit_zero(tmp_path: Path):
    assert main(["build", str(SEEDS), "-o", str(tmp_path / "a"), "--quiet"]) == 0
    assert main(["validate", str(tmp_path / "a")]) == 0


def test_python_dash_m_runs(tmp_path: Path):
    done = subprocess.run([sys.executable, "-m", "normalize", "build", str(SEEDS), "-o", str(tmp_path / "a")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "records from 5 files" in done.stdout


def test_usage_errors_exit_two(tmp_path: Path):
    assert main(["build", str(tmp_path / "missing"), "-o", str(tmp_path / "a")]) == 2
    assert main(["build", str(SEEDS)]) == 2
    assert main(["frobnicate"]) == 2


def test_bad_inputs_are_rejected_and_the_run_goes_on(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "b_empty.txt").write_bytes(b"")
    (folder / "c_blank.txt").write_bytes(b"  \n\t\r\n")
    (folder / "d_good.txt").write_text(">>>标题\n\n正文。\n", "utf-8")
    (folder / "e_copy.txt").write_text(">>>标题\n\n正文。\n", "utf-8")
    (folder / ".hidden.txt").write_text("不应出现", "utf-8")
    out = tmp_path / "out"
    assert main(["build", str(folder), "-o", str(out), "--quiet"]) == 1
    entries = {e["path"]: e for e in _manifest(out)["inputs"]}
    assert set(entries) == {"a_image.png", "b_empty.txt", "c_blank.txt", "d_good.txt", "e_copy.txt"}
    assert entries["a_image.png"]["reason"] == "binary"
    assert entries["b_empty.txt"]["reason"] == "empty"
    assert entries["c_blank.txt"]["reason"] == "empty"
    assert entries["d_good.txt"]["status"] == "archived" and entries["d_good.txt"]["records"] == 1
    assert entries["e_copy.txt"]["status"] == "skipped" and "d_good.txt" in entries["e_copy.txt"]["detail"]
    assert main(["validate", str(out)]) == 0


def test_file_arguments_are_named_by_their_file_name(tmp_path: Path):
    seed = sorted(SEEDS.iterdir())[0]
    out = tmp_path / "out"
    assert main(["build", str(seed), "-o", str(out), "--quiet"]) == 0
    assert [e["path"] for e in _manifest(out)["inputs"]] == [seed.name]


def test_rebuild_replaces_the_previous_archive(tmp_path: Path):
    out = tmp_path / "out"
    assert main(["build", str(SEEDS), "-o", str(out), "--quiet"]) == 0
    (out / "stale.txt").write_text("old", "utf-8")
    assert main(["build", str(SEEDS), "-o", str(out), "--quiet"]) == 0
    assert not (out / "stale.txt").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_folder_that_is_not_an_archive_is_never_replaced(tmp_path: Path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", "utf-8")
    assert main(["build", str(SEEDS), "-o", str(out), "--quiet"]) == 2
    assert (out / "notes.txt").read_text("utf-8") == "keep me"


def test_tab_separated_tables_are_skipped(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "SOURCES.tsv").write_text("path\trepo\tbytes\na.txt\tx/y\t10\nb.txt\tx/z\t20\nc.txt\tx/w\t30\n", "utf-8")
    out = tmp_path / "out"
    assert main(["build", str(folder), "-o", str(out), "--quiet"]) == 0
    (entry,) = _manifest(out)["inputs"]
    assert (entry["status"], entry["reason"]) == ("skipped", "tabular_data")


def test_nlp_profile_folds_what_archival_keeps(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(">>>标题\n\n会员ＶＩＰ２０１２年,关键在治。\n图为工地现场。新华社记者 张三 摄\n", "utf-8")
    for profile in ("archival", "nlp"):
        assert main(["build", str(folder), "-o", str(tmp_path / profile), "--profile", profile, "--quiet"]) == 0
    archival = json.loads((tmp_path / "archival" / "documents.jsonl").read_text("utf-8"))
    nlp = json.loads((tmp_path / "nlp" / "documents.jsonl").read_text("utf-8"))
    assert "ＶＩＰ２０１２年,关键" in archival["text"] and "新华社记者" in archival["text"]
    assert "VIP2012年，关键" in nlp["text"] and "新华社记者" not in nlp["text"]
    assert nlp["fixes"]["fullwidth_ascii"] == 7 and nlp["fixes"]["drop_captions"] == 1
    assert _manifest(tmp_path / "nlp")["options"]["profile"] == "nlp"


def test_a_fifo_is_rejected_not_waited_on(tmp_path: Path):
    import os
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe")
    (folder / "good.txt").write_text(">>>标题\n\n正文。\n", "utf-8")
    assert main(["build", str(folder), "-o", str(tmp_path / "out"), "--quiet"]) == 1
    entries = {e["path"]: e for e in _manifest(tmp_path / "out")["inputs"]}
    assert entries["pipe"]["reason"] == "unreadable" and entries["good.txt"]["status"] == "archived"


def test_build_json_is_one_object_a_pipeline_can_read(tmp_path: Path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt").write_bytes(b"\x00\x01\x02" * 200)  # binary: rejected
    (tmp_path / "in" / "a.txt").write_bytes(sorted(SEEDS.iterdir())[0].read_bytes())
    code = main(["build", str(tmp_path / "in"), "-o", str(tmp_path / "a"), "--json"])
    out, err = capsys.readouterr()
    summary = json.loads(out)  # stdout is the JSON object alone
    manifest = _manifest(tmp_path / "a")
    assert code == summary["exit_code"] == 1
    assert summary["totals"] == manifest["totals"] and summary["counters"] == manifest["counters"]
    assert summary["documents"] == manifest["documents"]
    assert [r["path"] for r in summary["run"]["rejected"]] == ["bad.txt"]  # as in the manifest
    assert summary["run"]["rejected"][0]["reason"] == "binary"
    assert summary["run"]["inputs"] == 2 and summary["run"]["bytes_read"] > 0
    assert "rejected" in err  # the reject line still goes to stderr


def test_build_json_with_ocfl_prints_the_one_object(tmp_path: Path, capsys):
    """The deposit's own line would break a pipeline reading stdout as JSON."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(sorted(SEEDS.iterdir())[0].read_bytes())
    code = main(["build", str(tmp_path / "in"), "-o", str(tmp_path / "a"), "--json",
                 "--ocfl", str(tmp_path / "root")])
    out, _ = capsys.readouterr()
    assert code == 0 and json.loads(out)["exit_code"] == 0
    assert (tmp_path / "root" / "0=ocfl_1.1").exists() or any((tmp_path / "root").iterdir())


def test_show_json_and_dest(tmp_path: Path, seeds_archive: Path, capsys):
    record = next(iter(__import__("normalize").read_archive(seeds_archive)))
    assert main(["show", str(seeds_archive), record["id"], "--json", "--source", "--diff"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["record"] == record
    assert shown["source"]["line_start"] == record["provenance"]["line_start"]
    assert len(shown["source"]["lines"]) == record["provenance"]["line_end"] - record["provenance"]["line_start"] + 1
    assert shown["diff"][0].startswith("--- source")
    assert main(["show", str(seeds_archive), record["id"], "-o", str(tmp_path / "r.txt")]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads((tmp_path / "r.txt").read_text("utf-8")) == record
    assert main(["show", str(seeds_archive), record["id"], "-o", str(seeds_archive / "x.txt")]) == 2
    assert not (seeds_archive / "x.txt").exists()


def test_every_command_lists_the_exit_codes_in_its_help():
    from normalize.cli import EXIT_BROKEN_PIPE, EXIT_FAILED, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, _parser

    parser = _parser()
    commands = next(a for a in parser._subparsers._actions if a.dest == "command").choices
    for helped in [parser, *commands.values()]:
        text = helped.format_help()
        assert "exit codes:" in text, helped.prog
        for code in (EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_FAILED, 130, EXIT_BROKEN_PIPE):
            assert f"\n  {code} " in text, (helped.prog, code)
