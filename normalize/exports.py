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
from .metadata.dates import typed_date
from .paths import Guard, archive_guard, atomic_output, check_output
from .records import upgrade
from .shards import open_shard, shard_paths

FORMATS = ("parquet", "dolma", "hf", "jsonl")
#: The dates the Parquet and HF exports also carry typed (see :func:`parquet_schema`).
DATE_FIELDS = ("date_published", "date_modified")
_DATE_PARTS = ("day", "local", "utc", "precision")
#: The formats that can be one stream: ``-o -`` writes them to standard output.
STREAMS = ("dolma", "jsonl")
ROWS_PER_GROUP = 10_000


@lru_cache(maxsize=None)
def parquet_schema() -> Any:
    """The record as Arrow types: lists as lists, structs as structs; fixes and source_fields
    as lists of (name, count) and (name, value) structs (Arrow's map type has no Hugging Face
    datasets equivalent). Each date is also typed, its text kept: ``<field>_day`` (date32,
    the calendar day as written), ``<field>_local`` (timestamp, the wall-clock time as
    written, null for a day alone), ``<field>_utc`` (timestamp in UTC, only when the source
    states an offset: a time without one is no instant) and ``<field>_precision`` (``day``,
    ``minute``, ``second``, ``subsecond``: what the text proves). Made when first asked
    for: pyarrow takes ~40 ms to import, which a build, the one command most run, should
    not pay."""
    import pyarrow as pa

    text = pa.string()
    return pa.schema([
        ("id", text), ("text", text), ("title", text), ("subtitle", text), ("authors", pa.list_(text)),
        ("publisher", text), ("date_published", text), ("date_modified", text), ("date_text", text),
        *[(f"{field}_{part}", kind) for field in DATE_FIELDS for part, kind in (
            ("day", pa.date32()), ("local", pa.timestamp("us")), ("utc", pa.timestamp("us", tz="UTC")),
            ("precision", text))],
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


#: Hugging Face's size categories: the first whose bound exceeds the row count.
SIZE_CATEGORIES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
                   (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B"),
                   (10**10, "1B<n<10B"), (10**11, "10B<n<100B"), (10**12, "100B<n<1T"))
#: bag-info fields (``--info``, ``--bag-config``) the dataset card shows, in this order.
CARD_FIELDS = ("Source-Organization", "Organization-Address", "Contact-Name", "Contact-Email",
               "External-Identifier", "External-Description")


def size_category(rows: int) -> str:
    """Hugging Face's ``size_categories`` value for ``rows`` rows."""
    return next((name for bound, name in SIZE_CATEGORIES if rows < bound), "n>1T")


def dataset_card(name: str, rows: int, languages: list[str], info: dict[str, Any]) -> str:
    """The README.md of a ``--to hf`` folder: YAML metadata Hugging Face reads (the data
    files, ``language`` from the records' own ``language`` tags, ``size_categories``,
    ``license`` only when ``info`` states one: ``License``), then the source the package
    fields name. Nothing is stated that the archive or ``info`` does not say."""
    import yaml

    from .version import __version__

    meta: dict[str, Any] = {}
    if info.get("License"):
        meta["license"] = _one(info["License"])
    if languages:
        meta["language"] = languages
    meta["size_categories"] = [size_category(rows)]
    if info.get("Title"):
        meta["pretty_name"] = _one(info["Title"])
    meta["configs"] = [{"config_name": "default", "data_files": [{"split": "train", "path": "data/*.parquet"}]}]
    title = _one(info["Title"]) if info.get("Title") else "normalize archive"
    lines = ["---", yaml.safe_dump(meta, allow_unicode=True, sort_keys=False).rstrip("\n"), "---",
             f"# {title}", "",
             f"Chinese news records exported by normalize {__version__}: {rows} rows, one per article with its",
             "clean text, metadata and provenance; dates also as typed columns (`date_published_day`,",
             "`_local`, `_utc`, `_precision`). Load with `datasets.load_dataset(\"" + name + "\")`."]
    stated = [(key, _one(info[key])) for key in CARD_FIELDS if info.get(key)]
    if stated:
        lines += ["", "## Source", ""] + [f"- {key}: {value}" for key, value in stated]
    return "\n".join(lines) + "\n"


def _one(value: str | list[str]) -> str:
    """A bag-info value (a string, or a list for a repeated field) as one line."""
    return "; ".join(value) if isinstance(value, list) else value


def card_info(info: dict[str, str] | None, config: str | os.PathLike | None) -> dict[str, Any]:
    """The package fields for the card: ``config``'s (a bag config, TOML) under ``info``'s."""
    from .bags import load_config

    return {**(load_config(config) if config is not None else {}), **(info or {})}


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
           source: str | None = None, attributes: bool = False,
           info: dict[str, str] | None = None, config: str | os.PathLike | None = None) -> int:
    """Write the export; return the number of records written. ``dest`` ``-`` is standard
    output (``dolma``, ``jsonl``); ``source`` names the Dolma documents' source (default:
    the archive folder's name); ``attributes`` adds Dolma attribute files (a Dolma folder
    only); ``info`` and ``config`` (bag-info fields, as ``package`` takes them) fill the
    Hugging Face dataset card (``hf`` only). Raises ValueError for an unknown format or a destination the format cannot
    take, OutputError and UnsafePath as the module says."""
    return export_files(out, to, dest, drop_duplicates, source=source, attributes=attributes, info=info,
                        config=config)[0]


def export_files(out: str | os.PathLike, to: str, dest: str | os.PathLike, drop_duplicates: bool = False, *,
                 source: str | None = None, attributes: bool = False,
                 info: dict[str, str] | None = None, config: str | os.PathLike | None = None) -> tuple[int, list[str]]:
    """:func:`export`, also returning the files written (``-`` for standard output)."""
    if to not in FORMATS:
        raise ValueError(f"unknown export {to!r}; choose one of {FORMATS}")
    stdout = os.fspath(dest) == "-"
    if stdout and to not in STREAMS:
        raise ValueError(f"{to} cannot go to standard output; give a {'folder' if to == 'hf' else 'file'}")
    if attributes and (to != "dolma" or dolma.single_file(dest)):
        raise ValueError("attributes are written beside Dolma documents: give --to dolma and a folder")
    if (info or config is not None) and to != "hf":
        raise ValueError("package fields (info, a bag config) go in a Hugging Face dataset card: give --to hf")
    dest = Path(dest)
    manifest = read_manifest(out)
    shards = shard_paths(out, manifest)
    guard = archive_guard(out, original_roots(out, manifest))
    if to == "hf":
        return _write_hf(records(out, drop_duplicates), dest, guard, card_info(info, config))
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


def _write_hf(stream: Iterator[dict[str, Any]], dest: Path, guard: Guard,
              info: dict[str, Any]) -> tuple[int, list[str]]:
    """The Hugging Face folder: ``data/train-00000-of-00001.parquet`` and a dataset card."""
    languages: set[str] = set()

    def seen(records: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for record in records:
            if record["language"]:
                languages.add(record["language"].split("-")[0].lower())
            yield record

    table, card = dest / "data" / "train-00000-of-00001.parquet", dest / "README.md"
    check_output(dest, guard, folder=True)
    check_output(dest / "data", guard, folder=True)
    for path in (table, card):
        check_output(path, guard)
    with atomic_output(table) as path:
        count = write_parquet(seen(stream), path)
    with atomic_output(card) as path:
        path.write_text(dataset_card(dest.name, count, sorted(languages), info), "utf-8")
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
            batch.append(_row(record))
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


def _row(record: dict[str, Any]) -> dict[str, Any]:
    """A record as a Parquet row: fixes and source_fields as lists, the dates also typed."""
    row = {**record, "fixes": [{"name": k, "count": v} for k, v in record["fixes"].items()],
           "source_fields": [{"name": k, "value": v} for k, v in record["source_fields"].items()]}
    for field in DATE_FIELDS:
        row.update(zip((f"{field}_{part}" for part in _DATE_PARTS), typed_date(record[field])))
    return row


def from_parquet_row(row: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row back as an archive record (the fixes back to a dict, the typed dates
    left out: the text form is the record's)."""
    typed = {f"{field}_{part}" for field in DATE_FIELDS for part in _DATE_PARTS}
    return {**{k: v for k, v in row.items() if k not in typed},
            "fixes": {fix["name"]: fix["count"] for fix in row["fixes"]},
            "source_fields": {item["name"]: item["value"] for item in row["source_fields"]}}


