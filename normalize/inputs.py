"""Inputs: the files and folders given, walked in a fixed order, as the paths records name.

What comes in: the paths of the command line. What goes out: :class:`InputFile` per
file, in sorted order, folders that cannot be read and links to folders included (to
be rejected with their reason), the archive being written left out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator


class UsageError(Exception):
    """The command line names something that cannot be used (exit code 2)."""


@dataclass(frozen=True)
class InputFile:
    """One file to archive: where it is on disk and the path records will name."""

    disk_path: str
    path: str
    root: int = 0


def collect_inputs(paths: Iterable[str | os.PathLike], first_root: int = 0,
                   exclude: str | os.PathLike | None = None) -> list[InputFile]:
    """Files and folders to input files: folders walked recursively in sorted order,
    hidden files and folders skipped, paths relative to the folder given."""
    found: list[InputFile] = []
    for number, given in enumerate(paths, start=first_root):
        root = Path(given)
        if root.is_file():
            found.append(InputFile(str(root), display_path(root.name), number))
        elif root.is_dir():
            found.extend(_walk(root, number, Path(exclude).resolve() if exclude else None))
        else:
            raise UsageError(f"no such file or folder: {given}")
    return found


def _walk(root: Path, number: int, exclude: Path | None) -> Iterator[InputFile]:
    """Files under ``root`` in sorted order; folders that cannot be read and links to
    folders (not followed) are yielded too, to be rejected with their reason; the
    archive being written (``exclude``) is left out."""
    failed: list[OSError] = []
    for folder, dirs, files in os.walk(root, followlinks=False, onerror=failed.append):
        here = Path(folder)
        entries = []
        for name in sorted(dirs):
            if name.startswith(".") or (exclude is not None and (here / name).resolve() == exclude):
                continue
            entries.append(name)
        dirs[:] = [d for d in entries if not (here / d).is_symlink()]
        odd = [d for d in entries if (here / d).is_symlink()]
        for name in sorted([f for f in files if not f.startswith(".")] + odd):
            disk = here / name
            yield InputFile(str(disk), display_path(disk.relative_to(root).as_posix()), number)
        for error in failed:
            if error.filename:
                disk = Path(error.filename)
                yield InputFile(str(disk), display_path(disk.relative_to(root).as_posix()), number)
        failed.clear()


def display_path(path: str) -> str:
    """A path as text for records: names that are not UTF-8 read as GB18030 (common for
    Chinese names), else with the undecodable bytes written as escapes."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        raw = os.fsencode(path)
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            return raw.decode("utf-8", "backslashreplace")
