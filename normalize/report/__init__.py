"""``normalize report``: one self-contained HTML page about an archive.

Totals; records by format, publisher, language and month; repairs and flags by kind;
duplicate clusters; rejected inputs with reasons; and a sample of records, each with
its metadata, its source lines (when the originals can be found) and its text.
The page depends only on the archive (and the originals), so it is reproducible.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..audit import NotFound, original_lines, original_path
from .figures import Figures, gather
from .page import render

#: Records shown in the sample by default (spread evenly over the archive).
SAMPLE = 40


def write_report(out: str | os.PathLike, dest: str | os.PathLike, *, sample: int = SAMPLE,
                 originals: str | None = None) -> Figures:
    """Write the report of the archive at ``out`` to ``dest``; return its figures."""
    figures = gather(out, sample)
    manifest = figures.manifest

    @lru_cache(maxsize=1)  # the sample is in archive order: records of one file come together
    def lines_of(path: Path, sha256: str) -> list[str]:
        return original_lines(path, sha256)

    def source(record: dict[str, Any]) -> tuple[list[str] | None, str]:
        try:
            lines = lines_of(original_path(out, record, originals, manifest), record["provenance"]["sha256"])
        except (NotFound, OSError) as error:
            return None, f"source lines not shown: {error}"
        start, end = record["provenance"]["line_start"], record["provenance"]["line_end"]
        return lines[start - 1:end], ""

    page = render(figures, Path(out).resolve().name, source)
    Path(dest).write_text(page, encoding="utf-8")
    return figures


__all__ = ["write_report", "gather", "Figures", "SAMPLE"]
