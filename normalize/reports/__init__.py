"""``normalize report``: one self-contained HTML page about an archive.

Totals; records by format, publisher, language and month; field completeness; repairs
and flags by kind, with the records behind each; duplicate clusters; the inputs by
encoding and format and the full inventory (path, bytes, SHA-256, status, reason) as a
searchable table; rejected inputs with reasons; a bag's fixity when one is given; and a
sample of records, each with its metadata, its source lines (when the originals can be
found) and its text. The page says when it was made and by which normalize: the time is
SOURCE_DATE_EPOCH when set, so with it the page depends only on the archive (and the
originals, and the bag) and is reproducible byte for byte.

The page is written atomically (a temporary file beside ``dest``, then moved over it) and
never onto, or into, what it reports on: a ``dest`` that is a file of the archive (by
identity, so a hard link counts), lies inside the archive or the originals' folders, or is
a folder, raises :class:`~normalize.paths.OutputError`; so does a failed write. An archive
whose manifest names a shard outside it raises :class:`~normalize.paths.UnsafePath`;
an original whose path is unsafe is not read (its record's source lines are not shown).
"""

from __future__ import annotations

import datetime
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..archive import read_manifest
from ..audit import NotFound, original_lines, original_path, original_roots, warc_offset
from ..paths import archive_guard, atomic_output, check_output
from ..shards import shard_paths
from .figures import Figures, check_fixity, gather
from .page import render

#: Records shown in the sample by default (spread evenly over the archive).
SAMPLE = 40


def write_report(out: str | os.PathLike, dest: str | os.PathLike, *, sample: int = SAMPLE,
                 originals: str | None = None, bag: str | os.PathLike | None = None) -> Figures:
    """Write the report of the archive at ``out`` to ``dest``; return its figures. With
    ``bag`` (a bag ``package`` made), its fixity is checked and shown. Raises OutputError
    (``dest`` is or lies in the archive, the originals or the bag, or cannot be written)
    and UnsafePath (a shard named outside the archive)."""
    from ..version import __version__

    manifest = read_manifest(out)
    shard_paths(out, manifest)
    roots = original_roots(out, manifest) + ([Path(originals)] if originals else []) + ([Path(bag)] if bag else [])
    check_output(dest, archive_guard(out, roots))
    figures = gather(out, sample)
    if bag is not None:
        figures.fixity = check_fixity(bag, out)
    manifest = figures.manifest

    @lru_cache(maxsize=1)  # the sample is in archive order: records of one file come together
    def lines_of(path: Path, sha256: str, offset: int | None) -> list[str]:
        return original_lines(path, sha256, offset)

    def source(record: dict[str, Any]) -> tuple[list[str] | None, str]:
        try:
            lines = lines_of(original_path(out, record, originals, manifest), record["provenance"]["sha256"],
                             warc_offset(record))
        except (NotFound, OSError) as error:
            return None, f"source lines not shown: {error}"
        start, end = record["provenance"]["line_start"], record["provenance"]["line_end"]
        return lines[start - 1:end], ""

    page = render(figures, Path(out).resolve().name, source, made=made(), version=__version__, fixity=figures.fixity)
    with atomic_output(dest) as path:
        path.write_text(page, encoding="utf-8")
    return figures


def made() -> str:
    """When the report is made: SOURCE_DATE_EPOCH if set (reproducible), else now; UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch and epoch.isdigit()
              else datetime.datetime.now(datetime.timezone.utc))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


__all__ = ["write_report", "gather", "Figures", "SAMPLE"]
