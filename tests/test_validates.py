"""Inputs that once made ``build`` write an archive its own ``validate`` rejected, or made
it reach outside the folders it was given: each now gives a valid archive, with every
input named in the manifest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import normalize
from normalize.options import UsageError
from normalize.validation import validate_archive


def _build(tmp_path: Path, files: dict[str, bytes], **options) -> tuple[dict, list[dict]]:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    out = tmp_path / "out"
    manifest = normalize.build([folder], out, **options)
    assert validate_archive(out) == []
    return manifest, list(normalize.read_archive(out))


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_line_separators_in_a_title_leave_one_record_per_line(tmp_path, separator):
    page = f"---\ntitle: 前面\nauthor: 作者{separator}二\n---\n\n正文{separator}第二行。\n"
    manifest, records = _build(tmp_path, {"a.txt": f">>>标题前半{separator}标题后半\n正文。\n".encode(),
                                          "b.md": page.encode()})
    assert manifest["totals"]["records"] == 2
    data = (tmp_path / "out" / "documents.jsonl").read_bytes()
    assert data.count(b"\n") == 2 and separator.encode() not in data
    assert data.decode("utf-8").count("\n") == len(data.decode("utf-8").splitlines())  # naive readers agree
    # a title is one line; NEL, a C1 control, goes with the other controls (control_chars)
    assert records[0]["title"] == ("标题前半标题后半" if separator == "\x85" else "标题前半 标题后半")


@pytest.mark.parametrize("separator, escaped", [("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\x85", "\\u0085")])
def test_line_separators_are_written_escaped_and_read_back_as_they_were(separator, escaped):
    from normalize.records import dumps

    line = dumps({"text": f"甲{separator}乙", "tags": [separator]})
    assert separator not in line and line.count(escaped) == 2 and len(line.splitlines()) == 1
    assert json.loads(line) == {"text": f"甲{separator}乙", "tags": [separator]}


def test_text_after_a_closing_banner_is_its_own_record_with_its_own_id(tmp_path):
    _, records = _build(tmp_path, {"p.md": "## 第一篇标题\n正文。\n# 第二版\n页尾文字\n".encode()})
    assert [(r["id"][-4:], r["provenance"]["line_start"], r["provenance"]["line_end"]) for r in records] == [
        ("0000", 1, 2), ("0001", 4, 4)]


@pytest.mark.parametrize("target", ["/etc/passwd", "/proc/self/environ"])
def test_a_link_out_of_the_input_folder_is_not_followed(tmp_path, target):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(">>>标题\n正文内容在这里。\n", "utf-8")
    (folder / "leak.txt").symlink_to(target)
    (folder / "inside.txt").symlink_to(folder / "good.txt")  # a link inside the folder is read
    manifest = normalize.build([folder], tmp_path / "out")
    entries = {e["path"]: e for e in manifest["inputs"]}
    assert (entries["leak.txt"]["status"], entries["leak.txt"]["reason"]) == ("skipped", "outside_input")
    assert entries["leak.txt"]["sha256"] == "" and entries["leak.txt"]["bytes"] == 0
    assert entries["inside.txt"]["reason"] == "duplicate_file"
    assert validate_archive(tmp_path / "out") == []
    assert "root:" not in (tmp_path / "out" / "documents.jsonl").read_text("utf-8")


def test_a_dangling_link_out_of_the_folder_is_not_read_when_its_target_appears(tmp_path):
    from normalize.progress import Silent

    folder, outside = tmp_path / "in", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    (folder / "a.txt").write_text(">>>标题\n正文。\n", "utf-8")
    (folder / "dangling.txt").symlink_to("../outside/later.txt")

    class Planting(Silent):  # the target appears after the walk, before the read
        def start(self, files: int, size: int) -> None:
            (outside / "later.txt").write_text("外面的秘密。\n", "utf-8")
            super().start(files, size)

    manifest = normalize.build([folder], tmp_path / "out", progress=Planting())
    entry = next(e for e in manifest["inputs"] if e["path"] == "dangling.txt")
    assert (entry["status"], entry["reason"], entry["bytes"]) == ("skipped", "outside_input", 0)


def test_a_link_changed_after_the_walk_is_not_read_outside(tmp_path):
    from normalize.plan import collect_inputs
    from normalize.process import process_file

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(">>>标题\n正文。\n", "utf-8")
    (folder / "b.txt").symlink_to("a.txt")
    (tmp_path / "secret.txt").write_text("外面的秘密。\n", "utf-8")
    items = collect_inputs([folder])
    (folder / "b.txt").unlink()
    (folder / "b.txt").symlink_to(tmp_path / "secret.txt")
    result = process_file(next(item for item in items if item.path == "b.txt"))
    assert (result.status, result.reason, result.records) == ("skipped", "outside_input", ())


def test_a_second_build_of_one_archive_refuses_while_the_first_runs(tmp_path):
    from normalize.archive import locked

    with locked(tmp_path / "out"):
        with pytest.raises(UsageError, match="another build is writing"):
            normalize.build([Path(__file__).parent.parent / "seeds"], tmp_path / "out", append=True)
    (tmp_path / "alias").symlink_to("out")
    with locked(tmp_path / "out"):  # one lock however OUT is spelled
        with pytest.raises(UsageError, match="another build is writing"):
            normalize.build([Path(__file__).parent.parent / "seeds"], tmp_path / "alias")
    normalize.build([Path(__file__).parent.parent / "seeds"], tmp_path / "alias")  # free again
    assert (tmp_path / "alias").is_symlink() and (tmp_path / "out" / "manifest.json").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_build_of_missing_inputs_makes_no_folders_and_a_planted_lock_link_is_not_followed(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        normalize.build([tmp_path / "nowhere"], tmp_path / "a" / "b" / "out")
    assert not (tmp_path / "a").exists()
    (tmp_path / ".out.lock").symlink_to(tmp_path / "target")
    with pytest.raises(OSError):
        normalize.build([Path(__file__).parent.parent / "seeds"], tmp_path / "out")
    assert not (tmp_path / "target").exists()


def test_concurrent_appends_never_lose_an_input(tmp_path):
    seeds = sorted((Path(__file__).parent.parent / "seeds").iterdir())
    normalize.build([seeds[0]], tmp_path / "out")
    runs = [subprocess.Popen([sys.executable, "-m", "normalize", "build", str(seed), "-o", str(tmp_path / "out"),
                              "--append", "--quiet"], stderr=subprocess.PIPE, text=True) for seed in seeds[1:3]]
    codes = [(run.wait(), run.stderr.read()) for run in runs]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    done = [seed.name for seed, (code, _) in zip(seeds[1:3], codes) if code == 0]
    assert all(code == 0 or (code == 2 and "another build" in err) for code, err in codes)
    assert {e["path"] for e in manifest["inputs"]} == {seeds[0].name, *done}
    assert validate_archive(tmp_path / "out") == []


def test_front_matter_nested_past_the_stack_falls_back_to_plain_text_with_the_body(tmp_path):
    page = "---\ntitle: " + "[" * 50_000 + "\n---\n\n正文内容要保留下来。\n"
    manifest, records = _build(tmp_path, {"deep.md": page.encode()})
    assert manifest["inputs"][0]["status"] == "archived"
    assert any("正文内容要保留下来" in record["text"] for record in records)


def test_a_library_call_keeps_the_callers_alarm(tmp_path):
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        normalize.build([Path(__file__).parent.parent / "seeds"], tmp_path / "out", file_timeout=5)
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 20  # still running, not cancelled
        assert signal.getsignal(signal.SIGALRM) is not signal.SIG_DFL and not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_limit_still_holds_when_the_caller_owns_the_alarm(tmp_path):
    previous = signal.signal(signal.SIGALRM, lambda *_: None)
    try:
        text = (Path(__file__).parent.parent / "seeds").iterdir().__next__().read_text("utf-8")
        # 600 copies: about 0.5 s of work now, ten times the limit (60 took 0.08 s once the
        # build got faster, too close to the 0.05 s limit to fail reliably)
        manifest, _ = _build(tmp_path, {"slow.txt": (text * 600).encode(), "ok.txt": ">>>题\n正文。\n".encode()},
                             file_timeout=0.05)
        assert [e["reason"] for e in manifest["inputs"]] == [None, "too_slow"]
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert threading.active_count() >= 1


def test_a_sparse_file_over_the_limit_counts_as_nothing_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: no disk used
    (folder / "ok.txt").write_text(">>>标题\n正文。\n", "utf-8")
    run = subprocess.run([sys.executable, "-m", "normalize", "build", str(folder), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert "too_large" in run.stderr and " 0.0 MB read" in run.stdout


def test_show_into_a_closed_pipe_is_not_a_usage_error(tmp_path):
    seeds = Path(__file__).parent.parent / "seeds"
    normalize.build([seeds], tmp_path / "out")
    record = next(normalize.read_archive(tmp_path / "out"))
    show = subprocess.Popen([sys.executable, "-m", "normalize", "show", str(tmp_path / "out"), record["id"], "--source"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    show.stdout.read(10)
    show.stdout.close()  # as `| head -c 10` does
    assert show.wait() in (0, 141), show.stderr.read()
    assert b"Traceback" not in show.stderr.read()


def test_validate_of_a_missing_folder_is_a_usage_error(tmp_path):
    run = subprocess.run([sys.executable, "-m", "normalize", "validate", str(tmp_path / "nowhere")],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr


def test_the_build_api_takes_every_option_the_cli_has():
    import inspect

    from normalize.cli import _parser

    build = next(a for a in _parser()._subparsers._actions if a.dest == "command").choices["build"]
    printing = {"quiet", "json", "log_every"}  # how the CLI prints; the API prints nothing (progress: a callback)
    cli = {a.dest for a in build._actions} - {"help", "paths", "out"} - printing
    api = set(inspect.signature(normalize.build).parameters)
    renamed = {"shard_size": "shard_bytes"}
    assert {renamed.get(name, name) for name in cli} <= api
    os.environ.get("PATH")


@pytest.mark.parametrize("name, page", [
    ("yaml.md", '---\ntitle: "标题\\ud800尾"\ntags: ["\\udfff"]\n---\n\n正文第一段，内容。\n'),
    ("json.md", '{\n  "title": "标题\\ud800尾"\n}\n\n正文第一段，内容。\n'),
])
def test_a_lone_surrogate_escape_in_front_matter_is_replaced_not_fatal(tmp_path, name, page):
    seed = next((Path(__file__).parent.parent / "seeds").iterdir())
    manifest, records = _build(tmp_path, {name: page.encode(), "seed.txt": seed.read_bytes()})
    assert manifest["totals"]["archived"] == 2
    record = next(r for r in records if r["provenance"]["path"] == name)
    assert record["title"] == "标题\ufffd尾" and "replacement_char" in record["flags"]


def test_an_input_inside_out_is_refused_not_deleted(tmp_path):
    seeds = Path(__file__).parent.parent / "seeds"
    normalize.build([seeds], tmp_path / "out")
    (tmp_path / "out" / "mine").mkdir()
    (tmp_path / "out" / "mine" / "only-copy.txt").write_text(">>>标题\n正文。\n", "utf-8")
    for given in ([tmp_path / "out" / "mine"], [tmp_path / "out"], [tmp_path / "out" / "mine" / "only-copy.txt"]):
        with pytest.raises(UsageError, match="inside the archive"):
            normalize.build(given, tmp_path / "out", append=True)
    assert (tmp_path / "out" / "mine" / "only-copy.txt").exists()
