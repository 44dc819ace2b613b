"""normalize: Chinese news files of every shape into one uniform, validated JSONL archive.

Public API: :func:`build`, :func:`read_archive`, :class:`Document`, ``__version__``.
"""

from __future__ import annotations

from .version import __version__

import os
from typing import Any, Iterable

from .archive import read_archive
from .records import Document


def build(paths: Iterable[str | os.PathLike], out: str | os.PathLike, *, jobs: int = 1,
          profile: str | None = None, append: bool = False, drop_duplicates: bool = False,
          file_timeout: float | None = None, shard_bytes: int | None = None, compress: str = "none",
          engine: str = "local", scheduler: str | None = None, fmt: str | None = None,
          progress: Any = None, ocfl: str | os.PathLike | None = None, object_id: str | None = None,
          user: str | None = None, address: str | None = None) -> dict[str, Any]:
    """Archive the files and folders in ``paths`` into ``out``; return the manifest.

    Every option of ``normalize build`` (see :class:`normalize.options.BuildOptions`):
    ``profile`` is ``archival`` (the default: keep every character a reader sees) or
    ``nlp``. ``append`` adds to the archive at ``out`` (files already in it are skipped)
    and links every record again; ``drop_duplicates`` leaves out all but the first of
    each exact and near-duplicate cluster. ``file_timeout``: seconds per file (per 30
    MB), 0 for none (default 30). ``shard_bytes`` and ``compress`` (``none``, ``gzip``,
    ``zstd``) split the records into ``documents-00000.jsonl[.gz|.zst]`` …. ``engine``
    ``dask`` runs the work on a Dask cluster (``scheduler``'s address, or a local one of
    ``jobs`` workers) and writes the same archive. ``fmt`` reads every input as that
    format. ``progress``: a :class:`normalize.progress.Progress` told of each file.
    ``ocfl``: then deposit ``out`` as the next version of the OCFL object ``object_id``
    (default ``urn:normalize:<name of out>``) in that storage root, by ``user`` at
    ``address`` (see :func:`normalize.ocfl.deposit`, which raises OcflError; the root is
    checked before the build starts).

    The time limit installs no signal handler a caller has set (see
    :mod:`normalize.limits`). Raises ``normalize.options.UsageError`` for a missing path,
    a bad option, an ``out`` that is not an archive or that another build is writing;
    ``normalize.pipeline.ArchiveError`` when the archive to append to is invalid. Bad
    input files never raise: the manifest lists them as rejected, with a reason.
    """
    from .options import FILE_SECONDS, BuildOptions
    from .pipeline import build_archive

    options = BuildOptions(profile=profile, fmt=fmt, seconds=FILE_SECONDS if file_timeout is None else file_timeout,
                           jobs=jobs, engine=engine, scheduler=scheduler, shard_bytes=shard_bytes,
                           compress=compress, drop_duplicates=drop_duplicates, append=append)
    if ocfl is not None:
        from . import ocfl as versions

        versions.require()
        versions.check_places(out, ocfl)
    manifest = build_archive(list(paths), out, options, progress=progress)
    if ocfl is not None:
        versions.deposit(out, ocfl, object_id, user=user, address=address)
    return manifest


__all__ = ["Document", "__version__", "build", "read_archive"]
