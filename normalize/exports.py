"""Exports for NLP: Parquet with typed fields, Dolma (see :mod:`normalize.dolma`), a
Hugging Face dataset folder, and the records themselves as one JSONL stream.

Records stream from the archive; nothing holds the whole corpus. ``drop_duplicates``
leaves out every record that is a duplicate or near duplicate of another.

Every file is written atomically (beside its destination, then moved over it), and never
onto or into what is exported: a destination that is a file of the archive (by identity,
so a hard link counts), lies inside the archive or the originals' folders, or is a folder
where a file is expected, raises :class:`~normalize.paths.OutputError`; so does a failed
write (``/dev/full``). A manifest naming a shard outside the archive raises
:class:`~normalize.paths.UnsafePath` before anything is read.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from . import dolma
from .archive import dumps, read_archive, read_manifest
from .audit import original_roots
from .paths import Guard, archive_guard, atomic_output, check_output
from .records import upgrade
from .shards import open_shard, shard_paths

FORMATS = ("parquet", "dolma", "hf", "jsonl")
#: The formats that can be one stream: ``-o -`` writes them to standard output.
STREAMS = ("dolma", "jsonl")
ROWS_PER_GROUP = 10_000


@lru_cache(maxsize=None)
def parquet_schema() -> Any:
    """The record as Arrow types: lists as lists, structs as structs; fixes and source_fields
    as lists of (name, count) and (name, value) structs (Arrow's map type has no Hugging Face
    datasets equivalent). Made when first asked for: pyarrow takes ~40 ms to import, which
    a build, the one command most run, should not pay."""
    import pyarrow as pa

    text = pa.string()
    return pa.schema([
        ("id", text), ("text", text), ("title", text), ("subtitle", text), ("authors", pa.list_(text)),
        ("publisher", text), ("date_published", text), ("date_modified", text), ("date_text", text),
        ("url", text), ("source_id", text),
        ("source_fields", pa.list_(pa.struct([("name", text), ("value", text)]))), ("archive_urls", pa.list_(text)), ("tags", pa.list_(text)), ("language", text),
        ("section", text), ("continued_from", text), ("continued_to", text),
        ("blocks", pa.list_(pa.struct([("type", text), ("start", pa.int64()), ("end", pa.int64())]))),
        ("links", pa.list_(pa.struct([("url", text), ("start", pa.int64()), ("end", pa.int64())]))),
        ("format", text),
        ("provenance", pa.struct([("path", text), ("sha256", text), ("bytes", pa.int64()), ("encoding", text),
                                  ("ordinal", pa.int64()), ("line_start", pa.int64()), ("line_end", pa.int64()),
                                  ("warc", pa.struct([("type", text), ("offset", pa.int64()), ("length", pa.int64()),
                                                      ("record_id", text), ("target_uri", text), ("date", text)]))])),
        ("fixes", pa.list_(pa.struct([("name", text), ("count", pa.int64())]))), ("flags", pa.list_(text)),
        ("duplicate_of", text), ("near_duplicate_of", text), ("contained_in", text),
        ("containment", pa.float64()), ("schema_version", text),
    ])


HF_CARD = """---
configs:
- config_name: default
  data_files:
  - split: train
    path: data/*.parquet
---
# normalize archive

Chinese news records exported by normalize {version}: one row per article with its clean text,
metadata and provenance. Load with `datasets.load_dataset("{name}")`.
"""


def records(out: str | os.PathLike, drop_duplicates: bool = False) -> Iterator[dict[str, Any]]:
    """The archive's records (in the current schema), duplicates and near duplicates left out if asked."""
    return _kept(map(upgrade, read_archive(out)), drop_duplicates)


def _kept(stream: Iterator[dict[str, Any]], drop_duplicates: bool) -> Iterator[dict[str, Any]]:
    for record in stream:
        if drop_duplicates and (record["duplicate_of"] or record["near_duplicate_of"]):
            continue
        yield record


def _shard_records(shard: Path, drop_duplicates: bool) -> Iterator[dict[str, Any]]:
    with open_shard(shard) as handle:
        yield from _kept((upgrade(json.loads(line)) for line in handle if line.strip()), drop_duplicates)


def export(out: str | os.PathLike, to: str, dest: str | os.PathLike, drop_duplicates: bool = False, *,
           source: str | None = None, attributes: bool = False) -> int:
    """Write the export; return the number of records written. ``dest`` ``-`` is standard
    output (``dolma``, ``jsonl``); ``source`` names the Dolma documents' source (default:
    the archive folder's name); ``attributes`` adds Dolma attribute files (a Dolma folder
    only). Raises ValueError for an unknown format or a destination the format cannot
    take, OutputError and UnsafePath as the module says."""
    return export_files(out, to, dest, drop_duplicates, source=source, attributes=attributes)[0]


def export_files(out: str | os.PathLike, to: str, dest: str | os.PathLike, drop_duplicates: bool = False, *,
                 source: str | None = None, attributes: bool = False) -> tuple[int, list[str]]:
    """:func:`export`, also returning the files written (``-`` for standard output)."""
    if to not in FORMATS:
        raise ValueError(f"unknown export {to!r}; choose one of {FORMATS}")
    stdout = os.fspath(dest) == "-"
    if stdout and to not in STREAMS:
        raise ValueError(f"{to} cannot go to standard output; give a {'folder' if to == 'hf' else 'file'}")
    if attributes and (to != "dolma" or dolma.single_file(dest)):
        raise ValueError("attributes are written beside Dolma documents: give --to dolma and a folder")
    dest = Path(dest)
    manifest = read_manifest(out)
    shards = shard_paths(out, manifest)
    guard = archive_guard(out, original_roots(out, manifest))
    if to == "hf":
        return _write_hf(records(out, drop_duplicates), dest, guard)
    if to == "dolma" and not dolma.single_file(dest):
        return _write_dolma_folder(shards, dest, guard, drop_duplicates, source or _name(out), attributes)
    stream = records(out, drop_duplicates)
    if not stdout:
        check_output(dest, guard)
    if to == "dolma":
        if stdout:
            return dolma.write_single(stream, None, source or _name(out), _added()), ["-"]
        with atomic_output(dest) as path:
            return dolma.write_single(stream, path, source or _name(out), _added(), dest.name.endswith(".gz")), [str(dest)]
    if to == "jsonl":
        if stdout:
            return write_jsonl(stream, None), ["-"]
        with atomic_output(dest) as path:
            return write_jsonl(stream, path, dest.name.endswith(".gz")), [str(dest)]
    with atomic_output(dest) as path:
        return write_parquet(stream, path), [str(dest)]


def _name(out: str | os.PathLike) -> str:
    """The archive's name: its folder's."""
    return Path(out).resolve().name or "normalize"


def _write_dolma_folder(shards: list[Path], dest: Path, guard: Guard, drop_duplicates: bool, source: str,
                        attributes: bool) -> tuple[int, list[str]]:
    """``dest/documents/`` (and ``dest/attributes/normalize/``): one file per archive shard;
    files of the same pattern left there by an earlier export are removed, so the folder
    holds this export alone."""
    folders = [dest / "documents"] + ([dest / "attributes" / dolma.ATTRIBUTES] if attributes else [])
    check_output(dest, guard, folder=True)
    for folder in [dest / "attributes"] * attributes + folders:
        check_output(folder, guard, folder=True)
    added, count, written = _added(), 0, []
    for index, shard in enumerate(shards):
        paths = [folder / dolma.shard_name(index) for folder in folders]
        for path in paths:
            check_output(path, guard)
        with atomic_output(paths[0]) as documents:
            if attributes:
                with atomic_output(paths[1]) as tags:
                    count += dolma.write_shard(_shard_records(shard, drop_duplicates), documents, tags, source, added)
            else:
                count += dolma.write_shard(_shard_records(shard, drop_duplicates), documents, None, source, added)
        written += [str(path) for path in paths]
    for folder in folders:
        for stale in sorted(folder.iterdir()):
            if _SHARD_FILE.fullmatch(stale.name) and str(stale) not in written and stale.is_file():
                stale.unlink()
    return count, sorted(written)


_SHARD_FILE = re.compile(r"documents-[0-9]{5,}\.jsonl\.gz")


def write_jsonl(stream: Iterator[dict[str, Any]], path: Path | None, packed: bool = False) -> int:
    """The records as JSON lines (gzipped when the name ends in ``.gz``), or to standard output."""
    import sys

    count = 0
    if path is None:
        for record in stream:
            sys.stdout.buffer.write((dumps(record) + "\n").encode("utf-8"))
            count += 1
        sys.stdout.buffer.flush()
        return count
    with dolma.gzip_writer(path, packed) as handle:
        for record in stream:
            handle.write((dumps(record) + "\n").encode("utf-8"))
            count += 1
    return count


def _write_hf(stream: Iterator[dict[str, Any]], dest: Path, guard: Guard) -> tuple[int, list[str]]:
    """The Hugging Face folder: ``data/train-00000-of-00001.parquet`` and a dataset card."""
    from .version import __version__

    table, card = dest / "data" / "train-00000-of-00001.parquet", dest / "README.md"
    check_output(dest, guard, folder=True)
    check_output(dest / "data", guard, folder=True)
    for path in (table, card):
        check_output(path, guard)
    with atomic_output(table) as path:
        count = write_parquet(stream, path)
    with atomic_output(card) as path:
        path.write_text(HF_CARD.format(version=__version__, name=dest.name), "utf-8")
    return count, [str(card), str(table)]


def write_parquet(stream: Iterator[dict[str, Any]], path: Path) -> int:
    """Records to one Parquet file, in row groups, typed by :func:`parquet_schema`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for record in stream:
            batch.append({**record, "fixes": [{"name": k, "count": v} for k, v in record["fixes"].items()],
                          "source_fields": [{"name": k, "value": v} for k, v in record["source_fields"].items()]})
            if len(batch) == ROWS_PER_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count, batch = count + len(batch), []
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _added() -> str:
    """When the records were added: SOURCE_DATE_EPOCH if set (reproducible), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch and epoch.isdigit()
              else datetime.datetime.now(datetime.timezone.utc))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def from_parquet_row(row: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row back as an archive record (the fixes back to a dict)."""
    return {**row, "fixes": {fix["name"]: fix["count"] for fix in row["fixes"]},
            "source_fields": {item["name"]: item["value"] for item in row["source_fields"]}}


