"""Exports for NLP: Parquet with typed fields, Dolma-style JSONL, a Hugging Face dataset folder.

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
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from .archive import dumps, read_archive, read_manifest
from .audit import original_roots
from .paths import Guard, archive_guard, atomic_output, check_output
from .records import upgrade
from .shards import shard_paths

FORMATS = ("parquet", "dolma", "hf")
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
    for record in map(upgrade, read_archive(out)):
        if drop_duplicates and (record["duplicate_of"] or record["near_duplicate_of"]):
            continue
        yield record


def export(out: str | os.PathLike, to: str, dest: str | os.PathLike, drop_duplicates: bool = False) -> int:
    """Write the export; return the number of records written. Raises ValueError for an
    unknown format, OutputError and UnsafePath as the module says."""
    if to not in FORMATS:
        raise ValueError(f"unknown export {to!r}; choose one of {FORMATS}")
    dest = Path(dest)
    manifest = read_manifest(out)
    shard_paths(out, manifest)
    guard = archive_guard(out, original_roots(out, manifest))
    stream = records(out, drop_duplicates)
    if to == "hf":
        return _write_hf(stream, dest, guard)
    check_output(dest, guard)
    with atomic_output(dest) as path:
        return (write_parquet if to == "parquet" else write_dolma)(stream, path)


def _write_hf(stream: Iterator[dict[str, Any]], dest: Path, guard: Guard) -> int:
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
    return count


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


def write_dolma(stream: Iterator[dict[str, Any]], path: Path) -> int:
    """Dolma-style JSONL: id, text, source, added, created (left out when the record has
    no date_published), metadata (the rest)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    added = _added()
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for record in stream:
            rest = {k: v for k, v in record.items() if k not in ("id", "text")}
            document = {"id": record["id"], "text": record["text"], "source": f"normalize/{record['format']}",
                        "added": added, "created": record["date_published"], "metadata": rest}
            if not document["created"]:  # Dolma's schema wants a string or no key: a null fails it
                del document["created"]
            handle.write(dumps(document) + "\n")
            count += 1
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


