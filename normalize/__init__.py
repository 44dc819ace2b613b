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
          profile: str = "archival") -> dict[str, Any]:
    """Archive the files and folders in ``paths`` into ``out``; return the manifest.

    ``profile`` is ``archival`` (keep every character a reader sees) or ``nlp``.

    Raises :class:`normalize.pipeline.UsageError` if a path does not exist. Bad input
    files never raise: they are listed in the manifest as rejected, with a reason.
    """
    from .archive import write_archive
    from .pipeline import collect_inputs, run

    from .repairs import PROFILES

    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {sorted(PROFILES)}")
    inputs = collect_inputs(paths)
    return write_archive(out, run(inputs, jobs=jobs, profile=profile), {"profile": profile})


__all__ = ["Document", "__version__", "build", "read_archive"]
