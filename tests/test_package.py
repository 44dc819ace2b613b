"""BagIt packages: valid, byte-exact originals, tamper-evident, reproducible."""

from __future__ import annotations

import json
from pathlib import Path

import bagit
import pytest

import normalize
from conftest import SEEDS
from normalize.cli import main
from normalize.validate import validate_path


@pytest.fixture()
def bag(tmp_path: Path, seeds_archive: Path) -> Path:
    assert main(["package", str(seeds_archive), "--originals", str(SEEDS), "-o", str(tmp_path / "bag"),
                 "--info", "Source-Organization=测试图书馆"]) == 0
    return tmp_path / "bag"


def test_the_bag_passes_bagit_and_normalize_validation(bag: Path):
    bagit.Bag(str(bag)).validate()
    assert validate_path(bag) == []
    for original in SEEDS.iterdir():
        assert (bag / "data" / "originals" / original.name).read_bytes() == original.read_bytes()
    info = (bag / "bag-info.txt").read_text("utf-8")
    for field in ("Bagging-Date", "Payload-Oxum", "Bag-Software-Agent", "External-Description",
                  "Source-Organization: 测试图书馆"):
        assert field in info
    assert (bag / "manifest-sha512.txt").exists() and (bag / "tagmanifest-sha256.txt").exists()


def test_a_changed_original_fails_both_validations(bag: Path):
    original = next((bag / "data" / "originals").iterdir())
    original.write_bytes(original.read_bytes() + b"x")
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(bag)).validate()
    problems = [str(p) for p in validate_path(bag)]
    assert any(original.name in p and "provenance.sha256" in p for p in problems)
    assert main(["validate", str(bag)]) == 1


def test_validate_json(bag: Path, capsys):
    assert main(["validate", str(bag), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"path": str(bag), "valid": True, "problems": []}


def test_packages_are_reproducible_with_source_date_epoch(tmp_path: Path, seeds_archive: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1583798400")
    for name in ("one", "two"):
        assert main(["package", str(seeds_archive), "--originals", str(SEEDS), "-o", str(tmp_path / name)]) == 0
    files = lambda root: {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}  # noqa: E731
    assert files(tmp_path / "one") == files(tmp_path / "two")
    assert "Bagging-Date: 2020-03-10" in (tmp_path / "one" / "bag-info.txt").read_text("utf-8")


def test_missing_originals_are_named(tmp_path: Path, seeds_archive: Path):
    assert main(["package", str(seeds_archive), "--originals", str(tmp_path), "-o", str(tmp_path / "bag")]) == 2
    assert not (tmp_path / "bag").exists()


def test_a_bag_is_never_made_inside_the_archive(seeds_archive, tmp_path, capsys):
    import shutil

    archive = tmp_path / "copy"
    shutil.copytree(seeds_archive, archive)
    from normalize.cli import main

    assert main(["package", str(archive), "--originals", str(tmp_path), "-o", str(archive / "bag")]) == 2
    assert "inside the archive" in capsys.readouterr().err and not (archive / "bag").exists()
