"""Exports: Parquet round-trips every field; Dolma JSONL; a folder datasets loads."""

from __future__ import annotations

import datetime
import json
import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import normalize
from conftest import SEEDS
from normalize import exports
from normalize.archive import MANIFEST
from normalize.cli import main
from normalize.exports import from_parquet_row
from normalize.paths import OutputError
from test_archive import SEPARATORS, separated_archive


def test_parquet_round_trips_every_field(tmp_path: Path, seeds_archive: Path):
    assert main(["export", str(seeds_archive), "--to", "parquet", "-o", str(tmp_path / "a.parquet")]) == 0
    table = pq.read_table(tmp_path / "a.parquet")
    records = list(normalize.read_archive(seeds_archive))
    assert table.num_rows == len(records)
    assert [from_parquet_row(row) for row in table.to_pylist()] == records
    assert str(table.schema.field("blocks").type).startswith("list<element: struct<")
    assert str(table.schema.field("provenance").type).startswith("struct<")


def test_dolma(tmp_path: Path, seeds_archive: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1583798400")
    assert main(["export", str(seeds_archive), "--to", "dolma", "-o", str(tmp_path / "d.jsonl"),
                 "--drop-duplicates"]) == 0
    lines = [json.loads(line) for line in (tmp_path / "d.jsonl").read_text("utf-8").splitlines()]
    assert len(lines) == 12
    first = lines[0]
    for line in lines:  # never a null created: Dolma's schema refuses it
        assert list(line) == ["id", "text", "source", "added"] + (["created"] if "created" in line else []) + ["metadata"]
        assert line.get("created", "x") and line.get("created") == (line["metadata"]["date_published"] or None)
    assert any("created" not in line for line in lines) and any("created" in line for line in lines)
    assert first["added"] == "2020-03-10T00:00:00Z" and first["source"] == "archive"  # the archive folder's name
    assert first["metadata"]["title"] and "text" not in first["metadata"]


def test_hf_folder_loads_with_datasets(tmp_path: Path, seeds_archive: Path):
    import datasets
    from huggingface_hub import DatasetCard

    assert main(["export", str(seeds_archive), "--to", "hf", "-o", str(tmp_path / "ds")]) == 0
    loaded = datasets.load_dataset(str(tmp_path / "ds"), split="train", cache_dir=str(tmp_path / "cache"))
    assert loaded.num_rows == 15
    assert loaded[0]["id"] == next(normalize.read_archive(seeds_archive))["id"]
    card = DatasetCard.load(tmp_path / "ds" / "README.md").data.to_dict()
    assert card["language"] == ["zh"] and card["size_categories"] == ["n<1K"]
    assert "license" not in card  # nothing said it: nothing stated


def test_hf_card_states_the_package_fields(tmp_path: Path, seeds_archive: Path):
    from huggingface_hub import DatasetCard

    config = Path(__file__).parent / "fixtures" / "bag_config" / "library.toml"
    assert main(["export", str(seeds_archive), "--to", "hf", "-o", str(tmp_path / "ds"), "--bag-config", str(config),
                 "--info", "License=cc-by-4.0", "--info", "Title=新闻：2020"]) == 0
    card = DatasetCard.load(tmp_path / "ds" / "README.md")
    assert card.data.license == "cc-by-4.0" and card.data.pretty_name == "新闻：2020"
    assert "Source-Organization: 测试图书馆" in card.text and "External-Identifier: seeds-2020" in card.text
    assert main(["export", str(seeds_archive), "--to", "parquet", "-o", str(tmp_path / "a.parquet"),
                 "--info", "License=x"]) == 2  # a Parquet file has no card to put it in


@pytest.mark.parametrize(("rows", "category"), [(0, "n<1K"), (999, "n<1K"), (1000, "1K<n<10K"),
                                                (2_500_000, "1M<n<10M"), (10**13, "n>1T")])
def test_size_categories(rows: int, category: str):
    assert exports.size_category(rows) == category


def test_datasets_reads_the_dates_typed(tmp_path: Path, dated):
    import datasets

    _, records = dated
    archive = tmp_path / "archive"
    normalize.build([DATED], archive)
    exports.export(archive, "hf", tmp_path / "ds")
    loaded = datasets.load_dataset(str(tmp_path / "ds"), split="train", cache_dir=str(tmp_path / "cache"))
    assert loaded.features["date_published_day"].dtype == "date32"
    assert loaded.features["date_published_utc"].dtype == "timestamp[us, tz=UTC]"
    assert sorted(str(d) for d in loaded["date_published_day"] if d) == sorted(
        r["date_published"][:10] for r in records if r["date_published"])


def test_line_separators_inside_a_record_survive_every_export(tmp_path: Path, seeds_archive: Path):
    out = separated_archive(seeds_archive, tmp_path / "separated")
    records = list(normalize.read_archive(out))
    exports.export(out, "parquet", tmp_path / "a.parquet")
    assert [from_parquet_row(row) for row in pq.read_table(tmp_path / "a.parquet").to_pylist()] == records
    exports.export(out, "dolma", tmp_path / "d.jsonl")
    lines = (tmp_path / "d.jsonl").read_bytes().decode("utf-8").split("\n")[:-1]
    assert len(lines) == len(records)
    assert json.loads(lines[0])["metadata"]["title"] == f"标题{SEPARATORS}续"
    assert json.loads(lines[0])["text"] == records[0]["text"]


@pytest.fixture()
def archive_copy(tmp_path: Path, seeds_archive: Path) -> Path:
    shutil.copytree(seeds_archive, tmp_path / "archive")
    return tmp_path / "archive"


def test_an_export_through_a_hard_link_leaves_the_manifest(tmp_path: Path, archive_copy: Path):
    before = (archive_copy / MANIFEST).read_bytes()
    os.link(archive_copy / MANIFEST, tmp_path / "d.jsonl")
    with pytest.raises(OutputError, match="manifest.json"):
        exports.export(archive_copy, "dolma", tmp_path / "d.jsonl")
    assert (archive_copy / MANIFEST).read_bytes() == before


@pytest.mark.parametrize("to, dest, message", [
    ("parquet", "FOLDER", "is a folder"),
    ("jsonl", "FOLDER", "is a folder"),
    ("dolma", "ARCHIVE/d.jsonl", "inside the archive"),
    ("dolma", "ARCHIVE", "inside the archive"),
    ("dolma", "FILE", "not a folder"),
    ("hf", "ARCHIVE", "inside the archive"),
    ("hf", "ARCHIVE/..", "inside the archive"),  # the folder holding the archive data/: its data/ is the archive
    ("parquet", "ORIGINALS/a.parquet", "inside the originals"),
    ("hf", "FILE", "not a folder"),
])
def test_an_export_never_lands_on_or_in_its_inputs(tmp_path: Path, seeds_archive: Path, to: str, dest: str,
                                                   message: str):
    originals = tmp_path / "originals"
    shutil.copytree(SEEDS, originals)
    out = tmp_path / "data"
    normalize.build([originals], out)
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("")
    path = Path(dest.replace("FOLDER", str(tmp_path / "folder")).replace("ARCHIVE", str(out))
                .replace("ORIGINALS", str(originals)).replace("FILE", str(tmp_path / "file")))
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(OutputError, match=message):
        exports.export(out, to, path)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_an_export_to_a_full_disk_is_an_output_error(seeds_archive: Path):
    with pytest.raises(OutputError, match="/dev/full: No space left"):
        exports.export(seeds_archive, "dolma", "/dev/full")
    assert not Path("/dev/full").is_file()


DATED = Path(__file__).parent / "fixtures" / "exports" / "dates"


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    """Pages whose dates take every shape normalize writes: a day, a minute with an offset,
    a fraction in UTC, a time with no offset, none."""
    folder = tmp_path_factory.mktemp("dated")
    normalize.build([DATED], folder / "archive")
    exports.export(folder / "archive", "parquet", folder / "a.parquet")
    return folder / "a.parquet", list(normalize.read_archive(folder / "archive"))


def test_dates_are_typed_columns_beside_their_text(dated):
    path, records = dated
    table = pq.read_table(path)
    assert str(table.schema.field("date_published_day").type) == "date32[day]"
    assert str(table.schema.field("date_published_local").type) == "timestamp[us]"
    assert str(table.schema.field("date_published_utc").type) == "timestamp[us, tz=UTC]"
    rows = {row["date_published"]: row for row in table.to_pylist()}
    assert set(rows) == {r["date_published"] for r in records}
    day = rows["2020-03-10"]
    assert (day["date_published_day"], day["date_published_local"], day["date_published_utc"],
            day["date_published_precision"]) == (datetime.date(2020, 3, 10), None, None, "day")
    minute = rows["2018-01-15T18:49:00+08:00"]
    assert minute["date_published_precision"] == "minute"  # written 18:49: the seconds are not the source's
    assert minute["date_published_utc"] == datetime.datetime(2018, 1, 15, 10, 49, tzinfo=datetime.timezone.utc)
    assert minute["date_published_local"] == datetime.datetime(2018, 1, 15, 18, 49)
    assert rows["2020-03-10T10:23:45.25Z"]["date_published_precision"] == "subsecond"
    naive = rows["2020-03-10T10:23:45"]
    assert naive["date_published_utc"] is None and naive["date_published_precision"] == "second"
    assert rows[None]["date_published_day"] is None and rows[None]["date_published_precision"] is None
    assert {row["date_modified_precision"] for row in rows.values()} == {"second"}
    assert sorted((from_parquet_row(row) for row in table.to_pylist()), key=lambda r: r["id"]) == \
        sorted(records, key=lambda r: r["id"])


def test_pandas_duckdb_and_polars_read_the_dates_typed(dated):
    import duckdb
    import pandas as pd
    import polars as pl

    path, records = dated
    frame = pd.read_parquet(path)
    assert str(frame["date_published_utc"].dtype).startswith("datetime64[") and "UTC" in str(frame["date_published_utc"].dtype)
    assert frame["date_published_local"].dtype.kind == "M"
    first = duckdb.connect().execute(f"select min(date_published_day), count(date_published_utc) from '{path}'").fetchone()
    assert first == (datetime.date(2018, 1, 15), 2)
    column = pl.read_parquet(path)["date_published_day"]
    assert column.dtype == pl.Date and column.null_count() == 1
    assert pl.read_parquet(path)["date_modified_utc"].dtype == pl.Datetime("us", "UTC")
