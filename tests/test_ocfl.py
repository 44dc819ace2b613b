"""OCFL versions of an archive: two appended builds make v1 and v2, each restored byte for
byte; ocfl-py's validator and ``normalize validate`` agree; an unchanged archive adds no
version; tampering and hostile objects are caught; reproducible with SOURCE_DATE_EPOCH."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import ocfl as ocfl_py
import pytest
from ocfl.validator import Validator

from conftest import SEEDS
from normalize import ocfl
from normalize.cli import main
from normalize.validation import validate_path

EPOCH = "1583798400"  # 2020-03-10T00:00:00Z


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def halves(tmp_path: Path) -> tuple[Path, Path]:
    """The seeds in two folders: the first two files, and the rest."""
    names = sorted(p.name for p in SEEDS.iterdir())
    first, rest = tmp_path / "first", tmp_path / "rest"
    for folder, part in ((first, names[:2]), (rest, names[2:])):
        folder.mkdir()
        for name in part:
            shutil.copyfile(SEEDS / name, folder / name)
    return first, rest


@pytest.fixture()
def two_versions(tmp_path: Path, halves: tuple[Path, Path], monkeypatch) -> dict[str, Path]:
    """Two ``build --append --ocfl`` runs; OUT as it was after each, and the root."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out, root = tmp_path / "out", tmp_path / "ocfl-root"
    assert main(["build", str(halves[0]), "-o", str(out), "--append", "--ocfl", str(root), "--quiet",
                 "--user", "Ada Librarian", "--address", "mailto:ada@example.org"]) == 0
    shutil.copytree(out, tmp_path / "after-1")
    assert main(["build", str(halves[1]), "-o", str(out), "--append", "--ocfl", str(root), "--quiet",
                 "--user", "Ada Librarian", "--address", "mailto:ada@example.org"]) == 0
    return {"out": out, "after_1": tmp_path / "after-1", "root": root}


def object_folder(root: Path) -> Path:
    [(_, relative)] = ocfl.object_ids(root)
    return root / relative


def test_two_appended_builds_make_two_versions_each_restored_byte_for_byte(two_versions, tmp_path: Path):
    root = two_versions["root"]
    assert ocfl.object_ids(root) == [("urn:normalize:out", "3d9/e00/56b/urn%3anormalize%3aout")]
    inventory = json.loads((object_folder(root) / "inventory.json").read_text("utf-8"))
    assert inventory["head"] == "v2" and list(inventory["versions"]) == ["v1", "v2"]
    first = inventory["versions"]["v1"]
    assert first["created"] == "2020-03-10T00:00:00Z"
    assert first["user"] == {"name": "Ada Librarian", "address": "mailto:ada@example.org"}
    assert first["message"].startswith("normalize build: ") and " records from 2 files" in first["message"]
    assert " from 5 files" in inventory["versions"]["v2"]["message"]
    assert ocfl.restore(root, "urn:normalize:out", "v1", tmp_path / "v1") == "v1"
    assert tree(tmp_path / "v1") == tree(two_versions["after_1"])
    assert main(["restore", str(root), "--version", "v2", "-o", str(tmp_path / "v2")]) == 0
    assert tree(tmp_path / "v2") == tree(two_versions["out"])
    assert tree(tmp_path / "v1") != tree(tmp_path / "v2")
    assert main(["validate", str(tmp_path / "v1")]) == 0  # a restored version is an archive


def test_ocfl_py_and_normalize_validate_agree_the_root_is_valid(two_versions, capsys):
    root = two_versions["root"]
    store = ocfl_py.StorageRoot(root=str(root))
    assert store.validate(log_warnings=True)
    assert (store.num_objects, store.good_objects, store.errors) == (1, 1, [])
    validator = Validator(log_warnings=True, check_digests=True)
    assert validator.validate_object(str(object_folder(root))), validator.status_str()
    assert validator.log.num_warnings == 0, validator.status_str()
    assert (root / "ocfl_layout.json").is_file() and (root / "0=ocfl_1.1").is_file()
    assert validate_path(root) == [] and validate_path(object_folder(root)) == []
    assert main(["validate", str(root)]) == 0
    assert "valid" in capsys.readouterr().out


def test_a_tampered_content_file_is_a_problem(two_versions):
    root = two_versions["root"]
    content = object_folder(root) / "v1" / "content" / "documents.jsonl"
    content.write_bytes(content.read_bytes().replace(b"\n", b"\r\n", 1))
    assert not Validator().validate_object(str(object_folder(root)))
    problems = [str(p) for p in validate_path(root)]
    assert problems and all(p.startswith("3d9/e00/56b/urn%3anormalize%3aout: ") for p in problems)
    assert any("v1/content/documents.jsonl" in p for p in problems)
    assert main(["validate", str(root)]) == 1


def test_a_valid_object_whose_head_is_no_valid_archive_is_a_problem(tmp_path: Path, two_versions):
    not_an_archive = tmp_path / "other"
    not_an_archive.mkdir()
    (not_an_archive / "manifest.json").write_text("{}", "utf-8")
    with pytest.raises(ocfl.OcflError, match="no manifest with totals"):
        ocfl.deposit(not_an_archive, two_versions["root"], "urn:normalize:other")
    done = ocfl.deposit(not_an_archive, two_versions["root"], "urn:normalize:other", message="not an archive")
    assert done.added and done.version == "v1"
    problems = [str(p) for p in validate_path(two_versions["root"])]
    assert problems and all(p.startswith(f"{done.path}/v1/manifest.json: ") for p in problems)


def test_package_ocfl_adds_no_version_when_the_archive_is_unchanged(tmp_path: Path, seeds_archive: Path, capsys):
    root = tmp_path / "root"
    assert main(["package", str(seeds_archive), "--ocfl", str(root), "--id", "urn:example:seeds"]) == 0
    assert "v1 added" in capsys.readouterr().out
    before = tree(root)
    assert main(["package", str(seeds_archive), "--ocfl", str(root), "--id", "urn:example:seeds"]) == 0
    assert "unchanged" in capsys.readouterr().out
    assert tree(root) == before
    assert ocfl.deposit(seeds_archive, root, "urn:example:seeds").added is False
    assert [i for i, _ in ocfl.object_ids(root)] == ["urn:example:seeds"]


def test_roots_made_the_same_way_are_byte_identical_with_source_date_epoch(tmp_path: Path, halves, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    made = []
    for name in ("one", "two"):
        out = tmp_path / name / "out"
        for half in halves:
            assert main(["build", str(half), "-o", str(out), "--append", "--ocfl", str(tmp_path / name / "root"),
                         "--quiet"]) == 0
        made.append(tree(tmp_path / name / "root"))
    assert made[0] == made[1]
    assert any(path.endswith("/v2/inventory.json") for path in made[0])


def test_usage_errors(tmp_path: Path, seeds_archive: Path, halves, capsys):
    root = tmp_path / "root"
    assert main(["package", str(seeds_archive)]) == 2
    assert main(["package", str(seeds_archive), "--ocfl", str(root), "-o", str(tmp_path / "bag")]) == 2
    assert main(["package", str(seeds_archive), "--ocfl", str(root), "--originals", str(SEEDS)]) == 2
    assert main(["package", str(seeds_archive), "-o", str(tmp_path / "bag")]) == 2  # a bag needs originals
    assert not root.exists() and not (tmp_path / "bag").exists()
    out = tmp_path / "out"
    assert main(["build", str(halves[0]), "-o", str(out), "--ocfl", str(out / "root"), "--quiet"]) == 2
    assert not out.exists()
    (tmp_path / "stuff").mkdir()
    (tmp_path / "stuff" / "file.txt").write_text("x", "utf-8")
    assert main(["package", str(seeds_archive), "--ocfl", str(tmp_path / "stuff")]) == 2
    assert "not an OCFL storage root" in capsys.readouterr().err


def test_restore_refuses_a_full_destination_and_a_missing_version(tmp_path: Path, seeds_archive: Path, capsys):
    root = tmp_path / "root"
    assert main(["package", str(seeds_archive), "--ocfl", str(root)]) == 0
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine", "utf-8")
    assert main(["restore", str(root), "-o", str(tmp_path / "full")]) == 2
    assert (tmp_path / "full" / "keep.txt").read_text("utf-8") == "mine"
    assert main(["restore", str(root), "--version", "v7", "-o", str(tmp_path / "v7")]) == 2
    assert "no version 'v7'" in capsys.readouterr().err and not (tmp_path / "v7").exists()
    assert main(["restore", str(root), "--id", "urn:nobody", "-o", str(tmp_path / "x")]) == 2
    assert main(["restore", str(root), "-o", str(root / "inside")]) == 2
    (tmp_path / "empty").mkdir()
    assert main(["restore", str(root), "-o", str(tmp_path / "empty")]) == 0
    assert tree(tmp_path / "empty") == tree(seeds_archive)


def test_a_content_file_linked_outside_the_object_is_never_read(tmp_path: Path, seeds_archive: Path):
    """The link has the right bytes, so the digests pass: the path check must refuse it."""
    root = tmp_path / "root"
    done = ocfl.deposit(seeds_archive, root)
    content = root / done.path / "v1" / "content" / "manifest.json"
    outside = tmp_path / "outside.json"
    shutil.copyfile(content, outside)
    content.unlink()
    os.symlink(outside, content)
    with pytest.raises(ocfl.OcflError, match="outside"):
        ocfl.restore(root, done.object_id, "v1", tmp_path / "restored")
    assert not (tmp_path / "restored").exists()
    assert any("outside" in str(p) for p in validate_path(root))


def test_without_ocfl_py_the_error_says_what_to_install(tmp_path: Path, seeds_archive: Path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ocfl", None)  # as if ocfl-py were not installed: import fails
    assert main(["package", str(seeds_archive), "--ocfl", str(tmp_path / "root")]) == 2
    assert "pip install 'normalize[ocfl]'" in capsys.readouterr().err
    assert not (tmp_path / "root").exists()


def test_a_logical_path_that_climbs_out_is_never_written(tmp_path: Path, seeds_archive: Path):
    """A hostile inventory (sidecars made to match) names ``../escape.json``: refused by
    ocfl-py's validator or by the path check, never written outside DEST."""
    root = tmp_path / "root"
    done = ocfl.deposit(seeds_archive, root)
    folder = root / done.path
    for inventory_file in (folder / "inventory.json", folder / "v1" / "inventory.json"):
        inventory = json.loads(inventory_file.read_text("utf-8"))
        state = inventory["versions"]["v1"]["state"]
        digest = next(d for d, paths in state.items() if paths == ["manifest.json"])
        state[digest] = ["../escape.json"]
        inventory_file.write_text(json.dumps(inventory, sort_keys=True, indent=2), "utf-8")
        digest_of_inventory = hashlib.sha512(inventory_file.read_bytes()).hexdigest()
        (inventory_file.parent / "inventory.json.sha512").write_text(f"{digest_of_inventory} inventory.json\n")
    (tmp_path / "dest").mkdir()
    with pytest.raises(ocfl.OcflError):
        ocfl.restore(root, done.object_id, "v1", tmp_path / "dest" / "restored")
    assert not (tmp_path / "dest" / "escape.json").exists() and not (tmp_path / "escape.json").exists()
    assert validate_path(root) != []


def test_a_second_deposit_into_a_busy_root_is_refused(tmp_path: Path, seeds_archive: Path, capsys):
    from normalize.archive import locked

    root = tmp_path / "root"
    with locked(root):  # what a deposit running elsewhere holds
        assert main(["package", str(seeds_archive), "--ocfl", str(root)]) == 2
    assert "another deposit is writing the OCFL root" in capsys.readouterr().err
    assert not root.exists()
    assert main(["package", str(seeds_archive), "--ocfl", str(root)]) == 0


def test_the_build_api_deposits_a_version_as_the_cli_does(tmp_path, monkeypatch):
    import normalize

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    seeds = sorted((Path(__file__).parent.parent / "seeds").iterdir())
    normalize.build([seeds[0]], tmp_path / "out", ocfl=tmp_path / "root", object_id="urn:x:one", user="tester")
    normalize.build([seeds[1]], tmp_path / "out", append=True, ocfl=tmp_path / "root", object_id="urn:x:one")
    assert validate_path(tmp_path / "root") == []
    restored = tmp_path / "v2"
    assert main(["restore", str(tmp_path / "root"), "--id", "urn:x:one", "--version", "v2", "-o", str(restored)]) == 0
    assert (restored / "manifest.json").read_bytes() == (tmp_path / "out" / "manifest.json").read_bytes()
