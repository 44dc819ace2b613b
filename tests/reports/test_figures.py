"""Figures of an archive, checked against counts made here from its JSONL."""

from __future__ import annotations

import json
from collections import Counter

import normalize
from normalize.reports.figures import UNDATED, gather, grouped_months, month_of, sample_positions


def test_counts_equal_the_archives(seeds_archive):
    records = [json.loads(line) for line in (seeds_archive / "documents.jsonl").read_text("utf-8").splitlines()]
    figures = gather(seeds_archive, sample=4)
    assert figures.records == len(records)
    assert figures.by_format == Counter(r["format"] for r in records)
    assert figures.by_publisher == Counter(r["publisher"] or "(none)" for r in records)
    assert sum(figures.by_month.values()) == len(records)
    assert figures.fixes == sum((Counter(r["fixes"]) for r in records), Counter())
    assert figures.flags == Counter(flag for r in records for flag in r["flags"])
    members = Counter(r[k] for r in records for k in ("duplicate_of", "near_duplicate_of", "contained_in") if r[k])
    assert {first: len(links) for first, links in figures.clusters.items()} == dict(members)
    assert set(figures.titles) >= set(members)  # every cluster's first record has its title fetched
    assert [r["id"] for r in figures.sample] == [records[i]["id"] for i in sorted(sample_positions(len(records), 4))]


def test_rejected_and_skipped_inputs_come_from_the_manifest(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(">>>标题\n正文第一段，内容足够长的一句话。\n", "utf-8")
    (folder / "copy.txt").write_text(">>>标题\n正文第一段，内容足够长的一句话。\n", "utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    normalize.build([folder], tmp_path / "out")
    figures = gather(tmp_path / "out")
    assert [e["path"] for e in figures.rejected] == ["image.png"]
    assert [(e["path"], e["reason"]) for e in figures.skipped] == [("copy.txt", "duplicate_file")]


def test_sample_positions_are_spread_and_bounded():
    assert sample_positions(5, 40) == set(range(5))
    chosen = sample_positions(1000, 40)
    assert len(chosen) == 40 and min(chosen) == 0 and max(chosen) >= 950


def test_months_become_years_when_they_span_too_long_and_gaps_are_filled():
    months = Counter({"1990-01": 2, "1993-12": 1, "1991-06": 4, UNDATED: 3})
    assert grouped_months(months, most=36) == Counter({"1990": 2, "1991": 4, "1992": 0, "1993": 1})
    assert list(grouped_months(months, most=36)) == ["1990", "1991", "1992", "1993"]
    short = grouped_months(Counter({"2020-03": 1, "2019-11": 2}))
    assert list(short.items()) == [("2019-11", 2), ("2019-12", 0), ("2020-01", 0), ("2020-02", 0), ("2020-03", 1)]
    assert grouped_months(Counter({UNDATED: 5})) == Counter()


def test_month_of_reads_only_real_dates():
    assert month_of({"date_published": "2020-03-10"}) == "2020-03"
    assert month_of({"date_published": "2020"}) == UNDATED
    assert month_of({"date_published": None}) == UNDATED


def test_an_outlier_year_does_not_fill_a_millennium():
    grouped = grouped_months(Counter({"1066-10": 1, "2020-01": 3, "2021-05": 2}))
    assert list(grouped.items()) == [("1066", 1), ("2020", 3), ("2021", 2)]
