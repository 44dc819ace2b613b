"""mdexport and exportlines: dates in their written forms, head and footer lines, and what is not an export."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from normalize.sources import exportlines, mdexport

DATES = [
    # (as written, ISO or None, why)
    ("Tue, 03 Mar 2020 10:00:00 +0800", "2020-03-03T10:00:00+08:00", "RFC 2822, offset kept as written"),
    ("3 Mar 2020 10:00 GMT", "2020-03-03T10:00:00+00:00", "RFC 2822 without weekday or seconds"),
    ("Tue, 03 Mar 2020 10:00:00 -0500", "2020-03-03T10:00:00-05:00", "negative offset"),
    ("Tue, 03 Mar 2020 10:00:00 -0000", "2020-03-03T10:00:00", "-0000: no zone known, none invented"),
    ("Mon, 31 Feb 2020 10:00:00 +0800", None, "no such day: not a date_published"),
    ("2020-03-03T10:00:00+08:00", "2020-03-03T10:00:00+08:00", "ISO 8601"),
    ("2020-03-03", "2020-03-03", "ISO date"),
    ("2020年3月3日", "2020-03-03", "Chinese"),
    ("2020年3月3日 星期二 10:05", "2020-03-03T10:05:00", "Chinese with weekday and time"),
    ("March 3, 2020", "2020-03-03", "English"),
]


@pytest.mark.parametrize("written, iso, why", DATES, ids=[d[2] for d in DATES])
def test_dates_as_written(written: str, iso: str | None, why: str) -> None:
    assert exportlines.written_date(written) == (iso, written), why


@pytest.mark.parametrize("text", ["3月3日", "2020年3月3日，晴。", "昨天下午", "2020", "Tuesday"])
def test_what_is_not_a_full_date(text: str) -> None:
    found = exportlines.written_date(text)
    assert found is None or found[0] is None  # a date without a year is date_text, never ISO


HEAD_LINES = [
    # (line, fields read, why)
    ("发布时间：2020-03-03 10:00", {"date_published": "2020-03-03T10:00:00"}, "labelled date"),
    ("**作者：** 张三 | **来源：** 新京报", {"authors": ("张三",), "publisher": "新京报"}, "parts by |"),
    ("Tags: 社区, 防控", {"tags": ("社区", "防控")}, "tag list"),
    ("#RSS #AI", {"tags": ("RSS", "AI")}, "hashtags"),
    ("[阅读原文](https://example.com/a/1)", {"url": "https://example.com/a/1"}, "read-original link"),
    ("[archive.ph](https://archive.ph/abc)", {"archive_urls": ("https://archive.ph/abc",)}, "archived copy"),
    ("[轉載自GNews](https://gnews.org/zh-hant/1/)", {"publisher": "GNews", "url": "https://gnews.org/zh-hant/1/"},
     "reprinted from: the article's link"),
]


@pytest.mark.parametrize("line, fields, why", HEAD_LINES, ids=[h[2] for h in HEAD_LINES])
def test_head_lines(line: str, fields: dict, why: str) -> None:
    read = exportlines.Read()
    assert exportlines.read_line(line, read), why
    assert read.fields == fields, why


@pytest.mark.parametrize("line", [
    "志愿者说，2020年1月25日以后就没有休息过。",  # a date in running text
    "作者在文中写道：这是第一次。",            # a byline-looking body line
    "参考链接：https://example.org/x",          # a reference, not the article's url
    "| 2019 | 2020 | 2021 |",                    # a table row of numbers
])
def test_body_lines_are_not_head_lines(line: str) -> None:
    read = exportlines.Read()
    assert not exportlines.read_line(line, read)
    assert read.fields == {}


def test_a_second_url_is_not_taken() -> None:
    read = exportlines.Read()
    read.fields["url"] = "https://example.com/a/1"
    assert not exportlines.read_line("原文链接：https://example.com/other", read)
    assert read.fields == {"url": "https://example.com/a/1"}


@pytest.mark.parametrize("text", [
    "- [第一篇](https://example.com/1)\n- [第二篇](https://example.com/2)\n",
    "# 人民日报 第01版\n\n## 标题一\n\n正文一段，内容足够长的一句话。\n",
    "---\ntitle: 前言\n---\n\n[链接](https://example.com/x)\n",
    "普通的一段文字，没有链接，也没有标题。\n",
    "# 一个标题\n\n正文一段，内容足够长的一句话，没有日期。\n",
])
def test_not_an_export(text: str) -> None:
    assert mdexport.sniff(text, ".md")[0] < 0.5


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="[]()#*_-:：|`年月日 0123456789ahttps/\n原文链接标签", max_size=300))
def test_never_crashes(text: str) -> None:
    mdexport.sniff(text, ".md")
    assert len(list(mdexport.parse(text))) == 1


def test_a_notice_time_at_the_end_is_not_the_date() -> None:
    text = ("[会议通知](https://example.com/notice/1)\n\n请各单位派员参加本次会议，并提前准备材料。\n\n"
            "时间：2020年3月5日 上午9点\n时间：2020年3月6日 下午2点\n")
    raw = next(mdexport.parse(text))
    assert "date_published" not in raw.meta and "date_text" not in raw.meta
    assert "时间：2020年3月6日 下午2点" in raw.body


def test_a_signing_date_at_the_end_is_not_the_date() -> None:
    raw = next(mdexport.parse("[一封信](https://example.com/letter)\n\n同志们，春天来了。\n\n2020年2月23日\n"))
    assert "date_published" not in raw.meta and "2020年2月23日" in raw.body


def test_a_label_dump_is_not_a_source_link_export() -> None:
    text = "链接：http://paper.people.com.cn/rmrb/html/2021-03/05/a.htm\n标题：坚持人民至上\n\n内容：\n正文一段，内容足够长的一句话。\n"
    assert mdexport.sniff(text, ".txt")[0] == 0.0
