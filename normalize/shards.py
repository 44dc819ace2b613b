"""Archive shards: ``documents.jsonl`` or ``documents-00000.jsonl[.gz|.zst]`` …

``ShardWriter`` writes JSONL lines into shards of at most ``shard_bytes`` uncompressed
bytes, compressed with gzip or zstd if asked, deterministically (no timestamps in
gzip headers); ``close`` returns each shard's file name, record count, size and SHA-256
as the manifest lists them. ``open_shard`` reads any of them as text whose lines end at
``\n`` only (U+2028, U+2029, U+0085 and ``\r`` are characters inside a record);
``shard_path`` is the one check of a shard's name taken from a manifest.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import os
from pathlib import Path
from typing import IO, Any

import zstandard

from .paths import UnsafePath, inside

COMPRESSIONS = {"none": "", "gzip": ".gz", "zstd": ".zst"}
SINGLE = "documents.jsonl"
_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$", re.I)
_UNITS = {"": 1, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}
#: Every name ShardWriter gives a shard, and the only names read from a manifest.
SHARD_NAME_RE = re.compile(r"documents\.jsonl|documents-[0-9]{5,}\.jsonl(?:%s)?"
                           % "|".join(re.escape(suffix) for suffix in COMPRESSIONS.values() if suffix))


def parse_size(text: str) -> int:
    """``256MB`` / ``1.5G`` / ``1000000`` as a number of bytes; ValueError otherwise."""
    match = _SIZE_RE.match(text)
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"not a size: {text!r} (try 256MB)")
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


class ShardWriter:
    """Lines into shards; a single plain ``documents.jsonl`` unless sharding or compression is asked."""

    def __init__(self, folder: Path, shard_bytes: int | None = None, compress: str = "none") -> None:
        if compress not in COMPRESSIONS:
            raise ValueError(f"unknown compression {compress!r}; choose one of {sorted(COMPRESSIONS)}")
        self.folder, self.shard_bytes, self.compress = folder, shard_bytes, compress
        self.single = shard_bytes is None and compress == "none"
        self.shards: list[dict[str, Any]] = []
        self._stream: IO[bytes] | None = None
        self._raw: IO[bytes] | None = None
        self._size = 0

    def write(self, line: bytes) -> None:
        """Write one JSONL line (with its newline)."""
        if self._stream is None or (self.shard_bytes and self._size and self._size + len(line) > self.shard_bytes):
            self._rotate()
        self._stream.write(line)
        self._size += len(line)
        self.shards[-1]["records"] += 1

    def close(self) -> list[dict[str, Any]]:
        """Finish the last shard; return every shard as the manifest lists it."""
        if self._stream is None:
            self._rotate()  # an archive with no records still has one (empty) shard
        self._finish()
        return self.shards

    def _rotate(self) -> None:
        self._finish()
        name = SINGLE if self.single else f"documents-{len(self.shards):05d}.jsonl{COMPRESSIONS[self.compress]}"
        self._raw = open(self.folder / name, "wb")
        if self.compress == "gzip":
            self._stream = gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, mtime=0)
        elif self.compress == "zstd":
            self._stream = zstandard.ZstdCompressor(level=10).stream_writer(self._raw, closefd=False)
        else:
            self._stream = self._raw
        self.shards.append({"file": name, "records": 0, "bytes": 0, "sha256": ""})
        self._size = 0

    def _finish(self) -> None:
        if self._stream is None:
            return
        if self._stream is not self._raw:
            self._stream.close()
        self._raw.close()
        path = self.folder / self.shards[-1]["file"]
        self.shards[-1].update(bytes=path.stat().st_size, sha256=file_sha256(path))
        self._stream = self._raw = None


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def shard_path(out: str | os.PathLike, name: object) -> Path:
    """The shard a manifest names ``name`` in the archive at ``out``; UnsafePath unless
    it is a name ShardWriter writes and is, through links, inside ``out``."""
    if not isinstance(name, str) or not SHARD_NAME_RE.fullmatch(name):
        raise UnsafePath(f"{name!r} is not a shard's name (documents.jsonl, documents-00000.jsonl[.gz|.zst])")
    return inside(out, Path(out) / name)


def shard_paths(out: str | os.PathLike, manifest: dict[str, Any]) -> list[Path]:
    """Every shard the manifest lists, each checked by :func:`shard_path`; UnsafePath at the first bad one."""
    return [shard_path(out, entry.get("file") if isinstance(entry, dict) else entry)
            for entry in manifest.get("documents") or []]


def open_shard(path: Path) -> IO[str]:
    """A shard as UTF-8 text, whatever its compression; its lines end at ``\n`` only."""
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", newline="\n")
    if path.name.endswith(".zst"):
        return io.TextIOWrapper(zstandard.ZstdDecompressor().stream_reader(open(path, "rb"), closefd=True),
                                encoding="utf-8", newline="\n")
    return open(path, encoding="utf-8", newline="\n")
