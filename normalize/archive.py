"""Writing and reading archives: ``documents.jsonl`` plus ``manifest.json``.

The writer builds into a temporary folder beside ``OUT`` and swaps it in only when
complete, so an interrupted build never leaves a half-written archive at ``OUT``.
Records are written as they arrive; nothing holds the whole corpus.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Iterator

from . import __version__
from .records import SCHEMA_VERSION, FileResult

DOCUMENTS = "documents.jsonl"
MANIFEST = "manifest.json"


class TargetError(Exception):
    """``OUT`` exists and is something other than an archive: it is never overwritten."""


def check_target(out: str | os.PathLike) -> None:
    """Raise TargetError unless ``out`` is absent, an empty folder, or an archive."""
    out = Path(out)
    if not out.exists():
        return
    if not out.is_dir():
        raise TargetError(f"{out} exists and is not a folder")
    if any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise TargetError(f"{out} is a folder with files but no {MANIFEST}; "
                          "refusing to replace it (choose another OUT or empty it)")


def dumps(record: dict[str, Any]) -> str:
    """One JSONL line: UTF-8 text, not ASCII-escaped, keys in record order."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def write_archive(out: str | os.PathLike, results: Iterable[FileResult],
                  options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Write every archived record and a manifest of every input; return the manifest."""
    out = Path(out)
    check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        manifest = _write_into(staging, results, options or {})
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def _write_into(folder: Path, results: Iterable[FileResult], options: dict[str, Any]) -> dict[str, Any]:
    entries: list[dict[str, Any]] = []
    counters: Counter = Counter()
    digest = hashlib.sha256()
    records = 0
    with open(folder / DOCUMENTS, "wb") as handle:
        for result in results:
            entries.append(result.manifest_entry())
            counters.update(result.counters)
            counters[f"status:{result.status}"] += 1
            if result.reason:
                counters[f"{result.status}:{result.reason}"] += 1
            for document in result.documents:
                line = (dumps(document.to_dict()) + "\n").encode("utf-8")
                handle.write(line)
                digest.update(line)
                records += 1
        size = handle.tell()
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "normalize", "version": __version__},
        "options": options,
        "documents": [{"file": DOCUMENTS, "records": records, "bytes": size,
                       "sha256": digest.hexdigest()}],
        "totals": _totals(entries, records),
        "inputs": entries,
        "counters": dict(sorted(counters.items())),
    }
    with open(folder / MANIFEST, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    return manifest


def _totals(entries: list[dict[str, Any]], records: int) -> dict[str, int]:
    status = Counter(entry["status"] for entry in entries)
    return {"files": len(entries), "archived": status["archived"], "rejected": status["rejected"],
            "skipped": status["skipped"], "records": records}


def _swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` with ``staging``; the old archive is removed only after the swap."""
    for path in staging.iterdir():
        os.chmod(path, 0o644)
    os.chmod(staging, 0o755)
    if not out.exists():
        os.replace(staging, out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    os.replace(out, retired / out.name)
    os.replace(staging, out)
    shutil.rmtree(retired, ignore_errors=True)


def read_manifest(out: str | os.PathLike) -> dict[str, Any]:
    """The archive's manifest as a dict."""
    with open(Path(out) / MANIFEST, encoding="utf-8") as handle:
        return json.load(handle)


def read_archive(out: str | os.PathLike) -> Iterator[dict[str, Any]]:
    """Yield every record of the archive at ``out`` as a dict, in archive order."""
    out = Path(out)
    shards = [entry["file"] for entry in read_manifest(out)["documents"]] if (out / MANIFEST).exists() else [DOCUMENTS]
    for shard in shards:
        with open(out / shard, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
