"""What ``normalize formats`` shows: the formats known (built-in and installed), and for
one file each format's score and evidence, on the text the build would sniff."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import sources, webarchive
from .decode import decode, sniff_binary
from .process import is_tabular, repaired_texts


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


def explain(path: str | os.PathLike) -> tuple[str, list[tuple[str, float, str]], sources.Detection | None, str]:
    """(encoding, [(format, score, evidence)] best first, the detection, a note) for one
    file, on the text a build would sniff; files a build rejects or skips before the
    formats are asked get no scores and a note saying what the build does with them."""
    path = Path(path)
    if not path.is_file():  # a FIFO would block, a folder is not a file
        return "", [], None, "not a regular file: a build rejects it (unreadable)"
    with path.open("rb") as handle:
        container = webarchive.kind(handle.read(webarchive.HEAD_BYTES))
    if container is not None:
        return container, [], None, (f"a web archive ({container.upper()}): a build reads each HTML or text page "
                                     "record as a file, and counts the other records by type")
    data = path.read_bytes()
    why = sniff_binary(data)
    if why:
        return "binary", [], None, f"not text ({why}): a build rejects it (binary)"
    decoded = decode(data)
    neutral, _, plain, _ = repaired_texts(decoded)  # what each format is sniffed on
    detection = sources.detect(neutral, path.suffix, plain)
    text = plain if detection.stripped else neutral  # what a build would parse
    if not text.strip():
        return decoded.encoding, [], None, "no text after decoding: a build rejects it (empty)"
    if is_tabular(text):
        return decoded.encoding, [], None, "tab-separated data, not articles: a build skips it (tabular_data)"
    scored = [(name, score, evidence) for name, score, evidence, _ in sources.scores(neutral, path.suffix, plain)]
    return decoded.encoding, scored, detection, ""
