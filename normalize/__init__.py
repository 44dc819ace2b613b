"""normalize: Chinese news files of every shape into one uniform, validated JSONL archive.

Public API, typed (``py.typed``): :func:`build`, :func:`validate`, :func:`export`,
:func:`package`, :func:`report`, :func:`read_archive`, :class:`Document`, the progress
:class:`Snapshot` a build's callback receives, and ``__version__``. Each does what the
command of the same name does, with the same options as keyword arguments; none prints,
installs a signal handler or exits.
"""

from __future__ import annotations

from .version import __version__

import os
from pathlib import Path
from typing import Any, Callable, Iterable

from .archive import read_archive
from .progress import Snapshot
from .records import Document


def build(paths: Iterable[str | os.PathLike], out: str | os.PathLike, *, jobs: int = 1,
          profile: str | None = None, append: bool = False, drop_duplicates: bool = False,
          file_timeout: float | None = None, shard_bytes: int | None = None, compress: str = "none",
          engine: str = "local", scheduler: str | None = None, fmt: str | None = None,
          progress: Callable[[Snapshot], object] | Any = None, ocfl: str | os.PathLike | None = None, object_id: str | None = None,
          user: str | None = None, address: str | None = None, file_memory: int | None = None) -> dict[str, Any]:
    """Archive the files and folders in ``paths`` into ``out``; return the manifest.

    Every option of ``normalize build`` (see :class:`normalize.options.BuildOptions`):
    ``profile`` is ``archival`` (the default: keep every character a reader sees) or
    ``nlp``. ``append`` adds to the archive at ``out`` (files already in it are skipped)
    and links every record again; ``drop_duplicates`` leaves out all but the first of
    each exact and near-duplicate cluster. ``file_timeout``: seconds per file (per 30
    MB), 0 for none (default 30). ``file_memory``: bytes of address space for the process
    reading a file, with ``jobs`` 2+ or ``engine`` dask (default 8 GiB, 0: none). ``shard_bytes`` and ``compress`` (``none``, ``gzip``,
    ``zstd``) split the records into ``documents-00000.jsonl[.gz|.zst]`` …. ``engine``
    ``dask`` runs the work on a Dask cluster (``scheduler``'s address, or a local one of
    ``jobs`` workers) and writes the same archive. ``fmt`` reads every input as that
    format. ``progress``: a function called with a :class:`Snapshot` (stage, files and
    bytes done of the total, rejects, seconds) at the start, after each file, when
    linking starts and at the end; or a :class:`normalize.progress.Progress`.
    ``ocfl``: then deposit ``out`` as the next version of the OCFL object ``object_id``
    (default ``urn:normalize:<name of out>``) in that storage root, by ``user`` at
    ``address`` (see :func:`normalize.ocfl.deposit`, which raises OcflError; the root is
    checked before the build starts).

    The time limit installs no signal handler and plants no exception (see
    :mod:`normalize.limits`): in this process it is checked by the work at its slow spots;
    with ``jobs`` 2+ or on Dask each file runs in a helper process that is stopped if it
    overruns (:mod:`normalize.isolation`). Raises ``normalize.options.UsageError`` for a missing path,
    a bad option, an ``out`` that is not an archive or that another build is writing;
    ``normalize.pipeline.ArchiveError`` when the archive to append to is invalid. Bad
    input files never raise: the manifest lists them as rejected, with a reason.
    """
    from .options import FILE_MEMORY, FILE_SECONDS, BuildOptions
    from .pipeline import build_archive

    options = BuildOptions(profile=profile, fmt=fmt, seconds=FILE_SECONDS if file_timeout is None else file_timeout,
                           jobs=jobs, engine=engine, scheduler=scheduler, shard_bytes=shard_bytes,
                           compress=compress, drop_duplicates=drop_duplicates, append=append,
                           memory=FILE_MEMORY if file_memory is None else file_memory)
    if ocfl is not None:
        from . import ocfl as versions

        versions.require()
        versions.check_places(out, ocfl)
    from .progress import Callback

    watcher = Callback(progress) if callable(progress) and not hasattr(progress, "advance") else progress
    finished = False
    try:
        manifest = build_archive(list(paths), out, options, progress=watcher)
        finished = True
    finally:
        if isinstance(watcher, Callback):
            watcher.close(finished)
    if ocfl is not None:
        versions.deposit(out, ocfl, object_id, user=user, address=address)
    return manifest


def validate(path: str | os.PathLike) -> list[Any]:
    """The problems of an archive folder, a bag made by :func:`package`, or an OCFL storage
    root or object (each object, then its head version as an archive): a list of
    :class:`normalize.validation.Problem` (``file``, ``line``, ``message``), empty when valid.
    Raises ``normalize.validation.NotAnArchive`` when ``path`` is not a folder."""
    from .validation import validate_path

    return validate_path(path)


def export(out: str | os.PathLike, to: str, dest: str | os.PathLike, *, drop_duplicates: bool = False,
           **options: Any) -> int:
    """Export the archive ``out`` for NLP as ``normalize export`` does: ``to`` is one of
    :data:`normalize.exports.FORMATS` (``parquet``, ``dolma``, ``hf``); return the number of
    records written. Raises ValueError (an unknown format), ``normalize.paths.OutputError``
    (``dest`` onto the archive or its originals) and ``normalize.paths.UnsafePath``."""
    from .exports import export as write

    return write(out, to, dest, drop_duplicates, **options)


def report(out: str | os.PathLike, dest: str | os.PathLike, *, sample: int | None = None,
           originals: str | os.PathLike | None = None, **options: Any) -> Any:
    """Write the self-contained HTML report of the archive ``out`` to ``dest``, as
    ``normalize report`` does (``sample`` records shown, ``originals`` where the source
    files are if moved, ``bag=`` a bag of the archive whose fixity is checked and shown:
    the figures' ``fixity``); return its figures. Raises ``normalize.paths.OutputError`` and
    ``normalize.paths.UnsafePath``."""
    from .reports import SAMPLE, write_report

    return write_report(out, dest, sample=SAMPLE if sample is None else sample,
                        originals=None if originals is None else str(originals), **options)


def package(out: str | os.PathLike, bag: str | os.PathLike | None = None, *,
            originals: Iterable[str | os.PathLike] = (), info: dict[str, str] | None = None,
            profile: str | os.PathLike | None = None, config: str | os.PathLike | None = None,
            agent: str | None = None, ocfl: str | os.PathLike | None = None, object_id: str | None = None,
            user: str | None = None, address: str | None = None) -> Path:
    """Package the archive ``out`` as ``normalize package`` does; return where it went.

    With ``bag``: a BagIt 1.0 bag of the archive and its ``originals`` (the files or
    folders it was built from), with a PREMIS 3 event log; ``info`` fields for
    bag-info.txt over the TOML ``config``'s, a BagIt ``profile`` to meet, the ``agent``
    packaging. Raises ``normalize.bags.PackageError``. With ``ocfl`` (instead of
    ``bag``): deposit ``out`` as the next version of the OCFL object ``object_id`` in that
    storage root, by ``user`` at ``address``; returns the object's folder. Raises
    ``normalize.ocfl.OcflError``."""
    if (bag is None) == (ocfl is None):
        raise ValueError("package wants bag= (a bag) or ocfl= (an OCFL root), one of them")
    if ocfl is not None:
        from . import ocfl as versions

        versions.require()
        return Path(ocfl) / versions.deposit(out, ocfl, object_id, user=user, address=address).path
    from .bags import package as make_bag

    return make_bag(out, list(originals), bag, info, profile=profile, config=config, agent=agent)


__all__ = ["Document", "Snapshot", "__version__", "build", "export", "package", "read_archive", "report",
           "validate"]
