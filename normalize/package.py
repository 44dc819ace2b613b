"""Preservation packages: a BagIt 1.0 bag (RFC 8493) holding an archive and its originals.

``package`` copies the archive to ``data/archive/`` and every archived source file,
byte-exact and checked against its SHA-256, to ``data/originals/<provenance.path>``,
then lets bagit-python make the bag: sha256 and sha512 payload and tag manifests and a
``bag-info.txt`` with Bagging-Date, Payload-Oxum, Bag-Software-Agent and an
External-Description of the archive. With ``SOURCE_DATE_EPOCH`` set the Bagging-Date
comes from it, so two packages of one archive are identical byte for byte.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import bagit

from . import __version__
from .archive import read_archive, read_manifest
from .shards import file_sha256

ARCHIVE_DIR, ORIGINALS_DIR = "archive", "originals"
CHECKSUMS = ["sha256", "sha512"]


class PackageError(Exception):
    """The bag cannot be made (missing or changed originals, an invalid archive, BAG exists)."""


def package(out: str | os.PathLike, originals: list[str | os.PathLike], bag: str | os.PathLike,
            info: dict[str, str] | None = None) -> Path:
    """Make the bag at ``bag``; return its path. Raises PackageError."""
    out, bag = Path(out), Path(bag)
    if bag.exists() and (not bag.is_dir() or any(bag.iterdir())):
        raise PackageError(f"{bag} exists and is not empty")
    manifest = read_manifest(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{bag.name}.", suffix=".tmp", dir=bag.parent if bag.parent.exists() else None))
    try:
        shutil.copytree(out, staging / ARCHIVE_DIR)
        _copy_originals(manifest, [Path(p) for p in originals], staging / ORIGINALS_DIR)
        bagit.make_bag(str(staging), _bag_info(out, manifest, info or {}), checksums=CHECKSUMS)
        os.chmod(staging, 0o755)
        if bag.exists():
            bag.rmdir()
        os.replace(staging, bag)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return bag


def _copy_originals(manifest: dict[str, Any], roots: list[Path], target: Path) -> None:
    target.mkdir()
    for entry in manifest["inputs"]:
        if entry["status"] != "archived":
            continue
        source = _find(entry, roots)
        destination = target / entry["path"]
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)


def _find(entry: dict[str, Any], roots: list[Path]) -> Path:
    """The original of a manifest entry under one of ``roots`` (a folder, or the file itself)."""
    for root in roots:
        candidate = root if root.is_file() else root / entry["path"]
        if candidate.is_file() and (root.is_dir() or root.name == entry["path"]):
            if file_sha256(candidate) == entry["sha256"]:
                return candidate
    raise PackageError(f"no original of {entry['path']} with SHA-256 {entry['sha256'][:16]}… under "
                       f"{', '.join(map(str, roots))}")


def _bag_info(out: Path, manifest: dict[str, Any], info: dict[str, str]) -> dict[str, str]:
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
    path = Path(path)
    problems: list[tuple[str, str]] = []
    try:
        bagit.Bag(str(path)).validate(processes=1)
    except bagit.BagValidationError as error:
        details = getattr(error, "details", None) or [error.message]
        problems.extend(("bag", str(detail)) for detail in details)
    except bagit.BagError as error:
        problems.append(("bag", str(error)))
    originals = path / "data" / ORIGINALS_DIR
    checked: dict[str, str] = {}
    for record in read_archive(path / "data" / ARCHIVE_DIR):
        relative = record["provenance"]["path"]
        if relative not in checked:
            original = originals / relative
            checked[relative] = file_sha256(original) if original.is_file() else ""
        if checked[relative] != record["provenance"]["sha256"]:
            problems.append((f"data/{ORIGINALS_DIR}/{relative}",
                             f"does not match record {record['id']}'s provenance.sha256"))
    return problems
