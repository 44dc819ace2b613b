"""BagIt packages: valid, byte-exact originals, tamper-evident, reproducible."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import bagit
import pytest

import normalize
from conftest import SEEDS
from normalize import audit
from normalize.cli import main
from normalize.bags import PackageError, package
from normalize.validation import validate_path
from test_paths import _first_input_at, hostile_copy


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


@pytest.mark.parametrize("climb", ["../../secret.txt", "sub/../../../secret.txt", "ABSOLUTE"])
def test_a_manifest_path_that_climbs_out_is_refused_and_nothing_is_written(tmp_path: Path, seeds_archive: Path,
                                                                           climb: str):
    secret = tmp_path / "secret.txt"
    secret.write_text(">>>机密\n\n不应被复制的文件。\n", "utf-8")
    climb = str(secret) if climb == "ABSOLUTE" else climb
    sha = hashlib.sha256(secret.read_bytes()).hexdigest()
    out = hostile_copy(seeds_archive, tmp_path / "hostile", _first_input_at(climb, sha))
    originals = tmp_path / "given" / "originals"  # originals/../../secret.txt is the secret
    shutil.copytree(SEEDS, originals)
    (tmp_path / "bags").mkdir()
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(PackageError, match="unsafe path"):
        package(out, [originals], tmp_path / "bags" / "bag")
    assert sorted(tmp_path.rglob("*")) == before  # no bag, no staging, no copy of the secret anywhere


def test_a_bag_whose_record_names_a_path_outside_reads_nothing_there(bag: Path):
    shard = bag / "data" / "archive" / "documents.jsonl"
    lines = shard.read_text("utf-8").split("\n")
    record = json.loads(lines[0])
    record["provenance"]["path"] = "../../../../../../etc/hostname"
    lines[0] = json.dumps(record, ensure_ascii=False)
    shard.write_text("\n".join(lines), "utf-8")
    problems = [str(p) for p in validate_path(bag)]
    assert any(p.startswith("data/originals: ") and "original not read" in p for p in problems), problems
    assert any(p.startswith("data/archive/documents.jsonl:1: provenance/path") for p in problems), problems


def _names_not_utf8(folder: Path) -> dict[bytes, bytes]:
    """Files named with bytes that are not UTF-8 (one not even GBK), by their names' bytes."""
    folder.mkdir()
    files = {b"\xff\xfe.txt": ">>>无效字节的文件名\n\n这个文件的名字不是UTF-8。\n".encode(),
             "新闻".encode("gbk") + b".txt": ">>>国标码文件名\n\n这个文件的名字是GBK编码的。\n".encode(),
             "正常.txt".encode(): ">>>正常文件名\n\n这个文件的名字是UTF-8。\n".encode()}
    for raw, data in files.items():
        (folder / os.fsdecode(raw)).write_bytes(data)
    return files


def test_names_that_are_not_utf8_are_packaged_and_shown(tmp_path: Path):
    files = _names_not_utf8(tmp_path / "in")
    normalize.build([tmp_path / "in"], tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert [e["status"] for e in manifest["inputs"]] == ["archived"] * 3
    made = package(tmp_path / "out", [tmp_path / "in"], tmp_path / "bag")
    bagit.Bag(str(made)).validate()
    assert validate_path(made) == []
    kept = {p.read_bytes() for p in (made / "data" / "originals").iterdir()}
    assert kept == set(files.values())
    for entry in manifest["inputs"]:
        assert (made / "data" / "originals" / entry["path"]).read_bytes() in files.values()
    for record in normalize.read_archive(tmp_path / "out"):
        shown = audit.show(tmp_path / "out", record["id"], source=True)
        assert f">>>{record['title']}" in shown


def test_every_name_in_a_bag_is_valid_utf8(tmp_path: Path):
    _names_not_utf8(tmp_path / "in")
    normalize.build([tmp_path / "in"], tmp_path / "out")
    made = package(tmp_path / "out", [tmp_path / "in"], tmp_path / "bag")
    for path in made.rglob("*"):
        path.name.encode("utf-8")  # no surrogate escapes: any tool reading the bag can name it


# ---------------------------------------------------------------- BagIt 1.0, profiles, config

PROFILES = Path(__file__).parent / "fixtures" / "bagit_profiles"
CONFIG = Path(__file__).parent / "fixtures" / "bag_config" / "library.toml"
BTR = PROFILES / "btr-bagit-profile.json"


def _profile(path: Path):
    import bagit_profile

    rules = json.loads(path.read_text("utf-8"))
    return bagit_profile.Profile(rules["BagIt-Profile-Info"]["BagIt-Profile-Identifier"], profile=rules)


def test_bags_are_bagit_1_0(bag: Path):
    assert (bag / "bagit.txt").read_text("utf-8") == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    assert bagit.Bag(str(bag)).version_info == (1, 0)
    assert "bagit.txt" in (bag / "tagmanifest-sha256.txt").read_text("utf-8")


def test_a_profiled_bag_meets_the_published_profile(tmp_path: Path, seeds_archive: Path):
    bag = tmp_path / "bag"
    assert main(["package", str(seeds_archive), "--originals", str(SEEDS), "-o", str(bag),
                 "--bag-profile", str(BTR), "--bag-config", str(CONFIG), "--info", "Contact-Name=Wang Fang"]) == 0
    made = bagit.Bag(str(bag))
    made.validate()
    assert _profile(BTR).validate(made) is True
    assert made.info["BagIt-Profile-Identifier"] == "http://????/???-v0.1.json"
    assert made.info["Source-Organization"] == "测试图书馆"   # from the config
    assert made.info["Contact-Name"] == "Wang Fang"          # --info overrides the config
    assert made.info["Bag-Size"].endswith("KB")              # the profile names Bag-Size
    assert validate_path(bag) == []


def test_the_bag_made_without_a_profile_fails_the_profile(bag: Path):
    assert _profile(BTR).validate(bagit.Bag(str(bag))) is False  # no BagIt-Profile-Identifier: the check can fail


def test_a_missing_required_field_is_named_and_nothing_is_left(tmp_path: Path, seeds_archive: Path):
    with pytest.raises(PackageError) as caught:
        package(seeds_archive, [SEEDS], tmp_path / "bag", profile=BTR)
    assert "Source-Organization is required" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_value_the_profile_does_not_allow_is_named(tmp_path: Path, seeds_archive: Path):
    rules = json.loads((PROFILES / "bagProfileBar.json").read_text("utf-8"))
    rules["Accept-BagIt-Version"], rules["Tag-Files-Required"] = ["1.0"], []  # what package cannot meet, out
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(rules), "utf-8")
    with pytest.raises(PackageError) as caught:
        package(seeds_archive, [SEEDS], tmp_path / "bag", {"Source-Organization": "测试图书馆"}, profile=profile)
    message = str(caught.value)
    assert "Source-Organization is '测试图书馆', the profile allows one of 'Simon Fraser University'" in message
    assert "Organization-Address is required" in message and "Bag-Count is required" in message
    assert not (tmp_path / "bag").exists()


def test_a_profile_requiring_md5_gets_md5_manifests(tmp_path: Path, seeds_archive: Path):
    rules = json.loads((PROFILES / "bagProfileBar.json").read_text("utf-8"))
    rules.update({"Accept-BagIt-Version": ["1.0"], "Tag-Files-Required": [], "Bag-Info": {}})
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(rules), "utf-8")
    bag = package(seeds_archive, [SEEDS], tmp_path / "bag", profile=profile)
    assert (bag / "manifest-md5.txt").exists() and (bag / "tagmanifest-md5.txt").exists()
    made = bagit.Bag(str(bag))
    made.validate()
    assert _profile(profile).validate(made) is True


@pytest.mark.parametrize("name, reason", [
    ("bagProfileFoo.json", "requires a serialized bag"),
    ("bagProfileBar.json", "accepts BagIt 0.96"),
])
def test_what_package_cannot_make_fails_before_anything_is_copied(tmp_path: Path, seeds_archive: Path, name, reason):
    with pytest.raises(PackageError, match=reason):
        package(seeds_archive, [SEEDS], tmp_path / "bag", profile=PROFILES / name)
    assert list(tmp_path.iterdir()) == []


def test_required_tag_files_package_does_not_write_are_named(tmp_path: Path, seeds_archive: Path):
    rules = json.loads((PROFILES / "bagProfileBar.json").read_text("utf-8"))
    rules["Accept-BagIt-Version"] = ["1.0"]
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(rules), "utf-8")
    with pytest.raises(PackageError, match="requires the tag file.*DPN/dpnFirstNode.txt"):
        package(seeds_archive, [SEEDS], tmp_path / "bag", profile=profile)


@pytest.mark.parametrize("text, reason", [
    ("{not json", "is not JSON"),
    ("[1, 2]", "is not a JSON object"),
    ('{"Bag-Info": {}}', "no BagIt-Profile-Info"),
    ('{"BagIt-Profile-Info": {"BagIt-Profile-Identifier": "x", "Source-Organization": "o"}, '
     '"Bag-Info": {"A": {"values": "one"}}}', "values must be a list"),
    ('{"BagIt-Profile-Info": {"BagIt-Profile-Identifier": "x"}}', "cannot be used"),
])
def test_a_bad_profile_is_a_clear_error(tmp_path: Path, seeds_archive: Path, capsys, text, reason):
    profile = tmp_path / "profile.json"
    profile.write_text(text, "utf-8")
    assert main(["package", str(seeds_archive), "--originals", str(SEEDS), "-o", str(tmp_path / "bag"),
                 "--bag-profile", str(profile)]) == 2
    assert reason in capsys.readouterr().err and not (tmp_path / "bag").exists()


def test_a_bad_config_is_a_clear_error(tmp_path: Path, seeds_archive: Path):
    config = tmp_path / "bag.toml"
    config.write_text("Source-Organization = [1, 2]\n", "utf-8")
    with pytest.raises(PackageError, match="must be a string"):
        package(seeds_archive, [SEEDS], tmp_path / "bag", config=config)
    config.write_text("Source-Organization = \n", "utf-8")
    with pytest.raises(PackageError, match="is not TOML"):
        package(seeds_archive, [SEEDS], tmp_path / "bag", config=config)


def test_profiled_packages_are_reproducible(tmp_path: Path, seeds_archive: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1583798400")
    for name in ("one", "two"):
        package(seeds_archive, [SEEDS], tmp_path / name, profile=BTR, config=CONFIG, agent="Zhang San")
    files = lambda root: {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}  # noqa: E731
    assert files(tmp_path / "one") == files(tmp_path / "two")
    assert b"2020-03-10T00:00:00Z" in (tmp_path / "one" / "premis.xml").read_bytes()
