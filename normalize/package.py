"""Preservation packages: a BagIt 1.0 bag (RFC 8493) holding an archive and its originals.

``package`` copies the archive to ``data/archive/`` and every archived source file,
byte-exact and checked against its SHA-256, to ``data/originals/<provenance.path>``,
then lets bagit-python make the bag: sha256 and sha512 payload and tag manifests and a
``bag-info.txt`` with Bagging-Date, Payload-Oxum, Bag-Software-Agent and an
External-Description of the archive. With ``SOURCE_DATE_EPOCH`` set the Bagging-Date
comes from it, so two packages of one archive are identical byte for byte.

The archive may come from someone else: every path its manifest names is checked by
:mod:`normalize.paths` before anything is read or written (nothing is read outside
``--originals``, nothing written outside the bag), and an original whose name is not
UTF-8 is found by its display path and kept in the bag under that path (valid UTF-8).
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from .version import __version__
from .archive import read_archive, read_manifest
from .paths import (OutputError, UnsafePath, archive_guard, check_output, disk_path, display_path, safe_relative,
                    stored_path)
from .shards import file_sha256, shard_paths

ARCHIVE_DIR, ORIGINALS_DIR = "archive", "originals"
CHECKSUMS = ["sha256", "sha512"]


class PackageError(Exception):
    """The bag cannot be made (missing or changed originals, an invalid archive, an unsafe
    path in its manifest, BAG exists or lies inside the archive or the originals)."""


def package(out: str | os.PathLike, originals: list[str | os.PathLike], bag: str | os.PathLike,
            info: dict[str, str] | None = None) -> Path:
    """Make the bag at ``bag``; return its path. Raises PackageError."""
    import bagit  # here, not at the top: every command imports this module, few make bags

    out, bag, roots = Path(out), Path(bag), [Path(p) for p in originals]
    try:
        check_output(bag, archive_guard(out, roots), folder=True)
    except OutputError as error:
        raise PackageError(str(error)) from error
    if bag.exists() and any(bag.iterdir()):
        raise PackageError(f"{bag} exists and is not empty")
    manifest = read_manifest(out)
    _check_paths(out, manifest)
    staging = Path(tempfile.mkdtemp(prefix=f".{bag.name}.", suffix=".tmp", dir=bag.parent if bag.parent.exists() else None))
    try:
        shutil.copytree(out, staging / ARCHIVE_DIR)
        _copy_originals(manifest, roots, staging / ORIGINALS_DIR)
        bagit.make_bag(str(staging), _bag_info(out, manifest, info or {}), checksums=CHECKSUMS)
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


def _bag_info(out: Path, manifest: dict[str, Any], info: dict[str, str]) -> dict[str, str]:
    import bagit

    formats = Counter(r["format"] for r in read_archive(out))
    totals = manifest["totals"]
    described = ", ".join(f"{n} {name}" for name, n in sorted(formats.items()))
    return {
        "Bagging-Date": _bagging_date(),
        "Bag-Software-Agent": f"normalize {__version__} (bagit-python {bagit.VERSION})",
        "External-Description": (
            f"A normalize archive of Chinese news: {totals['records']} records ({described}) "
            f"from {totals['files']} input files ({totals['archived']} archived, {totals['rejected']} "
            f"rejected, {totals['skipped']} skipped), in data/{ARCHIVE_DIR}/ as JSONL with its manifest "
            f"and schemas; the archived source files, byte-exact, in data/{ORIGINALS_DIR}/."),
        **info,
    }


def _bagging_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).strftime("%Y-%m-%d")
    return datetime.date.today().isoformat()


def is_bag(path: str | os.PathLike) -> bool:
    """True when ``path`` is a BagIt bag (it holds bagit.txt)."""
    return (Path(path) / "bagit.txt").is_file()


def bag_problems(path: str | os.PathLike) -> list[tuple[str, str]]:
    """``(file, message)`` for every BagIt problem and every record whose original in
    the bag does not have the record's ``provenance.sha256``."""
    import bagit

    path = Path(path)
    problems: list[tuple[str, str]] = []
    try:
        bagit.Bag(str(path)).validate(processes=1)
    except bagit.BagValidationError as error:
        details = getattr(error, "details", None) or [error.message]
        problems.extend(("bag", str(detail)) for detail in details)
    except bagit.BagError as error:
        problems.append(("bag", str(error)))
    return problems + _original_problems(path / "data" / ARCHIVE_DIR, path / "data" / ORIGINALS_DIR)


def _original_problems(archive: Path, originals: Path) -> list[tuple[str, str]]:
    """``(file, message)`` for every record whose original under ``originals`` does not
    have its ``provenance.sha256``, or whose ``provenance.path`` is unsafe (not read)."""
    try:
        shard_paths(archive, read_manifest(archive))
    except (OSError, ValueError) as error:  # the archive's own validation says more
        return [(f"data/{ARCHIVE_DIR}", f"originals not checked: {error}")]
    problems: list[tuple[str, str]] = []
    hashes: dict[str, str] = {}  # display path -> SHA-256 of the original in the bag ("" if none)
    for record in read_archive(archive):
        relative = record["provenance"]["path"]
        try:
            original = stored_path(originals, relative)
        except UnsafePath as error:
            problems.append((f"data/{ORIGINALS_DIR}", f"record {record['id']}'s original not read: {error}"))
            continue
        if relative not in hashes:
            hashes[relative] = file_sha256(original) if original.is_file() else ""
        if hashes[relative] != record["provenance"]["sha256"]:
            problems.append((f"data/{ORIGINALS_DIR}/{relative}",
                             f"does not match record {record['id']}'s provenance.sha256"))
    return problems
