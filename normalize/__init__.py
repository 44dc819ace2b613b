"""normalize: Chinese news files of every shape into one uniform, validated JSONL archive.

Public API: :func:`build`, :func:`read_archive`, :class:`Document`, ``__version__``.
"""

from __future__ import annotations

__version__ = "0.1.0"

import os
from typing import Any, Iterable

from .archive import read_archive
from .records import Document


def build(paths: Iterable[str | os.PathLike], out: str | os.PathLike, *, jobs: int = 1,
          profile: str | None = None, append: bool = False, drop_duplicates: bool = False,
          shard_bytes: int | None = None, compress: str = "none", engine: str = "local",
          scheduler: str | None = None) -> dict[str, Any]:
    """Archive the files and folders in ``paths`` into ``out``; return the manifest.

    ``profile`` is ``archival`` (the default: keep every character a reader sees) or
    ``nlp``. ``append`` adds to the archive at ``out`` (files already in it are skipped)
    and links every record again; ``drop_duplicates`` leaves out all but the first of
    each exact and near-duplicate cluster. ``shard_bytes`` and ``compress`` (``none``,
    ``gzip``, ``zstd``) split the records into ``documents-00000.jsonl[.gz|.zst]`` ….
    ``engine`` ``dask`` runs the work on a Dask cluster (``scheduler``'s address, or a
    local one of ``jobs`` workers) and writes the same archive. Raises ``normalize.pipeline.UsageError`` for
    a missing path or an ``out`` that is not an archive, and
    ``normalize.pipeline.ArchiveError`` when the archive to append to is invalid. Bad
    input files never raise: the manifest lists them as rejected, with a reason.
    """
    from .pipeline import build_archive
    from .repairs import PROFILES

    if profile is not None and profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {sorted(PROFILES)}")
    return build_archive(list(paths), out, jobs=jobs, profile=profile, append=append,
                         drop_duplicates=drop_duplicates, shard_bytes=shard_bytes, compress=compress,
                         engine=engine, scheduler=scheduler)


__all__ = ["Document", "__version__", "build", "read_archive"]
