"""Paths: reversible display names, the one check of paths from an archive, outputs kept
off the inputs; and a hostile archive refused by every command that reads paths."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import given, strategies as st

import normalize
from conftest import SEEDS
from normalize import audit, bags, exports
from normalize.archive import DOCUMENTS, MANIFEST
from normalize.paths import (Guard, OutputError, UnsafePath, archive_guard, atomic_output, check_output,
                             disk_path, display_path, os_name, safe_relative, stored_path)
from normalize.reports import write_report
from normalize.validation import NotAnArchive, validate_archive, validate_path

GBK_NAME = "新闻".encode("gbk") + b".txt"

# (the name's bytes on disk, the display path records keep, why)
DISPLAY_CASES = [
    (b"a.txt", "a.txt", "ASCII is kept"),
    ("新闻/2020年/稿.txt".encode(), "新闻/2020年/稿.txt", "UTF-8 is kept, with its folders"),
    ("a\u2028b\u0085.txt".encode(), "a\u2028b\u0085.txt", "line separators are characters of a name"),
    (b"\xff\xfe.txt", "\\xff\\xfe.txt", "bytes that are not UTF-8 become \\xNN"),
    (GBK_NAME, "\\xd0\\xc2\\xce\\xc5.txt", "GBK is not guessed: it would be ambiguous"),
    (b"a\\b.txt", "a\\\\b.txt", "a backslash of the name is doubled, so escapes are unambiguous"),
    (b"\\xff.txt", "\\\\xff.txt", "a name that spells an escape is not mistaken for one"),
    (b"\xed\xa0\x80.txt", "\\xed\\xa0\\x80.txt", "an encoded surrogate is not UTF-8"),
    ("é".encode() + b"\xc3", "é\\xc3", "a truncated sequence after a valid one"),
]


@pytest.mark.parametrize("raw, display, why", DISPLAY_CASES)
def test_display_path_is_valid_utf8_and_finds_the_name_again(raw: bytes, display: str, why: str):
    name = os.fsdecode(raw)
    assert display_path(name) == display, why
    assert json.loads(json.dumps(display)) == display and display.encode("utf-8")
    assert os.fsencode(os_name(display)) == raw


@given(st.binary(max_size=40).filter(lambda raw: b"\x00" not in raw))
def test_display_path_is_a_bijection(raw: bytes):
    display = display_path(os.fsdecode(raw))
    display.encode("utf-8")  # no surrogates
    assert os.fsencode(os_name(display)) == raw


@pytest.mark.parametrize("display, why", [
    ("\\x41.txt", "A is valid UTF-8: display_path never escapes it"),
    ("\\xFF.txt", "escapes are lower-case"),
    ("a\\b.txt", "a lone backslash"),
    ("a\\", "a backslash at the end"),
    ("\\x4", "a short escape"),
    ("a\ud800", "a surrogate is not text"),
])
def test_os_name_refuses_what_display_path_never_writes(display: str, why: str):
    with pytest.raises(UnsafePath):
        os_name(display)
        pytest.fail(why)


UNSAFE = [
    ("../../etc/hostname", "climbs out"),
    ("a/../../b", "climbs out in the middle"),
    ("/etc/hostname", "absolute"),
    ("", "empty"),
    (".", "the root itself"),
    ("./a.txt", "a . component"),
    ("a//b.txt", "an empty component"),
    ("a/", "a trailing slash"),
    ("a\x00b", "NUL"),
    ("..\\..\\etc", "lone backslashes are no names normalize writes"),
    ("\\x2e\\x2e/etc/hostname", "an escaped dot is not a name normalize writes"),
    (None, "not a string"),
    (["a.txt"], "not a string"),
]
#: Roots and climbs on Windows only: on POSIX these are legal file names a build archives.
WINDOWS_ONLY = ["C:\\\\Windows\\\\win.ini", "C:win.ini", "\\\\\\\\server\\\\share\\\\x", "..\\\\..\\\\etc\\\\passwd"]
SAFE = ["a.txt", "新闻/2020/a.txt", "\\xff\\xfe.txt", "a b/c..d.txt", "..a", ".hidden", "18_newline\nname.txt",
        "a\\\\b.txt"]


@pytest.mark.parametrize("path, why", UNSAFE)
def test_safe_relative_refuses(path: Any, why: str):
    with pytest.raises(UnsafePath):
        safe_relative(path)
        pytest.fail(why)


@pytest.mark.parametrize("path", SAFE)
def test_safe_relative_accepts_names_a_build_writes(path: str):
    assert str(safe_relative(path)) == path


def test_safe_relative_follows_links_out_of_the_root(tmp_path: Path):
    root = tmp_path / "root"
    (root / "inner").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("secret")
    (root / "inner" / "ok.txt").write_text("ok")
    os.symlink(tmp_path / "secret.txt", root / "out.txt")
    os.symlink("inner", root / "in")
    assert safe_relative("in/ok.txt", root=root) == Path("in/ok.txt")
    with pytest.raises(UnsafePath):
        safe_relative("out.txt", root=root)
    with pytest.raises(UnsafePath):
        disk_path(root, "out.txt")


@pytest.mark.parametrize("raw", [b"\xff\xfe.txt", GBK_NAME, b"a\\b.txt"])
def test_disk_path_finds_a_name_that_is_not_utf8(tmp_path: Path, raw: bytes):
    (tmp_path / os.fsdecode(raw)).write_bytes(b"x")
    found = disk_path(tmp_path, display_path(os.fsdecode(raw)))
    assert os.fsencode(found.name) == raw and found.read_bytes() == b"x"


def test_stored_path_checks_the_file_kept_under_the_display_name(tmp_path: Path):
    (tmp_path / "bag").mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    os.symlink(tmp_path / "secret.txt", tmp_path / "bag" / "\\xff.txt")  # the display name, as a bag keeps it
    with pytest.raises(UnsafePath):
        stored_path(tmp_path / "bag", "\\xff.txt")
    (tmp_path / "bag" / "a\\\\b.txt").write_text("kept")  # display a\\b.txt: the name a\b.txt
    assert stored_path(tmp_path / "bag", "a\\\\b.txt").read_text() == "kept"


def test_disk_path_finds_a_gbk_name_an_older_build_read_as_gb18030(tmp_path: Path):
    (tmp_path / os.fsdecode(GBK_NAME)).write_bytes(b"x")
    assert os.fsencode(disk_path(tmp_path, "新闻.txt").name) == GBK_NAME


# -- outputs -------------------------------------------------------------------------------------

def test_an_output_through_a_hard_link_to_a_guarded_file_is_refused(tmp_path: Path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / MANIFEST).write_text("{}")
    os.link(archive / MANIFEST, tmp_path / "report.html")
    with pytest.raises(OutputError, match="manifest.json"):
        check_output(tmp_path / "report.html", archive_guard(archive))
    assert (archive / MANIFEST).read_text() == "{}"


@pytest.mark.parametrize("dest, folder, message", [
    ("archive/report.html", False, "inside the archive"),
    ("archive/new/deeper/report.html", False, "inside the archive"),
    ("originals/report.html", False, "inside the originals"),
    ("archive", True, "inside the archive"),
    ("folder", False, "is a folder"),
    ("file.txt", True, "not a folder"),
])
def test_outputs_stay_out_of_the_archive_and_the_originals(tmp_path: Path, dest: str, folder: bool, message: str):
    for name in ("archive", "originals", "folder"):
        (tmp_path / name).mkdir()
    (tmp_path / "file.txt").write_text("")
    guard = archive_guard(tmp_path / "archive", [tmp_path / "originals"])
    with pytest.raises(OutputError, match=message):
        check_output(tmp_path / dest, guard, folder=folder)
    check_output(tmp_path / "elsewhere.html", guard)  # beside them is fine


def test_a_link_into_the_archive_is_inside_it(tmp_path: Path):
    (tmp_path / "archive").mkdir()
    os.symlink(tmp_path / "archive", tmp_path / "link")
    with pytest.raises(OutputError, match="inside"):
        check_output(tmp_path / "link" / "report.html", archive_guard(tmp_path / "archive"))


def test_atomic_output_keeps_the_old_file_when_writing_fails(tmp_path: Path):
    dest = tmp_path / "out.txt"
    dest.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_output(dest) as path:
            path.write_text("half")
            raise RuntimeError("stopped")
    assert dest.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
    with atomic_output(dest) as path:
        path.write_text("new")
    assert dest.read_text() == "new" and sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_disk_is_an_output_error_and_the_device_stays(tmp_path: Path):
    with pytest.raises(OutputError, match="No space left"):
        with atomic_output("/dev/full") as path:
            with open(path, "w") as handle:
                handle.write("x" * 100_000)
    assert not Path("/dev/full").is_file()


def test_a_folder_is_not_a_file_to_write(tmp_path: Path):
    with pytest.raises(OutputError, match="is a folder"):
        with atomic_output(tmp_path):
            pass


def test_guard_without_an_archive_guards_nothing(tmp_path: Path):
    assert archive_guard(tmp_path / "missing") == Guard()


# -- a hostile archive ---------------------------------------------------------------------------

def hostile_copy(archive: Path, target: Path, manifest_edit: Callable[[dict], None] | None = None,
                 record_edit: Callable[[dict], None] | None = None) -> Path:
    """A copy of ``archive`` at ``target`` with its manifest and first record edited; the
    shard's size and SHA-256 in the manifest follow the edit (as a forger's would)."""
    shutil.copytree(archive, target)
    lines = (target / DOCUMENTS).read_bytes().split(b"\n")
    if record_edit:
        record = json.loads(lines[0])
        record_edit(record)
        lines[0] = json.dumps(record, ensure_ascii=False).encode("utf-8")
    data = b"\n".join(lines)
    (target / DOCUMENTS).write_bytes(data)
    manifest = json.loads((target / MANIFEST).read_text("utf-8"))
    manifest["documents"][0].update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
    if manifest_edit:
        manifest_edit(manifest)
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    return target


@pytest.fixture()
def secret(tmp_path: Path) -> Path:
    """A file outside every folder given, whose SHA-256 a forger knows."""
    path = tmp_path / "secret.txt"
    path.write_text(">>>机密\n\n不应被读取的文件。\n", "utf-8")
    return path


def _first_input_at(path: str, sha256: str) -> Callable[[dict], None]:
    def edit(manifest: dict) -> None:
        manifest["inputs"][0].update(path=path, sha256=sha256)
    return edit


def _source_at(path: str, sha256: str) -> Callable[[dict], None]:
    def edit(record: dict) -> None:
        record["provenance"].update(path=path, sha256=sha256)
    return edit


@pytest.mark.parametrize("climb", ["../../secret.txt", "sub/../../../secret.txt", "ABSOLUTE"])
def test_validate_names_an_input_path_that_climbs_out(tmp_path: Path, seeds_archive: Path, secret: Path, climb: str):
    climb = str(secret) if climb == "ABSOLUTE" else climb
    sha = hashlib.sha256(secret.read_bytes()).hexdigest()
    out = hostile_copy(seeds_archive, tmp_path / "hostile", _first_input_at(climb, sha), _source_at(climb, sha))
    messages = [str(p) for p in validate_archive(out)]
    assert any(m.startswith(f"{MANIFEST}: inputs/0/path") for m in messages), messages
    assert any(m.startswith(f"{DOCUMENTS}:1: provenance/path") for m in messages), messages


def _roots(*roots: str) -> Callable[[dict], None]:
    def edit(manifest: dict) -> None:
        manifest["roots"] = list(roots)
    return edit


def _all(*edits: Callable[[dict], None]) -> Callable[[dict], None]:
    def edit(target: dict) -> None:
        for one in edits:
            one(target)
    return edit


def test_show_source_refuses_a_source_outside_its_root(tmp_path: Path, seeds_archive: Path, secret: Path):
    sha = hashlib.sha256(secret.read_bytes()).hexdigest()
    # the root is the folder the archive sits in (tmp_path/work): ../secret.txt is tmp_path/secret.txt
    out = hostile_copy(seeds_archive, tmp_path / "work" / "hostile",
                       _all(_first_input_at("../secret.txt", sha), _roots(".")), _source_at("../secret.txt", sha))
    record = next(normalize.read_archive(out))
    with pytest.raises(audit.NotFound, match="refused"):
        audit.show(out, record["id"], source=True)
    with pytest.raises(audit.NotFound, match="refused"):
        audit.show(out, record["id"], source=True, originals=str(tmp_path / "work"))


def test_show_source_refuses_a_link_out_of_the_originals(tmp_path: Path, seeds_archive: Path, secret: Path):
    record = next(normalize.read_archive(seeds_archive))
    originals = tmp_path / "originals"
    originals.mkdir()
    shutil.copy(secret, tmp_path / "copy.txt")
    sha = hashlib.sha256(secret.read_bytes()).hexdigest()
    name = record["provenance"]["path"]
    out = hostile_copy(seeds_archive, tmp_path / "hostile", _all(_first_input_at(name, sha), _roots("nowhere")),
                       _source_at(name, sha))
    os.symlink(secret, originals / name)
    with pytest.raises(audit.NotFound, match="refused"):
        audit.show(out, record["id"], source=True, originals=str(originals))


def _shard_outside(manifest: dict) -> None:
    manifest["documents"][0]["file"] = "../outside/documents.jsonl"


def test_a_shard_named_outside_the_archive_is_never_read(tmp_path: Path, seeds_archive: Path):
    out = hostile_copy(seeds_archive, tmp_path / "hostile", _shard_outside)
    (tmp_path / "outside").mkdir()
    shutil.copy(seeds_archive / DOCUMENTS, tmp_path / "outside" / DOCUMENTS)
    messages = [str(p) for p in validate_archive(out)]
    assert any("documents/0/file" in m and "not read" in m for m in messages), messages
    with pytest.raises(UnsafePath):
        exports.export(out, "dolma", tmp_path / "d.jsonl")
    with pytest.raises(UnsafePath):
        write_report(out, tmp_path / "r.html")
    with pytest.raises(bags.PackageError, match="unsafe"):
        bags.package(out, [SEEDS], tmp_path / "bag")
    with pytest.raises(audit.NotFound, match="refused"):
        audit.find_record(out, "anything")
    assert not (tmp_path / "d.jsonl").exists() and not (tmp_path / "r.html").exists()
    assert not (tmp_path / "bag").exists()


def test_validate_path_says_a_missing_path_is_no_archive(tmp_path: Path):
    with pytest.raises(NotAnArchive, match="no such folder"):
        validate_path(tmp_path / "missing")
    (tmp_path / "file").write_text("")
    with pytest.raises(NotAnArchive, match="not a folder"):
        validate_path(tmp_path / "file")


@pytest.mark.parametrize("path", WINDOWS_ONLY)
def test_windows_roots_are_refused_only_where_the_os_takes_them_for_roots(path: str):
    if os.sep == "\\":
        with pytest.raises(UnsafePath):
            safe_relative(path)
    else:
        assert str(safe_relative(path)) == path


def test_posix_names_that_look_like_windows_paths_build_a_valid_archive(tmp_path):
    import normalize
    from normalize.validation import validate_archive

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("c:evil.txt", "C:\\x.txt", "\\\\server\\share.txt", "x\\..\\y.txt"):
        (folder / name).write_text(f">>>{name}标题\n正文内容。\n", "utf-8")
    manifest = normalize.build([folder], tmp_path / "out")
    assert manifest["totals"]["archived"] == 4 and validate_archive(tmp_path / "out") == []
