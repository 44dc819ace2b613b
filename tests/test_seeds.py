"""The acceptance table of the core issue, on the five seed documents."""

from __future__ import annotations

import re

import pytest

FORMATS = {"000": ("newsdump", 6), "001": ("newspaper", 1), "002": ("plaintext", 3),
           "003": ("jekyll", 1), "004": ("plaintext", 4)}


@pytest.mark.parametrize("seed", sorted(FORMATS))
def test_format_and_record_count(seed_records, seed):
    fmt, count = FORMATS[seed]
    records = seed_records[seed]
    assert len(records) == count
    assert {r["format"] for r in records} == {fmt}


def test_000_titles_are_the_six_title_lines(seed_records):
    from conftest import SEEDS
    source = next(SEEDS.glob("000_*")).read_text("utf-8")
    expected = [line[3:].strip() for line in source.splitlines() if line.startswith(">>>")]
    assert [r["title"] for r in seed_records["000"]] == expected


def test_000_article_5_publisher_and_no_html(seed_records):
    record = seed_records["000"][4]
    assert record["publisher"] == "央广网"
    assert record["date_text"] == "2月15日"
    for residue in ("<font", "_GB2312", "&gt;"):
        assert residue not in record["text"]
    assert record["fixes"].get("html_tags")


def test_001_newspaper_page(seed_records):
    (record,) = seed_records["001"]
    assert "习近平在湖北省考察新冠肺炎疫情防控工作" in record["title"]
    assert record["section"] == "共赴春光 疫战到底"
    assert record["continued_from"] == "A02"
    for joined in ("下沉干部、志愿者", "发挥高水平专家团队", "稳中向好、长期向好"):
        assert joined in record["text"]
    for residue in ("扫码看", "**", "#"):
        assert residue not in record["text"]
    assert "caption" in {b["type"] for b in record["blocks"]}


def test_002_three_articles(seed_records):
    records = seed_records["002"]
    starts = ["严守守牢疫情防控的关键防线", "毫不放松抓紧抓实抓细各项防控工作", "在大考中交出合格答卷"]
    for record, start in zip(records, starts):
        assert record["title"].startswith(start)
    assert records[0]["publisher"] == "新华社"
    assert records[1]["continued_from"] == "1"


def test_003_jekyll_page(seed_records):
    (record,) = seed_records["003"]
    assert record["title"] == "习近平去了武汉！（附视频）"
    assert record["date_published"] == "2020-03-10"
    assert record["date_modified"].startswith("2020-03-11")
    assert len(record["tags"]) == 8
    assert record["url"] == "http://china.caixin.com/2020-03-10/101526295.html"
    assert record["archive_urls"] == ["http://archive.ph/p0ofx"]
    assert "财新网" in record["authors"] or record["publisher"] == "财新网"
    for residue in ("此文限时免费阅读", "更多报道详见", "原文链接", "备份链接", "**", "](", "（完）"):
        assert residue not in record["text"]


def test_004_four_articles(seed_records):
    records = seed_records["004"]
    assert [r["title"] for r in records] == [
        "在统筹推进新冠肺炎疫情防控和经济社会发展工作部署会议上的讲话",
        "习近平总书记在3月18日中共中央政治局常务委员会会议上的重要讲话精神提纲",
        "省委常委会(扩大)会议精神",
        "省政协党组扩大会议暨理论学习中心组学习会精神",
    ]
    assert records[0]["date_published"] == "2020-02-23"
    assert records[0]["authors"] == ["习近平"]
    for record in records:
        assert not any(p.startswith("\u3000") for p in record["text"].split("\n\n"))


def test_chinese_typography_kept(seed_records):
    every = [r for records in seed_records.values() for r in records]
    text = "".join(r["text"] for r in every)
    for mark in "，。“”（）：":
        assert mark in text
    assert "習" not in text and "，" in seed_records["003"][0]["text"]


def test_paragraphs_are_separated_by_one_blank_line(seed_records):
    for records in seed_records.values():
        for record in records:
            assert "\n\n\n" not in record["text"]
            assert not re.search(r"(?<!\n)\n(?!\n)", record["text"])
