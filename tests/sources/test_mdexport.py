"""mdexport and exportlines: dates in their written forms, head and footer lines, and what is not an export."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from normalize.metadata import dates
from normalize.sources import exportlines, mdexport, newspaper

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
    "---\ntitle: 前言\n---\n\n[链接](https://example.com/x)\n",
    "普通的一段文字，没有链接，也没有标题。\n",
])
def test_not_an_export(text: str) -> None:
    assert mdexport.sniff(text, ".md")[0] < 0.5


def test_a_newspaper_page_is_the_newspapers_and_a_bare_titled_markdown_file_one_article() -> None:
    from normalize.sources import detect
    assert detect("# 人民日报 第01版\n\n## 标题一\n\n正文一段，内容足够长的一句话。\n", ".md").name == "newspaper"
    bare = "# 一个标题\n\n正文一段，内容足够长的一句话，没有日期。\n\n## 一、第一部分\n\n第二段。\n"
    assert detect(bare, ".md").name == "mdexport"
    assert detect(bare, ".txt").name != "newspaper"  # its numbered sections are no articles


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


WRITTEN_DATES = [
    # (as written, ISO, why): the forms feeds, blogs and JavaScript write (dates.written_date)
    ("Tue, 3 Mar 2020 10:00:00 +0800 (CST)", "2020-03-03T10:00:00+08:00", "RFC 2822 with a zone comment"),
    ("2020-03-03 10:00 GMT+8", "2020-03-03T10:00:00+08:00", "GMT+8 kept as +08:00"),
    ("2020-03-03T10:00:00 UTC+05:30", "2020-03-03T10:00:00+05:30", "UTC+05:30"),
    ("Fri Jan 02 2026 23:54:52 GMT+0800 (China Standard Time)", "2026-01-02T23:54:52+08:00", "JS Date string"),
    ("Tue Mar 03 2020 10:00:00 GMT+0800", "2020-03-03T10:00:00+08:00", "JS Date string without the zone name"),
    ("Mon Feb 31 2020 10:00:00 GMT+0800", None, "JS Date string of no real day"),
]


@pytest.mark.parametrize("written, iso, why", WRITTEN_DATES, ids=[d[2] for d in WRITTEN_DATES])
def test_written_dates(written: str, iso: str | None, why: str) -> None:
    assert dates.written_date(written) == (iso, written), why


@pytest.mark.parametrize("line, fields", [
    ("Posted on March 3, 2020 by Jane Doe", {"date_published": "2020-03-03", "authors": ("Jane Doe",)}),
    ("Posted on March 3, 2020", {"date_published": "2020-03-03"}),
    ("Source: https://mp.weixin.qq.com/s/DA30oyXZlWgn3jpmn5GViA", {"url": "https://mp.weixin.qq.com/s/DA30oyXZlWgn3jpmn5GViA"}),
    ("URL Source: https://example.com/a/1", {"url": "https://example.com/a/1"}),
    ("来源：https://example.com/a/1", {"url": "https://example.com/a/1"}),
    ("作者：本报记者 张三", {"authors": ("张三",)}),
])
def test_more_head_lines(line: str, fields: dict) -> None:
    read = exportlines.Read()
    assert exportlines.read_line(line, read)
    assert read.fields == fields


@pytest.mark.parametrize("line", [
    "作者：Sima(正道主义)（英喜）|足球队长（香草山）",  # B would be lost: the line stays in the text
    "作者：本报记者 张三 通讯员 李四",
    "Posted on a rainy day by the river",
])
def test_a_byline_not_read_whole_stays(line: str) -> None:
    read = exportlines.Read()
    assert not exportlines.read_line(line, read) and read.fields == {}
    raw = next(mdexport.parse(f"[标题](https://example.com/a/1)\n\n{line}\n\n正文一段，内容足够长的一句话。\n"))
    assert line in raw.body and "authors" not in raw.meta


def test_a_footer_url_of_its_own_is_kept_and_the_scan_goes_on() -> None:
    raw = next(mdexport.parse("[通告](https://example.com/a/20.html)\n\n2020-03-03\n\n正文一段，内容足够长的一句话。\n\n"
                              "Tags: 疫情, 武汉\n\n[Permalink](https://example.com/p/20)\n"))
    assert raw.meta["url"] == "https://example.com/a/20.html"
    assert raw.meta["source_fields"] == {"Permalink": "https://example.com/p/20"}
    assert raw.meta["tags"] == ("疫情", "武汉") and "Tags" not in raw.body


@pytest.mark.parametrize("text, dated", [
    ("# 通知\n\n时间：2020年3月5日 14:00\n\n[阅读原文](https://example.com/n/1)\n", False),   # weak label under a title
    ("# 通知\n\n2020年3月3日\n\n正文一段，时间：2020年3月5日 14:00 开会。\n\n时间：2020年3月6日\n", False),  # 时间 twice
    ("# 通知\n\n发布时间：2020年3月3日\n\n正文一段，内容足够长的一句话。\n", True),
    ("# 通知\n\n2020年3月3日\n\n正文一段，内容足够长的一句话。\n", True),
])
def test_dates_under_a_bare_title(text: str, dated: bool) -> None:
    raw = next(mdexport.parse(text))
    assert ("date_published" in raw.meta) == dated


def test_newspaper_needs_a_page_title() -> None:
    assert newspaper.sniff("# 实战\n\n正文一段。\n\n# 1.修改密码\n\n正文。\n", ".md")[0] == 0.0
    assert newspaper.sniff("# 标题\n\nSource: https://example.com/a/1\n\n正文。\n\n## 小节\n\n正文。\n", ".md")[0] < 0.5
    assert newspaper.sniff("# 要闻 第3版\n\n上接A02版\n\n## 标题一\n\n正文。\n\n## 标题二\n\n正文。\n", ".md")[0] > 0.8
