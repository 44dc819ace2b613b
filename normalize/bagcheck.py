"""Checking a bag made by :mod:`normalize.bags`: its layout and what ``validate`` asks of it.

Apart from :mod:`normalize.bags` so that :mod:`normalize.validation` can check bags and
``package`` can validate the archive it packs without the two importing each other.
"""

from __future__ import annotations

import os
from pathlib import Path

from .archive import read_archive, read_manifest
from .paths import UnsafePath, stored_path
from .shards import file_sha256, shard_paths

ARCHIVE_DIR, ORIGINALS_DIR = "archive", "originals"
PREMIS_FILE = "premis.xml"


def is_bag(path: str | os.PathLike) -> bool:
    """True when ``path`` is a BagIt bag (it holds bagit.txt)."""
    return (Path(path) / "bagit.txt").is_file()


def bag_problems(path: str | os.PathLike) -> list[tuple[str, str]]:
    """``(file, message)`` for every BagIt problem, every PREMIS 3 schema problem of
    premis.xml (when the bag has one) and every record whose original in the bag does not
    have the record's ``provenance.sha256``."""
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
    if (path / PREMIS_FILE).is_file():
        from . import premis

        problems.extend((PREMIS_FILE, f"not valid PREMIS 3: {message}")
                        for message in premis.problems((path / PREMIS_FILE).read_bytes()))
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
