"""Preservation packages: a BagIt 1.0 bag (RFC 8493) holding an archive and its originals.

``package`` copies the archive to ``data/archive/`` and every archived source file,
byte-exact and checked against its SHA-256, to ``data/originals/<provenance.path>``,
then lets bagit-python make the bag: sha256 and sha512 payload and tag manifests and a
``bag-info.txt`` with Bagging-Date, Payload-Oxum, Bag-Software-Agent and an
External-Description of the archive. bagit-python writes ``BagIt-Version: 0.97`` and has
no setting for it, so ``bagit.txt`` is rewritten to 1.0 and the tag manifests recomputed
with ``Bag.save()``. A PREMIS 3 event log (:mod:`normalize.premis`) is the tag file
``premis.xml`` at the top of the bag, covered by the tag manifests: it describes the
payload, so it is metadata beside it, not part of it. With ``SOURCE_DATE_EPOCH`` set the
Bagging-Date and the event times come from it, so two packages of one archive are
identical byte for byte.

With a BagIt Profile (``profile=``, https://bagit-profiles.github.io/bagit-profiles-specification/)
``bag-info.txt`` also gets BagIt-Profile-Identifier, every field the profile allows one
value for, and Bag-Size if the profile names it; the checksums follow its
Manifests-Required/Allowed; a profile package cannot meet (a serialized bag, no BagIt 1.0,
tag files not written) fails before anything is copied, a field missing or not allowed
before the bag is made, and the bag is checked with bagit_profile before it is moved into
place. Defaults for fields come from a TOML file (``config=``); ``info`` overrides them.

The archive may come from someone else: every path its manifest names is checked by
:mod:`normalize.paths` before anything is read or written (nothing is read outside
``--originals``, nothing written outside the bag), and an original whose name is not
UTF-8 is found by its display path and kept in the bag under that path (valid UTF-8).
"""

from __future__ import annotations

import copy
import datetime
import json
import os
import shutil
import tempfile
from collections import Counter
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from .version import __version__
from .archive import read_archive, read_manifest
from .paths import (OutputError, UnsafePath, archive_guard, check_output, disk_path, display_path, safe_relative,
                    stored_path)
from .bagcheck import ARCHIVE_DIR, ORIGINALS_DIR, PREMIS_FILE, bag_problems, is_bag  # noqa: F401 - re-exported
from .shards import file_sha256, shard_paths

CHECKSUMS = ["sha256", "sha512"]
BAGIT_VERSION = "1.0"
TAG_FILES = [PREMIS_FILE]  # the tag files package writes besides bagit.txt, bag-info.txt and manifests


class PackageError(Exception):
    """The bag cannot be made (missing or changed originals, an invalid archive, an unsafe
    path in its manifest, BAG exists or lies inside the archive or the originals)."""


def package(out: str | os.PathLike, originals: list[str | os.PathLike], bag: str | os.PathLike,
            info: dict[str, str] | None = None, *, profile: str | os.PathLike | None = None,
            config: str | os.PathLike | None = None, agent: str | None = None) -> Path:
    """Make the bag at ``bag``; return its path. ``profile``: a BagIt Profile JSON file the
    bag must meet; ``config``: a TOML file of bag-info.txt defaults (``info`` overrides
    them); ``agent``: the person packaging, named in the PREMIS log. Raises PackageError."""
    import bagit  # here, not at the top: every command imports this module, few make bags

    out, bag, roots = Path(out), Path(bag), [Path(p) for p in originals]
    try:
        check_output(bag, archive_guard(out, roots), folder=True)
    except OutputError as error:
        raise PackageError(str(error)) from error
    if bag.exists() and any(bag.iterdir()):
        raise PackageError(f"{bag} exists and is not empty")
    rules = load_profile(profile) if profile is not None else None
    fields = {**(load_config(config) if config is not None else {}), **(info or {})}
    checksums = _checksums(rules)
    if rules is not None:
        _check_profile_constraints(rules)
    manifest = read_manifest(out)
    _check_paths(out, manifest)
    staging = Path(tempfile.mkdtemp(prefix=f".{bag.name}.", suffix=".tmp", dir=bag.parent if bag.parent.exists() else None))
    try:
        shutil.copytree(out, staging / ARCHIVE_DIR)
        _copy_originals(manifest, roots, staging / ORIGINALS_DIR)
        bag_info = _bag_info(out, manifest, fields, rules, _payload_bytes(staging))
        if rules is not None:
            _check_bag_info(rules, bag_info)
        bagit.make_bag(str(staging), bag_info, checksums=checksums)
        (staging / "bagit.txt").write_text(f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n",
                                           "utf-8")
        bagit.Bag(str(staging)).save()  # the tag manifests again, now of the 1.0 bagit.txt
        _write_premis(staging, manifest, checksums, agent)
        if rules is not None:
            _check_against_profile(rules, staging, bag)
        os.chmod(staging, 0o755)
        if bag.exists():
            bag.rmdir()
        os.replace(staging, bag)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return bag


def _check_paths(out: Path, manifest: dict[str, Any]) -> None:
    """PackageError unless every shard and input path the manifest names is safe, and the
    archive folder holds only folders and regular files (a link would be copied as its target)."""
    try:
        shard_paths(out, manifest)
        for entry in manifest["inputs"]:
            safe_relative(entry["path"])
    except UnsafePath as error:
        raise PackageError(f"the manifest of {out} names an unsafe path: {error}") from error
    for here, folders, files in os.walk(out):
        for name in folders + files:
            path = Path(here) / name
            if path.is_symlink() or not (path.is_dir() or path.is_file()):
                raise PackageError(f"{path} is a link or a special file; an archive holds only files")


def _copy_originals(manifest: dict[str, Any], roots: list[Path], target: Path) -> None:
    """Every archived input's original, found under ``roots``, to ``target`` under its
    display path (checked to stay inside ``target``)."""
    target.mkdir()
    for entry in manifest["inputs"]:
        if entry["status"] != "archived":
            continue
        source = _find(entry, roots)
        destination = stored_path(target, entry["path"])
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
        except OSError as error:
            raise PackageError(f"cannot copy {source} to the bag: {error.strerror or error}") from error


def _find(entry: dict[str, Any], roots: list[Path]) -> Path:
    """The original of a manifest entry under one of ``roots`` (a folder, or the file
    itself), resolving inside that folder; PackageError if none has its SHA-256."""
    for root in roots:
        try:
            if root.is_file():
                candidate = root if display_path(root.name) == entry["path"] else None
            else:
                candidate = disk_path(root, entry["path"])
        except UnsafePath as error:
            raise PackageError(f"refused to read the original of {entry['path']!r}: {error}") from error
        if candidate is not None and candidate.is_file() and file_sha256(candidate) == entry["sha256"]:
            return candidate
    raise PackageError(f"no original of {entry['path']} with SHA-256 {entry['sha256'][:16]}… under "
                       f"{', '.join(map(str, roots))}")


def _bag_info(out: Path, manifest: dict[str, Any], info: dict[str, Any], rules: dict[str, Any] | None,
              payload_bytes: int) -> dict[str, Any]:
    """bag-info.txt: the fields package knows, then those a profile fixes (one allowed
    value), then ``info`` (config and --info)."""
    import bagit

    formats = Counter(r["format"] for r in read_archive(out))
    totals = manifest["totals"]
    described = ", ".join(f"{n} {name}" for name, n in sorted(formats.items()))
    profiled: dict[str, Any] = {}
    if rules is not None:
        profiled["BagIt-Profile-Identifier"] = _profile_id(rules)
        for tag, spec in rules["Bag-Info"].items():
            if isinstance(spec.get("values"), list) and len(spec["values"]) == 1 and tag != "Payload-Oxum":
                profiled[tag] = spec["values"][0]
        if "Bag-Size" in rules["Bag-Info"]:
            profiled["Bag-Size"] = _human_size(payload_bytes)
    return {
        "Bagging-Date": _bagging_date(),
        "Bag-Software-Agent": f"normalize {__version__} (bagit-python {bagit.VERSION})",
        "External-Description": (
            f"A normalize archive of Chinese news: {totals['records']} records ({described}) "
            f"from {totals['files']} input files ({totals['archived']} archived, {totals['rejected']} "
            f"rejected, {totals['skipped']} skipped), in data/{ARCHIVE_DIR}/ as JSONL with its manifest "
            f"and schemas; the archived source files, byte-exact, in data/{ORIGINALS_DIR}/; "
            f"its PREMIS 3 event log in {PREMIS_FILE}."),
        **profiled,
        **info,
    }


def _payload_bytes(staging: Path) -> int:
    return sum(p.stat().st_size for p in staging.rglob("*") if p.is_file())


def _human_size(count: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if count < 1000 or unit == "TB":
            return f"{count} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1000
    raise AssertionError("unreachable")


def _bagging_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).strftime("%Y-%m-%d")
    return datetime.date.today().isoformat()


# ---------------------------------------------------------------- PREMIS

def _write_premis(staging: Path, manifest: dict[str, Any], checksums: list[str], person: str | None) -> None:
    """premis.xml in the bag made at ``staging``: its files with the digests of its
    manifests, the archive's inputs and records, the archive's validation and the bag's
    fixity check; then the tag manifests again, to cover it."""
    import bagit

    from . import premis
    from .validation import validate_archive

    made = bagit.Bag(str(staging))
    try:
        made.validate(processes=1)
        fixity: list[str] = []
    except bagit.BagValidationError as error:
        fixity = [str(d) for d in (getattr(error, "details", None) or [error.message])]
    archive = staging / "data" / ARCHIVE_DIR
    prefix = f"data/{ORIGINALS_DIR}/"
    names = {entry["path"]: entry["path"] for entry in manifest["inputs"]}
    objects = []
    for name, digests in sorted(made.payload_entries().items()):
        name = name.replace(os.sep, "/")
        original = name[len(prefix):] if name.startswith(prefix) else None
        objects.append(premis.FileObject(name, staging / name, (staging / name).stat().st_size, dict(digests),
                                         names.get(original) if original else None))
    info = made.info
    agents = [premis.Agent("normalize", "normalize", "software", __version__),
              premis.Agent("bagit-python", "bagit-python", "software", bagit.VERSION,
                           f"made the BagIt {BAGIT_VERSION} bag and its {', '.join(checksums)} manifests"),
              premis.fido_agent()]
    organization = info.get("Source-Organization")
    if isinstance(organization, str) and organization:
        agents.append(premis.Agent(f"organization:{organization}", organization, "organization"))
    if person:
        agents.append(premis.Agent(f"person:{person}", person, "person"))
    data = premis.package_log(
        objects, manifest["inputs"], read_archive(archive), originals_prefix=prefix,
        outcomes=[f"data/{ARCHIVE_DIR}/{shard['file']}" for shard in manifest["documents"]],
        validation_problems=[str(p) for p in validate_archive(archive)], fixity_problems=fixity,
        algorithms=checksums, agents=agents, when=premis.event_time(), formats=_written_formats(objects))
    wrong = premis.problems(data)
    if wrong:  # a bug of ours, not of the input: never ship a log the schema refuses
        raise PackageError(f"the PREMIS log made is not valid PREMIS 3: {wrong[0]}")
    (staging / PREMIS_FILE).write_bytes(data)
    made.save()


def _written_formats(objects: list[Any]) -> dict[str, Any]:
    """The formats of the archive's own files, which normalize wrote and so knows: its JSON
    (PRONOM fmt/817) and JSON Lines shards (no PRONOM id). fido matches ``.json`` by its
    extension alone, to the first PRONOM format listing it ("Tweet JSON"): a guess the log
    would state as fact."""
    from . import premis

    known = {}
    for obj in objects:
        if not obj.identifier.startswith(f"data/{ARCHIVE_DIR}/"):
            continue
        name = obj.identifier.rsplit("/", 1)[-1]
        if name.endswith(".json"):
            known[obj.identifier] = premis.Format("fmt/817", "JSON Data Interchange Format", basis="written by normalize")
        elif ".jsonl" in name:
            known[obj.identifier] = premis.Format(None, "JSON Lines", basis="written by normalize")
    return known


# ---------------------------------------------------------------- profiles and config

def load_profile(path: str | os.PathLike) -> dict[str, Any]:
    """A BagIt Profile read from JSON ``path`` and checked enough to be used (an untrusted
    file: PackageError on anything else)."""
    try:
        rules = json.loads(Path(path).read_text("utf-8"))
    except OSError as error:
        raise PackageError(f"cannot read the BagIt profile {path}: {error.strerror or error}") from error
    except (UnicodeDecodeError, ValueError) as error:
        raise PackageError(f"the BagIt profile {path} is not JSON: {error}") from error
    where = f"the BagIt profile {path}"
    if not isinstance(rules, dict):
        raise PackageError(f"{where} is not a JSON object")
    about = rules.get("BagIt-Profile-Info")
    if not isinstance(about, dict) or not isinstance(about.get("BagIt-Profile-Identifier"), str):
        raise PackageError(f"{where} has no BagIt-Profile-Info with a BagIt-Profile-Identifier")
    rules.setdefault("Bag-Info", {})
    if not isinstance(rules["Bag-Info"], dict) or not all(isinstance(v, dict) for v in rules["Bag-Info"].values()):
        raise PackageError(f"{where}: Bag-Info must map each field to an object")
    for tag, spec in rules["Bag-Info"].items():
        values = spec.get("values")
        if values is not None and not (isinstance(values, list) and all(isinstance(v, str) for v in values)):
            raise PackageError(f"{where}: Bag-Info {tag} values must be a list of strings")
        for flag in ("required", "repeatable", "recommended"):
            if flag in spec and not isinstance(spec[flag], bool):
                raise PackageError(f"{where}: Bag-Info {tag} {flag} must be true or false")
    for key in ("Manifests-Required", "Manifests-Allowed", "Tag-Manifests-Required", "Tag-Manifests-Allowed",
                "Tag-Files-Required", "Tag-Files-Allowed", "Accept-BagIt-Version", "Accept-Serialization"):
        if key in rules and not (isinstance(rules[key], list) and all(isinstance(v, str) for v in rules[key])):
            raise PackageError(f"{where}: {key} must be a list of strings")
    if rules.get("Serialization", "optional") not in ("required", "optional", "forbidden"):
        raise PackageError(f"{where}: Serialization must be required, optional or forbidden")
    rules.setdefault("Manifests-Required", [])
    rules["_path"] = str(path)
    _profile_checker(rules)  # what bagit_profile itself refuses in a profile
    return rules


def _profile_id(rules: dict[str, Any]) -> str:
    return rules["BagIt-Profile-Info"]["BagIt-Profile-Identifier"]


def _profile_checker(rules: dict[str, Any]) -> Any:
    """A bagit_profile.Profile of ``rules`` that reports by exceptions only (its own
    ``_fail`` also logs through the root logger, which would set up logging for us)."""
    import bagit_profile

    class Quiet(bagit_profile.Profile):
        def _fail(self, msg: str) -> None:
            raise bagit_profile.ProfileValidationError(msg)

        def _warn(self, msg: str) -> None:
            pass

    profile = {k: v for k, v in copy.deepcopy(rules).items() if k != "_path"}
    try:
        return Quiet(_profile_id(rules), profile=profile)
    except (bagit_profile.ProfileValidationError, ValueError, TypeError, AttributeError, KeyError) as error:
        message = getattr(error, "value", error)
        raise PackageError(f"the BagIt profile {rules['_path']} cannot be used: {message}") from error


def _checksums(rules: dict[str, Any] | None) -> list[str]:
    """sha256 and sha512, less those the profile does not allow, plus those it requires."""
    import bagit

    if rules is None:
        return list(CHECKSUMS)
    where = f"the BagIt profile {_profile_id(rules)}"
    required = list(dict.fromkeys(rules.get("Manifests-Required", []) + rules.get("Tag-Manifests-Required", [])))
    allowed_lists = [rules[k] for k in ("Manifests-Allowed", "Tag-Manifests-Allowed") if k in rules]
    allowed = [a for a in allowed_lists[0] if all(a in other for other in allowed_lists)] if allowed_lists else None
    if allowed is not None and [a for a in required if a not in allowed]:
        raise PackageError(f"{where} requires manifests {[a for a in required if a not in allowed]} it does not allow")
    chosen = [a for a in CHECKSUMS if allowed is None or a in allowed]
    chosen += [a for a in required if a not in chosen]
    if not chosen and allowed:
        chosen = [a for a in allowed if a in bagit.CHECKSUM_ALGOS][:1]
    unsupported = [a for a in chosen if a not in bagit.CHECKSUM_ALGOS]
    if unsupported or not chosen:
        raise PackageError(f"{where} wants manifests bagit-python cannot write: {unsupported or allowed}")
    return chosen


def _check_profile_constraints(rules: dict[str, Any]) -> None:
    """PackageError for what a profile wants that package does not make: a serialized bag,
    a BagIt version other than 1.0, tag files it does not write (or forbids premis.xml)."""
    where = f"the BagIt profile {_profile_id(rules)}"
    if rules.get("Serialization") == "required":
        raise PackageError(f"{where} requires a serialized bag (Serialization: required, as "
                           f"{', '.join(rules.get('Accept-Serialization', [])) or 'an archive file'}); "
                           f"package makes a bag folder")
    versions = rules.get("Accept-BagIt-Version")
    if versions is not None and BAGIT_VERSION not in versions:
        raise PackageError(f"{where} accepts BagIt {', '.join(versions) or 'no version'}; package makes BagIt "
                           f"{BAGIT_VERSION} bags")
    missing = [f for f in rules.get("Tag-Files-Required", []) if f not in TAG_FILES]
    if missing:
        raise PackageError(f"{where} requires the tag file(s) {', '.join(missing)}; package writes only "
                           f"{', '.join(TAG_FILES)} besides bagit.txt, bag-info.txt and the manifests")
    allowed = rules.get("Tag-Files-Allowed")
    if allowed is not None:
        refused = [f for f in TAG_FILES if not any(fnmatch(f, pattern) for pattern in allowed)]
        if refused:
            raise PackageError(f"{where} allows only the tag files {', '.join(allowed) or '(none)'}; package writes "
                               f"{', '.join(refused)}")


def _check_bag_info(rules: dict[str, Any], info: dict[str, Any]) -> None:
    """PackageError naming every bag-info field the profile requires and is missing, or
    whose value it does not allow."""
    problems = []
    for tag, spec in rules["Bag-Info"].items():
        value = info.get(tag)
        wants = (f"one of {', '.join(repr(v) for v in spec['values'])}" if spec.get("values") else "a value")
        if spec.get("description"):
            wants += f": {spec['description']}"
        if value is None and tag != "Payload-Oxum":
            if spec.get("required"):
                problems.append(f"{tag} is required ({wants})")
            continue
        values = value if isinstance(value, list) else [value]
        if spec.get("values") and tag != "Payload-Oxum":
            for one in values:
                if one not in spec["values"]:
                    problems.append(f"{tag} is {one!r}, the profile allows {wants}")
        if spec.get("repeatable") is False and len(values) > 1:
            problems.append(f"{tag} is given {len(values)} times and may not repeat")
    if problems:
        raise PackageError(f"the bag would not meet the BagIt profile {_profile_id(rules)}: " + "; ".join(problems)
                           + " (give fields with --info KEY=VALUE or in --bag-config)")


def _check_against_profile(rules: dict[str, Any], staging: Path, bag: Path) -> None:
    """The made bag checked by bagit_profile; PackageError with its reasons."""
    import bagit

    checker = _profile_checker(rules)
    errors: list[str] = []
    try:
        checker.validate_serialization(str(staging))
        if not checker.validate(bagit.Bag(str(staging))):
            errors = [str(getattr(e, "value", e)) for e in checker.report.errors]
    except Exception as error:  # noqa: BLE001 - the profile is untrusted input; its checks may raise anything
        errors = [str(getattr(error, "value", error))]
    if errors:
        reasons = "; ".join(e.replace(str(staging), str(bag)) for e in errors)
        raise PackageError(f"the bag does not meet the BagIt profile {_profile_id(rules)}: {reasons}")


def load_config(path: str | os.PathLike) -> dict[str, Any]:
    """bag-info.txt defaults from a TOML file: ``Field = "value"`` (or a list of values
    for a repeated field) at its top level."""
    import tomllib

    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except OSError as error:
        raise PackageError(f"cannot read the bag config {path}: {error.strerror or error}") from error
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PackageError(f"the bag config {path} is not TOML: {error}") from error
    for key, value in data.items():
        if not key.strip() or ":" in key or any(c in key for c in "\r\n"):
            raise PackageError(f"the bag config {path}: {key!r} is not a bag-info field name")
        if not (isinstance(value, str) or (isinstance(value, list) and value and all(isinstance(v, str) for v in value))):
            raise PackageError(f"the bag config {path}: {key} must be a string or a list of strings")
    return data
