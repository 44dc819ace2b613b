"""What ``normalize formats`` shows: the formats known (built-in and installed), and for
one file each format's score and evidence, on the text the build would sniff."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import sources
from .decode import decode, sniff_binary
from .pipeline import _repair


@dataclass(frozen=True)
class Known:
    name: str
    origin: str  # "built-in", or the installed distribution and its version
    summary: str


def known() -> list[Known]:
    """Every format, in the order ties are broken."""
    out = []
    for name, module in sources.SOURCES.items():
        origin = getattr(module, "origin", None) or "built-in"
        summary = ((module.__doc__ or "").strip().split("\n")[0]).strip()
        out.append(Known(name, origin, summary))
    return out


def explain(path: str | os.PathLike) -> tuple[str, list[tuple[str, float, str]], sources.Detection | None]:
    """(encoding, [(format, score, evidence)] best first, the detection) for one file;
    a binary file has no scores."""
    data = Path(path).read_bytes()
    if sniff_binary(data):
        return "binary", [], None
    decoded = decode(data)
    text, _ = _repair(decoded.text, Path(path).suffix)
    suffix = Path(path).suffix
    return decoded.encoding, sources.scores(text, suffix), sources.detect(text, suffix)
